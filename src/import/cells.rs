//! The cells of a row, cleaned: text, blank or placeholder, each with the place it came from;
//! and the warnings for cells that are skipped or that disagree with an earlier row.

use super::reader::{Cursor, Reader};
use super::table::{Row, column_letter};
use super::text;
use crate::diagnostic::{Code, Diagnostic, SourceId, Span};

/// A value with the cell it came from.
#[derive(Clone, Debug)]
pub(super) struct Located {
    pub(super) text: String,
    pub(super) source: SourceId,
    pub(super) span: Span,
    pub(super) row: usize,
}

/// What a cell holds, cleaned.
#[derive(Clone, Debug)]
pub(super) enum Value {
    Text(Located),
    Blank(Located),
    Placeholder(Located),
}

impl Value {
    pub(super) fn text(&self) -> Option<&Located> {
        match self {
            Value::Text(l) => Some(l),
            _ => None,
        }
    }

    pub(super) fn place(&self) -> &Located {
        match self {
            Value::Text(l) | Value::Blank(l) | Value::Placeholder(l) => l,
        }
    }
}

/// Sets `slot` to `value` unless it holds something else already, in which case the first is
/// kept and a warning says so.
pub(super) fn set_once(
    slot: &mut Option<Located>,
    value: Located,
    what: &str,
) -> Option<Diagnostic> {
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

impl Reader<'_> {
    /// `row 5, column D (`Skill`)`.
    pub(super) fn place(cursor: &Cursor<'_>, row: usize, column: usize) -> String {
        match cursor.headers.get(column).filter(|h| !h.is_empty()) {
            Some(header) => format!("row {row}, column {} (`{header}`)", column_letter(column)),
            None => format!("row {row}, column {}", column_letter(column)),
        }
    }

    /// The cleaned value of a cell; `block` keeps line breaks (descriptions).
    pub(super) fn value(
        &self,
        cursor: &mut Cursor<'_>,
        row: &Row,
        column: usize,
        block: bool,
    ) -> Value {
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
    pub(super) fn skipped(
        &mut self,
        cursor: &Cursor<'_>,
        column: usize,
        value: &Value,
        consequence: &str,
    ) {
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

    /// The text of an optional cell; `None` when it is blank, or a placeholder (reported).
    pub(super) fn optional_cell(
        &mut self,
        cursor: &mut Cursor<'_>,
        row: &Row,
        column: usize,
        block: bool,
    ) -> Option<Located> {
        let value = self.value(cursor, row, column, block);
        match value {
            Value::Text(t) => Some(t),
            _ => {
                self.optional_skipped(cursor, column, &value);
                None
            }
        }
    }

    /// A placeholder in an optional column is worth a warning; a blank one is not.
    pub(super) fn optional_skipped(&mut self, cursor: &Cursor<'_>, column: usize, value: &Value) {
        if matches!(value, Value::Placeholder(_)) {
            self.skipped(cursor, column, value, "it is left out");
        }
    }
}
