//! The search index: built from the model at build time, read by `assets/search.js` in
//! the reader's browser. Nothing is sent anywhere; the browser fetches only the few small
//! files a query needs, so the first result appears after a few kilobytes even for a
//! framework of ten thousand roles. `docs/decisions/search.md` explains the design.
//!
//! Layout under `search/`:
//!
//! - `meta.json`: the document count, the chunk size, the id ranges of each kind, the
//!   facet values (families, tracks, grades) and the list of term shards.
//! - `t-<prefix>.json`: the terms starting with a two-character prefix, each with its
//!   postings `[doc, score]`, best first.
//! - `d-<n>.json`: display data of documents `n * CHUNK ..`: kind, title, url, track,
//!   grade, snippet.
//! - `f.json`: the track and grade of every document, loaded only when a reader filters.
//!
//! The index holds only plain text and numbers as JSON strings; the script shows them with
//! `textContent`, so contributor text cannot become markup.

use std::collections::BTreeMap;

use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::SiteFile;
use super::markdown::plain_text;
use crate::model::Framework;
use crate::model::links::opportunity_folder;

/// Documents per display chunk: small, because the first results come from several chunks.
pub const CHUNK: usize = 64;
/// Postings kept per term beyond its title and alias matches, best first.
const MAX_POSTINGS: usize = 120;
/// Characters of a snippet.
const SNIPPET: usize = 140;

/// How many documents are read at once before their terms are inverted: enough to keep
/// the cores busy, few enough that their term maps stay small.
const DOCS_AT_ONCE: usize = 2048;

/// Field weights: titles and aliases rank first.
const TITLE: u32 = 100;
const ALIAS: u32 = 80;
const SUMMARY: u32 = 20;
const TEXT: u32 = 4;

/// The kinds, in the order their documents are numbered.
/// Free pages come last so that adding them left the numbers of the other kinds as they
/// were.
pub const KINDS: &[&str] = &["role", "skill", "track", "pathway", "opportunity", "guide"];

/// Words too common to help find anything in long text; they still count in titles.
fn is_stop_word(term: &str) -> bool {
    matches!(
        term,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "their"
            | "this"
            | "to"
            | "with"
            | "you"
            | "your"
            | "we"
            | "our"
            | "they"
            | "them"
            | "when"
            | "what"
            | "who"
            | "will"
            | "can"
            | "not"
            | "but"
            | "so"
            | "if"
            | "into"
            | "than"
            | "then"
            | "there"
            | "these"
            | "those"
            | "was"
            | "were"
    )
}

/// Splits text into lowercase search terms: runs of letters and digits.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(str::to_lowercase)
}

/// The runs of letters and digits in `text`, as they are written.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// The shard a term belongs to: its first two characters (one for one-letter terms).
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// One document as the script shows it.
#[derive(Serialize)]
struct Doc {
    /// Index into [`KINDS`].
    k: usize,
    /// Title.
    t: String,
    /// URL relative to the site root.
    u: String,
    /// Track index, or -1.
    r: i64,
    /// Grade index, or -1.
    g: i64,
    /// Snippet.
    s: String,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    count: usize,
    chunk: usize,
    kinds: &'a [&'a str],
    /// `[first, end)` document ids of each kind.
    ranges: Vec<[usize; 2]>,
    families: Vec<String>,
    /// `[name, family index]`.
    tracks: Vec<(String, usize)>,
    /// `[id, name]`.
    grades: Vec<(String, String)>,
    shards: Vec<String>,
}

#[derive(Serialize)]
struct Facets {
    /// Track index of each document, -1 when none.
    r: Vec<i64>,
    /// Grade index of each document, -1 when none.
    g: Vec<i64>,
}

/// Collects weighted terms for one document.
struct Terms(FxHashMap<String, u32>);

impl Terms {
    fn new() -> Self {
        Terms(FxHashMap::default())
    }

    fn add(&mut self, text: &str, weight: u32) {
        // Called for every word of every body, so a word already seen or already in lower
        // case costs no allocation.
        let mut lower = String::new();
        for word in words(text) {
            let term = if word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                word
            } else if word.is_ascii() {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                lower.as_str()
            } else {
                // `str::to_lowercase`, as the script's `toLowerCase`, knows a final sigma.
                lower = word.to_lowercase();
                lower.as_str()
            };
            if weight <= TEXT && (term.chars().nth(1).is_none() || is_stop_word(term)) {
                continue;
            }
            // Repeats in long text add a little; a title match is worth more than any body.
            let bump = |score: u32| score.max(weight) + u32::from(weight <= TEXT);
            match self.0.get_mut(term) {
                Some(score) => *score = bump(*score),
                None => {
                    self.0.insert(term.to_owned(), bump(0));
                }
            }
        }
    }
}

