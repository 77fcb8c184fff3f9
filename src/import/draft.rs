//! The framework a sheet describes, before it is written as files: the intermediate stage
//! between cells and TOML.
//!
//! [`read`] goes through the rows of every CSV file with the mapping, cleaning each cell,
//! merging the rows of one role, and collecting every problem as a diagnostic at its cell:
//! blank and placeholder cells are skipped with a warning that names the row; a level or
//! grade that means nothing is an error. Then it settles what depends on all rows at once —
//! the grade axis, each role's grade, and unique ids — and returns the [`Draft`].

use std::collections::HashMap;

use super::grades::{self, GradeDef};
use super::ids;
use super::mapping::{Layout, Mapping};
use super::table::{Row, Table, column_letter};
use super::text;
use crate::diagnostic::{Code, Diagnostic, SourceId, Span, did_you_mean};
use crate::load::Sp;

/// A whole framework read from a sheet, with ids, ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// `title` of `trellis.toml`.
    pub title: String,
    /// `description` of `trellis.toml`.
    pub description: Option<String>,
    /// The proficiency scale, lowest first.
    pub scale: Vec<String>,
    /// The grade axis, lowest first.
    pub grades: Vec<DraftGrade>,
    /// Tracks, in the order the sheet first names them.
    pub tracks: Vec<DraftTrack>,
    /// Skill groups.
    pub groups: Vec<DraftGroup>,
    /// Skills.
    pub skills: Vec<DraftSkill>,
    /// Roles.
    pub roles: Vec<DraftRole>,
}

/// One grade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftGrade {
    /// Id, e.g. `L3`.
    pub id: String,
    /// Name, e.g. `Senior`.
    pub name: String,
}

/// One track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftTrack {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Markdown from the track description column.
    pub body: String,
}

/// One skill group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftGroup {
    /// Id (the folder name).
    pub id: String,
    /// Name.
    pub name: String,
}

/// One skill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSkill {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index into [`Draft::groups`].
    pub group: usize,
    /// Markdown from the skill description column.
    pub body: String,
    /// The descriptor of each level of the scale, where the sheet gives one.
    pub levels: Vec<Option<DraftLevel>>,
}

/// What a skill looks like at one level, from a level description cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftLevel {
    /// The cell's prose, as one line.
    pub summary: Option<String>,
    /// The cell's list items.
    pub signals: Vec<String>,
}

/// One role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRole {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Draft::tracks`].
    pub track: usize,
    /// Index into [`Draft::grades`].
    pub grade: usize,
    /// One line.
    pub summary: Option<String>,
    /// Markdown from the role description column.
    pub body: String,
    /// Skill requirements, in the order the sheet gives them.
    pub requirements: Vec<DraftRequirement>,
}

/// A level a role requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRequirement {
    /// Index into [`Draft::skills`].
    pub skill: usize,
    /// 1-based level of the scale.
    pub level: usize,
    /// Statements specific to the role.
    pub expectations: Vec<String>,
}

/// One CSV file, cut into rows.
#[derive(Debug)]
pub struct Sheet {
    /// Its rows.
    pub table: Table,
    /// The path as given on the command line, for messages.
    pub path: String,
    /// Its file name without extension: the track of its rows when nothing else says.
    pub stem: String,
    /// The byte between its cells.
    pub separator: u8,
}

/// Reads every sheet with `mapping`. `None` when any error was found.
pub fn read(
    mapping: &Mapping,
    sheets: &[Sheet],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Draft> {
    let mut reader = Reader {
        mapping,
        diagnostics,
        tracks: Vec::new(),
        groups: Vec::new(),
        skills: Vec::new(),
        skills_by_name: HashMap::new(),
        roles: Vec::new(),
        role_keys: HashMap::new(),
        explicit_grade_column: false,
    };
    for sheet in sheets {
        reader.sheet(sheet);
    }
    reader.finish(sheets)
}

/// A value with the cell it came from.
#[derive(Clone, Debug)]
struct Located {
    text: String,
    source: SourceId,
    span: Span,
    row: usize,
}

/// What a cell holds, cleaned.
#[derive(Clone, Debug)]
enum Value {
    Text(Located),
    Blank(Located),
    Placeholder(Located),
}

impl Value {
    fn text(&self) -> Option<&Located> {
        match self {
            Value::Text(l) => Some(l),
            _ => None,
        }
    }

    fn place(&self) -> &Located {
        match self {
            Value::Text(l) | Value::Blank(l) | Value::Placeholder(l) => l,
        }
    }
}

#[derive(Debug)]
struct TrackEntry {
    name: String,
    body: Option<Located>,
}

#[derive(Debug)]
struct GroupEntry {
    name: String,
}

#[derive(Debug)]
struct SkillEntry {
    name: String,
    group: usize,
    /// True when a group cell named the group (not `[groups]` or the default).
    group_given: bool,
    /// For wide sheets: this is the nth column of its name in a header.
    occurrence: usize,
    body: Option<Located>,
    levels: Vec<Option<Located>>,
}

#[derive(Debug)]
struct RoleEntry {
    title: String,
    track: usize,
    at: Located,
    grade: Option<Located>,
    /// The first blank grade cell of the role, for a warning if no row gives the grade.
    grade_blank: Option<(Located, String)>,
    summary: Option<Located>,
    body: Option<Located>,
    requirements: Vec<RequirementEntry>,
}

#[derive(Debug)]
struct RequirementEntry {
    skill: usize,
    level: usize,
    expectations: Vec<String>,
    at: Located,
}

/// The columns of one sheet the mapping names, as indices.
#[derive(Default)]
struct Columns {
    track: Option<usize>,
    track_description: Option<usize>,
    role: Option<usize>,
    role_summary: Option<usize>,
    role_description: Option<usize>,
    grade: Option<usize>,
    group: Option<usize>,
    skill: Option<usize>,
    skill_description: Option<usize>,
    level: Option<usize>,
    level_description: Option<usize>,
    expectations: Option<usize>,
    /// Wide: the skill columns, each with the skill it is.
    skills: Vec<(usize, usize)>,
    /// Columns whose blank cells take the value above.
    fill_down: Vec<usize>,
}

impl Columns {
    /// The index of the column named by `key` of `[columns]`.
    fn slot(&mut self, key: &str) -> Option<&mut Option<usize>> {
        Some(match key {
            "track" => &mut self.track,
            "track_description" => &mut self.track_description,
            "role" => &mut self.role,
            "role_summary" => &mut self.role_summary,
            "role_description" => &mut self.role_description,
            "grade" => &mut self.grade,
            "group" => &mut self.group,
            "skill" => &mut self.skill,
            "skill_description" => &mut self.skill_description,
            "level" => &mut self.level,
            "level_description" => &mut self.level_description,
            "expectations" => &mut self.expectations,
            _ => return None,
        })
    }
}

/// One sheet being read: its header and the last value of each filled-down column.
struct Cursor<'s> {
    sheet: &'s Sheet,
    headers: Vec<String>,
    /// The columns whose blank cells take the value above.
    fill: Vec<usize>,
    above: HashMap<usize, Located>,
}

