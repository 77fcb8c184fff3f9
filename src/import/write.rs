//! Writes a [`Draft`] as the files of a framework folder, says what a re-import would
//! change in an existing one, and swaps the new files in so that an error never leaves a
//! half-written framework.
//!
//! Each file is one of the format's own tables ([`crate::format`]), filled from the draft
//! and written by [`emit`], the same definitions the loader reads and the schema describes.
//! Cell text is untrusted: [`emit`] writes every string as a one-line basic string with
//! every quote, backslash, line break and control character escaped, so no cell can end a
//! string, add a key, or put a `+++` line into the front matter. Markdown bodies go below
//! the front matter as they are; the site sanitizes them when it renders them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::draft::{Draft, DraftGroup, DraftLevel, DraftRole, DraftSkill, DraftTrack};
use crate::format::{self, LevelRef, Sp, emit};

/// The entries of a framework folder an import writes; everything else in the folder
/// (`pathways/`, `opportunities/`, `static/`, `templates/`, a README, `.git`) is left alone.
pub const OWNED: &[&str] = &["trellis.toml", "tracks", "roles", "skills"];

/// One file of the framework: its path under the folder, with `/`, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkFile {
    /// Path relative to the framework folder.
    pub path: String,
    /// Content.
    pub text: String,
}

/// A Markdown file: the front matter between `+++` lines, then the body.
fn markdown_file<T: Serialize>(front: &T, body: &str) -> String {
    let mut out = format!("+++\n{}+++\n", toml_text(front));
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    out
}

/// A table of the format as TOML. Every type of [`crate::format`] is a table, so this
/// cannot fail.
fn toml_text<T: Serialize>(table: &T) -> String {
    emit::to_toml(table).unwrap_or_default()
}

/// Every file of the framework `draft` describes, sorted by path.
pub fn files(draft: &Draft) -> Vec<FrameworkFile> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    files.insert("trellis.toml".to_owned(), toml_text(&config(draft)));
    for (order, track) in draft.tracks.iter().enumerate() {
        files.insert(
            format!("tracks/{}.md", track.id),
            markdown_file(&track_front(track, order + 1), &track.body),
        );
    }
    for (order, group) in draft.groups.iter().enumerate() {
        files.insert(
            format!("skills/{}/_group.md", group.id),
            markdown_file(&group_front(group, order + 1), ""),
        );
    }
    for (order, skill) in draft.skills.iter().enumerate() {
        let group = &draft.groups[skill.group].id;
        files.insert(
            format!("skills/{group}/{}.md", skill.id),
            markdown_file(&skill_front(draft, skill, order + 1), &skill.body),
        );
    }
    for role in &draft.roles {
        let track = &draft.tracks[role.track].id;
        files.insert(
            format!("roles/{track}/{}.md", role.id),
            markdown_file(&role_front(draft, role), &role.body),
        );
    }
    files
        .into_iter()
        .map(|(path, text)| FrameworkFile { path, text })
        .collect()
}

fn text(value: &str) -> Sp<String> {
    Sp::bare(value.to_owned())
}

fn texts(values: &[String]) -> Vec<Sp<String>> {
    values.iter().map(|v| text(v)).collect()
}

fn weight(order: usize) -> Option<Sp<i64>> {
    Some(Sp::bare(i64::try_from(order).unwrap_or(i64::MAX)))
}

/// `trellis.toml`: the title, the scale and the grades.
fn config(draft: &Draft) -> format::Config {
    format::Config {
        title: Some(text(&draft.title)),
        description: draft.description.as_deref().map(text),
        base_url: Some(text("/")),
        scale: Some(format::Scale {
            levels: texts(&draft.scale),
        }),
        grades: draft
            .grades
            .iter()
            .map(|g| format::Grade {
                id: text(&g.id),
                name: Some(text(&g.name)),
                summary: None,
                expectations: format::Keyed::default(),
            })
            .collect(),
        ..format::Config::default()
    }
}

