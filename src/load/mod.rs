//! Load: walks a framework folder, reads every file, splits front matter from body and
//! parses the TOML with spans into the typed file records of [`files`].
//!
//! The files come from a [`FileSource`]: a folder on disk, or files in memory such as the
//! tree of a git revision; both give the same diagnostics.
//!
//! Loading never stops at the first problem: each file is read on its own (in parallel),
//! and every problem becomes a [`Diagnostic`]. The only failure that stops the run is a
//! framework folder that does not exist.

// `pub(crate)` so that `import` reads its mapping file with the same key-by-key checks.
pub(crate) mod decode;
pub mod files;
pub mod front_matter;
pub mod source;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use decode::{LevelRef, Sp};
pub use files::*;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, SourceId, SourceMap};
use decode::Ctx;
use front_matter::SplitError;
use source::ignored_name;
pub use source::{FileSource, Folder, Memory};

/// The name of the configuration file at the framework root.
pub const CONFIG_FILE: &str = "trellis.toml";

/// Everything read from a framework folder, before references are resolved.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The text of every file read.
    pub sources: SourceMap,
    /// `trellis.toml`, when it exists and parses.
    pub config: Option<ConfigFile>,
    /// `tracks/*.md`.
    pub tracks: Vec<TrackFile>,
    /// `roles/*/*.md`.
    pub roles: Vec<RoleFile>,
    /// `skills/*/_group.md`.
    pub groups: Vec<GroupFile>,
    /// `skills/*/*.md`.
    pub skills: Vec<SkillFile>,
    /// `pathways/*.md`.
    pub pathways: Vec<PathwayFile>,
    /// `opportunities/*.md`.
    pub opportunities: Vec<OpportunityFile>,
    /// `pages/*.md`.
    pub pages: Vec<PageFile>,
    /// Ids of files that exist but could not be read, so references to them are not
    /// reported a second time as unknown.
    pub broken: Broken,
    /// Every problem found while loading.
    pub diagnostics: Diagnostics,
}

impl Loaded {
    /// The Markdown body of a file: its text from `offset` on.
    pub fn body(&self, source: SourceId, offset: usize) -> &str {
        self.sources.text(source).get(offset..).unwrap_or_default()
    }

    /// [`Loaded::body`], sharing the file's text.
    pub fn shared_body(&self, source: SourceId, offset: usize) -> crate::model::Body {
        crate::model::Body::new(self.sources.shared_text(source), offset)
    }
}

/// Ids (from file names) of files that failed to load, per kind.
#[derive(Debug, Default)]
pub struct Broken {
    /// Track ids.
    pub tracks: BTreeSet<String>,
    /// Role ids.
    pub roles: BTreeSet<String>,
    /// Skill ids.
    pub skills: BTreeSet<String>,
}

