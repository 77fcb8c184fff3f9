//! Editions: the framework as HR published it, one git tag per edition, built beside the
//! current site under `editions/<tag>/` by `trellis build --editions`.
//!
//! Each edition is rendered once into a cache beside the output folder
//! (`.<out>.trellis-cache/editions/<tag>/`) and reused while its key holds: the tree id of
//! the framework folder at the tag, the Trellis version, the theme and the base URL. The
//! cached pages carry no edition chrome, only the [`EDITION_SLOT`] marker; the banner, the
//! version switcher and "changed since" are written into each page when the site is
//! assembled. A new tag therefore costs one render (its own), and every older edition only
//! has its cached pages stamped with the longer switcher: a text substitution, no loading,
//! checking or templating (see `docs/editions.md`).
//!
//! What changed between two editions comes from [`crate::diff::compare`], the same
//! comparison `trellis diff` prints.

mod chrome;
mod feed;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::Checked;
use crate::diff::{Class, Detail, Diff, Kind};
use crate::git::{Tag, Worktree};
use crate::model::Framework;
use crate::render::{EDITION_SLOT, RenderOptions, Theme};

pub use chrome::Chrome;
pub use feed::atom;

/// A published edition: a tag and the folder its site goes in.
#[derive(Clone, Debug)]
pub struct Edition {
    /// The git tag.
    pub tag: Tag,
    /// The folder under `editions/`: the tag's name with anything but letters, digits, `.`,
    /// `_` and `-` replaced by `-`, so it is one plain path segment.
    pub folder: String,
}

impl Edition {
    /// The day the edition was published, `YYYY-MM-DD`.
    pub fn day(&self) -> &str {
        self.tag.date.get(..10).unwrap_or(&self.tag.date)
    }
}

/// The editions of `tags`, oldest first.
pub fn editions(tags: Vec<Tag>) -> Vec<Edition> {
    tags.into_iter()
        .map(|tag| {
            let folder = tag
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect::<String>();
            // `.` and `..` alone would not be a folder of their own.
            let folder = if folder.chars().all(|c| c == '.') {
                format!("edition-{folder}")
            } else {
                folder
            };
            Edition { tag, folder }
        })
        .collect()
}

/// One line of a changelog: a change in plain words and how it weighs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Line {
    /// `raises the bar`, `lowers the bar`, `structural`, `editorial`.
    pub class: String,
    /// The change in one sentence.
    pub text: String,
}

/// The changes of one subject (a role, a skill, ...) between two editions.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SubjectChanges {
    /// `role`, `skill`, ...
    pub kind: String,
    /// Its display name.
    pub name: String,
    /// Where it sits (a role's track and grade).
    pub context: Option<String>,
    /// Its page in the newer edition, relative to that edition's root; `None` when it is
    /// gone or has no page.
    pub url: Option<String>,
    /// Its changes, raises of the bar first.
    pub lines: Vec<Line>,
}

/// What changed from one edition (or the current source) to the one before.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Changes {
    /// The tag of the edition before; `None` for the first edition.
    pub since: Option<String>,
    /// The tree id of the edition before, to tell when the edition before changed (a tag
    /// moved or inserted).
    pub since_tree: Option<String>,
    /// Changes by subject, the subjects with raises of the bar first.
    pub subjects: Vec<SubjectChanges>,
    /// The changes shown on each role and skill page, by page path.
    pub pages: BTreeMap<String, Vec<Line>>,
    /// How many changes raise the bar, lower it, change the structure, edit the wording.
    pub counts: [usize; 4],
}

/// The page of a subject, relative to the site root.
fn page_of(kind: Kind, id: &str) -> Option<String> {
    let folder = match kind {
        Kind::Role => "roles",
        Kind::Skill => "skills",
        Kind::Track => "tracks",
        Kind::Group => "groups",
        Kind::Pathway => "pathways",
        Kind::Opportunity | Kind::Grade | Kind::Framework => return None,
    };
    Some(format!("{folder}/{id}/index.html"))
}

