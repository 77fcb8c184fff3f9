//! Render: the checked model and its analysis to the files of the site — HTML pages from
//! Tera templates, SVG maps and charts, and JSON/CSV exports. Render never reads the
//! framework's files; it sees only the [`Framework`] and the theme, and returns the site as
//! a list of files for [`crate::output`] to write.
//!
//! Every string from contributors reaches a page through Tera's autoescaping, or through
//! [`markdown::render`] or [`markdown::render_linked`] (sanitized), or [`svg::escape`], or the `level_bar` template
//! function, which escapes its `name`, or a fragment rendered from a partial under the same
//! autoescaping ([`fragment`]). Templates mark only those outputs `safe`.

pub mod assess;
pub mod compare;
pub mod export;
mod fragment;
pub mod markdown;
pub mod partial;
pub mod search;
pub mod svg;
pub mod theme;
mod views;

use std::sync::Mutex;

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::model::{Framework, GroupId, PageId, PathwayId, RoleId, SkillId, TrackId};
pub use theme::Theme;
use views::Views;
pub use views::{az_parts, az_path, family_paths};

/// One file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// Path under the output folder, forward slashes (`roles/x/index.html`).
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Settings of a build that are not in the framework.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Overrides `base_url` from `trellis.toml`.
    pub base_url: Option<String>,
    /// The day the site is built for (`YYYY-MM-DD`): opportunities closing before it are
    /// listed as closed. Passed in, never read from a clock here, so output is a pure
    /// function of the input.
    pub today: String,
    /// Built with `--editions`: every page gets the [`EDITION_SLOT`] marker where the
    /// edition banner, the version switcher and "changed since" go (see
    /// [`crate::editions`]), so the pages of an edition can be cached without them.
    pub editions: bool,
}

/// The comment that marks where [`crate::editions`] puts a page's edition chrome.
pub const EDITION_SLOT: &str = "<!--trellis:edition-->";

/// A page outside the framework's own pages, rendered with the theme's layout: the
/// editions index and changelogs of [`crate::editions`].
pub struct ExtraPage {
    /// Path under the site.
    pub path: String,
    /// The theme's template.
    pub template: &'static str,
    /// The page title.
    pub title: String,
    /// Values for the template, beside `site`, `root`, `path` and `title`.
    pub values: serde_json::Map<String, serde_json::Value>,
}

/// Renders `pages` with the theme's templates and the site values of `framework`.
pub fn render_extra(
    framework: &Framework,
    theme: &Theme,
    options: &RenderOptions,
    pages: Vec<ExtraPage>,
) -> Result<Vec<SiteFile>> {
    let tera = templates(theme)?;
    let views = Views::new(framework, options, &tera);
    let site = views.site();
    let mut site_value = serde_json::to_value(&site).context("serialize the site values")?;
    pages
        .into_iter()
        .map(|page| {
            let mut context =
                Context::from_value(serde_json::Value::Object(page.values)).context("values")?;
            context.insert("title", &page.title);
            let page = Page {
                path: page.path,
                template: page.template,
                context,
            };
            render_page(
                &tera,
                &site.base_path,
                &mut site_value,
                options.editions,
                page,
            )
        })
        .collect()
}

/// A page to render: where it goes, with which template, and its own context.
struct Page {
    path: String,
    template: &'static str,
    context: Context,
}