/// Why a framework could not be loaded at all.
#[derive(Debug)]
pub enum LoadError {
    /// The folder does not exist.
    NotFound(PathBuf),
    /// The path is a file, not a folder.
    NotAFolder(PathBuf),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound(path) => {
                write!(f, "framework folder `{}` does not exist", path.display())
            }
            LoadError::NotAFolder(path) => {
                write!(f, "`{}` is a file, not a framework folder", path.display())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Which kind of file a path holds, from where it sits.
#[derive(Clone, Debug)]
enum Kind {
    Track,
    Role { track: String },
    Group { group: String },
    Skill { group: String },
    Pathway,
    Opportunity,
    Page,
    Misplaced { expected: &'static str },
}

struct Entry {
    rel: String,
    kind: Kind,
}

/// The content folders and where their files must sit.
const FOLDERS: &[&str] = &[
    "tracks",
    "roles",
    "skills",
    "pathways",
    "opportunities",
    "pages",
];

/// Loads the framework in the folder `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    if !root.exists() {
        return Err(LoadError::NotFound(root.to_owned()));
    }
    if !root.is_dir() {
        return Err(LoadError::NotAFolder(root.to_owned()));
    }
    Ok(load_from(&Folder::new(root)))
}

/// Loads a framework from files held in memory, given by their path relative to the
/// framework root (forward slashes), e.g. the tree of a git revision. Files the loader
/// does not read (see [`reads`]) are ignored.
pub fn load_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Loaded {
    load_from(&Memory::new(files))
}

/// Reads again the content files at `paths` (relative to the framework root, forward
/// slashes) of a framework [`load`]ed from `root`, and puts what they hold now in place of
/// what they held: `trellis serve` keeps what it loaded, and an edit of one file of ten
/// thousand then costs one read and one parse instead of ten thousand.
///
/// Every file keeps its [`SourceId`], so the result is what loading the folder again would
/// give. That holds only while the set of files is the same and every one of them parses:
/// when a path is new or gone (it cannot be read), is `trellis.toml`, or did not or does
/// not parse into its record, nothing is changed and the answer is false, and the caller
/// loads the folder again.
pub fn reload(loaded: &mut Loaded, root: &Path, paths: &BTreeSet<String>) -> bool {
    let files = Folder::new(root);
    let mut parsed = Vec::new();
    for rel in paths {
        let Some(id) = loaded.sources.find(rel) else {
            return false;
        };
        if rel == CONFIG_FILE {
            return false;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        let is_group = parts.last() == Some(&"_group.md");
        let entry = Entry {
            rel: rel.clone(),
            kind: classify(&parts, is_group),
        };
        let Parsed {
            text,
            item: Some(item),
            diagnostics,
        } = parse_entry(&files, id, &entry)
        else {
            return false;
        };
        parsed.push((id, text, item, diagnostics));
    }
    // Check every record is there before replacing any, so that a refusal changes nothing.
    if !parsed
        .iter()
        .all(|(id, _, item, _)| record(loaded, item, *id).is_some())
    {
        return false;
    }
    for (id, text, item, diagnostics) in parsed {
        loaded.sources.replace(id, text);
        loaded.diagnostics.retain(|d| d.source != Some(id));
        loaded.diagnostics.extend(diagnostics);
        record(loaded, &item, id)
            .expect("looked for above")
            .set(item);
    }
    true
}

/// The record of the kind of `item` that was read from `id`, as an [`Item`] slot to
/// overwrite.
fn record<'a>(loaded: &'a mut Loaded, item: &Item, id: SourceId) -> Option<Slot<'a>> {
    Some(match item {
        Item::Track(_) => Slot::Track(loaded.tracks.iter_mut().find(|f| f.meta.source == id)?),
        Item::Role(_) => Slot::Role(loaded.roles.iter_mut().find(|f| f.meta.source == id)?),
        Item::Group(_) => Slot::Group(loaded.groups.iter_mut().find(|f| f.source == id)?),
        Item::Skill(_) => Slot::Skill(loaded.skills.iter_mut().find(|f| f.meta.source == id)?),
        Item::Pathway(_) => {
            Slot::Pathway(loaded.pathways.iter_mut().find(|f| f.meta.source == id)?)
        }
        Item::Opportunity(_) => {
            Slot::Opportunity((loaded.opportunities.iter_mut()).find(|f| f.meta.source == id)?)
        }
        Item::Page(_) => Slot::Page(loaded.pages.iter_mut().find(|f| f.meta.source == id)?),
    })
}