struct Reader<'a> {
    mapping: &'a Mapping,
    diagnostics: &'a mut Vec<Diagnostic>,
    tracks: Vec<TrackEntry>,
    groups: Vec<GroupEntry>,
    skills: Vec<SkillEntry>,
    /// Folded skill name → the skills of that name.
    skills_by_name: HashMap<String, Vec<usize>>,
    roles: Vec<RoleEntry>,
    /// Long layout: (track, folded title) → role.
    role_keys: HashMap<(usize, String), usize>,
    /// True when some sheet has the grade column.
    explicit_grade_column: bool,
}

/// How a level cell reads.
#[derive(Debug, PartialEq, Eq)]
enum LevelCell {
    Level(usize),
    NotRequired,
    OutOfRange(i64),
    Unknown,
}

fn parse_level(cell: &str, scale: &[String]) -> LevelCell {
    let trimmed = cell.trim();
    // Spreadsheets export `3` as `3.0` or, in some locales, `3,0`.
    let whole = trimmed
        .split_once(['.', ','])
        .filter(|(_, fraction)| !fraction.is_empty() && fraction.bytes().all(|b| b == b'0'))
        .map_or(trimmed, |(whole, _)| whole);
    if let Ok(n) = whole.parse::<i64>() {
        return match n {
            0 => LevelCell::NotRequired,
            n if n >= 1 && (n as usize) <= scale.len() => LevelCell::Level(n as usize),
            n => LevelCell::OutOfRange(n),
        };
    }
    let folded = text::fold(cell);
    scale
        .iter()
        .position(|name| name.to_lowercase() == folded)
        .map_or(LevelCell::Unknown, |i| LevelCell::Level(i + 1))
}

/// Sets `slot` to `value` unless it holds something else already, in which case the first is
/// kept and a warning says so.
fn set_once(slot: &mut Option<Located>, value: Located, what: &str) -> Option<Diagnostic> {
    match slot {
        None => {
            *slot = Some(value);
            None
        }
        Some(first) if first.text == value.text => None,
        Some(first) => Some(
            Diagnostic::warning(
                Code::ConflictingCells,
                format!(
                    "row {}: {what} differs from the one on row {}; the first is kept",
                    value.row, first.row
                ),
            )
            .at(value.source, value.span.clone())
            .with_label("differs from the first")
            .with_related(first.source, first.span.clone(), "first given here")
            .with_help(Some(
                "make the cells agree, or leave all but one of them blank".to_owned(),
            )),
        ),
    }
}

/// `Engineering_ladder` → `Engineering ladder`.
fn name_from_stem(stem: &str) -> String {
    let spaced = text::line(&stem.replace(['-', '_'], " "));
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Track".to_owned(),
    }
}

