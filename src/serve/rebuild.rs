//! Rebuilding the in-memory site after a change: check the framework, render what the
//! change can touch, and hand back a new [`Snapshot`], or the problems that stopped it
//! while the last good site stays in place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;

use super::affected;
use super::site::{Exports, Files, Resource, Snapshot, files};
use crate::diagnostic::{Severity, render};
use crate::model::Framework;
use crate::render::partial::{self, PageRenderer, Templates};
use crate::render::{RenderOptions, SiteFile, Theme};

/// What changed since the last build, as the watcher sorted it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Role files (`roles/<track>/<role>.md`), rendered in part.
    pub roles: BTreeSet<String>,
    /// Free pages (`pages/<page>.md`), rendered in part when only their bodies changed.
    pub pages: BTreeSet<String>,
    /// Anything else the loader reads: `trellis.toml`, tracks, skills, pathways,
    /// opportunities, or folders of them.
    pub content: bool,
    /// The framework's `templates/` or the `--theme` folder.
    pub theme: bool,
    /// The framework's `static/` folder.
    pub statics: bool,
    /// Paths inside the content folders that are gone, and were folders or temp files:
    /// the builder looks whether the framework had files under them.
    pub vanished: BTreeSet<String>,
}

impl Changes {
    /// Everything, for the first build.
    pub fn all() -> Self {
        Changes {
            roles: BTreeSet::new(),
            pages: BTreeSet::new(),
            content: true,
            theme: true,
            statics: true,
            vanished: BTreeSet::new(),
        }
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
            && self.pages.is_empty()
            && !self.content
            && !self.theme
            && !self.statics
            && self.vanished.is_empty()
    }

    /// Adds `other`'s changes to these.
    pub fn merge(&mut self, other: Changes) {
        self.roles.extend(other.roles);
        self.pages.extend(other.pages);
        self.content |= other.content;
        self.theme |= other.theme;
        self.statics |= other.statics;
        self.vanished.extend(other.vanished);
    }
}

/// A problem that stopped a rebuild, as the overlay shows it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The diagnostic's code, or `serve` for a problem outside the framework's files.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// The file, relative to the framework.
    pub file: Option<String>,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// 1-based column in the line.
    pub column: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
    /// The full rustc-style rendering, with the source line, uncoloured.
    pub text: String,
}

impl Problem {
    fn plain(message: String) -> Self {
        Problem {
            severity: Severity::Error,
            code: "serve".to_owned(),
            text: format!("error: {message}"),
            message,
            file: None,
            line: None,
            column: None,
            help: None,
        }
    }
}

/// A rebuild that succeeded.
#[derive(Debug)]
pub struct Built {
    /// The new site.
    pub snapshot: Arc<Snapshot>,
    /// Paths whose bytes changed, were added or removed, sorted.
    pub changed: Vec<String>,
    /// How many pages were rendered.
    pub rendered: usize,
    /// Whether every page was rendered, rather than those the change can touch.
    pub full: bool,
    /// Warnings, rendered for the terminal (with colour codes, which the terminal writer
    /// strips when it has no colour).
    pub warnings: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
}

/// A rebuild that failed; the previous site is still served.
#[derive(Debug)]
pub struct Failed {
    /// Every problem, for the overlay.
    pub problems: Vec<Problem>,
    /// The same, rendered for the terminal.
    pub terminal: Vec<String>,
    /// How many of the problems are errors.
    pub errors: usize,
}

/// The end of one rebuild.
#[derive(Debug)]
pub enum Outcome {
    /// A new site to serve.
    Built(Built),
    /// Problems to show; the previous site stays.
    Failed(Failed),
}

/// The last build that succeeded.
struct Good {
    framework: Arc<Framework>,
    pages: Arc<Files>,
    page_paths: BTreeSet<String>,
    exports: Arc<Exports>,
    base_url: String,
    base_path: String,
}

/// The theme in force and its compiled templates.
struct LoadedTheme {
    theme: Theme,
    templates: Templates,
}

