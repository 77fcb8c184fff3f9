//! Links between the framework's own files: a relative link such as
//! `../pages/promotions.md#who-decides` is a reference like a skill id, so it is resolved
//! here, once. The check reports one that leads nowhere at its line; the site writes it as a
//! link to the page the file becomes.
//!
//! Only links to `.md` files and `#anchors` are the framework's: a link with a scheme, a
//! path from the site root (`/static/x.png`) or any other relative file is left as written.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::id::slugify;

/// The Markdown the site renders: the same options wherever Markdown is read, so that a
/// heading's id is the same here and on the page.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH
}

/// The id of a heading with `text`, unique among `used`: a slug of the text (`section` when
/// it has none), then `-2`, `-3` for repeats. The page prefixes it with `md-`.
pub fn unique_slug(text: &str, used: &mut HashSet<String>) -> String {
    let base = match slugify(text) {
        s if s.is_empty() => "section".to_owned(),
        s => s,
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// A heading of a body: its level, its text without markup and the id the page gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##` …
    pub level: u8,
    /// Its text without markup, white space collapsed.
    pub text: String,
    /// Its id, unique in the body, without the page's `md-` prefix.
    pub slug: String,
}

/// The headings of `markdown` in order, read with the options and numbered the way the page
/// is, so that every slug here is an id there (prefixed `md-`).
pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut used = HashSet::new();
    let mut out = Vec::new();
    let mut open: Option<(u8, String)> = None;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => open = Some((level as u8, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = open.take() {
                    let slug = unique_slug(&text, &mut used);
                    out.push(Heading {
                        level,
                        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                        slug,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The ids of the headings of `markdown`, as the page gives them (without `md-`).
pub fn heading_slugs(markdown: &str) -> HashSet<String> {
    headings(markdown).into_iter().map(|h| h.slug).collect()
}

/// What the check needs of a body, from one parse: the ids of its headings, as
/// [`heading_slugs`] gives them, and its links, as [`links_in`] gives them.
pub fn scan_body(markdown: &str) -> (HashSet<String>, Vec<(String, Range<usize>)>) {
    let mut used = HashSet::new();
    let mut links = Vec::new();
    let mut open: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = open.take() {
                    unique_slug(&text, &mut used);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push((dest_url.to_string(), range)),
            _ => {}
        }
    }
    (used, links)
}

/// Every link of `markdown` with the byte range of the link's text and destination.
pub fn links_in(markdown: &str) -> Vec<(String, Range<usize>)> {
    Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), range)),
            _ => None,
        })
        .collect()
}

/// The most opportunities shown in full on one page. A framework of more lists them all in
/// short on `opportunities/` and shows them in full on pages of this many, in framework
/// order (at 10,000 roles the one page was 400 KB; at 50,000, 2.3 MB).
pub const OPPORTUNITY_PART: usize = 50;

/// The number of pages that show opportunities in full beyond `opportunities/`: 0 when it
/// shows all `count` itself.
pub fn opportunity_parts(count: usize) -> usize {
    if count <= OPPORTUNITY_PART {
        0
    } else {
        count.div_ceil(OPPORTUNITY_PART)
    }
}

/// The folder of the page that shows opportunity `index` (of `count`) in full:
/// `opportunities/`, or `opportunities/<n>/` counting from 1.
pub fn opportunity_folder(index: usize, count: usize) -> String {
    if opportunity_parts(count) == 0 {
        "opportunities/".to_owned()
    } else {
        format!("opportunities/{}/", index / OPPORTUNITY_PART + 1)
    }
}

/// The page a framework file becomes, and the anchors its body gives.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// The page's path from the site root, e.g. `pages/promotions/`; for a file shown as
    /// part of a page, with the fragment: `opportunities/#opportunity-x`.
    pub page: String,
    /// The ids of the headings of its body, without `md-`.
    pub anchors: HashSet<String>,
}

/// Where a link leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// Not a link to a framework file: kept as written.
    Other,
    /// A framework file's page, from the site root, with the anchor's id (`md-…`) if any.
    Page {
        /// `pages/promotions/`.
        page: String,
        /// `md-who-decides`.
        anchor: Option<String>,
    },
}

