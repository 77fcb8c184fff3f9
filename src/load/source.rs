//! Where the loader's files come from: a folder on disk, or a list of `(path, bytes)` such as
//! the tree of a git revision (see [`crate::git`]).
//!
//! Both sources answer the same two questions — which files lie under a content folder, and
//! what bytes one file holds — so discovery, parsing and every diagnostic are the same
//! whichever the files came from.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic};

/// A set of framework files addressed by their path relative to the framework root, with
/// forward slashes.
pub trait FileSource: Sync {
    /// Every regular file under the content folder `folder` (e.g. `roles`), in the order of
    /// a walk that visits each folder's entries sorted by name. Folders whose name starts
    /// with `.` or `_` are skipped with their content. Problems reading the folder are
    /// pushed to `errors`.
    fn list(&self, folder: &str, errors: &mut Vec<Diagnostic>) -> Vec<String>;

    /// The bytes of the file at `rel`; an error of kind `NotFound` when there is none.
    fn read(&self, rel: &str) -> io::Result<Vec<u8>>;
}

/// A framework folder on disk.
#[derive(Debug)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `root`.
    pub fn new(root: &Path) -> Self {
        Folder {
            root: root.to_owned(),
        }
    }
}

impl FileSource for Folder {
    fn list(&self, folder: &str, errors: &mut Vec<Diagnostic>) -> Vec<String> {
        let root = &self.root;
        let dir = root.join(folder);
        if !dir.is_dir() {
            return Vec::new();
        }
        let walker = WalkDir::new(&dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            // Hidden and `_`-prefixed folders (drafts, `.git`) are skipped with their content.
            .filter_entry(|e| {
                e.depth() == 0
                    || !e.file_type().is_dir()
                    || !ignored_name(&e.file_name().to_string_lossy())
            });
        let mut files = Vec::new();
        for item in walker {
            let item = match item {
                Ok(item) => item,
                Err(error) => {
                    let path = error
                        .path()
                        .and_then(|p| p.strip_prefix(root).ok())
                        .map(slash_path)
                        .unwrap_or_else(|| folder.to_string());
                    errors.push(Diagnostic::error(
                        Code::Io,
                        format!("cannot read `{path}`: {error}"),
                    ));
                    continue;
                }
            };
            // Symbolic links are not followed: a linked file is skipped like any non-file.
            if item.file_type().is_file() {
                files.push(slash_path(
                    item.path().strip_prefix(root).unwrap_or(item.path()),
                ));
            }
        }
        files
    }

    fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(rel))
    }
}

/// Files held in memory, such as the blobs of a git tree.
#[derive(Debug, Default)]
pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
}

impl Memory {
    /// The files of `files`; a path given twice keeps its last bytes.
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Self {
        Memory {
            files: files.into_iter().collect(),
        }
    }
}

impl FileSource for Memory {
    fn list(&self, folder: &str, _errors: &mut Vec<Diagnostic>) -> Vec<String> {
        let prefix = format!("{folder}/");
        let mut files: Vec<&String> = self
            .files
            .keys()
            .filter(|rel| rel.starts_with(&prefix))
            .filter(|rel| {
                // The folders between the content folder and the file, as the walk skips them.
                let parts: Vec<&str> = rel.split('/').collect();
                !parts[1..parts.len() - 1].iter().any(|d| ignored_name(d))
            })
            .collect();
        // The walk on disk sorts each folder's entries by name; comparing paths part by
        // part gives the same order (`a/x` before `a-b/x`, which a plain string sort would
        // reverse since `-` sorts before `/`).
        files.sort_by(|a, b| a.split('/').cmp(b.split('/')));
        files.into_iter().cloned().collect()
    }

    fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        self.files
            .get(rel)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}

/// Names of files and folders the loader skips: hidden ones and `_` drafts.
pub(crate) fn ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

pub(crate) fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_lists_like_a_sorted_walk_and_skips_hidden_folders() {
        let files = Memory::new(
            [
                "roles/a-b/x.md",
                "roles/a/y.md",
                "roles/a/x.md",
                "roles/_drafts/z.md",
                "roles/a/.hidden/w.md",
                "roles/a/_note.md",
                "tracks/a.md",
            ]
            .map(|p| (p.to_owned(), Vec::new())),
        );
        assert_eq!(
            files.list("roles", &mut Vec::new()),
            [
                "roles/a/_note.md",
                "roles/a/x.md",
                "roles/a/y.md",
                "roles/a-b/x.md"
            ]
        );
        assert_eq!(
            files.read("tracks/b.md").unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }
}
