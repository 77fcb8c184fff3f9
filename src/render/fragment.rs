//! Fragments: partials rendered once per distinct input and reused wherever that input
//! comes back.
//!
//! A role page of a large framework is mostly pieces that recur across the framework: the
//! same skill going from the same level to the same level in the gap tables of many roles,
//! the same skill at the same level in many lists of requirements, the same role linked
//! from every skill it needs. (In the benchmark's 10k roles, 121,050 gap rows hold 17,781
//! distinct ones.) Rendering each through Tera again was most of the build. A fragment is
//! rendered once, with a context of only its item and `root`, and kept under that item and
//! `root`, so a hit returns exactly what rendering would. The partial stays a Tera template
//! a theme can override, in the manner of Hugo's `partialCached`.

use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::{Result, anyhow};
use rustc_hash::FxHashMap;
use serde::Serialize;
use tera::{Context, Tera};

/// One partial and what it rendered, shared by the threads that render the pages.
pub(super) struct Fragment<T> {
    template: &'static str,
    name: &'static str,
    /// By `root`, then by item. The item is the key itself, not a hash of it: equal keys
    /// are equal contexts.
    cache: Mutex<FxHashMap<String, FxHashMap<T, Arc<str>>>>,
}

impl<T: Serialize + Hash + Eq + Clone> Fragment<T> {
    /// The partial `template`, which reads its item as `name`.
    pub(super) fn new(template: &'static str, name: &'static str) -> Self {
        Fragment {
            template,
            name,
            cache: Mutex::new(FxHashMap::default()),
        }
    }

    /// The HTML of the partial for `item` on a page whose way back to the site root is
    /// `root`.
    pub(super) fn render(&self, tera: &Tera, item: &T, root: &str) -> Result<Arc<str>> {
        if let Some(html) = self.lock().get(root).and_then(|m| m.get(item)) {
            return Ok(Arc::clone(html));
        }
        // Rendered outside the lock: another thread may render the same fragment meanwhile,
        // and both get the same HTML, since a fragment depends on its key alone.
        let mut context = Context::new();
        context.insert("root", root);
        context.insert(self.name, item);
        let html: Arc<str> = tera
            .render(self.template, &context)
            .map_err(|e| anyhow!("template `{}`: {}", self.template, super::error_chain(&e)))?
            .into();
        self.lock()
            .entry(root.to_owned())
            .or_default()
            .insert(item.clone(), Arc::clone(&html));
        Ok(html)
    }

    fn lock(&self) -> MutexGuard<'_, FxHashMap<String, FxHashMap<T, Arc<str>>>> {
        // A panic elsewhere while holding the lock leaves the map whole (an insert either
        // happened or not), so a poisoned lock is still safe to use.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Hash, PartialEq, Eq, Clone)]
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
    fn a_fragment_is_what_the_template_renders_and_depends_on_root_and_item() {
        let tera = tera();
        let fragment = Fragment::new("row.html", "s");
        let item = Item {
            url: "skills/a/",
            name: "A & B",
        };
        let deep = fragment.render(&tera, &item, "../../").unwrap();
        assert_eq!(&*deep, "<a href=\"../../skills/a/\">A &amp; B</a>");
        // The same item at another depth, and another item at the same depth, are not
        // served from the cache.
        let top = fragment.render(&tera, &item, "").unwrap();
        assert_eq!(&*top, "<a href=\"skills/a/\">A &amp; B</a>");
        let other = Item {
            url: "skills/c/",
            name: "C",
        };
        let c = fragment.render(&tera, &other, "../../").unwrap();
        assert_eq!(&*c, "<a href=\"../../skills/c/\">C</a>");
        // A repeat is the same allocation: it came from the cache.
        let again = fragment.render(&tera, &item, "../../").unwrap();
        assert!(Arc::ptr_eq(&deep, &again));
    }

    #[test]
    fn errors_name_the_template() {
        let tera = tera();
        let fragment = Fragment::new("bad.html", "s");
        let item = Item { url: "", name: "" };
        let error = fragment.render(&tera, &item, "").unwrap_err().to_string();
        assert!(error.starts_with("template `bad.html`:"), "{error}");
    }
}