fn line(change: &crate::diff::Change, with_subject: bool) -> Line {
    let text = if with_subject {
        format!("{}: {}", change.subject.name, change.describe())
    } else {
        change.describe()
    };
    Line {
        class: change.class.label().to_owned(),
        text,
    }
}

/// The changes of `diff` for a changelog and for the pages, `since` being the older side.
pub fn changes(diff: &Diff, since: Option<&Tag>) -> Changes {
    let mut subjects = Vec::new();
    for (subject, list) in diff.by_subject() {
        let gone = list.iter().any(|c| matches!(c.detail, Detail::Removed));
        subjects.push(SubjectChanges {
            kind: subject.kind.noun().to_owned(),
            name: subject.name.clone(),
            context: subject.context.clone(),
            url: if gone {
                None
            } else {
                page_of(subject.kind, &subject.id)
                    .map(|p| p.trim_end_matches("index.html").to_owned())
            },
            lines: list.iter().map(|c| line(c, false)).collect(),
        });
    }
    let mut pages: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for change in diff.changes() {
        if matches!(change.detail, Detail::Removed) {
            continue;
        }
        if matches!(change.subject.kind, Kind::Role | Kind::Skill)
            && let Some(page) = page_of(change.subject.kind, &change.subject.id)
        {
            pages.entry(page).or_default().push(line(change, false));
        }
        // An edited level descriptor is the bar of the roles that require that level.
        if let Detail::LevelEdited { roles, .. } = &change.detail {
            for role in roles {
                if let Some(page) = page_of(Kind::Role, &role.id) {
                    pages.entry(page).or_default().push(line(change, true));
                }
            }
        }
    }
    Changes {
        since: since.map(|t| t.name.clone()),
        since_tree: since.and_then(|t| t.tree.clone()),
        subjects,
        pages,
        counts: Class::ALL.map(|c| diff.count(c)),
    }
}

/// The pages of a framework's site, relative to its root, for the switcher to know which
/// pages an edition has.
pub fn page_set(framework: &Framework) -> Vec<String> {
    let mut pages = vec![
        "index.html".to_owned(),
        "opportunities/index.html".to_owned(),
        "compare/index.html".to_owned(),
        "privacy/index.html".to_owned(),
    ];
    pages.extend((0..=crate::render::az_parts(framework)).map(crate::render::az_path));
    pages.extend(crate::render::family_paths(framework));
    let parts = crate::model::links::opportunity_parts(framework.opportunities.len());
    pages.extend((1..=parts).map(|n| format!("opportunities/{n}/index.html")));
    let ids = [
        (
            "tracks",
            framework.tracks.iter().map(|t| &t.id).collect::<Vec<_>>(),
        ),
        ("roles", framework.roles.iter().map(|r| &r.id).collect()),
        ("skills", framework.skills.iter().map(|s| &s.id).collect()),
        ("groups", framework.groups.iter().map(|g| &g.id).collect()),
        (
            "pathways",
            framework.pathways.iter().map(|p| &p.id).collect(),
        ),
    ];
    for (folder, ids) in ids {
        pages.extend(
            ids.into_iter()
                .map(|id| format!("{folder}/{id}/index.html")),
        );
    }
    pages
}

/// What is kept in the cache beside an edition's rendered files.
#[derive(Debug, Serialize, Deserialize)]
struct Stamp {
    /// What the rendered files depend on; see [`cache_key`].
    key: String,
    /// The edition's files, relative to its root.
    files: Vec<String>,
    /// What changed since the edition before.
    changes: Changes,
}

/// An edition ready to be put into the site: its files in the cache and its changes.
#[derive(Debug)]
pub struct EditionSite {
    /// The edition.
    pub edition: Edition,
    /// The cached site of the edition.
    pub dir: PathBuf,
    /// Its files, relative to `dir`.
    pub files: Vec<String>,
    /// What changed since the edition before.
    pub changes: Changes,
}

/// An edition whose framework does not check: the build fails and names its tag.
#[derive(Debug)]
pub struct Broken {
    /// The edition's tag.
    pub tag: String,
    /// The framework with its diagnostics; `None` when the framework folder did not exist
    /// at the tag.
    pub checked: Option<Checked>,
}

