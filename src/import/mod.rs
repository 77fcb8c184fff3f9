//! Import: turns a career framework kept in a spreadsheet into a framework folder.
//!
//! ```text
//! CSV exports + mapping file
//!   -> mapping (which column holds what, the scale, the grade axis and its level words)
//!   -> table (each CSV cut into rows of cells, each cell with its place in the file)
//!   -> reader (the levels sheet and the scale cells first, then every row: cleaned,
//!      merged, graded, with stable ids, each job in a module named for it)
//!   -> draft (the framework the rows describe)
//!   -> write (the files of the folder; a plan of what a re-import changes; a staged swap)
//! ```
//!
//! Like `load`, the stage never stops at the first problem: every problem in the mapping
//! and in every CSV file is a [`Diagnostic`] at its file, line and column (the message
//! names the spreadsheet row and column, which is what the author looks at), and the command
//! renders them all at once. Nothing is written when there is any error.

mod cells;
mod columns;
pub mod draft;
mod grades;
mod grading;
mod ids;
mod levels;
mod long;
pub mod mapping;
pub mod reader;
mod requirements;
mod roles;
mod settle;
mod skill_levels;
mod skills;
pub mod table;
mod text;
mod wide;
pub mod write;

use std::path::{Path, PathBuf};

pub use draft::Draft;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, SourceId, SourceMap};

/// The result of reading CSV files with a mapping.
#[derive(Debug)]
pub struct Import {
    /// The framework they describe; `None` when there is any error.
    pub draft: Option<Draft>,
    /// The mapping and every CSV file, for rendering diagnostics.
    pub sources: SourceMap,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Diagnostics,
}

/// Reads the CSV `files` with the mapping file at `mapping_path`.
pub fn read_csv(files: &[PathBuf], mapping_path: &Path) -> Import {
    let mut sources = SourceMap::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();

    let mapping_source = SourceId::from_index(0);
    let (mapping_text, usable) = read_text(mapping_path, mapping_source, &mut diagnostics);
    let mapping = if usable {
        mapping::read(&mapping_text, mapping_source, &mut diagnostics)
    } else {
        None
    };
    let id = sources.add(mapping_path.display().to_string(), mapping_text);
    debug_assert_eq!(id, mapping_source);

    let separator = mapping.as_ref().and_then(|m| m.separator);
    let mut sheets = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let source = SourceId::from_index(i + 1);
        sheets.extend(read_sheet(
            path,
            source,
            separator,
            &mut sources,
            &mut diagnostics,
        ));
    }
    // The levels sheet is named in the mapping, relative to the mapping file.
    let level_sheet = mapping
        .as_ref()
        .and_then(|m| m.level_sheet.as_ref())
        .and_then(|def| {
            let path = mapping_path
                .parent()
                .unwrap_or(Path::new(""))
                .join(&def.file.value);
            if !path.is_file() {
                diagnostics.push(
                    Diagnostic::error(
                        Code::Io,
                        format!("the levels sheet `{}` does not exist", path.display()),
                    )
                    .at(mapping_source, def.file.span.clone())
                    .with_label("no such file")
                    .with_help(Some(
                        "give the path of the levels sheet's CSV export, relative to the mapping file".to_owned(),
                    )),
                );
                return None;
            }
            let source = SourceId::from_index(files.len() + 1);
            read_sheet(&path, source, separator, &mut sources, &mut diagnostics)
        });
    let draft = match &mapping {
        Some(mapping) if !diagnostics.iter().any(Diagnostic::is_error) => {
            reader::read(mapping, &sheets, level_sheet.as_ref(), &mut diagnostics)
        }
        Some(mapping) => {
            // Still read the sheets that could be read, for their own problems.
            reader::read(mapping, &sheets, level_sheet.as_ref(), &mut diagnostics);
            None
        }
        None => None,
    };
    let mut sorted = Diagnostics::new();
    sorted.extend(diagnostics);
    sorted.sort();
    let draft = draft.filter(|_| !sorted.has_errors());
    Import {
        draft,
        sources,
        diagnostics: sorted,
    }
}

/// Reads the CSV file at `path` as the source `source` and cuts it into rows; `None`, with
/// diagnostics, when it cannot be read or cut. `separator` is the mapping's, if it has one.
fn read_sheet(
    path: &Path,
    source: SourceId,
    separator: Option<u8>,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<reader::Sheet> {
    let (text, usable) = read_text(path, source, diagnostics);
    if !usable {
        sources.add(path.display().to_string(), text);
        return None;
    }
    let separator = separator.unwrap_or_else(|| table::detect_separator(&text));
    let mut problems = Vec::new();
    let table = table::parse(&text, source, separator, &mut problems);
    let broken = problems.iter().any(Diagnostic::is_error);
    diagnostics.extend(problems);
    let id = sources.add(path.display().to_string(), text);
    debug_assert_eq!(id, source);
    // A sheet that could not be cut into cells is missing rows; reading it would only add
    // misleading follow-on problems.
    (!broken).then(|| reader::Sheet {
        table,
        path: path.display().to_string(),
        stem: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        separator,
    })
}

/// A file's text (UTF-8 with or without a byte-order mark, which is dropped) and whether it
/// can be used: false, with a diagnostic, when it cannot be read or is not UTF-8.
fn read_text(path: &Path, source: SourceId, diagnostics: &mut Vec<Diagnostic>) -> (String, bool) {
    let mut bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::Io,
                    format!("cannot read `{}`: {error}", path.display()),
                )
                .in_file(source),
            );
            return (String::new(), false);
        }
    };
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, true),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            diagnostics.push(
                Diagnostic::error(Code::InvalidUtf8, "the file is not valid UTF-8")
                    .at(source, at..at + 1)
                    .with_label("this byte is not UTF-8")
                    .with_help(Some(
                        "save or export it as UTF-8: \"CSV UTF-8\" in Excel; Google Sheets and LibreOffice write UTF-8 when the character set is Unicode (UTF-8)".to_owned(),
                    )),
            );
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                false,
            )
        }
    }
}