/// A track's front matter; its `weight` is its place in the sheet, from 1, so the site
/// lists the tracks in the sheet's order.
fn track_front(track: &DraftTrack, order: usize) -> format::Track {
    format::Track {
        id: None,
        name: text(&track.name),
        kind: track.kind.as_deref().map(text),
        family: track.family.as_deref().map(text),
        summary: None,
        owners: texts(&track.owners),
        order: None,
        weight: weight(order),
        expectations: format::Keyed::default(),
    }
}

/// `_group.md`'s front matter, weighted by the group's place in the sheet.
fn group_front(group: &DraftGroup, order: usize) -> format::Group {
    format::Group {
        name: Some(text(&group.name)),
        summary: None,
        owners: Vec::new(),
        weight: weight(order),
    }
}

/// A skill's front matter with its `[[levels]]`, weighted by its place in the sheet.
fn skill_front(draft: &Draft, skill: &DraftSkill, order: usize) -> format::Skill {
    let level = |name: Option<&String>, level: &Option<DraftLevel>| {
        let level = level.as_ref();
        format::Level {
            name: name.map(|n| text(n)),
            summary: level.and_then(|l| l.summary.as_deref()).map(text),
            signals: level.map(|l| texts(&l.signals)).unwrap_or_default(),
            examples: Vec::new(),
            span: 0..0,
        }
    };
    let levels = match &skill.level_names {
        // Levels of its own are all written, each with its name, so that their count and
        // names are the skill's whatever the scale says.
        Some(names) => skill
            .levels
            .iter()
            .zip(names)
            .map(|(l, name)| level(Some(name), l))
            .collect(),
        // Every level is written so that their count is the scale's; each names the
        // scale's level it describes, for the reader of the file.
        None if skill.levels.iter().any(Option::is_some) => skill
            .levels
            .iter()
            .zip(&draft.scale)
            .map(|(l, name)| level(Some(name), l))
            .collect(),
        None => Vec::new(),
    };
    format::Skill {
        id: None,
        name: text(&skill.name),
        summary: None,
        aliases: Vec::new(),
        related: Vec::new(),
        weight: weight(order),
        first_level: None,
        levels,
    }
}

/// A role's front matter, with its requirements in the sheet's order, each level written
/// by its name.
fn role_front(draft: &Draft, role: &DraftRole) -> format::Role {
    let skills = role
        .requirements
        .iter()
        .map(|requirement| {
            let skill = &draft.skills[requirement.skill];
            let names = skill.level_names.as_ref().unwrap_or(&draft.scale);
            let level = match requirement.level.checked_sub(1).and_then(|i| names.get(i)) {
                Some(name) => LevelRef::Name(name.clone()),
                None => LevelRef::Number(i64::try_from(requirement.level).unwrap_or(i64::MAX)),
            };
            (
                text(&skill.id),
                format::Requirement {
                    level: Sp::bare(level),
                    expectations: texts(&requirement.expectations),
                },
            )
        })
        .collect();
    format::Role {
        id: None,
        title: text(&role.title),
        grade: text(&draft.grades[role.grade].id),
        summary: role.summary.as_deref().map(text),
        aliases: texts(&role.aliases),
        next: None,
        lateral: Vec::new(),
        pay: None,
        skills: format::Requirements(skills),
        choices: Vec::new(),
        expectations: format::Keyed::default(),
    }
}

/// What happens to one file of the framework folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new file.
    Added,
    /// A file whose content changes, with the lines added and removed.
    Changed {
        /// Lines in the new file and not the old.
        added: usize,
        /// Lines in the old file and not the new.
        removed: usize,
    },
    /// A file the import would not write, in a folder it replaces.
    Removed,
}

/// What an import would do to a framework folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Changed files, by path.
    pub changes: Vec<(String, Change)>,
    /// How many files stay as they are.
    pub unchanged: usize,
}

