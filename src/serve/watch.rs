//! Watching the framework for edits: notify's native watcher (inotify on Linux), a short
//! debounce so that one save is one rebuild, and the sorting of changed paths into
//! [`Changes`]. Editor temp, swap and backup files are ignored, and so is everything the
//! loader does not read.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, CreateKind, MetadataKind, ModifyKind, RemoveKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::rebuild::Changes;

/// How long the folder must stay quiet before a rebuild starts: an editor's save is often a
/// write, a rename and a metadata change within a few milliseconds.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// The longest a stream of changes (a `git checkout`, a copy) delays its rebuild.
const MAX_DELAY: Duration = Duration::from_millis(500);

/// The content folders the loader reads (`src/load`).
const CONTENT: &[&str] = &[
    "tracks",
    "roles",
    "skills",
    "pathways",
    "opportunities",
    "pages",
];

/// What the loop that rebuilds waits for.
#[derive(Debug)]
pub enum Signal {
    /// Something happened in a watched folder.
    Fs(notify::Result<notify::Event>),
    /// Stop serving (Ctrl-C).
    Stop,
}

/// The folders being watched.
pub struct Watch {
    _watcher: RecommendedWatcher,
    /// The framework folder, as the watcher reports its paths.
    pub dir: PathBuf,
    /// The `--theme` folder, likewise.
    pub theme: Option<PathBuf>,
}

/// Starts watching `dir` and `theme`, sending every event to `signals`.
pub fn start(dir: &Path, theme: Option<&Path>, signals: Sender<Signal>) -> Result<Watch> {
    // Events carry absolute paths; canonical roots make them comparable.
    let dir = dir
        .canonicalize()
        .with_context(|| format!("cannot watch `{}`", dir.display()))?;
    let theme = theme
        .map(|t| {
            t.canonicalize()
                .with_context(|| format!("cannot watch `{}`", t.display()))
        })
        .transpose()?;
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = signals.send(Signal::Fs(event));
    })
    .context("cannot start the file watcher")?;
    watcher
        .watch(&dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch `{}`", dir.display()))?;
    if let Some(theme) = &theme {
        watcher
            .watch(theme, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch `{}`", theme.display()))?;
    }
    Ok(Watch {
        _watcher: watcher,
        dir,
        theme,
    })
}

/// How waiting for the next batch of changes ended.
pub enum Batch {
    /// Changes to build.
    Changes(Changes),
    /// Stop serving.
    Stop,
}

impl Watch {
    /// Waits for changes, then gathers those that follow within [`DEBOUNCE`] of each other
    /// (for at most [`MAX_DELAY`]). Events that change nothing the site is built from are
    /// dropped without waking the caller.
    pub fn next_batch(&self, signals: &Receiver<Signal>) -> Batch {
        let mut changes = Changes::default();
        let mut first: Option<Instant> = None;
        loop {
            let wait = match first {
                None => Duration::from_secs(3600),
                Some(at) => DEBOUNCE.min(MAX_DELAY.saturating_sub(at.elapsed())),
            };
            match signals.recv_timeout(wait) {
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Batch::Stop,
                Ok(Signal::Fs(Ok(event))) => {
                    if !is_change(&event.kind) {
                        continue;
                    }
                    let before = changes.clone();
                    for (i, path) in event.paths.iter().enumerate() {
                        // A rename's first path is gone by now; it was what the second is.
                        let renamed = matches!(event.kind, EventKind::Modify(ModifyKind::Name(_)))
                            && event.paths.len() == 2
                            && i == 0;
                        let probe = if renamed { &event.paths[1] } else { path };
                        if let Some(change) = self.classify(path, hint(&event.kind, probe)) {
                            changes.merge(change);
                        }
                    }
                    if changes != before && first.is_none() {
                        first = Some(Instant::now());
                    }
                }
                Ok(Signal::Fs(Err(error))) => {
                    // The watcher lost track (e.g. too many events); rebuild everything.
                    eprintln!("warning: file watcher: {error}");
                    changes.merge(Changes::all());
                    first.get_or_insert_with(Instant::now);
                }
                Err(RecvTimeoutError::Timeout) => {
                    if first.is_some() {
                        return Batch::Changes(changes);
                    }
                }
            }
        }
    }

    /// What a changed path means for the site, or `None` when it means nothing.
    pub fn classify(&self, path: &Path, hint: Hint) -> Option<Changes> {
        if let Some(theme) = &self.theme {
            if let Ok(rel) = path.strip_prefix(theme) {
                return (!ignored(rel)).then(|| Changes {
                    theme: true,
                    ..Changes::default()
                });
            }
        }
        let rel = path.strip_prefix(&self.dir).ok()?;
        classify(rel, hint)
    }
}

/// What kind of thing a changed path is, as far as can be told after the fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// A file.
    File,
    /// A folder.
    Folder,
    /// Gone, and the event does not say which it was.
    Gone,
}

/// Tells files from folders by the event, or else by looking at `path`.
fn hint(kind: &EventKind, path: &Path) -> Hint {
    match kind {
        EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => {
            Hint::Folder
        }
        EventKind::Create(CreateKind::File) | EventKind::Remove(RemoveKind::File) => Hint::File,
        _ if path.is_dir() => Hint::Folder,
        _ if path.exists() => Hint::File,
        _ => Hint::Gone,
    }
}