/// Keeps what the next rebuild needs: the last good framework and site, the compiled
/// templates, and the changes not yet built.
pub struct Builder {
    dir: PathBuf,
    theme_dir: Option<PathBuf>,
    options: RenderOptions,
    theme: Option<LoadedTheme>,
    statics: Option<Arc<Files>>,
    /// The framework's files as last read, parsed: an edit of a few is read again alone
    /// ([`crate::load::reload`]).
    loaded: Option<crate::load::Loaded>,
    good: Option<Good>,
    pending: Changes,
    /// Set when a rebuild that failed had already taken in new templates, theme assets or
    /// static files: the next one that succeeds must still render and count them.
    dirty: Dirty,
    build: u64,
    /// Counts the rebuilds started, so that work for an older build can see it is stale.
    started: Arc<AtomicU64>,
}

#[derive(Default)]
struct Dirty {
    templates: bool,
    assets: Vec<String>,
    statics: bool,
}

impl Builder {
    /// A builder for the framework in `dir`, with an optional theme folder laid out like
    /// `themes/default`. Nothing is read until the first [`Builder::rebuild`].
    pub fn new(dir: &Path, theme_dir: Option<&Path>, options: RenderOptions) -> Self {
        Builder {
            dir: dir.to_owned(),
            theme_dir: theme_dir.map(Path::to_owned),
            options,
            theme: None,
            statics: None,
            loaded: None,
            good: None,
            pending: Changes::default(),
            dirty: Dirty::default(),
            build: 0,
            started: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The number of the build being served: 0 until one succeeds.
    pub fn build(&self) -> u64 {
        self.build
    }

    /// The number of rebuilds started so far, shared: it grows when the next one starts.
    pub fn started(&self) -> Arc<AtomicU64> {
        self.started.clone()
    }

    /// Builds again after `changes` (merged with those of failed rebuilds since the last
    /// good one, which still have to be rendered).
    pub fn rebuild(&mut self, changes: Changes) -> Outcome {
        self.started.fetch_add(1, Ordering::SeqCst);
        let started = Instant::now();
        self.pending.merge(changes);
        let vanished = std::mem::take(&mut self.pending.vanished);
        if !vanished.is_empty() && self.had_files_under(&vanished) {
            self.pending.content = true;
        }
        let pending = self.pending.clone();
        match self.try_rebuild(&pending) {
            Ok(mut built) => {
                self.pending = Changes::default();
                built.elapsed = started.elapsed();
                Outcome::Built(built)
            }
            Err(failed) => Outcome::Failed(failed),
        }
    }

    fn try_rebuild(&mut self, pending: &Changes) -> Result<Built, Failed> {
        if pending.theme || self.theme.is_none() {
            let theme = self.load_theme().map_err(failure)?;
            if let Some(old) = &self.theme {
                if old.theme.assets != theme.assets {
                    // The old asset paths, so that one the new theme lacks is removed.
                    self.dirty
                        .assets
                        .extend(partial::assets(&old.theme).into_iter().map(|f| f.path));
                }
            }
            match &mut self.theme {
                Some(old) if old.theme.templates == theme.templates => old.theme = theme,
                _ => {
                    let templates = Templates::compile(&theme).map_err(failure)?;
                    self.theme = Some(LoadedTheme { theme, templates });
                    self.dirty.templates = true;
                }
            }
        }
        if pending.statics || self.statics.is_none() {
            let statics = read_statics(&self.dir.join("static")).map_err(failure)?;
            if self.statics.as_deref() != Some(&statics) {
                self.dirty.statics = true;
            }
            self.statics = Some(Arc::new(statics));
        }
        let loaded = self.theme.as_ref().expect("loaded above");

        let check = self.good.is_none()
            || pending.content
            || !pending.roles.is_empty()
            || !pending.pages.is_empty();
        let mut warnings = Vec::new();
        let framework = if check {
            let loaded = load(&mut self.loaded, &self.dir, pending).map_err(failure)?;
            let checked = crate::check_kept(loaded);
            if !checked.is_ok() {
                return Err(failed_check(&checked));
            }
            warnings = checked
                .diagnostics
                .iter()
                .map(|d| render::human(d, &checked.sources, true))
                .collect();
            Arc::new(checked.framework)
        } else {
            self.good
                .as_ref()
                .expect("checked before")
                .framework
                .clone()
        };

        let renderer =
            PageRenderer::new(&framework, &loaded.templates, &self.options).map_err(failure)?;
        let mut full = match &self.good {
            None => true,
            // A new `base_url` or a new `trellis.toml` can change every page.
            Some(good) => {
                pending.content || self.dirty.templates || good.base_url != renderer.base_url()
            }
        };
        let mut selection = affected::Selection::default();
        if let (Some(good), false) = (&self.good, full) {
            let old = &good.framework;
            let edited: BTreeSet<String> = pending.roles.union(&pending.pages).cloned().collect();
            // A file whose page moved changes every link written to it, in any body.
            full = affected::retargeted(old, &framework, &edited);
            if !full && !pending.roles.is_empty() {
                selection = affected::role_edit(old, &framework, &pending.roles);
            }
            if !full && !pending.pages.is_empty() {
                match affected::page_edit(old, &framework, &pending.pages) {
                    Some(pages) => selection.merge(pages),
                    None => full = true,
                }
            }
        }
        if full {
            selection = affected::Selection {
                pages: renderer.pages(),
                removed: Vec::new(),
            };
        }
        let rendered = Mutex::new(Vec::new());
        renderer
            .render(&selection.pages, |file| {
                rendered.lock().expect("no panic holding it").push(file);
                Ok(())
            })
            .map_err(failure)?;
        let rendered: Vec<SiteFile> = rendered.into_inner().expect("no panic holding it");

        let mut pages: Files;
        let mut page_paths: BTreeSet<String>;
        let mut changed: BTreeSet<String> = BTreeSet::new();
        match (&self.good, full) {
            (Some(good), false) => {
                pages = (*good.pages).clone();
                page_paths = good.page_paths.clone();
                for path in &selection.removed {
                    pages.remove(path);
                    page_paths.remove(path);
                    changed.insert(path.clone());
                }
            }
            (good, _) => {
                pages = Files::new();
                page_paths = BTreeSet::new();
                // Every page of the old site is gone unless rendered again.
                if let Some(good) = good {
                    changed.extend(good.page_paths.iter().cloned());
                }
            }
        }
        let old_pages = self.good.as_ref().map(|g| g.pages.clone());
        for file in rendered.iter() {
            page_paths.insert(file.path.clone());
        }
        let count = rendered.len();
        let mut extra = vec![partial::sitemap(
            renderer.base_url(),
            &page_paths.iter().map(String::as_str).collect::<Vec<_>>(),
        )];
        if !self.dirty.assets.is_empty() {
            for path in &self.dirty.assets {
                if pages.remove(path).is_some() {
                    changed.insert(path.clone());
                }
            }
        }
        if !self.dirty.assets.is_empty() || full {
            extra.extend(partial::assets(&loaded.theme));
        }
        for file in rendered.into_iter().chain(extra) {
            let same = old_pages
                .as_ref()
                .and_then(|old| old.get(&file.path))
                .is_some_and(|old| old.bytes == file.bytes);
            if same {
                changed.remove(&file.path);
            } else {
                changed.insert(file.path.clone());
            }
            let resource = Arc::new(Resource::new(&file.path, file.bytes));
            pages.insert(file.path, resource);
        }
        if self.dirty.statics {
            changed.insert("static/".to_owned());
        }

        let exports = match &self.good {
            Some(good) if !check && good.base_url == renderer.base_url() => good.exports.clone(),
            _ => Arc::new(Exports::new(
                framework.clone(),
                renderer.base_url().to_owned(),
                self.options.today.clone(),
            )),
        };
        if !changed.is_empty() || self.good.is_none() {
            self.build += 1;
        }
        let pages = Arc::new(pages);
        let base_path = renderer.base_path().to_owned();
        let base_url = renderer.base_url().to_owned();
        let snapshot = Arc::new(Snapshot {
            build: self.build,
            base_path: base_path.clone(),
            pages: pages.clone(),
            exports: Some(exports.clone()),
            statics: self.statics.clone().expect("read above"),
        });
        drop(renderer);
        self.dirty = Dirty::default();
        self.good = Some(Good {
            framework,
            pages,
            page_paths,
            exports,
            base_url,
            base_path,
        });
        Ok(Built {
            snapshot,
            changed: changed.into_iter().collect(),
            rendered: count,
            full,
            warnings,
            elapsed: Duration::ZERO,
        })
    }

    /// Whether the last good framework was read from files under any of `folders` (or
    /// there is none yet, when nothing can be ruled out).
    fn had_files_under(&self, folders: &BTreeSet<String>) -> bool {
        let Some(good) = &self.good else {
            return true;
        };
        let f = &good.framework;
        let origins = f
            .tracks
            .iter()
            .map(|t| &t.origin)
            .chain(f.roles.iter().map(|r| &r.origin))
            .chain(f.skills.iter().map(|s| &s.origin))
            .chain(f.pathways.iter().map(|p| &p.origin))
            .chain(f.opportunities.iter().map(|o| &o.origin))
            .chain(f.pages.iter().map(|p| &p.origin));
        origins.into_iter().any(|origin| {
            folders.iter().any(|folder| {
                origin
                    .path
                    .strip_prefix(folder.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
        })
    }

    /// The base path of the last good build, `/` before there is one.
    pub fn base_path(&self) -> &str {
        self.good.as_ref().map_or("/", |g| g.base_path.as_str())
    }

    fn load_theme(&self) -> Result<Theme> {
        let mut theme = Theme::default();
        if let Some(dir) = &self.theme_dir {
            theme.override_with_theme(dir)?;
        }
        let overrides = self.dir.join("templates");
        if overrides.is_dir() {
            theme.override_templates(&overrides)?;
        }
        Ok(theme)
    }
}

/// The framework's files as they are now: only the edited roles and pages read again
/// when nothing else changed and the set of files is the same, else all of them.
fn load<'a>(
    kept: &'a mut Option<crate::load::Loaded>,
    dir: &Path,
    pending: &Changes,
) -> Result<&'a crate::load::Loaded> {
    let edited: BTreeSet<String> = pending.roles.union(&pending.pages).cloned().collect();
    let reloaded = match kept {
        Some(loaded) if !pending.content => crate::load::reload(loaded, dir, &edited),
        _ => false,
    };
    if !reloaded {
        // Dropped first: two copies of a large framework's files would double the peak.
        *kept = None;
        *kept = Some(crate::load::load(dir)?);
    }
    Ok(kept.as_ref().expect("loaded above"))
}

fn read_statics(dir: &Path) -> Result<Files> {
    if !dir.is_dir() {
        return Ok(Files::new());
    }
    let rendered = crate::render::theme::files_under(dir)
        .with_context(|| format!("cannot read the static folder `{}`", dir.display()))?;
    Ok(files(
        rendered
            .into_iter()
            .map(|(path, bytes)| SiteFile { path, bytes }),
    ))
}

fn failure(error: anyhow::Error) -> Failed {
    let message = format!("{error:#}");
    Failed {
        terminal: vec![format!("error: {message}")],
        problems: vec![Problem::plain(message)],
        errors: 1,
    }
}

fn failed_check(checked: &crate::Checked) -> Failed {
    let sources = &checked.sources;
    let mut problems = Vec::new();
    let mut terminal = Vec::new();
    for d in &checked.diagnostics {
        let position = d
            .source
            .zip(d.span.as_ref())
            .map(|(source, span)| sources.position(source, span.start));
        problems.push(Problem {
            severity: d.severity,
            code: d.code.as_str().to_owned(),
            message: d.message.clone(),
            file: d.source.map(|s| sources.path(s).to_owned()),
            line: position.map(|p| p.line),
            column: position.map(|p| p.column),
            help: d.help.clone(),
            text: render::human(d, sources, false),
        });
        terminal.push(render::human(d, sources, true));
    }
    Failed {
        problems,
        terminal,
        errors: checked.diagnostics.errors(),
    }
}