/// The editions prepared for a build.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Every edition that checks, oldest first.
    pub sites: Vec<EditionSite>,
    /// The editions that do not check.
    pub broken: Vec<Broken>,
    /// How many editions were taken from the cache.
    pub from_cache: usize,
    /// How many were rendered.
    pub rendered: usize,
    /// What changed from the latest edition to the current source.
    pub current: Changes,
}

/// A hash of the theme's templates and assets, so a changed theme re-renders the editions.
fn theme_hash(theme: &Theme) -> u64 {
    // SipHash with fixed keys: the same theme gives the same number in every run.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    theme.templates.hash(&mut hasher);
    theme.assets.hash(&mut hasher);
    hasher.finish()
}

/// What an edition's rendered files depend on.
fn cache_key(edition: &Edition, theme: u64, options: &RenderOptions) -> String {
    format!(
        "tree {}\ntrellis {}\ntheme {theme:016x}\nbase_url {}\ntoday {}\n",
        edition.tag.tree.as_deref().unwrap_or("-"),
        env!("CARGO_PKG_VERSION"),
        options.base_url.as_deref().unwrap_or("-"),
        options.today,
    )
}

/// The render options of an edition: its own base URL under the site's, and its own
/// publication day as "today", so an edition shows what applied when it was published
/// and renders the same on every build.
fn edition_options(edition: &Edition, site_base: &str) -> RenderOptions {
    let base = if site_base.ends_with('/') {
        site_base.to_owned()
    } else {
        format!("{site_base}/")
    };
    RenderOptions {
        base_url: Some(format!("{base}editions/{}/", edition.folder)),
        today: edition.day().to_owned(),
        editions: true,
    }
}

/// Loads and checks the framework of an edition from git.
fn load(tree: &Worktree, edition: &Edition) -> Result<Option<Checked>> {
    let files = tree
        .files_at(&edition.tag.commit, crate::load::reads)
        .with_context(|| format!("cannot read the framework at tag `{}`", edition.tag.name))?;
    Ok(files.map(|files| crate::check_loaded(crate::load::load_files(files))))
}

