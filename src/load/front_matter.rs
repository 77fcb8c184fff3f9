//! Splits a Markdown file into its `+++` TOML front matter and its body, keeping the byte
//! offset of each so that positions found in the TOML can be reported from the top of the
//! file (Zola #1133 counted them from the start of the TOML block; readers then look at the
//! wrong line).

use crate::diagnostic::Span;

/// The two parts of a file, borrowed from its text.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The TOML between the delimiter lines.
    pub toml: &'a str,
    /// Where `toml` starts in the file.
    pub toml_offset: usize,
    /// The Markdown after the closing delimiter line.
    pub body: &'a str,
    /// Where `body` starts in the file.
    pub body_offset: usize,
    /// The opening `+++`.
    pub open: Span,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// Nothing but whitespace.
    Empty,
    /// The first non-blank line is not `+++`; the span covers that line.
    Missing(Span),
    /// No closing `+++` line; the span covers the opening one.
    Unclosed(Span),
}

const DELIMITER: &str = "+++";

/// Splits `text`. Blank lines before the opening delimiter are allowed; trailing spaces and
/// `\r` on the delimiter lines too, since editors on Windows add them.
pub fn split(text: &str) -> Result<FrontMatter<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = Lines { text, pos: 0 };
    let open = loop {
        let (start, line) = lines.next().ok_or(SplitError::Empty)?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == DELIMITER {
            break start..start + DELIMITER.len();
        }
        return Err(SplitError::Missing(start..start + trimmed.len()));
    };
    let toml_offset = lines.pos;
    for (start, line) in lines.by_ref() {
        if line.trim_end() == DELIMITER {
            let body_offset = lines.pos;
            return Ok(FrontMatter {
                toml: &text[toml_offset..start],
                toml_offset,
                body: &text[body_offset..],
                body_offset,
                open,
            });
        }
    }
    Err(SplitError::Unclosed(open))
}

/// Lines with their start offsets; a line includes no `\n`.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_body_with_offsets() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let fm = split(text).unwrap();
        assert_eq!(fm.toml, "title = \"A\"\n");
        assert_eq!(fm.toml_offset, 4);
        assert_eq!(fm.body, "Body\n");
        assert_eq!(&text[fm.body_offset..], "Body\n");
        assert_eq!(fm.open, 0..3);
    }

    #[test]
    fn accepts_crlf_and_a_missing_final_newline() {
        let fm = split("+++\r\na = 1\r\n+++").unwrap();
        assert_eq!(fm.toml, "a = 1\r\n");
        assert_eq!(fm.body, "");
    }

    #[test]
    fn accepts_leading_blank_lines() {
        let fm = split("\n\n+++\na = 1\n+++\n").unwrap();
        assert_eq!(fm.open, 2..5);
        assert_eq!(fm.toml, "a = 1\n");
    }

    #[test]
    fn reports_each_malformed_shape() {
        assert_eq!(split(" \n\t\n"), Err(SplitError::Empty));
        assert_eq!(split("title = 1\n"), Err(SplitError::Missing(0..9)));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unclosed(0..3)));
        // `++++` is not a delimiter.
        assert_eq!(split("++++\n"), Err(SplitError::Missing(0..4)));
    }
}