fn snippet(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= SNIPPET {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SNIPPET).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// One thing to index, in document order.
#[derive(Clone, Copy)]
enum Source {
    Role(usize),
    Skill(usize),
    Track(usize),
    Pathway(usize),
    Opportunity(usize),
    Page(usize),
}

/// The display data and weighted terms of one document.
fn document(f: &Framework, source: Source) -> (Doc, Terms) {
    let mut terms = Terms::new();
    let text = |s: &Option<String>| s.as_deref().unwrap_or("").to_owned();
    let doc = match source {
        Source::Role(i) => {
            let role = &f.roles[i];
            terms.add(&role.title, TITLE);
            for alias in &role.aliases {
                terms.add(&alias.value, ALIAS);
            }
            terms.add(&text(&role.summary), SUMMARY);
            terms.add(&f[role.track].name, SUMMARY);
            terms.add(&f.grades[role.grade.0].name, SUMMARY);
            terms.add(&f.grades[role.grade.0].id, SUMMARY);
            terms.add(&plain_text(&role.body), TEXT);
            for r in &role.requirements {
                for e in &r.expectations {
                    terms.add(e, TEXT);
                }
            }
            Doc {
                k: 0,
                t: role.title.clone(),
                u: format!("roles/{}/", role.id),
                r: role.track.0 as i64,
                g: role.grade.0 as i64,
                s: snippet(&text(&role.summary)),
            }
        }
        Source::Skill(i) => {
            let skill = &f.skills[i];
            terms.add(&skill.name, TITLE);
            for alias in &skill.aliases {
                terms.add(alias, ALIAS);
            }
            terms.add(&text(&skill.summary), SUMMARY);
            terms.add(&f[skill.group].name, SUMMARY);
            terms.add(&plain_text(&skill.body), TEXT);
            for level in &skill.levels {
                terms.add(&text(&level.summary), TEXT);
                for s in level.signals.iter().chain(&level.examples) {
                    terms.add(s, TEXT);
                }
            }
            Doc {
                k: 1,
                t: skill.name.clone(),
                u: format!("skills/{}/", skill.id),
                r: -1,
                g: -1,
                s: snippet(&text(&skill.summary)),
            }
        }
        Source::Track(i) => {
            let track = &f.tracks[i];
            terms.add(&track.name, TITLE);
            terms.add(&text(&track.family), SUMMARY);
            terms.add(&text(&track.kind), SUMMARY);
            terms.add(&text(&track.summary), SUMMARY);
            terms.add(&plain_text(&track.body), TEXT);
            Doc {
                k: 2,
                t: track.name.clone(),
                u: format!("tracks/{}/", track.id),
                r: i as i64,
                g: -1,
                s: snippet(&text(&track.summary)),
            }
        }
        Source::Pathway(i) => {
            let pathway = &f.pathways[i];
            terms.add(&pathway.title, TITLE);
            terms.add(&f[pathway.skill].name, SUMMARY);
            terms.add(&text(&pathway.summary), SUMMARY);
            for step in &pathway.steps {
                terms.add(&step.title, TEXT);
            }
            terms.add(&plain_text(&pathway.body), TEXT);
            Doc {
                k: 3,
                t: pathway.title.clone(),
                u: format!("pathways/{}/", pathway.id),
                r: -1,
                g: -1,
                s: snippet(&text(&pathway.summary)),
            }
        }
        Source::Opportunity(i) => {
            let o = &f.opportunities[i];
            let body = plain_text(&o.body);
            terms.add(&o.title, TITLE);
            terms.add(o.kind.as_str(), SUMMARY);
            terms.add(&text(&o.team), SUMMARY);
            terms.add(&body, TEXT);
            Doc {
                k: 4,
                t: o.title.clone(),
                u: format!(
                    "{}#opportunity-{}",
                    opportunity_folder(i, f.opportunities.len()),
                    o.id
                ),
                r: -1,
                g: -1,
                s: snippet(&body),
            }
        }
        Source::Page(i) => {
            let page = &f.pages[i];
            let body = plain_text(&page.body);
            terms.add(&page.title, TITLE);
            terms.add(&text(&page.summary), SUMMARY);
            // The section headings say what a guide is about better than its running text.
            for heading in crate::model::links::headings(&page.body) {
                terms.add(&heading.text, SUMMARY);
            }
            terms.add(&body, TEXT);
            Doc {
                k: 5,
                t: page.title.clone(),
                u: format!("pages/{}/", page.id),
                r: -1,
                g: -1,
                s: snippet(page.summary.as_deref().unwrap_or(&body)),
            }
        }
    };
    (doc, terms)
}

/// Builds the index files.
pub fn index(f: &Framework) -> Result<Vec<SiteFile>> {
    let counts = [
        f.roles.len(),
        f.skills.len(),
        f.tracks.len(),
        f.pathways.len(),
        f.opportunities.len(),
        f.pages.len(),
    ];
    let mut sources = Vec::with_capacity(counts.iter().sum());
    sources.extend((0..counts[0]).map(Source::Role));
    sources.extend((0..counts[1]).map(Source::Skill));
    sources.extend((0..counts[2]).map(Source::Track));
    sources.extend((0..counts[3]).map(Source::Pathway));
    sources.extend((0..counts[4]).map(Source::Opportunity));
    sources.extend((0..counts[5]).map(Source::Page));
    let mut ranges = Vec::new();
    let mut start = 0;
    for count in counts {
        ranges.push([start, start + count]);
        start += count;
    }

    // Reading the Markdown of every body is most of the work: spread it over the cores.
    // The documents' terms are inverted a batch at a time, since all of them at once held
    // 750 MB at 50,000 roles; the postings are a tenth of that.
    let mut docs: Vec<Doc> = Vec::with_capacity(sources.len());
    let mut postings: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
    for batch in sources.chunks(DOCS_AT_ONCE) {
        let (batch_docs, terms_of): (Vec<Doc>, Vec<Terms>) =
            batch.par_iter().map(|s| document(f, *s)).unzip();
        for (terms, doc) in terms_of.into_iter().zip(docs.len()..) {
            for (term, score) in terms.0 {
                postings.entry(term).or_default().push((score, doc as u32));
            }
        }
        docs.extend(batch_docs);
    }

    let mut families: Vec<String> = Vec::new();
    let mut tracks: Vec<(String, usize)> = Vec::new();
    for t in &f.tracks {
        let name = t.family.clone().unwrap_or_else(|| "Other".to_owned());
        let family = match families.iter().position(|x| *x == name) {
            Some(i) => i,
            None => {
                families.push(name);
                families.len() - 1
            }
        };
        tracks.push((t.name.clone(), family));
    }

    // Postings best first, capped.
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<[u32; 2]>>> = BTreeMap::new();
    for (term, mut list) in postings {
        list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        // Every title and alias match is kept, so a query of several title words always
        // finds its document; weaker matches are capped, since a word found in thousands of
        // bodies tells a reader nothing.
        let strong = list.iter().take_while(|(score, _)| *score >= ALIAS).count();
        list.truncate(strong.max(MAX_POSTINGS));
        let entries = list.into_iter().map(|(score, doc)| [doc, score]).collect();
        shards
            .entry(shard_key(&term))
            .or_default()
            .insert(term, entries);
    }

    let mut files = Vec::new();
    let meta = Meta {
        version: 1,
        count: docs.len(),
        chunk: CHUNK,
        kinds: KINDS,
        ranges,
        families,
        tracks,
        grades: f
            .grades
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect(),
        shards: shards.keys().cloned().collect(),
    };
    files.push(json_file("search/meta.json", &meta)?);
    let shard_files: Vec<SiteFile> = shards
        .par_iter()
        .map(|(key, terms)| json_file(&format!("search/t-{}.json", shard_file_name(key)), terms))
        .collect::<Result<_>>()?;
    files.extend(shard_files);
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        files.push(json_file(&format!("search/d-{n}.json"), &chunk)?);
    }
    let facets = Facets {
        r: docs.iter().map(|d| d.r).collect(),
        g: docs.iter().map(|d| d.g).collect(),
    };
    files.push(json_file("search/f.json", &facets)?);
    Ok(files)
}

