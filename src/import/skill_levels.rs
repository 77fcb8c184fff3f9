//! Skills' own levels: names and counts that differ from the mapping's `[scale]`.
//!
//! They come from one of two places, read before any row of the role sheets so that every
//! level cell of a skill is read against the skill's own levels:
//!
//! - the levels sheet (`[level_sheet]`), one row per level of a skill: its number, its name
//!   and what it looks like;
//! - the long layout's scale column, whose cell names one of the mapping's `[scales]` for the
//!   row's skill.
//!
//! Both are keyed by the skill's name, ignoring case, so two skills of one name in different
//! groups share their levels. The levels sheet wins over a scale cell.

use std::collections::{BTreeMap, HashSet};

use super::cells::{Located, Value, set_once};
use super::levels::whole_number;
use super::mapping::LevelSheetDef;
use super::reader::{Cursor, Reader, Sheet};
use super::text;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

/// A skill's own levels.
#[derive(Clone, Debug)]
pub(super) struct OwnScale {
    /// The level names, lowest first.
    pub(super) names: Vec<String>,
    /// What each level looks like, from the levels sheet.
    pub(super) descriptions: Vec<Option<Located>>,
    /// Where the levels come from, for messages: "the levels sheet", "the scale `Delivery`".
    pub(super) from: String,
    /// The scale cell that gave them, when one did.
    pub(super) cell: Option<Located>,
}

/// One skill of the levels sheet.
#[derive(Debug)]
pub(super) struct SheetLevels {
    /// The skill's name, as the levels sheet first writes it.
    pub(super) name: String,
    /// Its levels.
    pub(super) scale: OwnScale,
}

/// One row of the levels sheet, while the sheet is read.
#[derive(Debug)]
struct LevelRow {
    /// The level cell, and its place in words.
    at: Located,
    place: String,
    name: Option<Located>,
    /// The name cell's place in words.
    name_place: String,
    /// The name cell when it is blank, and its place in words.
    blank_name: Option<(Located, String)>,
    description: Option<Located>,
}

