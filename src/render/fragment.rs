//! Fragments: partials rendered once per distinct input and reused wherever that input
//! comes back.
//!
//! A role page of a large framework is mostly pieces that recur across the framework: the
//! same skill going from the same level to the same level in the gap tables of many roles,
//! the same skill at the same level in many lists of requirements, the same role linked
//! from every skill it needs. (In the benchmark's 10k roles, 121,050 gap rows hold 17,781
//! distinct ones.) Building, serializing and rendering each again was most of the build. A
//! fragment's item is built and rendered once, with a context of only the item and `root`,
//! and the page gets the HTML. The partial stays a Tera template a theme can override, in
//! the manner of Hugo's `partialCached`.

use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

use anyhow::{Result, anyhow};
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

/// How many bytes of HTML one partial keeps before it starts again from empty. Pages are
/// rendered track by track, so what a page reuses was mostly rendered for its neighbours;
/// keeping everything held 300 MB at 50,000 roles for a few more hits.
const KEEP_BYTES: usize = 24 << 20;

/// One partial and what it rendered, shared by the threads that render the pages.
///
/// Items are looked up by a key `K` of ids and numbers, and built only the first time: the
/// item of a key must be a function of the key and the framework alone (the views build it
/// from nothing else), so the same key always means the same item and the same HTML. The
/// cache is bounded ([`KEEP_BYTES`]); an item built again renders the same HTML.
pub(super) struct Fragment<K> {
    template: &'static str,
    name: &'static str,
    /// [`KEEP_BYTES`], smaller in tests.
    limit: usize,
    cache: Mutex<Cache<K>>,
}

struct Cache<K> {
    /// By `root`, then by key: the HTML.
    html: FxHashMap<String, FxHashMap<K, String>>,
    /// The bytes of HTML in `html`.
    bytes: usize,
}

impl<K: Hash + Eq + Clone> Fragment<K> {
    /// The partial `template`, which reads its item as `name`.
    pub(super) fn new(template: &'static str, name: &'static str) -> Self {
        Fragment {
            template,
            name,
            limit: KEEP_BYTES,
            cache: Mutex::new(Cache {
                html: FxHashMap::default(),
                bytes: 0,
            }),
        }
    }

    /// The item of `key` as the page's context holds it: `{"html": ...}`, the partial
    /// rendered for it on a page whose way back to the site root is `root`. Only the
    /// partial sees the item's fields: copying them into every page that shows the item cost
    /// nearly as much as the cache saved. `item` builds the item the first time the key is
    /// seen.
    ///
    /// With `keep` false the HTML is rendered and not kept, for a key that belongs to one
    /// page (a role's own expectations), so that it takes no room from keys that come back.
    pub(super) fn get<T: Serialize>(
        &self,
        tera: &Tera,
        key: &K,
        keep: bool,
        root: &str,
        item: impl FnOnce() -> T,
    ) -> Result<Value> {
        if !keep {
            return self.render(tera, root, &item()).map(page_item);
        }
        if let Some(html) = self.lock().html.get(root).and_then(|m| m.get(key)) {
            return Ok(page_item(html.clone()));
        }
        // Rendered outside the lock: another thread may render the same fragment meanwhile,
        // and both get the same result, since an item depends on its key alone.
        let html = self.render(tera, root, &item())?;
        let mut cache = self.lock();
        if cache.bytes + html.len() > self.limit {
            cache.html.clear();
            cache.bytes = 0;
        }
        cache.bytes += html.len();
        if let Some(old) = cache
            .html
            .entry(root.to_owned())
            .or_default()
            .insert(key.clone(), html.clone())
        {
            cache.bytes -= old.len();
        }
        Ok(page_item(html))
    }

    fn render<T: Serialize>(&self, tera: &Tera, root: &str, item: &T) -> Result<String> {
        let mut context = Context::new();
        context.insert("root", root);
        context.insert(self.name, item);
        tera.render(self.template, &context)
            .map_err(|e| anyhow!("template `{}`: {}", self.template, super::error_chain(&e)))
    }

    fn lock(&self) -> MutexGuard<'_, Cache<K>> {
        // A panic elsewhere while holding the lock leaves the map whole (an insert either
        // happened or not), so a poisoned lock is still safe to use.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `{"html": html}`.
fn page_item(html: String) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("html".to_owned(), Value::String(html));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        url: &'static str,
        name: &'static str,
    }

    fn tera() -> Tera {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::render::escape_html);
        tera.add_raw_template(
            "row.html",
            "<a href=\"{{ root }}{{ s.url }}\">{{ s.name }}</a>",
        )
        .unwrap();
        tera.add_raw_template("bad.html", "{{ s.missing.deeper }}")
            .unwrap();
        tera
    }

    #[test]
    fn a_fragment_is_what_the_template_renders_for_its_item() {
        let tera = tera();
        let fragment = Fragment::new("row.html", "s");
        let a = || Item {
            url: "skills/a/",
            name: "A & B",
        };
        let deep = fragment.get(&tera, &1, true, "../../", a).unwrap();
        assert_eq!(
            deep,
            serde_json::json!({"html": "<a href=\"../../skills/a/\">A &amp; B</a>"})
        );
        // The same key at another depth is rendered again, and so is another key.
        let top = fragment.get(&tera, &1, true, "", a).unwrap();
        assert_eq!(top["html"], "<a href=\"skills/a/\">A &amp; B</a>");
        let c = fragment
            .get(&tera, &2, true, "../../", || Item {
                url: "skills/c/",
                name: "C",
            })
            .unwrap();
        assert_eq!(c["html"], "<a href=\"../../skills/c/\">C</a>");
        // A key seen before is not built again.
        let again = fragment
            .get(&tera, &1, true, "../../", || -> Item {
                panic!("built twice")
            })
            .unwrap();
        assert_eq!(again, deep);
    }

    #[test]
    fn a_key_not_kept_is_built_each_time_and_a_full_cache_starts_again() {
        let tera = tera();
        let fragment = Fragment {
            limit: 200,
            ..Fragment::new("row.html", "s")
        };
        let a = || Item {
            url: "a/",
            name: "A",
        };
        let once = fragment.get(&tera, &1, false, "", a).unwrap();
        assert_eq!(once["html"], "<a href=\"a/\">A</a>");
        let built = std::cell::Cell::new(0);
        let counted = || {
            built.set(built.get() + 1);
            a()
        };
        fragment.get(&tera, &1, false, "", counted).unwrap();
        fragment.get(&tera, &1, true, "", counted).unwrap();
        assert_eq!(built.get(), 2, "neither unkept call left it in the cache");
        fragment.get(&tera, &1, true, "", counted).unwrap();
        assert_eq!(built.get(), 2, "the kept one was");
        // Filling the cache past its bound empties it, and its items come back the same.
        let mut key = 2;
        while fragment.lock().html[""].contains_key(&1) {
            fragment.get(&tera, &key, true, "", a).unwrap();
            key += 1;
        }
        assert!(fragment.lock().bytes <= 200);
        assert_eq!(fragment.get(&tera, &1, true, "", counted).unwrap(), once);
        assert_eq!(built.get(), 3);
    }

    #[test]
    fn errors_name_the_template() {
        let tera = tera();
        let fragment = Fragment::new("bad.html", "s");
        let error = fragment
            .get(&tera, &0, true, "", || Item { url: "", name: "" })
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("template `bad.html`:"), "{error}");
    }
}