/// A file name for a shard key: ASCII letters and digits as they are, anything else as its
/// code point, so every name is safe on every file system and in a URL.
pub fn shard_file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

fn json_file<T: Serialize + ?Sized>(path: &str, value: &T) -> Result<SiteFile> {
    Ok(SiteFile {
        path: path.to_owned(),
        bytes: serde_json::to_vec(value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_lowercase_runs_of_letters_and_digits() {
        let t: Vec<String> = tokens("Senior SWE-III, Ingénieur (L4)").collect();
        assert_eq!(t, ["senior", "swe", "iii", "ingénieur", "l4"]);
    }

    #[test]
    fn shard_names_are_plain() {
        assert_eq!(shard_key("kubernetes"), "ku");
        assert_eq!(shard_file_name("ku"), "ku");
        assert_eq!(shard_file_name("é9"), "_e99");
    }

    #[test]
    fn titles_outweigh_bodies() {
        let mut terms = Terms::new();
        terms.add("the engineer writes code", TEXT);
        terms.add("Engineer", TITLE);
        assert_eq!(terms.0["engineer"], TITLE);
        assert!(!terms.0.contains_key("the"));
        assert!(terms.0["code"] < TITLE);
    }

    #[test]
    fn snippets_cut_at_a_word() {
        let long = "word ".repeat(60);
        let s = snippet(&long);
        assert!(s.ends_with('…') && s.chars().count() <= SNIPPET + 1);
    }
}