impl Plan {
    /// True when the import would change nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Counts of added, changed and removed files.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |f: fn(&Change) -> bool| self.changes.iter().filter(|(_, c)| f(c)).count();
        (
            count(|c| matches!(c, Change::Added)),
            count(|c| matches!(c, Change::Changed { .. })),
            count(|c| matches!(c, Change::Removed)),
        )
    }
}

/// What kind of folder the output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// It does not exist yet.
    New,
    /// An empty folder.
    Empty,
    /// A framework folder (it holds `trellis.toml`): a re-import.
    Framework,
}

/// Looks at the output folder, refusing one that is a file or a non-empty folder that is
/// not a framework, which an import must never overwrite.
pub fn target(dir: &Path) -> Result<Target> {
    if !dir.exists() {
        return Ok(Target::New);
    }
    if !dir.is_dir() {
        bail!(
            "`{}` is a file; the framework needs a folder",
            dir.display()
        );
    }
    let mut entries =
        fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    if entries.next().is_none() {
        return Ok(Target::Empty);
    }
    if dir.join("trellis.toml").is_file() {
        return Ok(Target::Framework);
    }
    bail!(
        "refusing to write into `{}`: it is not empty and holds no `trellis.toml`, so it is not a framework folder; choose a new or empty folder",
        dir.display()
    )
}

/// The files an import owns that `dir` holds now, by path.
fn owned_files(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for entry in OWNED {
        let path = dir.join(entry);
        if path.is_file() {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
            out.insert((*entry).to_owned(), bytes);
        } else if path.is_dir() {
            for item in walkdir::WalkDir::new(&path).sort_by_file_name() {
                let item = item.with_context(|| format!("cannot read `{}`", path.display()))?;
                if item.file_type().is_dir() {
                    continue;
                }
                let rel = item
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(item.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                // A symbolic link is reported by its path and never followed.
                let bytes = if item.file_type().is_file() {
                    fs::read(item.path())
                        .with_context(|| format!("cannot read `{}`", item.path().display()))?
                } else {
                    Vec::new()
                };
                out.insert(rel, bytes);
            }
        }
    }
    Ok(out)
}

/// Compares the files an import would write with what `dir` holds.
pub fn plan(dir: &Path, files: &[FrameworkFile]) -> Result<Plan> {
    let mut old = owned_files(dir)?;
    let mut plan = Plan::default();
    let mut changes: BTreeMap<String, Change> = BTreeMap::new();
    for file in files {
        match old.remove(&file.path) {
            None => {
                changes.insert(file.path.clone(), Change::Added);
            }
            Some(bytes) if bytes == file.text.as_bytes() => plan.unchanged += 1,
            Some(bytes) => {
                let (added, removed) = line_changes(&String::from_utf8_lossy(&bytes), &file.text);
                changes.insert(file.path.clone(), Change::Changed { added, removed });
            }
        }
    }
    for path in old.into_keys() {
        changes.insert(path, Change::Removed);
    }
    plan.changes = changes.into_iter().collect();
    Ok(plan)
}

/// Lines added and removed between two texts: those outside their longest common
/// subsequence of lines.
pub fn line_changes(old: &str, new: &str) -> (usize, usize) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a = &a[prefix..a.len() - suffix];
    let b = &b[prefix..b.len() - suffix];
    // Framework files are small; past this the count is only an upper bound.
    if a.len().saturating_mul(b.len()) > 4_000_000 {
        return (b.len(), a.len());
    }
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    let common = row[b.len()];
    (b.len() - common, a.len() - common)
}

