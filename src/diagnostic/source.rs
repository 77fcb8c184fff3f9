//! The text of every file a run read, so diagnostics can be given a line and column and
//! show the offending line, long after the stage that found the problem has finished.

use std::sync::{Arc, OnceLock};

/// Identifies one file of a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(u32);

impl SourceId {
    /// The id the `index`th [`SourceMap::add`] call returns; lets files be parsed in parallel
    /// with their ids known before they are added.
    pub fn from_index(index: usize) -> Self {
        SourceId(u32::try_from(index).expect("fewer than 4 billion files"))
    }
}

/// A 1-based line and column; the column counts characters, not bytes, as editors do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line, counted from the top of the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The text is shared, so that `trellis serve`, which keeps the files it loaded between
/// rebuilds, can hand a copy of the map to each check without copying ten thousand texts.
#[derive(Clone, Debug)]
struct SourceFile {
    path: String,
    text: Arc<String>,
    line_starts: OnceLock<Vec<usize>>,
}

/// Every file read during a run, addressed by [`SourceId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; `path` is relative to the framework root, with forward slashes.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        self.files.push(SourceFile {
            path: path.into(),
            text: Arc::new(text.into()),
            line_starts: OnceLock::new(),
        });
        id
    }

    /// Gives file `id` a new text, read again from the same path.
    pub fn replace(&mut self, id: SourceId, text: impl Into<String>) {
        let file = &mut self.files[id.0 as usize];
        file.text = Arc::new(text.into());
        file.line_starts = OnceLock::new();
    }

    /// The id of the file at `path`, if it was read.
    pub fn find(&self, path: &str) -> Option<SourceId> {
        let index = self.files.iter().position(|f| f.path == path)?;
        Some(SourceId::from_index(index))
    }

    /// The file's path relative to the framework root.
    pub fn path(&self, id: SourceId) -> &str {
        &self.files[id.0 as usize].path
    }

    /// The file's text, shared rather than copied, for what outlives the map (a body in the
    /// model).
    pub fn shared_text(&self, id: SourceId) -> Arc<String> {
        Arc::clone(&self.files[id.0 as usize].text)
    }

    /// The file's text (without a byte-order mark; invalid UTF-8 replaced).
    pub fn text(&self, id: SourceId) -> &str {
        &self.files[id.0 as usize].text
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The line and column of byte `offset` in file `id`.
    pub fn position(&self, id: SourceId, offset: usize) -> Position {
        let file = &self.files[id.0 as usize];
        let starts = file.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = floor_char_boundary(&file.text, offset.min(file.text.len()));
        let line = starts.partition_point(|&start| start <= offset) - 1;
        let column = file.text[starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_from_the_top_and_columns_in_characters() {
        let mut map = SourceMap::new();
        let id = map.add("roles/a.md", "+++\r\ntitle = \"Ingénieur 🚀\"\ngrade = 1\n");
        assert_eq!(map.position(id, 0), Position { line: 1, column: 1 });
        let grade = map.text(id).find("grade").unwrap();
        assert_eq!(map.position(id, grade), Position { line: 3, column: 1 });
        let one = map.text(id).find('1').unwrap();
        assert_eq!(map.position(id, one), Position { line: 3, column: 9 });
        let rocket_end = map.text(id).find("🚀").unwrap() + 4;
        // `title = "Ingénieur 🚀` is 20 characters, so the quote after it is column 21.
        assert_eq!(
            map.position(id, rocket_end),
            Position {
                line: 2,
                column: 21
            }
        );
    }

    #[test]
    fn offsets_past_the_end_clamp_to_the_end() {
        let mut map = SourceMap::new();
        let id = map.add("x.md", "ab\ncd");
        assert_eq!(map.position(id, 99), Position { line: 2, column: 3 });
    }
}
