//! Level cells: a number on the skill's scale, a level's name, or `0` for "not required";
//! anything else is an error that lists the levels. A skill's scale is the mapping's
//! `[scale]` unless it has levels of its own (see `skill_levels`).

use super::cells::Located;
use super::reader::{Cursor, Reader};
use super::text;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

/// How a level cell reads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum LevelCell {
    Level(usize),
    NotRequired,
    OutOfRange(i64),
    Unknown,
}

/// The whole number a cell holds, if it holds one. Spreadsheets export `3` as `3.0` or, in
/// some locales, `3,0`.
pub(super) fn whole_number(cell: &str) -> Option<i64> {
    let trimmed = cell.trim();
    let whole = trimmed
        .split_once(['.', ','])
        .filter(|(_, fraction)| !fraction.is_empty() && fraction.bytes().all(|b| b == b'0'))
        .map_or(trimmed, |(whole, _)| whole);
    whole.parse::<i64>().ok()
}

pub(super) fn parse_level(cell: &str, scale: &[String]) -> LevelCell {
    if let Some(n) = whole_number(cell) {
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

impl Reader<'_> {
    /// The level names of `skill`: its own, or the mapping's `[scale]`.
    pub(super) fn level_names(&self, skill: usize) -> &[String] {
        match &self.skills[skill].own {
            Some(own) => &own.names,
            None => &self.mapping.scale,
        }
    }

    /// Reads a level cell of `skill`; `None` when it names no level (reported), or is `0`.
    pub(super) fn level(
        &mut self,
        cursor: &Cursor<'_>,
        column: usize,
        skill: usize,
        at: &Located,
    ) -> Option<usize> {
        if self.skills[skill].own.is_some() {
            return self.own_level(cursor, column, skill, at);
        }
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

    /// [`Self::level`] for a skill with levels of its own: the same rules, with messages that
    /// name the skill and where its levels come from.
    fn own_level(
        &mut self,
        cursor: &Cursor<'_>,
        column: usize,
        skill: usize,
        at: &Located,
    ) -> Option<usize> {
        let entry = &self.skills[skill];
        let own = entry.own.as_ref().expect("own levels");
        let (skill_name, from, scale) = (&entry.name, &own.from, &own.names);
        let place = Self::place(cursor, at.row, column);
        let names = scale
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} `{n}`", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let diagnostic = match parse_level(&at.text, scale) {
            LevelCell::Level(n) => return Some(n),
            LevelCell::NotRequired => return None,
            LevelCell::OutOfRange(n) => Diagnostic::error(
                Code::LevelOutOfRange,
                format!(
                    "{place}: level {n} is not one of the {} levels of `{skill_name}`",
                    scale.len()
                ),
            )
            .with_label("not a level of the skill")
            .with_help(Some(format!(
                "use a level from 1 to {} ({names}), or `0` when the role does not need the skill; `{skill_name}` takes its levels from {from}",
                scale.len()
            ))),
            LevelCell::Unknown => {
                let help = did_you_mean(&at.text, scale.iter().map(String::as_str)).unwrap_or_else(
                    || {
                        format!(
                            "the levels of `{skill_name}` (from {from}) are {names}; `0` means not required"
                        )
                    },
                );
                Diagnostic::error(
                    Code::UnknownLevel,
                    format!("{place}: `{}` is not a level of `{skill_name}`", at.text),
                )
                .with_label("not a level number or name")
                .with_help(Some(help))
            }
        };
        self.diagnostics
            .push(diagnostic.at(at.source, at.span.clone()));
        None
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
}
