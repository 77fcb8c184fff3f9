//! Render: the checked model and its analysis to the files of the site — HTML pages from
//! Tera templates, SVG maps and charts, and JSON/CSV exports. Render never reads the
//! framework's files; it sees only the [`Framework`] and the theme, and returns the site as
//! a list of files for [`crate::output`] to write.
//!
//! Every string from contributors reaches a page through Tera's autoescaping, or through
//! [`markdown::render`] (sanitized), or [`svg::escape`]. Templates mark only those three
//! outputs `safe`.

pub mod export;
pub mod markdown;
pub mod svg;
pub mod theme;
mod views;

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::model::Framework;
pub use theme::Theme;
use views::Views;

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
}

/// A page to render: where it goes, with which template, and its own context.
struct Page {
    path: String,
    template: &'static str,
    context: Context,
}

/// Renders the whole site.
pub fn render(
    framework: &Framework,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<SiteFile>> {
    let tera = templates(theme)?;
    let views = Views::new(framework, options);
    let mut pages = Vec::new();
    pages.push(views.home());
    for t in 0..framework.tracks.len() {
        pages.push(views.track(crate::model::TrackId(t)));
    }
    for r in 0..framework.roles.len() {
        pages.push(views.role(crate::model::RoleId(r)));
    }
    for s in 0..framework.skills.len() {
        pages.push(views.skill(crate::model::SkillId(s)));
    }
    for g in 0..framework.groups.len() {
        pages.push(views.group(crate::model::GroupId(g)));
    }
    for p in 0..framework.pathways.len() {
        pages.push(views.pathway(crate::model::PathwayId(p)));
    }
    pages.push(views.opportunities());
    pages.push(views.compare());
    pages.push(views.privacy());
    pages.push(views.az());
    pages.push(views.not_found());

    let site = views.site();
    let mut files: Vec<SiteFile> = pages
        .into_par_iter()
        .map(|page| render_page(&tera, &site, page))
        .collect::<Result<_>>()?;
    for (name, bytes) in &theme.assets {
        files.push(SiteFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        });
    }
    files.push(export::framework_json(framework, &views.base_url)?);
    files.push(export::matrix_csv(framework)?);
    let page_paths: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with("index.html"))
        .collect();
    files.push(export::sitemap(&views.base_url, &page_paths));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn templates(theme: &Theme) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".svg", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| anyhow!(error_chain(&e)).context("the theme's templates do not compile"))?;
    Ok(tera)
}

fn render_page(tera: &Tera, site: &views::SiteView, page: Page) -> Result<SiteFile> {
    let mut context = page.context;
    context.insert("site", site);
    // Links are relative so the site works under any subpath and from plain files; the 404
    // page is served at any depth, so it links from the base path instead.
    let root = if page.path == "404.html" {
        site.base_path.clone()
    } else {
        "../".repeat(page.path.matches('/').count())
    };
    context.insert("root", &root);
    context.insert("path", &page.path);
    let html = tera.render(page.template, &context).map_err(|e| {
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

/// Escapes `& < > " '` — everything that can end text or an attribute value. Tera's own
/// escaper also turns `/` into `&#x2F;`, which is safe but makes every URL unreadable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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
    fn embedded_json_cannot_close_its_script_element() {
        let json =
            json_for_html(&serde_json::json!({"t": "</script><script>alert(1)</script>"})).unwrap();
        assert!(!json.contains("</script>"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>");
    }
}
