//! Tracks and roles: the track of each row with its description, family, kind and owners;
//! the role its rows merge into, with its grade, grade name, summary, aliases and description
//! cells. A cell given on several rows of one track or role is kept from the first; a later
//! one that differs is a warning.

use super::cells::{Located, Value, set_once};
use super::columns::Columns;
use super::reader::{Cursor, Reader};
use super::requirements::RequirementEntry;
use super::table::Row;
use super::text;
use crate::diagnostic::{Code, Diagnostic};
use crate::owners::is_valid_owner;

#[derive(Debug)]
pub(super) struct TrackEntry {
    pub(super) name: String,
    pub(super) body: Option<Located>,
    pub(super) family: Option<Located>,
    pub(super) kind: Option<Located>,
    /// The owners cell; its items are the owners.
    pub(super) owners: Option<Located>,
}

#[derive(Debug)]
pub(super) struct RoleEntry {
    pub(super) title: String,
    pub(super) track: usize,
    pub(super) at: Located,
    pub(super) grade: Option<Located>,
    /// The first blank grade cell of the role, for a warning if no row gives the grade.
    pub(super) grade_blank: Option<(Located, String)>,
    pub(super) summary: Option<Located>,
    pub(super) body: Option<Located>,
    /// The aliases cell; its items are the aliases.
    pub(super) aliases: Option<Located>,
    /// The grade name cell: the name of the role's grade; and its place in words.
    pub(super) grade_name: Option<Located>,
    pub(super) grade_name_place: String,
    pub(super) requirements: Vec<RequirementEntry>,
}

/// `Engineering_ladder` → `Engineering ladder`.
pub(super) fn name_from_stem(stem: &str) -> String {
    let spaced = text::line(&stem.replace(['-', '_'], " "));
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Track".to_owned(),
    }
}

impl Reader<'_> {
    pub(super) fn track(&mut self, name: &str) -> usize {
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
            family: None,
            kind: None,
            owners: None,
        });
        self.tracks.len() - 1
    }

    /// The track of a row: its cell, or the mapping's or file's track. `None` (after a
    /// warning) when the cell is blank or a placeholder.
    pub(super) fn row_track(
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
        if let Some(c) = columns.track_family
            && let Some(t) = self.optional_cell(cursor, row, c, false)
        {
            let d = set_once(&mut self.tracks[track].family, t, "the track's family");
            self.push(d);
        }
        if let Some(c) = columns.track_kind
            && let Some(t) = self.optional_cell(cursor, row, c, false)
        {
            let d = set_once(&mut self.tracks[track].kind, t, "the track's kind");
            self.push(d);
        }
        if let Some(c) = columns.track_owners
            && let Some(t) = self.optional_cell(cursor, row, c, true)
        {
            let first = self.tracks[track].owners.is_none();
            let d = set_once(
                &mut self.tracks[track].owners,
                t.clone(),
                "the track's owners",
            );
            self.push(d);
            if first {
                self.check_owners(cursor, c, &t);
            }
        }
        Some(track)
    }

    /// Warns about each owner a code host could not ask for approval. It is still written:
    /// the site shows it, and `trellis codeowners` leaves it out.
    fn check_owners(&mut self, cursor: &Cursor<'_>, column: usize, cell: &Located) {
        let place = Self::place(cursor, cell.row, column);
        for owner in text::items(&cell.text) {
            if is_valid_owner(&owner) {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::InvalidValue,
                    format!("{place}: `{owner}` is not a user, team or e-mail address"),
                )
                .at(cell.source, cell.span.clone())
                .with_label("an owner CODEOWNERS cannot name")
                .with_help(Some(
                    "write a user or group as `@name`, a team as `@org/team`, or an e-mail address; the site shows the owner as written, but `trellis codeowners` leaves it out".to_owned(),
                )),
            );
        }
    }

    /// The grade, summary and description cells of a role's row.
    pub(super) fn role_cells(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
        role: usize,
    ) {
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
        if let Some(c) = columns.role_aliases
            && let Some(t) = self.optional_cell(cursor, row, c, true)
        {
            let d = set_once(&mut self.roles[role].aliases, t, "the role's aliases");
            self.push(d);
        }
        if let Some(c) = columns.grade_name
            && let Some(t) = self.optional_cell(cursor, row, c, false)
        {
            let title = self.roles[role].title.clone();
            let what = format!("the grade name of `{title}`");
            if self.roles[role].grade_name.is_none() {
                self.roles[role].grade_name_place = Self::place(cursor, t.row, c);
            }
            let d = set_once(&mut self.roles[role].grade_name, t, &what);
            self.push(d);
        }
    }

    pub(super) fn new_role(&mut self, track: usize, at: &Located) -> usize {
        self.roles.push(RoleEntry {
            title: at.text.clone(),
            track,
            at: at.clone(),
            grade: None,
            grade_blank: None,
            summary: None,
            body: None,
            aliases: None,
            grade_name: None,
            grade_name_place: String::new(),
            requirements: Vec::new(),
        });
        self.roles.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_names_come_from_file_names() {
        assert_eq!(name_from_stem("engineering_ladder"), "Engineering ladder");
        assert_eq!(name_from_stem("data-team"), "Data team");
        assert_eq!(name_from_stem("__"), "Track");
    }
}
