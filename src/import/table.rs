//! Cuts the text of a CSV export into rows of cells, each cell with its byte span in the
//! file, so that a problem in any cell can be reported at its line and column.
//!
//! The `csv` crate (used for `matrix.csv`) gives the position of a record but not of its
//! fields, and reads a quote that is never closed as a cell running to the end of the file
//! without saying so. Spreadsheet exports are simple enough to read directly: RFC 4180 with
//! the leniencies spreadsheets need — `,`, `;` or tab between cells, `\n`, `\r\n` or `\r`
//! between rows, line breaks and doubled quotes inside quoted cells, spaces around a quoted
//! cell, and a quote inside an unquoted cell taken as it is. A test checks that well-formed
//! input gives exactly the cells the `csv` crate reads.

use crate::diagnostic::{Code, Diagnostic, SourceId, Span};

/// One cell as written: the text with quotes removed and doubled quotes undone, not yet
/// cleaned (see [`super::text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The text.
    pub raw: String,
    /// Where the cell is written, quotes included.
    pub span: Span,
}

/// One row of the sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The row number a spreadsheet shows: the header is row 1. A quoted cell with line
    /// breaks makes one row span several lines of the file, so this is not the line number.
    pub number: usize,
    /// The cells, in column order.
    pub cells: Vec<Cell>,
    /// Where the row starts.
    pub start: usize,
}

impl Row {
    /// The cell in `column`, if the row is that long.
    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column)
    }

    /// A span to point at for the row as a whole: its first cell.
    pub fn anchor(&self) -> Span {
        self.cells
            .first()
            .map_or(self.start..self.start, |c| c.span.clone())
    }
}

/// The rows of one CSV file.
#[derive(Clone, Debug)]
pub struct Table {
    /// The file.
    pub source: SourceId,
    /// Every row, the header first; rows that are blank are kept, so row numbers match the
    /// spreadsheet.
    pub rows: Vec<Row>,
}

/// The spreadsheet name of a 0-based column: `A`, …, `Z`, `AA`, `AB`, ….
pub fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// The separator of a file whose mapping does not name one: whichever of `,`, `;` and tab
/// occurs most often outside quotes on the header row (`,` on a tie or when none does).
pub fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Reads `text` (UTF-8, without a byte-order mark) with `separator` between cells.
///
/// Problems are pushed to `diagnostics`; a quote that is never closed ends the reading,
/// since everything after it is inside the cell.
pub fn parse(
    text: &str,
    source: SourceId,
    separator: u8,
    diagnostics: &mut Vec<Diagnostic>,
) -> Table {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let is_blank = |b: u8| (b == b' ' || b == b'\t') && b != separator;
    let mut rows = Vec::new();
    let mut i = 0;
    while i < n {
        let start = i;
        let mut cells = Vec::new();
        loop {
            // A quoted cell may have spaces before its opening quote.
            let mut j = i;
            while j < n && is_blank(bytes[j]) {
                j += 1;
            }
            if j < n && bytes[j] == b'"' {
                let open = j;
                let mut raw = String::new();
                let mut segment = open + 1;
                let close = loop {
                    match bytes[segment..].iter().position(|&b| b == b'"') {
                        None => {
                            diagnostics.push(
                                Diagnostic::error(
                                    Code::InvalidCsv,
                                    format!(
                                        "row {}: a quoted cell is never closed",
                                        rows.len() + 1
                                    ),
                                )
                                .at(source, open..open + 1)
                                .with_label("this quote opens the cell")
                                .with_help(Some(
                                    "add the closing `\"`; a `\"` inside a quoted cell is written twice: `\"\"`".to_owned(),
                                )),
                            );
                            return Table { source, rows };
                        }
                        Some(offset) => {
                            let quote = segment + offset;
                            raw.push_str(&text[segment..quote]);
                            if bytes.get(quote + 1) == Some(&b'"') {
                                raw.push('"');
                                segment = quote + 2;
                            } else {
                                break quote + 1;
                            }
                        }
                    }
                };
                j = close;
                while j < n && is_blank(bytes[j]) {
                    j += 1;
                }
                if j < n && bytes[j] != separator && bytes[j] != b'\n' && bytes[j] != b'\r' {
                    let stray_end = end_of_unquoted(bytes, j, separator);
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidCsv,
                            format!(
                                "row {}, column {}: text after the closing quote of a cell",
                                rows.len() + 1,
                                column_letter(cells.len())
                            ),
                        )
                        .at(source, j..stray_end)
                        .with_label("after the closing quote")
                        .with_related(source, open..close, "the quoted cell")
                        .with_help(Some(
                            "a `\"` inside a quoted cell is written twice: `\"\"`; or quote the whole cell".to_owned(),
                        )),
                    );
                    j = stray_end;
                }
                cells.push(Cell {
                    raw,
                    span: open..close,
                });
                i = j;
            } else {
                let end = end_of_unquoted(bytes, i, separator);
                cells.push(Cell {
                    raw: text[i..end].to_owned(),
                    span: i..end,
                });
                i = end;
            }
            if i < n && bytes[i] == separator {
                i += 1;
                continue;
            }
            if i < n && bytes[i] == b'\r' {
                i += 1;
            }
            if i < n && bytes[i] == b'\n' {
                i += 1;
            }
            break;
        }
        rows.push(Row {
            number: rows.len() + 1,
            cells,
            start,
        });
    }
    Table { source, rows }
}