/// Renders the whole site, sorted by path.
pub fn render(
    framework: &Framework,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<SiteFile>> {
    collect(|sink| render_each(framework, theme, options, sink).map(drop))
}

/// The files that a function handing each to a sink (from any thread) makes, sorted by path.
pub(crate) fn collect(
    each: impl FnOnce(&(dyn Fn(SiteFile) -> Result<()> + Sync)) -> Result<()>,
) -> Result<Vec<SiteFile>> {
    let files = Mutex::new(Vec::new());
    each(&|file| {
        files
            .lock()
            .expect("no panic while holding the lock")
            .push(file);
        Ok(())
    })?;
    let mut files = files.into_inner().expect("no panic while holding the lock");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the whole site and hands each file to `sink` as soon as it is ready, from several
/// threads and in no particular order, so the site never has to be held in memory whole.
/// Stops at the first error, from rendering or from `sink`. Returns the paths of all the
/// files, sorted.
pub fn render_each<F>(
    framework: &Framework,
    theme: &Theme,
    options: &RenderOptions,
    sink: F,
) -> Result<Vec<String>>
where
    F: Fn(SiteFile) -> Result<()> + Sync,
{
    let tera = templates(theme)?;
    let views = Views::new(framework, options, &tera);
    let site = views.site();
    // Serialized once: `site` lists every track, and serializing it again for each page
    // would cost more than rendering the page.
    let site_value = serde_json::to_value(&site).context("serialize the site values")?;
    let pages = page_list(framework);
    // Each page's context is built where it is rendered, so building runs in parallel too
    // and only the pages in flight are in memory.
    let (pages, exports) = rayon::join(
        || {
            pages
                .into_par_iter()
                .map_init(
                    || site_value.clone(),
                    |site_value, page| {
                        let file = render_page(
                            &tera,
                            &site.base_path,
                            site_value,
                            options.editions,
                            page.build(&views)?,
                        )?;
                        let path = file.path.clone();
                        sink(file)?;
                        Ok(path)
                    },
                )
                .collect::<Result<Vec<String>>>()
        },
        || -> Result<Vec<String>> {
            let paths = Mutex::new(Vec::new());
            let pass = |file: SiteFile| {
                (paths.lock().expect("no panic while holding the lock")).push(file.path.clone());
                sink(file)
            };
            for file in partial::assets(theme) {
                pass(file)?;
            }
            partial::exports_each(framework, &views.base_url, &options.today, &pass)?;
            Ok(paths.into_inner().expect("no panic while holding the lock"))
        },
    );
    let mut paths = pages?;
    paths.extend(exports?);
    let page_paths: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with("index.html"))
        .collect();
    let sitemap = export::sitemap(&views.base_url, &page_paths);
    views.drop_in_background();
    paths.push(sitemap.path.clone());
    sink(sitemap)?;
    paths.sort();
    Ok(paths)
}

/// A page of the site, before its context is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageRef {
    /// `index.html`.
    Home,
    /// `tracks/<id>/index.html`.
    Track(TrackId),
    /// `roles/<id>/index.html`.
    Role(RoleId),
    /// `skills/<id>/index.html`.
    Skill(SkillId),
    /// `groups/<id>/index.html`.
    Group(GroupId),
    /// `pathways/<id>/index.html`.
    Pathway(PathwayId),
    /// `pages/<id>/index.html`, a free page.
    Page(PageId),
    /// `pages/index.html`, the list of free pages; only when there are some.
    Pages,
    /// A page of opportunities: 0 is `opportunities/index.html`, `n` is
    /// `opportunities/<n>/index.html` (see [`crate::model::links::opportunity_parts`]).
    Opportunities(usize),
    /// `compare/index.html`.
    Compare,
    /// `assess/index.html`, the self-assessment.
    Assess,
    /// `privacy/index.html`.
    Privacy,
    /// A page of the A–Z: 0 is `az/index.html`, `n` is `az/<n>/index.html` (see
    /// [`views::az_parts`]).
    Az(usize),
    /// A family's page, `n` in the order of [`views::family_paths`]; only when the home
    /// lists families rather than tracks.
    Family(usize),
    /// `404.html`.
    NotFound,
}

