//! Reads the rows of every sheet into a [`Draft`].
//!
//! [`read`] goes through the rows of every CSV file with the mapping, cleaning each cell,
//! merging the rows of one role, and collecting every problem as a diagnostic at its cell:
//! blank and placeholder cells are skipped with a warning that names the row; a level or
//! grade that means nothing is an error. Then it settles what depends on all rows at once —
//! the grade axis, each role's grade, and unique ids — and returns the [`Draft`].
//!
//! The `Reader` holds what has been read so far. Its methods live in the modules named for
//! their jobs: `cells` (cleaning, blanks and placeholders), `columns` (the header), `long`
//! and `wide` (a row of each layout), `roles` (tracks and roles), `skills` (skills and
//! groups), `levels` (level cells), `requirements`, `grading` (each role's grade) and
//! `settle` (ids, and the finished draft).

use std::collections::HashMap;

use super::cells::Located;
use super::draft::Draft;
use super::mapping::{Layout, Mapping};
use super::roles::{RoleEntry, TrackEntry};
use super::skill_levels::{OwnScale, SheetLevels};
use super::skills::{GroupEntry, SkillEntry};
use super::table::{Row, Table, column_letter};
use super::text;
use crate::diagnostic::{Code, Diagnostic};

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

/// Reads every sheet with `mapping`, and the levels sheet its `[level_sheet]` names.
/// `None` when any error was found.
pub fn read(
    mapping: &Mapping,
    sheets: &[Sheet],
    level_sheet: Option<&Sheet>,
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
        sheet_levels: Vec::new(),
        scale_cells: HashMap::new(),
    };
    // A skill's own levels must be known before any level cell of it is read.
    if let (Some(sheet), Some(def)) = (level_sheet, &mapping.level_sheet) {
        reader.level_sheet(sheet, def);
    }
    if mapping.layout == Layout::Long && mapping.columns.scale.is_some() {
        for sheet in sheets {
            reader.scale_column(sheet);
        }
    }
    for sheet in sheets {
        reader.sheet(sheet);
    }
    reader.level_sheet_skills();
    reader.finish(sheets)
}

/// One sheet being read: its header and the last value of each filled-down column.
pub(super) struct Cursor<'s> {
    pub(super) sheet: &'s Sheet,
    pub(super) headers: Vec<String>,
    /// The columns whose blank cells take the value above.
    pub(super) fill: Vec<usize>,
    pub(super) above: HashMap<usize, Located>,
}

/// What has been read from the sheets so far, with the mapping and the diagnostics.
pub(super) struct Reader<'a> {
    pub(super) mapping: &'a Mapping,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
    pub(super) tracks: Vec<TrackEntry>,
    pub(super) groups: Vec<GroupEntry>,
    pub(super) skills: Vec<SkillEntry>,
    /// Folded skill name → the skills of that name.
    pub(super) skills_by_name: HashMap<String, Vec<usize>>,
    pub(super) roles: Vec<RoleEntry>,
    /// Long layout: (track, folded title) → role.
    pub(super) role_keys: HashMap<(usize, String), usize>,
    /// True when some sheet has the grade column.
    pub(super) explicit_grade_column: bool,
    /// The skills of the levels sheet, in its order, with their levels.
    pub(super) sheet_levels: Vec<SheetLevels>,
    /// Folded skill name → the scale its first scale cell names.
    pub(super) scale_cells: HashMap<String, OwnScale>,
}

impl Reader<'_> {
    pub(super) fn push(&mut self, diagnostic: Option<Diagnostic>) {
        if let Some(d) = diagnostic {
            self.diagnostics.push(d);
        }
    }

    pub(super) fn sheet(&mut self, sheet: &Sheet) {
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
            // Notes in an ignored column do not make a row.
            if row
                .cells
                .iter()
                .enumerate()
                .all(|(i, c)| columns.ignored.contains(&i) || text::line(&c.raw).is_empty())
            {
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
    pub(super) fn extra_cells(&mut self, cursor: &Cursor<'_>, row: &Row) {
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
}

impl Cursor<'_> {
    pub(super) fn fill_down_has(&self, column: usize) -> bool {
        self.fill.contains(&column)
    }
}