impl Reader<'_> {
    /// Reads the levels sheet: every skill it names gets the levels it lists.
    pub(super) fn level_sheet(&mut self, sheet: &Sheet, def: &LevelSheetDef) {
        let Some(header) = sheet.table.rows.first() else {
            self.diagnostics.push(
                Diagnostic::error(Code::EmptyFile, format!("`{}` has no rows", sheet.path))
                    .at(sheet.table.source, 0..0)
                    .with_help(Some(
                        "export the levels sheet again; the first row must be the header"
                            .to_owned(),
                    )),
            );
            return;
        };
        let mut cursor = Cursor {
            sheet,
            headers: header.cells.iter().map(|c| text::line(&c.raw)).collect(),
            fill: Vec::new(),
            above: Default::default(),
        };
        let skill_col = self.find_column(&cursor, header, &def.skill);
        let level_col = self.find_column(&cursor, header, &def.level);
        let name_col = self.find_column(&cursor, header, &def.name);
        let description_col = match &def.description {
            Some(name) => match self.find_column(&cursor, header, name) {
                Some(c) => Some(c),
                None => return,
            },
            None => None,
        };
        let (Some(skill_col), Some(level_col), Some(name_col)) = (skill_col, level_col, name_col)
        else {
            return;
        };
        // Skill (folded) → its name and its rows by level number, in the sheet's order.
        let mut skills: Vec<(String, String, BTreeMap<i64, LevelRow>)> = Vec::new();
        for row in &sheet.table.rows[1..] {
            if row.cells.iter().all(|c| text::line(&c.raw).is_empty()) {
                continue;
            }
            self.extra_cells(&cursor, row);
            let skill = self.value(&mut cursor, row, skill_col, false);
            let Some(skill) = skill.text().cloned() else {
                self.skipped(&cursor, skill_col, &skill, "the row is skipped");
                continue;
            };
            let level = self.value(&mut cursor, row, level_col, false);
            let Some(level) = level.text().cloned() else {
                self.skipped(&cursor, level_col, &level, "the row is skipped");
                continue;
            };
            let Some(number) = whole_number(&level.text).filter(|&n| n >= 1) else {
                let place = Self::place(&cursor, level.row, level_col);
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("{place}: `{}` is not a level number", level.text),
                    )
                    .at(level.source, level.span.clone())
                    .with_label("not a whole number from 1")
                    .with_help(Some(
                        "number the levels of each skill 1, 2, 3, …, from its lowest".to_owned(),
                    )),
                );
                continue;
            };
            let place = Self::place(&cursor, level.row, level_col);
            let name_value = self.value(&mut cursor, row, name_col, false);
            let name_place = Self::place(&cursor, name_value.place().row, name_col);
            let mut blank_name = None;
            let name = match &name_value {
                Value::Text(t) if t.text.parse::<i64>().is_ok() => {
                    let place = Self::place(&cursor, t.row, name_col);
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("{place}: the level name `{}` is a number", t.text),
                        )
                        .at(t.source, t.span.clone())
                        .with_label("a number, not a name")
                        .with_help(Some(
                            "a number in a level cell means the level at that position; name the levels with words".to_owned(),
                        )),
                    );
                    continue;
                }
                Value::Text(t) => Some(t.clone()),
                Value::Placeholder(at) | Value::Blank(at) => {
                    // Without a `[scale]` name to fall back on it is an error, once the
                    // skill's levels are settled.
                    if number as usize <= self.mapping.scale.len() {
                        self.skipped(
                            &cursor,
                            name_col,
                            &name_value,
                            "the level takes the name of the `[scale]`'s level at its position",
                        );
                    }
                    blank_name = Some((at.clone(), Self::place(&cursor, at.row, name_col)));
                    None
                }
            };
            let description = match description_col {
                Some(c) => {
                    let value = self.value(&mut cursor, row, c, true);
                    if value.text().is_none() {
                        self.optional_skipped(&cursor, c, &value);
                    }
                    value.text().cloned()
                }
                None => None,
            };
            let folded = skill.text.to_lowercase();
            let index = match skills.iter().position(|(f, _, _)| *f == folded) {
                Some(i) => i,
                None => {
                    skills.push((folded, skill.text.clone(), BTreeMap::new()));
                    skills.len() - 1
                }
            };
            let skill_name = skills[index].1.clone();
            let rows = &mut skills[index].2;
            match rows.get_mut(&number) {
                None => {
                    rows.insert(
                        number,
                        LevelRow {
                            at: level,
                            place,
                            name,
                            name_place,
                            blank_name,
                            description,
                        },
                    );
                }
                Some(first) => {
                    let mut found = Vec::new();
                    if let Some(name) = name {
                        let what = format!("the name of level {number} of `{skill_name}`");
                        found.extend(set_once(&mut first.name, name, &what));
                    }
                    if let Some(description) = description {
                        let what = format!("the description of level {number} of `{skill_name}`");
                        found.extend(set_once(&mut first.description, description, &what));
                    }
                    self.diagnostics.extend(found);
                }
            }
        }
        for (_, name, rows) in skills {
            let scale = self.settle_levels(&name, rows);
            self.sheet_levels.push(SheetLevels { name, scale });
        }
    }

    /// The levels of one skill of the levels sheet, in the order of their numbers, which
    /// must run from 1 without a gap; each level named, no name twice. After an error the
    /// levels are still returned, so that the skill's level cells are read against them and
    /// do not add follow-on errors; the error keeps anything from being written.
    fn settle_levels(&mut self, skill: &str, rows: BTreeMap<i64, LevelRow>) -> OwnScale {
        let mut names: Vec<String> = Vec::new();
        let mut descriptions = Vec::new();
        let mut gap = false;
        let mut firsts: Vec<&Located> = Vec::new();
        for (expected, (&number, row)) in (1..).zip(&rows) {
            if number != expected && !gap {
                // Format 1.0 numbers every skill's levels from 1.
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!(
                            "{}: `{skill}` has level {number} but no level {expected}",
                            row.place
                        ),
                    )
                    .at(row.at.source, row.at.span.clone())
                    .with_label("a gap before this level")
                    .with_help(Some(format!(
                        "number the levels of a skill from 1 without gaps: add level {expected}, or number this one {expected}"
                    ))),
                );
                gap = true;
            }
            let name = match (&row.name, &row.blank_name) {
                (Some(name), _) => name.text.clone(),
                (None, blank) => match self.mapping.scale.get(names.len()) {
                    Some(name) => name.clone(),
                    None => {
                        let (at, place) = blank.as_ref().expect("a blank name cell");
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::MissingLevelName,
                                format!("{place} is blank: level {number} of `{skill}` needs a name"),
                            )
                            .at(at.source, at.span.clone())
                            .with_label("no name")
                            .with_help(Some(format!(
                                "write the level's name; a blank name takes the name of the `[scale]`'s level at its position, and the scale has {} levels",
                                self.mapping.scale.len()
                            ))),
                        );
                        String::new()
                    }
                },
            };
            let folded = name.to_lowercase();
            if let Some(first) = names
                .iter()
                .position(|n| !name.is_empty() && n.to_lowercase() == folded)
            {
                let at = row.name.as_ref().unwrap_or(&row.at);
                let first = firsts[first];
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateEntry,
                        format!(
                            "{}: `{skill}` has two levels called `{name}`",
                            row.name_place
                        ),
                    )
                    .at(at.source, at.span.clone())
                    .with_label("the same name again")
                    .with_related(first.source, first.span.clone(), "first here")
                    .with_help(Some("give each level of a skill its own name".to_owned())),
                );
            }
            names.push(name);
            firsts.push(row.name.as_ref().unwrap_or(&row.at));
            descriptions.push(row.description.clone());
        }
        OwnScale {
            names,
            descriptions,
            from: "the levels sheet".to_owned(),
            cell: None,
        }
    }

    /// Reads the scale cells of a long sheet: each gives the row's skill the scale of
    /// `[scales]` it names. The rows are read again, for everything else, by `sheet`, which
    /// also reports the sheet's missing columns.
    pub(super) fn scale_column(&mut self, sheet: &Sheet) {
        let columns = &self.mapping.columns;
        let (Some(header), Some(skill), Some(scale)) =
            (sheet.table.rows.first(), &columns.skill, &columns.scale)
        else {
            return;
        };
        let headers: Vec<String> = header.cells.iter().map(|c| text::line(&c.raw)).collect();
        let find = |name: &str| {
            let wanted = text::fold(name);
            headers.iter().position(|h| h.to_lowercase() == wanted)
        };
        let (Some(skill_col), Some(scale_col)) = (find(&skill.value), find(&scale.value)) else {
            return;
        };
        let fill = self
            .mapping
            .fill_down
            .iter()
            .filter_map(|key| match key.value.as_str() {
                "skill" => Some(skill_col),
                "scale" => Some(scale_col),
                _ => None,
            })
            .collect();
        let mut cursor = Cursor {
            sheet,
            headers,
            fill,
            above: Default::default(),
        };
        let mut warned: HashSet<String> = HashSet::new();
        for row in &sheet.table.rows[1..] {
            let skill = self.value(&mut cursor, row, skill_col, false);
            let value = self.value(&mut cursor, row, scale_col, false);
            let Some(skill) = skill.text() else {
                continue;
            };
            let Some(cell) = value.text() else {
                if matches!(value, Value::Placeholder(_)) {
                    self.skipped(
                        &cursor,
                        scale_col,
                        &value,
                        "the skill keeps its scale from other rows or the `[scale]`",
                    );
                }
                continue;
            };
            let place = Self::place(&cursor, cell.row, scale_col);
            let wanted = text::fold(&cell.text);
            let scales = &self.mapping.scales;
            let Some(scale) = scales.iter().find(|s| text::fold(&s.name.value) == wanted) else {
                let names = scales.iter().map(|s| s.name.value.as_str());
                let help = did_you_mean(&cell.text, names.clone()).unwrap_or_else(|| {
                    format!(
                        "the mapping's `[scales]` are {}; add the scale there if it is missing",
                        names
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("{place}: `{}` is not a scale of the mapping", cell.text),
                    )
                    .at(cell.source, cell.span.clone())
                    .with_label("not in `[scales]`")
                    .with_help(Some(help)),
                );
                continue;
            };
            let folded = skill.text.to_lowercase();
            if self
                .sheet_levels
                .iter()
                .any(|s| s.name.to_lowercase() == folded)
            {
                if warned.insert(folded) {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::ConflictingCells,
                            format!(
                                "{place}: `{}` takes its levels from the levels sheet; the scale `{}` is not used",
                                skill.text, scale.name.value
                            ),
                        )
                        .at(cell.source, cell.span.clone())
                        .with_label("not used")
                        .with_help(Some(
                            "leave the skill's scale cells blank, or take the skill out of the levels sheet".to_owned(),
                        )),
                    );
                }
                continue;
            }
            match self.scale_cells.get(&folded) {
                Some(first) => {
                    let first_cell = first.cell.clone().expect("a scale cell");
                    if text::fold(&first_cell.text) != wanted {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                Code::ConflictingCells,
                                format!(
                                    "{place}: `{}` is given the scale `{}` here and `{}` on row {}; the first is kept",
                                    skill.text, cell.text, first_cell.text, first_cell.row
                                ),
                            )
                            .at(cell.source, cell.span.clone())
                            .with_label("differs from the first")
                            .with_related(first_cell.source, first_cell.span.clone(), "first given here")
                            .with_help(Some(
                                "give each skill one scale: make the cells agree, or leave all but one of them blank".to_owned(),
                            )),
                        );
                    }
                }
                None => {
                    let own = OwnScale {
                        names: scale.levels.clone(),
                        descriptions: vec![None; scale.levels.len()],
                        from: format!("the scale `{}`", scale.name.value),
                        cell: Some(cell.clone()),
                    };
                    self.scale_cells.insert(folded, own);
                }
            }
        }
    }

    /// Gives a new skill its own levels, if it has any, and room for a description of each.
    pub(super) fn give_levels(&mut self, skill: usize) {
        let folded = self.skills[skill].name.to_lowercase();
        let own = self
            .sheet_levels
            .iter()
            .find(|s| s.name.to_lowercase() == folded)
            .map(|s| s.scale.clone())
            .or_else(|| self.scale_cells.get(&folded).cloned());
        let entry = &mut self.skills[skill];
        entry.levels = match &own {
            Some(own) => own.descriptions.clone(),
            None => vec![None; self.mapping.scale.len()],
        };
        entry.own = own;
    }

    /// The skills of the levels sheet that no role sheet has: they are imported too, so
    /// that the levels sheet is imported whole.
    pub(super) fn level_sheet_skills(&mut self) {
        let names: Vec<String> = self.sheet_levels.iter().map(|s| s.name.clone()).collect();
        for name in names {
            if self.skills_named(&name).is_empty() {
                let group = self.mapped_group(&name);
                self.new_skill(&name, group, false, 0);
            }
        }
    }
}