/// Every page of the site. The pages that list the whole framework come first: each takes
/// as long as hundreds of others, and started last they would keep one thread busy after
/// the rest are done. (The order of the files does not depend on this.)
fn page_list(framework: &Framework) -> Vec<PageRef> {
    let mut pages: Vec<PageRef> = (0..=views::az_parts(framework)).map(PageRef::Az).collect();
    pages.extend([PageRef::Compare, PageRef::Home]);
    let parts = crate::model::links::opportunity_parts(framework.opportunities.len());
    pages.extend((0..=parts).map(PageRef::Opportunities));
    pages.extend((0..views::family_paths(framework).len()).map(PageRef::Family));
    pages.extend((0..framework.tracks.len()).map(|t| PageRef::Track(TrackId(t))));
    pages.extend((0..framework.roles.len()).map(|r| PageRef::Role(RoleId(r))));
    pages.extend((0..framework.skills.len()).map(|s| PageRef::Skill(SkillId(s))));
    pages.extend((0..framework.groups.len()).map(|g| PageRef::Group(GroupId(g))));
    pages.extend((0..framework.pathways.len()).map(|p| PageRef::Pathway(PathwayId(p))));
    pages.extend((0..framework.pages.len()).map(|p| PageRef::Page(PageId(p))));
    if !framework.pages.is_empty() {
        pages.push(PageRef::Pages);
    }
    pages.extend([PageRef::Assess, PageRef::Privacy, PageRef::NotFound]);
    pages
}

impl PageRef {
    fn build(self, views: &Views<'_>) -> Result<Page> {
        Ok(match self {
            PageRef::Home => views.home(),
            PageRef::Track(t) => views.track(t),
            PageRef::Role(r) => views.role(r)?,
            PageRef::Skill(s) => views.skill(s)?,
            PageRef::Group(g) => views.group(g),
            PageRef::Pathway(p) => views.pathway(p),
            PageRef::Page(p) => views.free_page(p),
            PageRef::Pages => views.page_index(),
            PageRef::Opportunities(part) => views.opportunities(part),
            PageRef::Compare => views.compare(),
            PageRef::Assess => views.assess(),
            PageRef::Privacy => views.privacy(),
            PageRef::Az(part) => views.az(part),
            PageRef::Family(n) => views.family(n),
            PageRef::NotFound => views.not_found(),
        })
    }
}

fn templates(theme: &Theme) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".svg", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_function("level_bar", level_bar);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| anyhow!(error_chain(&e)).context("the theme's templates do not compile"))?;
    Ok(tera)
}

/// Renders one page. `site` is the serialized [`views::SiteView`]: it is moved into the
/// page's context for the render and back out afterwards, so it is not copied per page.
fn render_page(
    tera: &Tera,
    base_path: &str,
    site: &mut tera::Value,
    editions: bool,
    page: Page,
) -> Result<SiteFile> {
    let mut context = page.context;
    let mut shared = serde_json::Map::new();
    shared.insert("site".to_owned(), std::mem::take(site));
    context.extend(Context::from_value(tera::Value::Object(shared)).expect("an object"));
    // Links are relative so the site works under any subpath and from plain files; the 404
    // page is served at any depth, so it links from the base path instead.
    let root = if page.path == "404.html" {
        base_path.to_owned()
    } else {
        root_of(&page.path)
    };
    context.insert("root", &root);
    context.insert("path", &page.path);
    context.insert("editions", &editions);
    let rendered = tera.render(page.template, &context);
    *site = context.remove("site").unwrap_or_default();
    let html = rendered.map_err(|e| {
        anyhow!(
            "cannot render `{}` with template `{}`: {}",
            page.path,
            page.template,
            error_chain(&e)
        )
    })?;
    Ok(SiteFile {
        path: page.path,
        bytes: html.into_bytes(),
    })
}