/// The end of an unquoted cell starting at `from`: the next separator or line break.
fn end_of_unquoted(bytes: &[u8], from: usize, separator: u8) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == separator || b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cells(text: &str, separator: u8) -> (Vec<Vec<String>>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let table = parse(text, SourceId::from_index(0), separator, &mut diagnostics);
        let rows = table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.raw.clone()).collect())
            .collect();
        (rows, diagnostics)
    }

    #[test]
    fn reads_quoted_multiline_cells_and_doubled_quotes() {
        let text =
            "Role;Description\nLead;\"Leads \"\"big\"\" work\r\nacross teams\"\r\nJunior;x\n";
        let (rows, diagnostics) = cells(text, b';');
        assert!(diagnostics.is_empty());
        assert_eq!(
            rows,
            [
                vec!["Role", "Description"],
                vec!["Lead", "Leads \"big\" work\r\nacross teams"],
                vec!["Junior", "x"],
            ]
        );
    }

    #[test]
    fn row_numbers_count_rows_not_lines_and_spans_point_at_cells() {
        let text = "a,b\n\"x\ny\",z\n\nlast,\"q\"";
        let mut diagnostics = Vec::new();
        let table = parse(text, SourceId::from_index(0), b',', &mut diagnostics);
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        let z = &table.rows[1].cells[1];
        assert_eq!(&text[z.span.clone()], "z");
        let q = &table.rows[3].cells[1];
        assert_eq!(&text[q.span.clone()], "\"q\"");
        assert_eq!(
            table.rows[2].cells.len(),
            1,
            "a blank line is one empty cell"
        );
    }

    #[test]
    fn trailing_separator_gives_an_empty_last_cell() {
        let (rows, _) = cells("a,b,\n", b',');
        assert_eq!(rows, [vec!["a", "b", ""]]);
    }

    #[test]
    fn spaces_around_a_quoted_cell_are_allowed() {
        let (rows, diagnostics) = cells("a, \"b, c\" ,d", b',');
        assert!(diagnostics.is_empty());
        assert_eq!(rows, [vec!["a", "b, c", "d"]]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let text = "a,b\nc,\"never closed\nmore\n";
        let mut diagnostics = Vec::new();
        parse(text, SourceId::from_index(0), b',', &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::InvalidCsv);
        assert_eq!(diagnostics[0].span, Some(6..7));
        assert!(diagnostics[0].message.contains("row 2"));
    }

    #[test]
    fn text_after_a_closing_quote_is_reported_and_reading_goes_on() {
        let (rows, diagnostics) = cells("\"a\"b,c\nd,e\n", b',');
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].span, Some(3..4));
        assert_eq!(rows, [vec!["a", "c"], vec!["d", "e"]]);
    }

    #[test]
    fn separators_are_detected_from_the_header() {
        assert_eq!(detect_separator("Track;Role;\"a,b,c\"\nx,y,z,w"), b';');
        assert_eq!(detect_separator("Track,Role;x\n"), b',');
        assert_eq!(detect_separator("Track\tRole\tSkill\n"), b'\t');
        assert_eq!(detect_separator("Role\n"), b',');
    }

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    /// What the `csv` crate reads from the same text.
    fn with_csv_crate(text: &str, separator: u8) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    /// A cell as a spreadsheet writes it: quoted when it holds a separator, a quote or a
    /// line break.
    fn write_cell(cell: &str, separator: char) -> String {
        if cell.contains([separator, '"', '\n', '\r']) || cell.is_empty() {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_owned()
        }
    }

    proptest! {
        #[test]
        fn reads_what_the_csv_crate_reads(
            rows in prop::collection::vec(
                prop::collection::vec("[a-z ;,\"\n\r\u{00A0}é]{0,6}", 1..5),
                1..6,
            ),
            semicolon in any::<bool>(),
            crlf in any::<bool>(),
        ) {
            let (sep, sep_char) = if semicolon { (b';', ';') } else { (b',', ',') };
            let newline = if crlf { "\r\n" } else { "\n" };
            let text: String = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| write_cell(c, sep_char))
                        .collect::<Vec<_>>()
                        .join(&sep_char.to_string())
                })
                .collect::<Vec<_>>()
                .join(newline);
            let (ours, diagnostics) = cells(&text, sep);
            prop_assert!(diagnostics.is_empty());
            prop_assert_eq!(&ours, &rows);
            prop_assert_eq!(ours, with_csv_crate(&text, sep));
        }
    }
}
