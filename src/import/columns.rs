//! Finds the columns the mapping names in a sheet's header, reporting every missing or
//! repeated column against the mapping; in the wide layout, also the skill columns.

use std::collections::HashMap;

use super::mapping::Layout;
use super::reader::{Cursor, Reader};
use super::table::{Row, column_letter};
use super::text;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::load::Sp;

/// The columns of one sheet the mapping names, as indices.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) track: Option<usize>,
    pub(super) track_description: Option<usize>,
    pub(super) role: Option<usize>,
    pub(super) role_summary: Option<usize>,
    pub(super) role_description: Option<usize>,
    pub(super) grade: Option<usize>,
    pub(super) group: Option<usize>,
    pub(super) skill: Option<usize>,
    pub(super) skill_description: Option<usize>,
    pub(super) level: Option<usize>,
    pub(super) level_description: Option<usize>,
    pub(super) expectations: Option<usize>,
    pub(super) scale: Option<usize>,
    pub(super) role_aliases: Option<usize>,
    pub(super) track_family: Option<usize>,
    pub(super) track_kind: Option<usize>,
    pub(super) track_owners: Option<usize>,
    pub(super) grade_name: Option<usize>,
    /// The columns `ignore` lists: never read, and not counted when telling a blank row.
    pub(super) ignored: Vec<usize>,
    /// Wide: the skill columns, each with the skill it is.
    pub(super) skills: Vec<(usize, usize)>,
    /// Columns whose blank cells take the value above.
    pub(super) fill_down: Vec<usize>,
}

impl Columns {
    /// The index of the column named by `key` of `[columns]`.
    pub(super) fn slot(&mut self, key: &str) -> Option<&mut Option<usize>> {
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
            "scale" => &mut self.scale,
            "role_aliases" => &mut self.role_aliases,
            "track_family" => &mut self.track_family,
            "track_kind" => &mut self.track_kind,
            "track_owners" => &mut self.track_owners,
            "grade_name" => &mut self.grade_name,
            _ => return None,
        })
    }
}

impl Reader<'_> {
    /// Finds the columns the mapping names in this sheet's header.
    pub(super) fn columns(&mut self, cursor: &Cursor<'_>, header: &Row) -> Option<Columns> {
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
        // An ignored column may be in some files only (notes on one track's sheet), so
        // one that is absent is no problem.
        for name in &mapping.columns.ignore {
            let wanted = text::fold(&name.value);
            columns.ignored.extend(
                (0..cursor.headers.len()).filter(|&i| cursor.headers[i].to_lowercase() == wanted),
            );
        }
        if mapping.layout == Layout::Wide {
            let ignored = columns.ignored.clone();
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
    pub(super) fn headerless_column(&mut self, cursor: &Cursor<'_>, column: usize) {
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
    pub(super) fn find_column(
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
}
