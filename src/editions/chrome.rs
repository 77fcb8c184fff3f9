//! The edition chrome of a page: the banner of an old edition, the version switcher, and
//! what changed on a role or skill page since the edition before. Plain links in a
//! `<details>`, so it works without JavaScript; every link relative, so the site works
//! under any subpath.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Changes, Edition, EditionSite};
use crate::render::escape_html as esc;

/// What the chrome of every page is made from: the editions, the pages each has, and what
/// changed in each.
#[derive(Debug)]
pub struct Chrome<'a> {
    editions: Vec<(&'a Edition, HashSet<&'a str>, &'a Changes)>,
    current_pages: HashSet<&'a str>,
    current_changes: &'a Changes,
}

impl<'a> Chrome<'a> {
    /// The chrome for a site of `sites` (oldest first), whose current pages are
    /// `current_pages` and whose changes since the latest edition are `current_changes`.
    pub fn new(
        sites: &'a [EditionSite],
        current_pages: &'a [String],
        current_changes: &'a Changes,
    ) -> Self {
        Chrome {
            editions: sites
                .iter()
                .map(|s| {
                    (
                        &s.edition,
                        s.files.iter().map(String::as_str).collect(),
                        &s.changes,
                    )
                })
                .collect(),
            current_pages: current_pages.iter().map(String::as_str).collect(),
            current_changes,
        }
    }

    /// The chrome of the page `path` (relative to its site's root) of the edition `at`
    /// (an index into the editions, oldest first), or of the current site for `None`.
    pub fn for_page(&self, at: Option<usize>, path: &str) -> String {
        // The 404 page is served at any depth and links from the base path, so relative
        // links cannot be made for it.
        if path == "404.html" {
            return String::new();
        }
        let up = "../".repeat(path.matches('/').count());
        let top = match at {
            Some(_) => format!("{up}../../"),
            None => up,
        };
        let pretty = path.strip_suffix("index.html").unwrap_or(path);
        let mut out = String::from("<aside class=\"wrap edition\" aria-label=\"Edition\">");
        if let Some(i) = at {
            let edition = self.editions[i].0;
            let _ = write!(
                out,
                "<p class=\"edition-banner\">You are reading edition <strong>{}</strong>, published on {}. It is kept as it was. <a href=\"{top}{}\">Go to the current framework</a> · <a href=\"{top}editions/{}/changes/\">What changed in this edition</a></p>",
                esc(&edition.tag.name),
                esc(edition.day()),
                esc(if self.current_pages.contains(path) {
                    pretty
                } else {
                    ""
                }),
                esc(&edition.folder),
            );
        }
        let label = match at {
            Some(i) => format!("Edition {}", self.editions[i].0.tag.name),
            None => "Current edition".to_owned(),
        };
        let _ = write!(
            out,
            "<details class=\"edition-switch\"><summary>{}</summary><ul>",
            esc(&label)
        );
        let current_url = if self.current_pages.contains(path) {
            format!("{top}{pretty}")
        } else {
            top.clone()
        };
        let here = |is: bool| if is { " aria-current=\"page\"" } else { "" };
        let _ = write!(
            out,
            "<li><a href=\"{}\"{}>Current</a></li>",
            esc(&current_url),
            here(at.is_none())
        );
        for (i, (edition, pages, _)) in self.editions.iter().enumerate().rev() {
            let base = format!("{top}editions/{}/", edition.folder);
            let url = if pages.contains(path) {
                format!("{base}{pretty}")
            } else {
                base
            };
            let _ = write!(
                out,
                "<li><a href=\"{}\"{}>{}</a> <span class=\"edition-date\">{}</span></li>",
                esc(&url),
                here(at == Some(i)),
                esc(&edition.tag.name),
                esc(edition.day()),
            );
        }
        let _ = write!(
            out,
            "</ul><p><a href=\"{top}editions/\">All editions and what changed</a></p></details>"
        );
        let changes = match at {
            Some(i) => self.editions[i].2,
            None => self.current_changes,
        };
        if let (Some(since), Some(lines)) = (&changes.since, changes.pages.get(path)) {
            let _ = write!(
                out,
                "<section class=\"edition-changes\"><h2>Changed since edition {}</h2><ul>",
                esc(since)
            );
            for line in lines {
                let _ = write!(
                    out,
                    "<li><span class=\"edition-class\">{}</span> {}</li>",
                    esc(&line.class),
                    esc(&line.text)
                );
            }
            out.push_str("</ul></section>");
        }
        out.push_str("</aside>");
        out
    }
}