/// Prepares every edition: takes it from the cache when its key holds, else loads, checks
/// and renders it into the cache. `site_base` is the base URL of the current site;
/// `current` its checked framework.
pub fn prepare(
    tree: &Worktree,
    editions: Vec<Edition>,
    current: &Framework,
    theme: &Theme,
    site_base: &str,
    cache: &Path,
) -> Result<Prepared> {
    let theme_id = theme_hash(theme);
    let mut loaded: HashMap<usize, Option<Checked>> = HashMap::new();
    let mut prepared = Prepared::default();
    let load_once = |i: usize, loaded: &mut HashMap<usize, Option<Checked>>| -> Result<()> {
        if let std::collections::hash_map::Entry::Vacant(slot) = loaded.entry(i) {
            slot.insert(load(tree, &editions[i])?);
        }
        Ok(())
    };
    for i in 0..editions.len() {
        let edition = &editions[i];
        let options = edition_options(edition, site_base);
        let key = cache_key(edition, theme_id, &options);
        let dir = cache.join("editions").join(&edition.folder);
        let stamp_path = dir.join("edition.json");
        let previous = i.checked_sub(1).map(|p| &editions[p].tag);
        let stamp: Option<Stamp> = fs::read(&stamp_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(|s: &Stamp| s.key == key && dir.join("site").is_dir());
        let since_tree = previous.and_then(|t| t.tree.clone());
        match stamp {
            Some(stamp) if stamp.changes.since_tree == since_tree => {
                prepared.from_cache += 1;
                prepared.sites.push(EditionSite {
                    edition: edition.clone(),
                    dir: dir.join("site"),
                    files: stamp.files,
                    changes: stamp.changes,
                });
            }
            stamp => {
                load_once(i, &mut loaded)?;
                let ok = matches!(&loaded[&i], Some(c) if c.is_ok());
                if !ok {
                    prepared.broken.push(Broken {
                        tag: edition.tag.name.clone(),
                        checked: loaded.remove(&i).flatten(),
                    });
                    continue;
                }
                if let Some(p) = i.checked_sub(1) {
                    load_once(p, &mut loaded)?;
                }
                let new = &loaded[&i].as_ref().expect("checked above").framework;
                let empty = Framework::default();
                let old = i
                    .checked_sub(1)
                    .and_then(|p| loaded[&p].as_ref())
                    .map_or(&empty, |c| &c.framework);
                let changes = changes(&crate::diff::compare(old, new), previous);
                // Only the comparison is stale when the key holds but the edition before
                // changed: the pages are kept.
                let files = match stamp {
                    Some(stamp) => {
                        prepared.from_cache += 1;
                        stamp.files
                    }
                    None => {
                        prepared.rendered += 1;
                        render_into(new, theme, &options, &dir)?
                    }
                };
                let stamp = Stamp {
                    key,
                    files,
                    changes,
                };
                fs::write(&stamp_path, serde_json::to_vec(&stamp)?)
                    .with_context(|| format!("cannot write `{}`", stamp_path.display()))?;
                prepared.sites.push(EditionSite {
                    edition: edition.clone(),
                    dir: dir.join("site"),
                    files: stamp.files,
                    changes: stamp.changes,
                });
            }
        }
    }
    // The current source against the latest edition, for "changed since" on its pages.
    if let Some(last) = editions.len().checked_sub(1) {
        load_once(last, &mut loaded)?;
        if let Some(checked) = loaded[&last].as_ref().filter(|c| c.is_ok()) {
            let diff = crate::diff::compare(&checked.framework, current);
            prepared.current = changes(&diff, Some(&editions[last].tag));
        }
    }
    Ok(prepared)
}

/// Renders an edition into `dir/site`, replacing what was there; returns its files.
fn render_into(
    framework: &Framework,
    theme: &Theme,
    options: &RenderOptions,
    dir: &Path,
) -> Result<Vec<String>> {
    let site = dir.join("site");
    let fresh = dir.join(format!("site.building-{}", std::process::id()));
    for old in [&site, &fresh] {
        if old.exists() {
            fs::remove_dir_all(old).with_context(|| format!("cannot clear `{}`", old.display()))?;
        }
    }
    fs::create_dir_all(&fresh).with_context(|| format!("cannot create `{}`", fresh.display()))?;
    let files = crate::render::render_each(framework, theme, options, |file| {
        let path = fresh.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.bytes).with_context(|| format!("cannot write `{}`", path.display()))
    })?;
    fs::rename(&fresh, &site).with_context(|| format!("cannot move `{}`", fresh.display()))?;
    Ok(files)
}

/// Puts `chrome` into a page where the theme left [`EDITION_SLOT`].
pub fn stamp(html: &[u8], chrome: &str) -> Vec<u8> {
    let slot = EDITION_SLOT.as_bytes();
    match html.windows(slot.len()).position(|w| w == slot) {
        Some(at) => {
            let mut out = Vec::with_capacity(html.len() + chrome.len());
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(chrome.as_bytes());
            out.extend_from_slice(&html[at + slot.len()..]);
            out
        }
        None => html.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str) -> Tag {
        Tag {
            name: name.to_owned(),
            date: "2026-01-15T09:30:00+01:00".to_owned(),
            commit: "c".repeat(40),
            tree: Some("t".repeat(40)),
        }
    }

    #[test]
    fn edition_folders_are_one_plain_segment() {
        let list = editions(vec![tag("v2026.1"), tag("release/2026 2"), tag("..")]);
        let folders: Vec<&str> = list.iter().map(|e| e.folder.as_str()).collect();
        assert_eq!(folders, ["v2026.1", "release-2026-2", "edition-.."]);
        assert_eq!(list[0].day(), "2026-01-15");
    }

    #[test]
    fn the_slot_is_replaced_once_and_a_page_without_it_is_kept() {
        let page = format!("<main>{EDITION_SLOT}<h1>x</h1></main>");
        assert_eq!(
            stamp(page.as_bytes(), "<aside>e</aside>"),
            b"<main><aside>e</aside><h1>x</h1></main>"
        );
        assert_eq!(stamp(b"<main></main>", "<aside>"), b"<main></main>");
    }
}