/// A record of [`Loaded`] that [`reload`] overwrites.
enum Slot<'a> {
    Track(&'a mut TrackFile),
    Role(&'a mut RoleFile),
    Group(&'a mut GroupFile),
    Skill(&'a mut SkillFile),
    Pathway(&'a mut PathwayFile),
    Opportunity(&'a mut OpportunityFile),
    Page(&'a mut PageFile),
}

impl Slot<'_> {
    /// Overwrites the record with `item`, which is of the same kind.
    fn set(self, item: Item) {
        match (self, item) {
            (Slot::Track(slot), Item::Track(new)) => *slot = new,
            (Slot::Role(slot), Item::Role(new)) => *slot = new,
            (Slot::Group(slot), Item::Group(new)) => *slot = new,
            (Slot::Skill(slot), Item::Skill(new)) => *slot = new,
            (Slot::Pathway(slot), Item::Pathway(new)) => *slot = new,
            (Slot::Opportunity(slot), Item::Opportunity(new)) => *slot = new,
            (Slot::Page(slot), Item::Page(new)) => *slot = new,
            _ => unreachable!("a slot is found by the kind of its item"),
        }
    }
}

/// True for a path (relative to the framework root, forward slashes) that the loader may
/// read: `trellis.toml` and the `.md` files of the content folders. Lets a caller that
/// fetches files one by one (such as [`crate::git`]) skip everything else.
pub fn reads(rel: &str) -> bool {
    rel == CONFIG_FILE
        || (rel.ends_with(".md")
            && FOLDERS.iter().any(|f| {
                rel.len() > f.len() && rel.starts_with(f) && rel.as_bytes()[f.len()] == b'/'
            }))
}

/// Loads the framework whose files `source` holds: discovery, parsing and every diagnostic
/// are the same for a folder and for files in memory.
pub fn load_from(source: &dyn FileSource) -> Loaded {
    let mut loaded = Loaded::default();
    let mut walk_errors = Vec::new();
    let entries = discover(source, &mut walk_errors);

    // trellis.toml is source 0; content files follow in path order, so ids are known
    // before the parallel parse.
    let config_source = SourceId::from_index(0);
    let config_text = read_config(source, config_source, &mut loaded);

    let parsed: Vec<Parsed> = entries
        .par_iter()
        .enumerate()
        .map(|(i, entry)| parse_entry(source, SourceId::from_index(i + 1), entry))
        .collect();

    let id = loaded.sources.add(CONFIG_FILE, config_text);
    debug_assert_eq!(id, config_source);
    for (entry, parsed) in entries.iter().zip(parsed) {
        loaded.sources.add(entry.rel.clone(), parsed.text);
        loaded.diagnostics.extend(parsed.diagnostics);
        match parsed.item {
            Some(Item::Track(t)) => loaded.tracks.push(t),
            Some(Item::Role(r)) => loaded.roles.push(r),
            Some(Item::Group(g)) => loaded.groups.push(g),
            Some(Item::Skill(s)) => loaded.skills.push(s),
            Some(Item::Pathway(p)) => loaded.pathways.push(p),
            Some(Item::Opportunity(o)) => loaded.opportunities.push(o),
            Some(Item::Page(p)) => loaded.pages.push(p),
            None => {
                let stem = stem(&entry.rel).to_owned();
                match &entry.kind {
                    Kind::Track => loaded.broken.tracks.insert(stem),
                    Kind::Role { .. } => loaded.broken.roles.insert(stem),
                    Kind::Skill { .. } => loaded.broken.skills.insert(stem),
                    _ => false,
                };
            }
        }
    }
    loaded.diagnostics.extend(walk_errors);
    loaded
}

fn read_config(files: &dyn FileSource, source: SourceId, loaded: &mut Loaded) -> String {
    let bytes = match files.read(CONFIG_FILE) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            loaded.diagnostics.push(
                Diagnostic::error(Code::MissingConfig, "the framework has no `trellis.toml`")
                    .in_file(source)
                    .with_help(Some(
                        "create `trellis.toml` at the framework root with a `title` and the `[[grades]]`; `docs/format.md` shows one".to_owned(),
                    )),
            );
            return String::new();
        }
        Err(error) => {
            loaded.diagnostics.push(
                Diagnostic::error(Code::Io, format!("cannot read `trellis.toml`: {error}"))
                    .in_file(source),
            );
            return String::new();
        }
    };
    let mut diagnostics = Vec::new();
    let text = decode_text(bytes, source, &mut diagnostics);
    if diagnostics.is_empty() {
        if text.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(Code::EmptyFile, "`trellis.toml` is empty")
                    .at(source, 0..0)
                    .with_help(Some("give it a `title` and the `[[grades]]`".to_owned())),
            );
        } else {
            let mut ctx = Ctx::new(source, 0);
            if let Some(table) = decode::parse(&mut ctx, &text) {
                loaded.config = Some(files::config(&mut ctx, table.get_ref()));
            }
            diagnostics.extend(ctx.diagnostics);
        }
    }
    loaded.diagnostics.extend(diagnostics);
    text
}

/// Finds every content file, in a stable order, and decides what each one is.
fn discover(source: &dyn FileSource, errors: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for folder in FOLDERS {
        for rel in source.list(folder, errors) {
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            let is_group = *folder == "skills" && name == "_group.md";
            if !name.ends_with(".md") || (ignored_name(name) && !is_group) {
                continue;
            }
            let parts: Vec<&str> = rel.split('/').collect();
            let kind = classify(&parts, is_group);
            entries.push(Entry { rel, kind });
        }
    }
    entries
}

fn classify(parts: &[&str], is_group: bool) -> Kind {
    match (parts[0], parts.len()) {
        ("tracks", 2) => Kind::Track,
        ("tracks", _) => Kind::Misplaced {
            expected: "tracks/<track>.md",
        },
        ("roles", 3) => Kind::Role {
            track: parts[1].to_owned(),
        },
        ("roles", _) => Kind::Misplaced {
            expected: "roles/<track>/<role>.md",
        },
        ("skills", 3) if is_group => Kind::Group {
            group: parts[1].to_owned(),
        },
        ("skills", 3) => Kind::Skill {
            group: parts[1].to_owned(),
        },
        ("skills", _) => Kind::Misplaced {
            expected: "skills/<group>/<skill>.md",
        },
        ("pathways", 2) => Kind::Pathway,
        ("pathways", _) => Kind::Misplaced {
            expected: "pathways/<pathway>.md",
        },
        ("opportunities", 2) => Kind::Opportunity,
        ("opportunities", _) => Kind::Misplaced {
            expected: "opportunities/<opportunity>.md",
        },
        ("pages", 2) => Kind::Page,
        _ => Kind::Misplaced {
            expected: "pages/<page>.md",
        },
    }
}

fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md").unwrap_or(name)
}

