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

/// One partial and what it rendered, shared by the threads that render the pages.
///
/// Items are looked up by a key `K` of ids and numbers, and built only the first time: the
/// item of a key must be a function of the key and the framework alone (the views build it
/// from nothing else), so the same key always means the same item and the same HTML.
pub(super) struct Fragment<K> {
    template: &'static str,
    name: &'static str,
    /// By `root`, then by key: the HTML.
    cache: Mutex<FxHashMap<String, FxHashMap<K, String>>>,
}

impl<K: Hash + Eq + Clone> Fragment<K> {
    /// The partial `template`, which reads its item as `name`.
    pub(super) fn new(template: &'static str, name: &'static str) -> Self {
        Fragment {
            template,
            name,
            cache: Mutex::new(FxHashMap::default()),
        }
    }

    /// The item of `key` as the page's context holds it: `{"html": ...}`, the partial
    /// rendered for it on a page whose way back to the site root is `root`. Only the
    /// partial sees the item's fields: copying them into every page that shows the item cost
    /// nearly as much as the cache saved. `item` builds the item the first time the key is
    /// seen.
    pub(super) fn get<T: Serialize>(
        &self,
        tera: &Tera,
        key: &K,
        root: &str,
        item: impl FnOnce() -> T,
    ) -> Result<Value> {
        if let Some(html) = self.lock().get(root).and_then(|m| m.get(key)) {
            return Ok(page_item(html.clone()));
        }
        // Rendered outside the lock: another thread may render the same fragment meanwhile,
        // and both get the same result, since an item depends on its key alone.
        let item = item();
        let mut context = Context::new();
        context.insert("root", root);
        context.insert(self.name, &item);
        let html = tera
            .render(self.template, &context)
            .map_err(|e| anyhow!("template `{}`: {}", self.template, super::error_chain(&e)))?;
        self.lock()
            .entry(root.to_owned())
            .or_default()
            .insert(key.clone(), html.clone());
        Ok(page_item(html))
    }

    fn lock(&self) -> MutexGuard<'_, FxHashMap<String, FxHashMap<K, String>>> {
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
        let deep = fragment.get(&tera, &1, "../../", a).unwrap();
        assert_eq!(
            deep,
            serde_json::json!({"html": "<a href=\"../../skills/a/\">A &amp; B</a>"})
        );
        // The same key at another depth is rendered again, and so is another key.
        let top = fragment.get(&tera, &1, "", a).unwrap();
        assert_eq!(top["html"], "<a href=\"skills/a/\">A &amp; B</a>");
        let c = fragment
            .get(&tera, &2, "../../", || Item {
                url: "skills/c/",
                name: "C",
            })
            .unwrap();
        assert_eq!(c["html"], "<a href=\"../../skills/c/\">C</a>");
        // A key seen before is not built again.
        let again = fragment
            .get(&tera, &1, "../../", || -> Item { panic!("built twice") })
            .unwrap();
        assert_eq!(again, deep);
    }

    #[test]
    fn errors_name_the_template() {
        let tera = tera();
        let fragment = Fragment::new("bad.html", "s");
        let error = fragment
            .get(&tera, &0, "", || Item { url: "", name: "" })
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("template `bad.html`:"), "{error}");
    }
}