/// The way back to the site root from the page at `path`: `""` for `index.html`,
/// `"../../"` for `roles/x/index.html`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The template function `level_bar(level, max, name, first)`: a level drawn as a `<meter>`
/// that the stylesheet cuts into segments, then the level's name and, in `<small>`, where it
/// sits on the skill's own scale, `level 3 of 5` (`level 3 of 2–5` when the skill's first
/// level is `first`, above 1): readers go by level names and by the skill's own range, never
/// by a ratio over the longest scale of the framework. The meter is hidden from screen
/// readers, which read the name and the phrase instead; the bar needs no `title` since both
/// are on screen. Templates print it with `| safe`; `name` is escaped here.
///
/// A Rust function rather than a partial because a role page of a large framework draws
/// dozens of bars, and in Tera each variable of a partial is a lookup through every scope:
/// the partial was a sixth of the build's time. For the same reason the markup is as short
/// as it can be while keeping those parts: the `m{max}` class sets the bar's width.
fn level_bar(args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |key: &str| {
        args.get(key)
            .and_then(tera::Value::as_u64)
            .ok_or_else(|| tera::Error::msg(format!("`level_bar` needs `{key}`, a whole number")))
    };
    let (level, max) = (number("level")?, number("max")?);
    let first = args.get("first").and_then(tera::Value::as_u64).unwrap_or(1);
    let name = escape_html(args.get("name").and_then(tera::Value::as_str).unwrap_or(""));
    // A scale starting at `first` fills the bar from `first - 1`, so its first level shows
    // one segment as a scale starting at 1 does.
    let (range, min) = if first > 1 {
        (format!("{first}–{max}"), format!(" min=\"{}\"", first - 1))
    } else {
        (max.to_string(), String::new())
    };
    Ok(tera::Value::String(format!(
        "<span class=\"level\"><meter class=\"m{max}\"{min} max=\"{max}\" value=\"{level}\" aria-hidden=\"true\"></meter> {name} <small>level {level} of {range}</small></span>"
    )))
}

/// Escapes `& < > " '` — everything that can end text or an attribute value. Tera's own
/// escaper also turns `/` into `&#x2F;`, which is safe but makes every URL unreadable.
pub fn escape_html(text: &str) -> String {
    // Called for every value a template prints, so it copies the runs between special
    // characters whole rather than char by char. The five are ASCII, so byte offsets are
    // always on char boundaries.
    let mut out = String::with_capacity(text.len() + 8);
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// Tera nests the useful message (the template, line and cause) in its source chain.
fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}

/// Serializes a value to JSON for a `<script type="application/json">` block: `<`, `>` and
/// `&` are escaped as `\u003c` etc., so contributor text cannot close the element.
pub fn json_for_html<T: Serialize>(value: &T) -> Result<String> {
    let json = serde_json::to_string(value).context("serialize page data")?;
    Ok(json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_special_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html("a < b && c > \"d\" 'e' / f"),
            "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39; / f"
        );
        assert_eq!(escape_html("<é—ü>"), "&lt;é—ü&gt;");
        assert_eq!(escape_html("plain"), "plain");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn level_bars_escape_the_level_name_and_need_numbers() {
        let args = |name: &str| {
            std::collections::HashMap::from([
                ("level".to_owned(), tera::Value::from(2)),
                ("max".to_owned(), tera::Value::from(5)),
                ("name".to_owned(), tera::Value::from(name)),
            ])
        };
        let bar = level_bar(&args("\"><script>x</script>")).unwrap();
        let bar = bar.as_str().unwrap();
        assert!(
            !bar.contains("<script") && bar.contains("&lt;script&gt;"),
            "{bar}"
        );
        assert!(
            bar.contains("<meter class=\"m5\" max=\"5\" value=\"2\""),
            "{bar}"
        );
        assert!(bar.contains("<small>level 2 of 5</small>"), "{bar}");
        let mut from_two = args("Working");
        from_two.insert("first".to_owned(), tera::Value::from(2));
        let bar = level_bar(&from_two).unwrap();
        assert!(bar.as_str().unwrap().contains("level 2 of 2–5"), "{bar}");
        let mut missing = args("Working");
        missing.remove("max");
        assert!(level_bar(&missing).is_err());
    }

    #[test]
    fn embedded_json_cannot_close_its_script_element() {
        let json =
            json_for_html(&serde_json::json!({"t": "</script><script>alert(1)</script>"})).unwrap();
        assert!(!json.contains("</script>"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>");
    }
}