/// Creations, writes, renames, removals and metadata changes; not the opens and reads the
/// rebuild itself causes, which would rebuild forever.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Sorts a path relative to the framework folder.
pub fn classify(rel: &Path, hint: Hint) -> Option<Changes> {
    if rel.as_os_str().is_empty() {
        // The folder itself (removed, renamed).
        return Some(Changes {
            content: true,
            ..Changes::default()
        });
    }
    if ignored(rel) {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_string_lossy().into_owned(),
            _ => String::new(),
        })
        .collect();
    let first = parts[0].as_str();
    let name = parts[parts.len() - 1].as_str();
    if parts.len() == 1 && first == "trellis.toml" {
        return Some(Changes {
            content: true,
            ..Changes::default()
        });
    }
    if first == "templates" {
        return Some(Changes {
            theme: true,
            ..Changes::default()
        });
    }
    if first == "static" {
        return Some(Changes {
            statics: true,
            ..Changes::default()
        });
    }
    if !CONTENT.contains(&first) {
        // README, CI files, the output of `trellis build`: not read by the loader.
        return None;
    }
    // The loader skips `_` and `.` files and folders inside the content folders (drafts),
    // except the skill groups' `_group.md`.
    let skipped = parts[1..]
        .iter()
        .any(|p| p.starts_with('_') && p != "_group.md");
    if skipped {
        return None;
    }
    if name.ends_with(".md") {
        if first == "roles" && parts.len() == 3 {
            return Some(Changes {
                roles: [parts.join("/")].into(),
                ..Changes::default()
            });
        }
        if first == "pages" && parts.len() == 2 {
            return Some(Changes {
                pages: [parts.join("/")].into(),
                ..Changes::default()
            });
        }
        return Some(Changes {
            content: true,
            ..Changes::default()
        });
    }
    match hint {
        // A folder created, renamed or removed adds or drops every file in it.
        Hint::Folder => Some(Changes {
            content: true,
            ..Changes::default()
        }),
        // Another kind of file beside the content, which the loader does not read.
        Hint::File => None,
        // A folder moved away, or a tool's temp file (`sed -i` writes `sedXXXXXX` and renames
        // it over the file); the builder tells them apart by what the framework had there.
        Hint::Gone if name.contains('.') => None,
        Hint::Gone => Some(Changes {
            vanished: [parts.join("/")].into(),
            ..Changes::default()
        }),
    }
}

/// Editor temp, swap, lock and backup files, and hidden files and folders.
fn ignored(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(part) => is_editor_file(&part.to_string_lossy()),
        _ => false,
    })
}

/// Files editors write beside the one being edited: `.x.md.swp` and `4913` (Vim), `#x.md#`
/// and `.#x.md` (Emacs), `x.md~` (many), `x.md___jb_tmp___` (JetBrains), `x.md.tmp`,
/// `.goutputstream-*` (GNOME), and any hidden file such as `.DS_Store` or `.git/`.
pub fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".crswap")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort(path: &str) -> Option<Changes> {
        classify(Path::new(path), Hint::File)
    }

    fn roles(path: &str) -> Option<Changes> {
        Some(Changes {
            roles: [path.to_owned()].into(),
            ..Changes::default()
        })
    }

    fn content() -> Option<Changes> {
        Some(Changes {
            content: true,
            ..Changes::default()
        })
    }

    #[test]
    fn free_pages_are_told_apart_from_other_content() {
        assert_eq!(
            sort("pages/promotions.md"),
            Some(Changes {
                pages: ["pages/promotions.md".to_owned()].into(),
                ..Changes::default()
            })
        );
        assert_eq!(sort("pages/old/faq.md"), content());
        assert_eq!(sort("pages/_draft.md"), None);
        assert_eq!(classify(Path::new("pages"), Hint::Folder), content());
    }

    #[test]
    fn role_files_are_told_apart_from_other_content() {
        assert_eq!(sort("roles/eng/senior.md"), roles("roles/eng/senior.md"));
        assert_eq!(sort("skills/craft/testing.md"), content());
        assert_eq!(sort("skills/craft/_group.md"), content());
        assert_eq!(sort("tracks/eng.md"), content());
        assert_eq!(sort("trellis.toml"), content());
        assert_eq!(classify(Path::new("roles/eng"), Hint::Folder), content());
        assert_eq!(sort("roles/misplaced.md"), content());
    }

    #[test]
    fn theme_and_static_files_are_their_own_kinds() {
        assert!(sort("templates/partials/gap.html").unwrap().theme);
        assert!(sort("static/logo.png").unwrap().statics);
    }

    #[test]
    fn editor_files_and_unread_files_are_ignored() {
        for path in [
            "roles/eng/.senior.md.swp",
            "roles/eng/senior.md~",
            "roles/eng/#senior.md#",
            "roles/eng/.#senior.md",
            "roles/eng/4913",
            "roles/eng/senior.md.tmp",
            "roles/eng/senior.md___jb_tmp___",
            "templates/.base.html.swp",
            "static/.DS_Store",
            ".git/index",
            "roles/_drafts/new.md",
            "roles/eng/_draft.md",
            "roles/eng/notes.txt",
            "README.md",
            "public/index.html",
        ] {
            assert_eq!(sort(path), None, "{path}");
        }
    }

    #[test]
    fn a_path_gone_without_a_trace_is_left_for_the_builder_to_judge() {
        assert_eq!(
            classify(Path::new("roles/eng/sedX1b2c3"), Hint::Gone),
            Some(Changes {
                vanished: ["roles/eng/sedX1b2c3".to_owned()].into(),
                ..Changes::default()
            })
        );
        assert_eq!(classify(Path::new("roles/eng/sedX1b2c3"), Hint::File), None);
        assert_eq!(classify(Path::new("roles/eng/old.txt"), Hint::Gone), None);
    }
}