impl Reader<'_> {
    fn push(&mut self, diagnostic: Option<Diagnostic>) {
        if let Some(d) = diagnostic {
            self.diagnostics.push(d);
        }
    }

    /// `row 5, column D (`Skill`)`.
    fn place(cursor: &Cursor<'_>, row: usize, column: usize) -> String {
        match cursor.headers.get(column).filter(|h| !h.is_empty()) {
            Some(header) => format!("row {row}, column {} (`{header}`)", column_letter(column)),
            None => format!("row {row}, column {}", column_letter(column)),
        }
    }

    /// The cleaned value of a cell; `block` keeps line breaks (descriptions).
    fn value(&self, cursor: &mut Cursor<'_>, row: &Row, column: usize, block: bool) -> Value {
        let source = cursor.sheet.table.source;
        let (raw, span) = match row.cell(column) {
            Some(cell) => (cell.raw.as_str(), cell.span.clone()),
            // A short row: point at its end.
            None => {
                let end = row.cells.last().map_or(row.start, |c| c.span.end);
                ("", end..end)
            }
        };
        let cleaned = if block {
            text::block(raw)
        } else {
            text::line(raw)
        };
        let located = Located {
            text: cleaned,
            source,
            span,
            row: row.number,
        };
        if located.text.is_empty() {
            if cursor.fill_down_has(column)
                && let Some(above) = cursor.above.get(&column)
            {
                return Value::Text(above.clone());
            }
            return Value::Blank(located);
        }
        if self
            .mapping
            .placeholders
            .contains(&text::fold(&located.text))
        {
            return Value::Placeholder(located);
        }
        if cursor.fill_down_has(column) {
            cursor.above.insert(column, located.clone());
        }
        Value::Text(located)
    }

    /// Warns that a blank or placeholder cell was skipped, and what that means.
    fn skipped(&mut self, cursor: &Cursor<'_>, column: usize, value: &Value, consequence: &str) {
        let (what, at) = match value {
            Value::Text(_) => return,
            Value::Blank(_) if !self.mapping.warn_blank => return,
            Value::Blank(at) => ("is blank".to_owned(), at),
            Value::Placeholder(at) => (format!("holds the placeholder `{}`", at.text), at),
        };
        let place = Self::place(cursor, at.row, column);
        self.diagnostics.push(
            Diagnostic::warning(Code::SkippedCell, format!("{place} {what}; {consequence}"))
                .at(at.source, at.span.clone())
                .with_label("skipped")
                .with_help(Some(
                    "fill the cell in the spreadsheet and export it again, or set `blank_cells = \"ignore\"` in the mapping to leave blank cells unreported".to_owned(),
                )),
        );
    }

    fn sheet(&mut self, sheet: &Sheet) {
        let Some(header) = sheet.table.rows.first() else {
            self.diagnostics.push(
                Diagnostic::error(Code::EmptyFile, format!("`{}` has no rows", sheet.path))
                    .at(sheet.table.source, 0..0)
                    .with_help(Some(
                        "export the sheet again; the first row must be the header".to_owned(),
                    )),
            );
            return;
        };
        let headers: Vec<String> = header.cells.iter().map(|c| text::line(&c.raw)).collect();
        let mut cursor = Cursor {
            sheet,
            headers,
            fill: Vec::new(),
            above: HashMap::new(),
        };
        let Some(columns) = self.columns(&cursor, header) else {
            return;
        };
        if columns.grade.is_some() {
            self.explicit_grade_column = true;
        }
        cursor.fill = columns.fill_down.clone();
        for row in &sheet.table.rows[1..] {
            if row.cells.iter().all(|c| text::line(&c.raw).is_empty()) {
                continue;
            }
            self.extra_cells(&cursor, row);
            match self.mapping.layout {
                Layout::Long => self.long_row(&mut cursor, &columns, row),
                Layout::Wide => self.wide_row(&mut cursor, &columns, row),
            }
        }
    }

    /// Cells past the header are usually a separator inside an unquoted cell that shifted the
    /// row; they are skipped, with a warning.
    fn extra_cells(&mut self, cursor: &Cursor<'_>, row: &Row) {
        let width = cursor.headers.len();
        let extra: Vec<_> = row
            .cells
            .iter()
            .skip(width)
            .filter(|c| !text::line(&c.raw).is_empty())
            .collect();
        if let Some(first) = extra.first() {
            let separator = match cursor.sheet.separator {
                b';' => "`;`",
                b'\t' => "tab",
                _ => "`,`",
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::SkippedCell,
                    format!(
                        "row {} has {} cells but the header has {width}; the cells after column {} are skipped",
                        row.number,
                        row.cells.len(),
                        column_letter(width.saturating_sub(1))
                    ),
                )
                .at(cursor.sheet.table.source, first.span.clone())
                .with_label("past the last column")
                .with_help(Some(format!(
                    "a cell that holds the separator ({separator}) must be in double quotes; look for one in this row"
                ))),
            );
        }
    }

    /// Finds the columns the mapping names in this sheet's header.
    fn columns(&mut self, cursor: &Cursor<'_>, header: &Row) -> Option<Columns> {
        let mapping = self.mapping;
        let mut columns = Columns::default();
        let mut ok = true;
        let mut used: Vec<usize> = Vec::new();
        for (key, name) in mapping.columns.named() {
            let Some(index) = self.find_column(cursor, header, name) else {
                ok = false;
                continue;
            };
            used.push(index);
            let Some(slot) = columns.slot(key) else {
                continue;
            };
            *slot = Some(index);
        }
        for key in &mapping.fill_down {
            let index = columns.slot(&key.value).and_then(|slot| *slot);
            columns.fill_down.extend(index);
        }
        if mapping.layout == Layout::Wide {
            let mut ignored = Vec::new();
            // An ignored column may be in some files only (notes on one track's sheet), so
            // one that is absent is no problem.
            for name in &mapping.columns.ignore {
                let wanted = text::fold(&name.value);
                ignored.extend(
                    (0..cursor.headers.len())
                        .filter(|&i| cursor.headers[i].to_lowercase() == wanted),
                );
            }
            let skill_columns: Vec<usize> = match &mapping.columns.skills {
                Some(names) => names
                    .iter()
                    .filter_map(|name| {
                        let found = self.find_column(cursor, header, name);
                        ok &= found.is_some();
                        found
                    })
                    .collect(),
                None => (0..cursor.headers.len())
                    .filter(|i| !used.contains(i) && !ignored.contains(i))
                    .collect(),
            };
            let mut seen: HashMap<String, usize> = HashMap::new();
            for column in skill_columns {
                let name = cursor.headers[column].clone();
                if name.is_empty() {
                    self.headerless_column(cursor, column);
                    continue;
                }
                let occurrence = seen.entry(name.to_lowercase()).or_insert(0);
                if *occurrence > 0 {
                    let cell = &header.cells[column];
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::DuplicateEntry,
                            format!("two columns of the header are called `{name}`"),
                        )
                        .at(cursor.sheet.table.source, cell.span.clone())
                        .with_label("the same name again")
                        .with_help(Some(
                            "they are imported as two skills with different ids; rename one of the columns if they are different skills, or merge them".to_owned(),
                        )),
                    );
                }
                let skill = self.wide_skill(&name, *occurrence);
                *occurrence += 1;
                columns.skills.push((column, skill));
            }
        }
        ok.then_some(columns)
    }

    /// A column with data but no header in a wide sheet cannot be a skill.
    fn headerless_column(&mut self, cursor: &Cursor<'_>, column: usize) {
        let first = cursor.sheet.table.rows[1..]
            .iter()
            .filter_map(|r| r.cell(column))
            .find(|c| !text::line(&c.raw).is_empty());
        if let Some(cell) = first {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::SkippedCell,
                    format!(
                        "column {} has no header, so it names no skill; its cells are skipped",
                        column_letter(column)
                    ),
                )
                .at(cursor.sheet.table.source, cell.span.clone())
                .with_label("a cell of the column")
                .with_help(Some(
                    "give the column the skill's name in the header row, or list it in `ignore`"
                        .to_owned(),
                )),
            );
        }
    }

    /// The index of the header cell called `name` (ignoring case and spacing), reporting a
    /// missing or repeated column.
    fn find_column(
        &mut self,
        cursor: &Cursor<'_>,
        header: &Row,
        name: &Sp<String>,
    ) -> Option<usize> {
        let wanted = text::fold(&name.value);
        let found: Vec<usize> = cursor
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.to_lowercase() == wanted)
            .map(|(i, _)| i)
            .collect();
        let source = cursor.sheet.table.source;
        let header_span =
            header.anchor().start..header.cells.last().map_or(header.start, |c| c.span.end);
        match found.as_slice() {
            [] => {
                let headers = cursor.headers.iter().filter(|h| !h.is_empty());
                let help = did_you_mean(&name.value, headers.clone().map(String::as_str))
                    .unwrap_or_else(|| {
                        format!(
                            "the header has: {}",
                            headers
                                .map(|h| format!("`{h}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownColumn,
                        format!(
                            "`{}` has no column `{}`",
                            cursor.sheet.path,
                            text::line(&name.value)
                        ),
                    )
                    .at(self.mapping.source, name.span.clone())
                    .with_label("not in the header")
                    .with_related(source, header_span, "the header row")
                    .with_help(Some(help)),
                );
                None
            }
            [one] => Some(*one),
            [first, second, ..] => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateEntry,
                        format!(
                            "two columns of `{}` are called `{}`",
                            cursor.sheet.path, cursor.headers[*first]
                        ),
                    )
                    .at(source, header.cells[*second].span.clone())
                    .with_label("the same name again")
                    .with_related(source, header.cells[*first].span.clone(), "first here")
                    .with_help(Some(
                        "rename one of the columns in the sheet so the mapping can tell them apart"
                            .to_owned(),
                    )),
                );
                None
            }
        }
    }

    fn track(&mut self, name: &str) -> usize {
        let folded = name.to_lowercase();
        if let Some(i) = self
            .tracks
            .iter()
            .position(|t| t.name.to_lowercase() == folded)
        {
            return i;
        }
        self.tracks.push(TrackEntry {
            name: name.to_owned(),
            body: None,
        });
        self.tracks.len() - 1
    }

    fn group(&mut self, name: &str) -> usize {
        let folded = name.to_lowercase();
        if let Some(i) = self
            .groups
            .iter()
            .position(|g| g.name.to_lowercase() == folded)
        {
            return i;
        }
        self.groups.push(GroupEntry {
            name: name.to_owned(),
        });
        self.groups.len() - 1
    }

    /// The group `[groups]` puts a skill in, or the default group.
    fn mapped_group(&mut self, skill: &str) -> usize {
        let folded = skill.to_lowercase();
        let name = self
            .mapping
            .groups
            .iter()
            .find(|g| g.skills.iter().any(|s| text::fold(&s.value) == folded))
            .map(|g| text::line(&g.name.value))
            .filter(|g| !g.is_empty())
            .unwrap_or_else(|| self.mapping.default_group.clone());
        self.group(&name)
    }

    fn new_skill(
        &mut self,
        name: &str,
        group: usize,
        group_given: bool,
        occurrence: usize,
    ) -> usize {
        self.skills.push(SkillEntry {
            name: name.to_owned(),
            group,
            group_given,
            occurrence,
            body: None,
            levels: vec![None; self.mapping.scale.len()],
        });
        let index = self.skills.len() - 1;
        self.skills_by_name
            .entry(name.to_lowercase())
            .or_default()
            .push(index);
        index
    }

    /// The skills named `name`, ignoring case.
    fn skills_named(&self, name: &str) -> Vec<usize> {
        self.skills_by_name
            .get(&name.to_lowercase())
            .cloned()
            .unwrap_or_default()
    }

    /// A skill of a long sheet. Two skills may share a name in different groups; a row that
    /// names no group means the skill of that name already read, if any.
    fn long_skill(&mut self, name: &str, group: Option<&str>) -> usize {
        let same_name = self.skills_named(name);
        match group {
            None => match same_name.first() {
                Some(&i) => i,
                None => {
                    let g = self.mapped_group(name);
                    self.new_skill(name, g, false, 0)
                }
            },
            Some(group_name) => {
                let g = self.group(group_name);
                if let Some(&i) = same_name.iter().find(|&&i| self.skills[i].group == g) {
                    return i;
                }
                // A skill first read without a group takes the first group a row gives it.
                if let Some(&i) = same_name.iter().find(|&&i| !self.skills[i].group_given) {
                    self.skills[i].group = g;
                    self.skills[i].group_given = true;
                    return i;
                }
                self.new_skill(name, g, true, 0)
            }
        }
    }

    /// The skill of a wide sheet's column: the `occurrence`th column of that name.
    fn wide_skill(&mut self, name: &str, occurrence: usize) -> usize {
        if let Some(i) = self
            .skills_named(name)
            .into_iter()
            .find(|&i| self.skills[i].occurrence == occurrence)
        {
            return i;
        }
        let g = self.mapped_group(name);
        self.new_skill(name, g, false, occurrence)
    }

    /// The track of a row: its cell, or the mapping's or file's track. `None` (after a
    /// warning) when the cell is blank or a placeholder.
    fn row_track(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
    ) -> Option<usize> {
        let name = match columns.track {
            Some(c) => {
                let value = self.value(cursor, row, c, false);
                match value.text() {
                    Some(t) => t.text.clone(),
                    None => {
                        self.skipped(cursor, c, &value, "the row is skipped");
                        return None;
                    }
                }
            }
            None => self
                .mapping
                .track
                .clone()
                .unwrap_or_else(|| name_from_stem(&cursor.sheet.stem)),
        };
        let track = self.track(&name);
        if let Some(c) = columns.track_description {
            let value = self.value(cursor, row, c, true);
            match value.text() {
                Some(t) => {
                    let d = set_once(
                        &mut self.tracks[track].body,
                        t.clone(),
                        "the track's description",
                    );
                    self.push(d);
                }
                None => self.optional_skipped(cursor, c, &value),
            }
        }
        Some(track)
    }

    /// A placeholder in an optional column is worth a warning; a blank one is not.
    fn optional_skipped(&mut self, cursor: &Cursor<'_>, column: usize, value: &Value) {
        if matches!(value, Value::Placeholder(_)) {
            self.skipped(cursor, column, value, "it is left out");
        }
    }

    /// The grade, summary and description cells of a role's row.
    fn role_cells(&mut self, cursor: &mut Cursor<'_>, columns: &Columns, row: &Row, role: usize) {
        if let Some(c) = columns.grade {
            let value = self.value(cursor, row, c, false);
            match &value {
                Value::Text(t) => {
                    let title = self.roles[role].title.clone();
                    let d = set_once(
                        &mut self.roles[role].grade,
                        t.clone(),
                        &format!("the grade of `{title}`"),
                    );
                    self.push(d);
                }
                Value::Placeholder(_) => {
                    self.skipped(cursor, c, &value, "the grade is taken from the title");
                }
                Value::Blank(at) => {
                    if self.roles[role].grade_blank.is_none() {
                        let place = Self::place(cursor, at.row, c);
                        self.roles[role].grade_blank = Some((at.clone(), place));
                    }
                }
            }
        }
        if let Some(c) = columns.role_summary {
            let value = self.value(cursor, row, c, false);
            match value.text() {
                Some(t) => {
                    let d = set_once(
                        &mut self.roles[role].summary,
                        t.clone(),
                        "the role's summary",
                    );
                    self.push(d);
                }
                None => self.optional_skipped(cursor, c, &value),
            }
        }
        if let Some(c) = columns.role_description {
            let value = self.value(cursor, row, c, true);
            match value.text() {
                Some(t) => {
                    let d = set_once(
                        &mut self.roles[role].body,
                        t.clone(),
                        "the role's description",
                    );
                    self.push(d);
                }
                None => self.optional_skipped(cursor, c, &value),
            }
        }
    }

    fn new_role(&mut self, track: usize, at: &Located) -> usize {
        self.roles.push(RoleEntry {
            title: at.text.clone(),
            track,
            at: at.clone(),
            grade: None,
            grade_blank: None,
            summary: None,
            body: None,
            requirements: Vec::new(),
        });
        self.roles.len() - 1
    }

    /// Reads a level cell; `None` when it names no level (reported), or is `0`.
    fn level(&mut self, cursor: &Cursor<'_>, column: usize, at: &Located) -> Option<usize> {
        let scale = &self.mapping.scale;
        let place = Self::place(cursor, at.row, column);
        let names = scale
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} `{n}`", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        match parse_level(&at.text, scale) {
            LevelCell::Level(n) => Some(n),
            LevelCell::NotRequired => None,
            LevelCell::OutOfRange(n) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::LevelOutOfRange,
                        format!("{place}: level {n} is not on the scale of {} levels", scale.len()),
                    )
                    .at(at.source, at.span.clone())
                    .with_label("not a level of the scale")
                    .with_help(Some(format!(
                        "use a level from 1 to {} ({names}), or `0` when the role does not need the skill; a longer scale goes in the mapping's `[scale]`",
                        scale.len()
                    ))),
                );
                None
            }
            LevelCell::Unknown => {
                let help = did_you_mean(&at.text, scale.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the levels are {names}; `0` means not required"));
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownLevel,
                        format!("{place}: `{}` is not a level of the scale", at.text),
                    )
                    .at(at.source, at.span.clone())
                    .with_label("not a level number or name")
                    .with_help(Some(help)),
                );
                None
            }
        }
    }

    /// Adds a requirement to a role; the same skill twice with another level keeps the first.
    fn require(&mut self, role: usize, requirement: RequirementEntry) {
        let existing = self.roles[role]
            .requirements
            .iter_mut()
            .find(|r| r.skill == requirement.skill);
        let Some(existing) = existing else {
            self.roles[role].requirements.push(requirement);
            return;
        };
        if existing.level == requirement.level {
            for e in requirement.expectations {
                if !existing.expectations.contains(&e) {
                    existing.expectations.push(e);
                }
            }
            return;
        }
        let first = existing.at.clone();
        let first_level = existing.level;
        let title = self.roles[role].title.clone();
        let skill = self.skills[requirement.skill].name.clone();
        let at = requirement.at;
        self.diagnostics.push(
            Diagnostic::warning(
                Code::ConflictingCells,
                format!(
                    "row {}: `{title}` is given level {} of `{skill}` here and level {} on row {}; the first is kept",
                    at.row, requirement.level, first_level, first.row
                ),
            )
            .at(at.source, at.span.clone())
            .with_label("differs from the first")
            .with_related(first.source, first.span.clone(), "first given here")
            .with_help(Some("keep one row per role and skill".to_owned())),
        );
    }

    fn long_row(&mut self, cursor: &mut Cursor<'_>, columns: &Columns, row: &Row) {
        let (Some(role_col), Some(skill_col), Some(level_col)) =
            (columns.role, columns.skill, columns.level)
        else {
            return;
        };
        let role_value = self.value(cursor, row, role_col, false);
        let Some(title) = role_value.text().cloned() else {
            if matches!(role_value, Value::Blank(_)) && self.descriptor_row(cursor, columns, row) {
                return;
            }
            self.skipped(cursor, role_col, &role_value, "the row is skipped");
            return;
        };
        let Some(track) = self.row_track(cursor, columns, row) else {
            return;
        };
        let key = (track, title.text.to_lowercase());
        let role = match self.role_keys.get(&key) {
            Some(&r) => r,
            None => {
                let r = self.new_role(track, &title);
                self.role_keys.insert(key, r);
                r
            }
        };
        self.role_cells(cursor, columns, row, role);
        let skill_value = self.value(cursor, row, skill_col, false);
        let Some(skill_name) = skill_value.text().cloned() else {
            self.skipped(
                cursor,
                skill_col,
                &skill_value,
                "the row's skill requirement is skipped",
            );
            return;
        };
        let skill = self.row_skill(cursor, columns, row, &skill_name.text);
        let level_value = self.value(cursor, row, level_col, false);
        let level = match level_value.text().cloned() {
            Some(at) => self.level(cursor, level_col, &at).map(|l| (l, at)),
            None => {
                self.skipped(
                    cursor,
                    level_col,
                    &level_value,
                    "the row's skill requirement is skipped",
                );
                None
            }
        };
        if let Some((level, _)) = &level {
            self.level_description(cursor, columns, row, skill, *level);
        }
        let expectations = match columns.expectations {
            Some(c) => {
                let value = self.value(cursor, row, c, true);
                match value.text() {
                    Some(t) => text::statements(&t.text),
                    None => {
                        self.optional_skipped(cursor, c, &value);
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        if let Some((level, at)) = level {
            self.require(
                role,
                RequirementEntry {
                    skill,
                    level,
                    expectations,
                    at,
                },
            );
        }
    }

    /// The skill a long row names, with its group and description cells.
    fn row_skill(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
        name: &str,
    ) -> usize {
        let group = match columns.group {
            Some(c) => {
                let value = self.value(cursor, row, c, false);
                if matches!(value, Value::Placeholder(_)) {
                    self.skipped(
                        cursor,
                        c,
                        &value,
                        "the skill keeps its group from other rows or the default group",
                    );
                }
                value.text().map(|t| t.text.clone())
            }
            None => None,
        };
        let skill = self.long_skill(name, group.as_deref());
        if let Some(c) = columns.skill_description {
            let value = self.value(cursor, row, c, true);
            match value.text() {
                Some(t) => {
                    let d = set_once(
                        &mut self.skills[skill].body,
                        t.clone(),
                        "the skill's description",
                    );
                    self.push(d);
                }
                None => self.optional_skipped(cursor, c, &value),
            }
        }
        skill
    }

    fn level_description(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
        skill: usize,
        level: usize,
    ) {
        let Some(c) = columns.level_description else {
            return;
        };
        let value = self.value(cursor, row, c, true);
        match value.text() {
            Some(t) => {
                let name = &self.mapping.scale[level - 1];
                let what = format!(
                    "the description of `{}` at `{name}`",
                    self.skills[skill].name
                );
                let d = set_once(&mut self.skills[skill].levels[level - 1], t.clone(), &what);
                self.push(d);
            }
            None => self.optional_skipped(cursor, c, &value),
        }
    }

    /// A long row with no role but a skill, a level and a level description describes the
    /// level only. Returns false when the row is not one.
    fn descriptor_row(&mut self, cursor: &mut Cursor<'_>, columns: &Columns, row: &Row) -> bool {
        let (Some(skill_col), Some(level_col), Some(description_col)) =
            (columns.skill, columns.level, columns.level_description)
        else {
            return false;
        };
        let skill = self.value(cursor, row, skill_col, false);
        let level = self.value(cursor, row, level_col, false);
        let description = self.value(cursor, row, description_col, true);
        let (Some(skill), Some(level), Some(_)) = (skill.text(), level.text(), description.text())
        else {
            return false;
        };
        let skill = self.row_skill(cursor, columns, row, &skill.text.clone());
        if let Some(level) = self.level(cursor, level_col, &level.clone()) {
            self.level_description(cursor, columns, row, skill, level);
        }
        true
    }

    fn wide_row(&mut self, cursor: &mut Cursor<'_>, columns: &Columns, row: &Row) {
        let Some(role_col) = columns.role else {
            return;
        };
        let role_value = self.value(cursor, row, role_col, false);
        let Some(title) = role_value.text().cloned() else {
            self.skipped(cursor, role_col, &role_value, "the row is skipped");
            return;
        };
        let Some(track) = self.row_track(cursor, columns, row) else {
            return;
        };
        let key = (track, title.text.to_lowercase());
        if let Some(&first) = self.role_keys.get(&key) {
            let first = self.roles[first].at.clone();
            let track_name = self.tracks[track].name.clone();
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::DuplicateEntry,
                    format!(
                        "row {}: track `{track_name}` has a role `{}` already, on row {}",
                        title.row, title.text, first.row
                    ),
                )
                .at(title.source, title.span.clone())
                .with_label("the same title again")
                .with_related(first.source, first.span.clone(), "first here")
                .with_help(Some(
                    "both are imported, with different ids; give them different titles if they are different roles, or delete one row".to_owned(),
                )),
            );
        }
        let role = self.new_role(track, &title);
        self.role_keys.entry(key).or_insert(role);
        self.role_cells(cursor, columns, row, role);
        let mut skipped: Vec<(usize, Value)> = Vec::new();
        for &(column, skill) in &columns.skills {
            let value = self.value(cursor, row, column, false);
            match value.text().cloned() {
                Some(at) => {
                    if let Some(level) = self.level(cursor, column, &at) {
                        self.require(
                            role,
                            RequirementEntry {
                                skill,
                                level,
                                expectations: Vec::new(),
                                at,
                            },
                        );
                    }
                }
                None => {
                    if matches!(value, Value::Placeholder(_)) || self.mapping.warn_blank {
                        skipped.push((column, value));
                    }
                }
            }
        }
        self.skipped_skill_cells(cursor, &title, skipped);
    }

    /// One warning for all the skill cells of a wide row that were skipped.
    fn skipped_skill_cells(
        &mut self,
        cursor: &Cursor<'_>,
        title: &Located,
        skipped: Vec<(usize, Value)>,
    ) {
        let Some((_, first)) = skipped.first() else {
            return;
        };
        let at = first.place().clone();
        let cells = skipped
            .iter()
            .map(|(column, value)| {
                let header = &cursor.headers[*column];
                match value {
                    Value::Placeholder(p) => format!("`{header}` (`{}`)", p.text),
                    _ => format!("`{header}` (blank)"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let count = skipped.len();
        let noun = if count == 1 { "cell" } else { "cells" };
        self.diagnostics.push(
            Diagnostic::warning(
                Code::SkippedCell,
                format!(
                    "row {}: {count} skill {noun} of `{}` skipped: {cells}",
                    title.row, title.text
                ),
            )
            .at(at.source, at.span)
            .with_label("the first skipped cell")
            .with_help(Some(
                "write `0` where the role does not need the skill; or set `blank_cells = \"ignore\"` in the mapping to leave blank cells unreported".to_owned(),
            )),
        );
    }

    /// Settles the grade axis, each role's grade and every id.
    fn finish(mut self, sheets: &[Sheet]) -> Option<Draft> {
        self.check_groups();
        if self.roles.is_empty() && !self.diagnostics.iter().any(Diagnostic::is_error) {
            let mut d = Diagnostic::error(Code::EmptyFile, "no role was read from the CSV files")
                .with_help(Some(
                    "check that the mapping's `role` column is the one holding the titles, and that the rows below the header are filled".to_owned(),
                ));
            if let Some(sheet) = sheets.first() {
                d = d.in_file(sheet.table.source);
            }
            self.diagnostics.push(d);
        }
        let (axis, builtin) = self.axis();
        let grades: Vec<Option<usize>> = (0..self.roles.len())
            .map(|r| self.role_grade(&axis, r))
            .collect();
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let grades: Vec<usize> = grades.into_iter().map(|g| g.expect("no error")).collect();
        // The built-in axis keeps only the grades that roles have, so the site's map shows
        // no empty columns; an axis the mapping gives is the owner's and is kept whole.
        let kept: Vec<usize> = (0..axis.len())
            .filter(|g| !builtin || grades.contains(g))
            .collect();
        let draft_grades: Vec<DraftGrade> = kept
            .iter()
            .map(|&g| DraftGrade {
                id: axis[g].id.clone(),
                name: axis[g].name.clone(),
            })
            .collect();
        let track_ids = ids::unique(
            &self
                .tracks
                .iter()
                .map(|t| (ids::slug(&t.name, "track"), Vec::new()))
                .collect::<Vec<_>>(),
        );
        // A group can lose its only skill to a later row that names the skill's group.
        let used_groups: Vec<usize> = (0..self.groups.len())
            .filter(|g| self.skills.iter().any(|s| s.group == *g))
            .collect();
        let group_ids = ids::unique(
            &used_groups
                .iter()
                .map(|&g| (ids::slug(&self.groups[g].name, "group"), Vec::new()))
                .collect::<Vec<_>>(),
        );
        let group_index = |g: usize| used_groups.iter().position(|&u| u == g).expect("used");
        let skill_ids = ids::unique(
            &self
                .skills
                .iter()
                .map(|s| {
                    (
                        ids::slug(&s.name, "skill"),
                        vec![group_ids[group_index(s.group)].clone()],
                    )
                })
                .collect::<Vec<_>>(),
        );
        let role_ids = ids::unique(
            &self
                .roles
                .iter()
                .zip(&grades)
                .map(|(r, &g)| {
                    (
                        ids::slug(&r.title, "role"),
                        vec![track_ids[r.track].clone(), ids::slug(&axis[g].id, "grade")],
                    )
                })
                .collect::<Vec<_>>(),
        );
        let text_of = |l: &Option<Located>| l.as_ref().map(|l| l.text.clone());
        Some(Draft {
            title: self.mapping.title.clone(),
            description: self.mapping.description.clone(),
            scale: self.mapping.scale.clone(),
            grades: draft_grades,
            tracks: self
                .tracks
                .iter()
                .zip(track_ids)
                .map(|(t, id)| DraftTrack {
                    id,
                    name: t.name.clone(),
                    body: text_of(&t.body).unwrap_or_default(),
                })
                .collect(),
            groups: used_groups
                .iter()
                .zip(group_ids)
                .map(|(&g, id)| DraftGroup {
                    id,
                    name: self.groups[g].name.clone(),
                })
                .collect(),
            skills: self
                .skills
                .iter()
                .zip(skill_ids)
                .map(|(s, id)| DraftSkill {
                    id,
                    name: s.name.clone(),
                    group: group_index(s.group),
                    body: text_of(&s.body).unwrap_or_default(),
                    levels: s
                        .levels
                        .iter()
                        .map(|l| {
                            l.as_ref().map(|l| {
                                let (summary, signals) = text::prose_and_items(&l.text);
                                DraftLevel {
                                    summary: (!summary.is_empty()).then_some(summary),
                                    signals,
                                }
                            })
                        })
                        .collect(),
                })
                .collect(),
            roles: self
                .roles
                .iter()
                .zip(role_ids)
                .zip(&grades)
                .map(|((r, id), &g)| DraftRole {
                    id,
                    title: r.title.clone(),
                    track: r.track,
                    grade: kept.iter().position(|&k| k == g).expect("kept"),
                    summary: text_of(&r.summary),
                    body: text_of(&r.body).unwrap_or_default(),
                    requirements: r
                        .requirements
                        .iter()
                        .map(|q| DraftRequirement {
                            skill: q.skill,
                            level: q.level,
                            expectations: q.expectations.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The grade axis: the mapping's; else the grade cells themselves when every role has
    /// one and every one is a number; else the built-in table. The flag is true for the built-in table.
    fn axis(&self) -> (Vec<GradeDef>, bool) {
        if let Some(axis) = &self.mapping.grades {
            return (axis.clone(), false);
        }
        let cells: Vec<&str> = self
            .roles
            .iter()
            .filter_map(|r| r.grade.as_ref().map(|g| g.text.as_str()))
            .collect();
        // A numbered axis has no level words, so it is only used when no role needs one.
        let every_role_graded = cells.len() == self.roles.len();
        if every_role_graded && grades::all_numbered(cells.iter().copied()) {
            (grades::numbered_axis(cells), false)
        } else {
            (grades::builtin(), true)
        }
    }

    /// The grade of role `r`, reporting a grade cell that names no grade and a role whose
    /// grade cannot be told.
    fn role_grade(&mut self, axis: &[GradeDef], r: usize) -> Option<usize> {
        let role = &self.roles[r];
        if let Some(cell) = &role.grade {
            if let Some(g) = grades::lookup(axis, &cell.text) {
                return Some(g);
            }
            let names = axis.iter().flat_map(|g| [g.id.as_str(), g.name.as_str()]);
            let help = did_you_mean(&cell.text, names).unwrap_or_else(|| {
                format!(
                    "the grades are {}; add the grade to the mapping's `[[grades]]` if it is missing",
                    axis.iter()
                        .map(|g| format!("`{}` ({})", g.id, g.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            let d = Diagnostic::error(
                Code::UnknownGrade,
                format!("row {}: `{}` is not a grade", cell.row, cell.text),
            )
            .at(cell.source, cell.span.clone())
            .with_label("no grade has this id, name or level word")
            .with_help(Some(help));
            self.diagnostics.push(d);
            return None;
        }
        let inferred = grades::infer(axis, &role.title);
        let default = axis.iter().position(|g| g.default);
        let grade = inferred.as_ref().map(|(g, _)| *g).or(default);
        match (grade, &role.grade_blank) {
            (Some(g), Some((at, place))) if self.mapping.warn_blank => {
                let how = match &inferred {
                    Some((_, word)) => format!("from `{word}` in the title"),
                    None => "as the grade of titles without a level word".to_owned(),
                };
                let grade = if axis[g].name == axis[g].id {
                    axis[g].id.clone()
                } else {
                    format!("{} ({})", axis[g].id, axis[g].name)
                };
                let d = Diagnostic::warning(
                    Code::SkippedCell,
                    format!(
                        "{place} is blank; the grade of `{}` is {grade}, inferred {how}",
                        role.title
                    ),
                )
                .at(at.source, at.span.clone())
                .with_label("blank")
                .with_help(Some(
                    "write the grade in the cell if the inferred one is wrong".to_owned(),
                ));
                self.diagnostics.push(d);
            }
            (Some(_), _) => {}
            (None, _) => {
                let words = axis
                    .iter()
                    .filter_map(|g| {
                        g.words
                            .first()
                            .map(|w| format!("`{}` → {}", w.join(" "), g.id))
                    })
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(", ");
                let column = if self.explicit_grade_column {
                    "fill in its grade cell"
                } else {
                    "name a grade column in the mapping"
                };
                let words = if words.is_empty() {
                    String::new()
                } else {
                    format!(" ({words}, …)")
                };
                let d = Diagnostic::error(
                    Code::UnknownGrade,
                    format!(
                        "row {}: cannot tell the grade of `{}`",
                        role.at.row, role.title
                    ),
                )
                .at(role.at.source, role.at.span.clone())
                .with_label("no level word in this title")
                .with_help(Some(format!(
                    "{column}, put a level word in the title{words}, or mark one grade `default = true` in the mapping's `[[grades]]`"
                )));
                self.diagnostics.push(d);
            }
        }
        grade
    }

    /// Every skill `[groups]` names must be one the sheets have.
    fn check_groups(&mut self) {
        let names: Vec<String> = self.skills.iter().map(|s| s.name.clone()).collect();
        let folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        for group in &self.mapping.groups {
            for skill in &group.skills {
                if folded.contains(&text::fold(&skill.value)) {
                    continue;
                }
                let help = did_you_mean(&skill.value, names.iter().map(String::as_str))
                    .unwrap_or_else(|| "list skills by their name in the sheet".to_owned());
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownSkill,
                        format!(
                            "`[groups]` names the skill `{}`, which no sheet has",
                            skill.value
                        ),
                    )
                    .at(self.mapping.source, skill.span.clone())
                    .with_help(Some(help)),
                );
            }
        }
    }
}

impl Cursor<'_> {
    fn fill_down_has(&self, column: usize) -> bool {
        self.fill.contains(&column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> Vec<String> {
        ["Awareness", "Working", "Practitioner"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn level_cells_read_numbers_names_and_zero() {
        let scale = scale();
        assert_eq!(parse_level("2", &scale), LevelCell::Level(2));
        assert_eq!(parse_level("3.0", &scale), LevelCell::Level(3));
        assert_eq!(parse_level("1,00", &scale), LevelCell::Level(1));
        assert_eq!(
            parse_level("practitioner\u{00A0}", &scale),
            LevelCell::Level(3)
        );
        assert_eq!(parse_level("0", &scale), LevelCell::NotRequired);
        assert_eq!(parse_level("4", &scale), LevelCell::OutOfRange(4));
        assert_eq!(parse_level("-1", &scale), LevelCell::OutOfRange(-1));
        assert_eq!(parse_level("2.5", &scale), LevelCell::Unknown);
        assert_eq!(parse_level("Guru", &scale), LevelCell::Unknown);
    }

    #[test]
    fn track_names_come_from_file_names() {
        assert_eq!(name_from_stem("engineering_ladder"), "Engineering ladder");
        assert_eq!(name_from_stem("data-team"), "Data team");
        assert_eq!(name_from_stem("__"), "Track");
    }
}
