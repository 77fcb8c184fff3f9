//! The site as the server holds it: every file in memory, swapped whole after each rebuild,
//! so a request sees one build from start to end.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::model::Framework;
use crate::render::{SiteFile, partial};

/// One file of the site.
#[derive(Debug, PartialEq, Eq)]
pub struct Resource {
    /// The bytes, as `trellis build` would write them.
    pub bytes: Vec<u8>,
    /// For HTML pages, where the live-reload script tag goes (before `</head>`, or at the
    /// end when a theme's page has none).
    pub script_at: Option<usize>,
}

impl Resource {
    /// Wraps a file's bytes, finding where a page takes the live-reload tag.
    pub fn new(path: &str, bytes: Vec<u8>) -> Self {
        let script_at = path.ends_with(".html").then(|| {
            find(&bytes, b"</head>")
                .or_else(|| find(&bytes, b"</body>"))
                .unwrap_or(bytes.len())
        });
        Resource { bytes, script_at }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The files of a site, by path.
pub type Files = HashMap<String, Arc<Resource>>;

/// Turns rendered files into [`Files`].
pub fn files(rendered: impl IntoIterator<Item = SiteFile>) -> Files {
    rendered
        .into_iter()
        .map(|f| {
            let resource = Resource::new(&f.path, f.bytes);
            (f.path, Arc::new(resource))
        })
        .collect()
}

/// The exports of one framework (`framework.json`, `matrix.csv`, the self-assessment's data,
/// the search index), made
/// the first time a request needs them (or a helper thread asks) rather than before the
/// reload event: on 1,000 roles the search index alone takes longer than the pages an edit
/// touches. Every request of one snapshot sees the exports of that snapshot's framework.
#[derive(Debug)]
pub struct Exports {
    framework: Arc<Framework>,
    base_url: String,
    today: String,
    files: OnceLock<Files>,
}

impl Exports {
    /// Exports of `framework`, not made yet.
    pub fn new(framework: Arc<Framework>, base_url: String, today: String) -> Self {
        Exports {
            framework,
            base_url,
            today,
            files: OnceLock::new(),
        }
    }

    /// The exports, made now if they were not yet; concurrent callers wait for one maker.
    pub fn files(&self) -> &Files {
        self.files.get_or_init(|| {
            match partial::exports(&self.framework, &self.base_url, &self.today) {
                Ok(rendered) => files(rendered),
                // They are made from a framework that checked clean; if one still fails,
                // its paths answer 404 and the message goes to the terminal.
                Err(error) => {
                    eprintln!("error: cannot make the site's exports: {error:#}");
                    Files::new()
                }
            }
        })
    }
}

impl Exports {
    /// Makes the exports ahead of any request, unless they are made already, giving up at
    /// the next file once `stop` says so: at 10,000 roles they take seconds of both cores,
    /// and a rebuild for the next edit should not wait for exports of a site it replaces.
    /// A request that needs them later makes them then ([`Exports::files`]).
    pub fn prewarm(&self, stop: &(dyn Fn() -> bool + Sync)) {
        if self.files.get().is_some() || stop() {
            return;
        }
        let made = std::sync::Mutex::new(Vec::new());
        let result = partial::exports_each(&self.framework, &self.base_url, &self.today, &|file| {
            if stop() {
                anyhow::bail!("a newer build started");
            }
            made.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        });
        if result.is_ok() {
            let made = made.into_inner().unwrap_or_else(|e| e.into_inner());
            // A request may have made them meanwhile; then these are the same and dropped.
            let _ = self.files.set(files(made));
        }
    }
}

/// One build of the site.
#[derive(Debug)]
pub struct Snapshot {
    /// Counts the builds whose pages differ from the one before; pages carry it so the
    /// script knows whether the page it runs in is out of date.
    pub build: u64,
    /// `/` or `/careers/`.
    pub base_path: String,
    /// Rendered pages, theme assets and `sitemap.xml`.
    pub pages: Arc<Files>,
    /// The whole-framework exports, made on demand.
    pub exports: Option<Arc<Exports>>,
    /// The framework's `static/` folder.
    pub statics: Arc<Files>,
}

impl Snapshot {
    /// The file at `path`; generated files win over static files of the same path, as in
    /// `trellis build`.
    pub fn get(&self, path: &str) -> Option<Arc<Resource>> {
        if let Some(found) = self.pages.get(path) {
            return Some(found.clone());
        }
        if let Some(found) = self.exports.as_ref().and_then(|e| e.files().get(path)) {
            return Some(found.clone());
        }
        self.statics.get(path).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_head() {
        let page = Resource::new("x/index.html", b"<html><head></head><body></body>".to_vec());
        assert_eq!(page.script_at, Some(12));
        let bare = Resource::new("x.html", b"<p>hi</p></body>".to_vec());
        assert_eq!(bare.script_at, Some(9));
        let fragment = Resource::new("x.html", b"<p>hi</p>".to_vec());
        assert_eq!(fragment.script_at, Some(9));
        assert_eq!(Resource::new("a.css", b"</head>".to_vec()).script_at, None);
    }
}