/// Why a link to a framework file leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// No framework file at the path (the path as resolved from the framework root).
    NoFile(String),
    /// The file has no heading with that anchor; the anchors it has.
    NoAnchor {
        /// The file, from the framework root.
        path: String,
        /// The anchor as written.
        anchor: String,
        /// The closest anchor the file has, if any.
        suggestion: Option<String>,
    },
}

/// Every framework file a link may lead to, by its path from the framework root.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    by_path: HashMap<String, Target>,
}

impl Targets {
    /// Records that the file at `path` (from the framework root, with `/`) becomes `page`
    /// and has `body`.
    pub fn add(&mut self, path: &str, page: String, body: &str) {
        self.insert(path.to_owned(), page, heading_slugs(body));
    }

    /// [`Targets::add`] with the [`heading_slugs`] of the body already read.
    pub fn insert(&mut self, path: String, page: String, anchors: HashSet<String>) {
        self.by_path.insert(path, Target { page, anchors });
    }

    /// The target of the file at `path`.
    pub fn get(&self, path: &str) -> Option<&Target> {
        self.by_path.get(path)
    }

    /// Resolves `href`, written in the file at `from`.
    pub fn resolve(&self, from: &str, href: &str) -> Result<Link, Broken> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('/') || crate::links::url_scheme(href).is_some() {
            return Ok(Link::Other);
        }
        let (path, anchor) = match href.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (href, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let file = if path.is_empty() {
            from.to_owned()
        } else if path.ends_with(".md") {
            match join(from, path) {
                Some(file) => file,
                None => return Err(Broken::NoFile(path.to_owned())),
            }
        } else {
            return Ok(Link::Other);
        };
        let Some(target) = self.by_path.get(&file) else {
            return Err(Broken::NoFile(file));
        };
        let anchor = match anchor.filter(|a| !a.is_empty()) {
            None => None,
            Some(anchor) => {
                let slug = anchor.strip_prefix("md-").unwrap_or(anchor);
                if !target.anchors.contains(slug) {
                    let suggestion =
                        crate::diagnostic::nearest(slug, target.anchors.iter().map(String::as_str))
                            .first()
                            .map(|s| (*s).to_owned());
                    return Err(Broken::NoAnchor {
                        path: file,
                        anchor: anchor.to_owned(),
                        suggestion,
                    });
                }
                Some(format!("md-{slug}"))
            }
        };
        Ok(Link::Page {
            page: target.page.clone(),
            anchor,
        })
    }
}

/// `rel` resolved against the folder of `from`, both from the framework root; `None` when
/// it climbs above the root.
fn join(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        let mut t = Targets::default();
        t.add(
            "pages/promotions.md",
            "pages/promotions/".to_owned(),
            "## Who decides\n\ntext\n\n## Who decides\n",
        );
        t.add("roles/eng/senior.md", "roles/senior/".to_owned(), "");
        t
    }

    #[test]
    fn relative_links_to_framework_files_resolve_to_their_pages() {
        let t = targets();
        assert_eq!(
            t.resolve(
                "roles/eng/senior.md",
                "../../pages/promotions.md#who-decides-2"
            ),
            Ok(Link::Page {
                page: "pages/promotions/".to_owned(),
                anchor: Some("md-who-decides-2".to_owned())
            })
        );
        assert_eq!(
            t.resolve("pages/promotions.md", "#who-decides"),
            Ok(Link::Page {
                page: "pages/promotions/".to_owned(),
                anchor: Some("md-who-decides".to_owned())
            })
        );
        for other in [
            "https://x.example/a.md",
            "/static/a.png",
            "notes.txt",
            "mailto:a@b.c",
        ] {
            assert_eq!(t.resolve("pages/promotions.md", other), Ok(Link::Other));
        }
    }

    #[test]
    fn a_missing_file_or_anchor_is_broken() {
        let t = targets();
        assert_eq!(
            t.resolve("roles/eng/senior.md", "../../pages/promotion.md"),
            Err(Broken::NoFile("pages/promotion.md".to_owned()))
        );
        assert_eq!(
            t.resolve("roles/eng/senior.md", "../../../x.md"),
            Err(Broken::NoFile("../../../x.md".to_owned()))
        );
        assert!(matches!(
            t.resolve("roles/eng/senior.md", "../../pages/promotions.md#who-decide"),
            Err(Broken::NoAnchor { suggestion: Some(s), .. }) if s == "who-decides"
        ));
    }
}