/// The new framework written beside the output folder, not yet in place. Dropping it
/// unfinished removes it.
#[derive(Debug)]
pub struct Staged {
    root: PathBuf,
    target: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staged {
    /// The staged framework, to check before it is committed. It holds the new files and a
    /// copy of the output folder's `pathways/` and `opportunities/`, so the check sees the
    /// framework as it will be.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Moves the new files into the output folder: the whole folder when it is new, else
    /// each entry of [`OWNED`] in turn, putting the old ones back if any move fails.
    pub fn commit(mut self) -> Result<()> {
        if !self.target.exists() {
            // A new folder has no `pathways/` or `opportunities/` to keep, so the staged
            // folder is exactly the framework.
            fs::rename(&self.root, &self.target).with_context(|| {
                format!("cannot move the framework into `{}`", self.target.display())
            })?;
            self.committed = true;
            return Ok(());
        }
        let backup = self
            .parent
            .join(format!(".{}.import-old-{}", self.name, std::process::id()));
        if backup.exists() {
            fs::remove_dir_all(&backup)
                .with_context(|| format!("cannot clear `{}`", backup.display()))?;
        }
        fs::create_dir(&backup).with_context(|| format!("cannot create `{}`", backup.display()))?;
        let mut moved_out: Vec<&str> = Vec::new();
        let mut moved_in: Vec<&str> = Vec::new();
        let result = (|| -> Result<()> {
            for entry in OWNED {
                let old = self.target.join(entry);
                if old.symlink_metadata().is_ok() {
                    fs::rename(&old, backup.join(entry))
                        .with_context(|| format!("cannot move `{}` aside", old.display()))?;
                    moved_out.push(entry);
                }
                let new = self.root.join(entry);
                if new.exists() {
                    fs::rename(&new, &old)
                        .with_context(|| format!("cannot move the new `{entry}` into place"))?;
                    moved_in.push(entry);
                }
            }
            Ok(())
        })();
        if let Err(error) = result {
            for entry in moved_in {
                let path = self.target.join(entry);
                let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
            }
            for entry in moved_out {
                let _ = fs::rename(backup.join(entry), self.target.join(entry));
            }
            let _ = fs::remove_dir_all(&backup);
            return Err(error.context(format!("`{}` is as it was", self.target.display())));
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&self.root);
        fs::remove_dir_all(&backup)
            .with_context(|| format!("cannot remove the old files at `{}`", backup.display()))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

/// Writes `files` into a folder beside `target` (so the final moves are renames on one
/// file system), with a copy of the target's `pathways/` and `opportunities/`.
pub fn stage(target: &Path, files: &[FrameworkFile]) -> Result<Staged> {
    let absolute = if target.exists() {
        fs::canonicalize(target)
            .with_context(|| format!("cannot resolve `{}`", target.display()))?
    } else {
        let name = target
            .file_name()
            .with_context(|| format!("`{}` does not name a folder", target.display()))?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        fs::canonicalize(&parent)
            .with_context(|| format!("cannot resolve `{}`", parent.display()))?
            .join(name)
    };
    let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        bail!("cannot write a framework at `{}`", target.display());
    };
    let name = name.to_string_lossy().into_owned();
    let root = parent.join(format!(".{name}.import-{}", std::process::id()));
    if root.exists() {
        fs::remove_dir_all(&root).with_context(|| format!("cannot clear `{}`", root.display()))?;
    }
    let staged = Staged {
        root,
        target: absolute.clone(),
        parent: parent.to_owned(),
        name,
        committed: false,
    };
    for file in files {
        let path = staged.root.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        fs::write(&path, &file.text)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    for kept in ["pathways", "opportunities"] {
        let from = absolute.join(kept);
        if from.is_dir() {
            copy_tree(&from, &staged.root.join(kept))?;
        }
    }
    Ok(staged)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.with_context(|| format!("cannot read `{}`", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
                .with_context(|| format!("cannot create `{}`", target.display()))?;
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy `{}`", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_changes_count_lines_outside_the_common_part() {
        assert_eq!(line_changes("a\nb\nc\n", "a\nb\nc\n"), (0, 0));
        assert_eq!(line_changes("a\nb\nc\n", "a\nx\nc\nd\n"), (2, 1));
        assert_eq!(line_changes("", "a\nb\n"), (2, 0));
        assert_eq!(line_changes("a\nb\n", ""), (0, 2));
    }
}