enum Item {
    Track(TrackFile),
    Role(RoleFile),
    Group(GroupFile),
    Skill(SkillFile),
    Pathway(PathwayFile),
    Opportunity(OpportunityFile),
    Page(PageFile),
}

struct Parsed {
    text: String,
    item: Option<Item>,
    diagnostics: Vec<Diagnostic>,
}

fn parse_entry(files: &dyn FileSource, source: SourceId, entry: &Entry) -> Parsed {
    let mut diagnostics = Vec::new();
    if let Kind::Misplaced { expected } = entry.kind {
        diagnostics.push(
            Diagnostic::error(
                Code::MisplacedFile,
                format!("`{}` is not where Trellis looks for it", entry.rel),
            )
            .in_file(source)
            .with_help(Some(if entry.rel.ends_with("/_group.md") {
                "a group's `_group.md` goes in its folder: `skills/<group>/_group.md`".to_owned()
            } else {
                format!("move it to `{expected}`, or start its name with `_` to keep it out of the framework")
            })),
        );
        return Parsed {
            text: String::new(),
            item: None,
            diagnostics,
        };
    }
    let bytes = match files.read(&entry.rel) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(Code::Io, format!("cannot read `{}`: {error}", entry.rel))
                    .in_file(source),
            );
            return Parsed {
                text: String::new(),
                item: None,
                diagnostics,
            };
        }
    };
    let text = decode_text(bytes, source, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Parsed {
            text,
            item: None,
            diagnostics,
        };
    }
    let item = parse_markdown(source, entry, &text, &mut diagnostics);
    Parsed {
        text,
        item,
        diagnostics,
    }
}

/// UTF-8 with or without a byte-order mark; anything else is an error at the first bad byte.
fn decode_text(mut bytes: Vec<u8>, source: SourceId, diagnostics: &mut Vec<Diagnostic>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            diagnostics.push(
                Diagnostic::error(Code::InvalidUtf8, "the file is not valid UTF-8")
                    .at(source, at..at + 1)
                    .with_label("this byte is not UTF-8")
                    .with_help(Some(
                        "save the file as UTF-8 (most editors offer it under \"Save with encoding\")".to_owned(),
                    )),
            );
            text
        }
    }
}

fn parse_markdown(
    source: SourceId,
    entry: &Entry,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let fm = match front_matter::split(text) {
        Ok(fm) => fm,
        Err(SplitError::Empty) => {
            diagnostics.push(
                Diagnostic::error(Code::EmptyFile, format!("`{}` is empty", entry.rel))
                    .at(source, 0..0)
                    .with_help(Some(
                        "write the front matter between two `+++` lines, or delete the file"
                            .to_owned(),
                    )),
            );
            return None;
        }
        Err(SplitError::Missing(span)) => {
            diagnostics.push(
                Diagnostic::error(Code::MissingFrontMatter, "the file does not start with `+++`")
                    .at(source, span)
                    .with_label("expected `+++` here")
                    .with_help(Some(
                        "start the file with a line `+++`, then the TOML keys, then another `+++` line, then the Markdown".to_owned(),
                    )),
            );
            return None;
        }
        Err(SplitError::Unclosed(span)) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::UnclosedFrontMatter,
                    "the front matter is never closed",
                )
                .at(source, span)
                .with_label("opened here")
                .with_help(Some(
                    "add a line `+++` after the last TOML key, before the Markdown".to_owned(),
                )),
            );
            return None;
        }
    };
    let mut ctx = Ctx::new(source, fm.toml_offset);
    let table = decode::parse(&mut ctx, fm.toml);
    let item = table.and_then(|table| {
        let doc = files::Doc {
            stem: stem(&entry.rel),
            anchor: fm.open.clone(),
            body_offset: fm.body_offset,
        };
        let t = table.get_ref();
        match &entry.kind {
            Kind::Track => files::track(&mut ctx, t, &doc).map(Item::Track),
            Kind::Role { track } => files::role(&mut ctx, t, &doc, track).map(Item::Role),
            Kind::Group { group } => Some(Item::Group(files::group(&mut ctx, t, &doc, group))),
            Kind::Skill { group } => files::skill(&mut ctx, t, &doc, group).map(Item::Skill),
            Kind::Pathway => files::pathway(&mut ctx, t, &doc).map(Item::Pathway),
            Kind::Opportunity => files::opportunity(&mut ctx, t, &doc).map(Item::Opportunity),
            Kind::Page => files::page(&mut ctx, t, &doc).map(Item::Page),
            Kind::Misplaced { .. } => None,
        }
    });
    diagnostics.append(&mut ctx.diagnostics);
    item
}
