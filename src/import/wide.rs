//! One row of a wide sheet: a role, and the level it requires in each skill column.

use super::cells::{Located, Value};
use super::columns::Columns;
use super::reader::{Cursor, Reader};
use super::requirements::RequirementEntry;
use super::table::Row;
use crate::diagnostic::{Code, Diagnostic};

impl Reader<'_> {
    pub(super) fn wide_row(&mut self, cursor: &mut Cursor<'_>, columns: &Columns, row: &Row) {
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
                    if let Some(level) = self.level(cursor, column, skill, &at) {
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
    pub(super) fn skipped_skill_cells(
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
}
