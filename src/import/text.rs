//! Cleans the text of a spreadsheet cell.
//!
//! Cells copied between spreadsheets, web pages and word processors carry characters a
//! reader cannot see: non-breaking and other fixed-width spaces, zero-width spaces, Unicode
//! line and paragraph separators, stray control characters. Left in, they make two names
//! that look the same compare different (and so become two roles), and they end up in ids,
//! TOML and Markdown. Every cell goes through [`line`] (names, titles, levels) or [`block`]
//! (descriptions) before it is used.

/// Maps one character to what it stands for: `Some(' ')` for any kind of space, `Some('\n')`
/// for any kind of line break, `None` for characters that are dropped.
fn clean_char(c: char) -> Option<char> {
    match c {
        // Tab, no-break space, Ogham space, en/em/thin/hair... spaces, narrow no-break
        // space, medium mathematical space, ideographic space.
        '\t'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Some(' '),
        // Vertical tab, form feed, next line, line separator, paragraph separator.
        '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' | '\n' => Some('\n'),
        // Zero-width space, word joiner, byte-order mark used as a zero-width no-break
        // space, soft hyphen, Mongolian vowel separator: invisible, and never meant as text.
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => None,
        // Every other control character (a `\r` on its own has been turned into `\n`
        // before this is called).
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// The characters of `raw` with line breaks unified and invisible characters dropped.
fn cleaned(raw: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = raw.chars().peekable();
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            if c == '\r' {
                // `\r\n` and a lone `\r` (old Mac exports) are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                return Some('\n');
            }
            if let Some(c) = clean_char(c) {
                return Some(c);
            }
        }
    })
}

/// A one-line value: every run of spaces and line breaks becomes one space, and the ends are
/// trimmed. `"Senior\u{00A0}engineer\u{200B} "` becomes `"Senior engineer"`.
pub fn line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in cleaned(raw) {
        if c == ' ' || c == '\n' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Running text kept as Markdown: line breaks are kept (a run of blank lines becomes one
/// blank line), trailing spaces are removed from every line, and blank lines at either end
/// are dropped. Indentation inside the text is kept, since Markdown lists depend on it.
pub fn block(raw: &str) -> String {
    let text: String = cleaned(raw).collect();
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run {
                out.push('\n');
            }
        }
        blank_run = false;
        // The first line starts the text: leading spaces there would make it a code block.
        out.push_str(if out.is_empty() {
            line.trim_start()
        } else {
            line
        });
    }
    out
}

/// The form two names are compared in: [`line`], lowercased.
pub fn fold(raw: &str) -> String {
    line(raw).to_lowercase()
}

/// The text of a list item line (`- `, `* ` or `•` before it), or `None` for other lines.
fn list_item(line: &str) -> Option<&str> {
    let line = line.trim();
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix('•'))
}

/// The statements of a multi-line cell, one per line, without list markers: a cell holding
/// `"- Writes tests\n- Reviews code"` gives `["Writes tests", "Reviews code"]`.
pub fn statements(raw: &str) -> Vec<String> {
    block(raw)
        .lines()
        .map(|l| line(list_item(l).unwrap_or(l)))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The items of a cell that lists several short values (aliases, owners): one per line, or
/// separated by `;` or `,`, without list markers, each once (ignoring case).
pub fn items(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in block(raw).split(['\n', ';', ',']) {
        let item = line(list_item(item).unwrap_or(item));
        if !item.is_empty() && !out.iter().any(|o| o.to_lowercase() == item.to_lowercase()) {
            out.push(item);
        }
    }
    out
}

/// A level description cell split the way a skill level is written: its prose, joined into
/// one line (the level's summary), and its list items (the level's signals).
pub fn prose_and_items(raw: &str) -> (String, Vec<String>) {
    let mut prose = Vec::new();
    let mut items = Vec::new();
    let text = block(raw);
    for l in text.lines() {
        match list_item(l) {
            Some(item) => items.push(line(item)),
            None => prose.push(l),
        }
    }
    items.retain(|i| !i.is_empty());
    (line(&prose.join(" ")), items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_unifies_invisible_and_unusual_spaces() {
        assert_eq!(line("Senior\u{00A0}engineer"), "Senior engineer");
        assert_eq!(
            line("Sen\u{200B}ior  \t engineer\u{FEFF} "),
            "Senior engineer"
        );
        assert_eq!(line("Staff\u{2028}engineer"), "Staff engineer");
        assert_eq!(line("\u{202F}Lead\r\n designer\u{3000}"), "Lead designer");
        assert_eq!(line("\u{200B}\u{00A0} "), "");
        assert_eq!(
            line("Ingénieure\u{0007} principale"),
            "Ingénieure principale"
        );
    }

    #[test]
    fn block_keeps_paragraphs_and_lists() {
        assert_eq!(
            block("  First line  \r\nsecond\u{2028}\u{2028}\n\n\n- item\n  - nested\u{00A0}\n\n"),
            "First line\nsecond\n\n- item\n  - nested"
        );
        assert_eq!(block("a\u{2029}b\rc"), "a\nb\nc");
        assert_eq!(block(" \n \n"), "");
    }

    #[test]
    fn fold_ignores_case_and_spacing() {
        assert_eq!(fold("Senior\u{00A0}Engineer "), fold("senior engineer"));
    }

    #[test]
    fn level_descriptions_split_into_prose_and_items() {
        let (prose, items) = prose_and_items(
            "Owns the design\u{2028}of a service.\n- Writes design notes\n• Runs reviews",
        );
        assert_eq!(prose, "Owns the design of a service.");
        assert_eq!(items, ["Writes design notes", "Runs reviews"]);
        assert_eq!(
            prose_and_items("Just prose"),
            ("Just prose".to_owned(), vec![])
        );
    }

    #[test]
    fn items_split_on_lines_semicolons_and_commas_once_each() {
        assert_eq!(
            items("Developer; SWE II\n- Coder, developer"),
            ["Developer", "SWE II", "Coder"]
        );
        assert!(items(" ; ,\n").is_empty());
    }

    #[test]
    fn statements_split_lines_and_drop_markers() {
        assert_eq!(
            statements("- Writes tests\n* Reviews code\n•Pairs\n\nMentors"),
            ["Writes tests", "Reviews code", "Pairs", "Mentors"]
        );
        assert!(statements(" \n").is_empty());
    }
}
