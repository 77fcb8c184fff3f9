//! Rendering the site page by page, for `trellis serve`: the dev server keeps the site in
//! memory and re-renders only the pages an edit can touch.
//!
//! [`super::render_each`] stays the one way `trellis build` renders; this module reuses its
//! pieces ([`PageRef`], the views, the template setup, one page's render) so that a page
//! rendered here is byte for byte the page the build writes.

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use tera::Tera;

use super::views::Views;
use super::{PageRef, RenderOptions, SiteFile, Theme, assess, compare, export, search};
use crate::model::Framework;

/// A theme's templates, compiled once and reused by every rebuild until the theme changes.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles the theme's templates; fails with Tera's message when one does not compile.
    pub fn compile(theme: &Theme) -> Result<Self> {
        Ok(Templates {
            tera: super::templates(theme)?,
        })
    }
}

/// A framework ready to be rendered page by page.
pub struct PageRenderer<'a> {
    framework: &'a Framework,
    templates: &'a Templates,
    views: Views<'a>,
    site_value: tera::Value,
    base_path: String,
}

impl<'a> PageRenderer<'a> {
    /// Analyses the framework and serializes the site-wide values once.
    pub fn new(
        framework: &'a Framework,
        templates: &'a Templates,
        options: &'a RenderOptions,
    ) -> Result<Self> {
        let views = Views::new(framework, options, &templates.tera);
        let site = views.site();
        let site_value = serde_json::to_value(&site).context("serialize the site values")?;
        Ok(PageRenderer {
            framework,
            templates,
            base_path: site.base_path.clone(),
            views,
            site_value,
        })
    }

    /// The base URL in force (the option, or `trellis.toml`), ending in `/`.
    pub fn base_url(&self) -> &str {
        &self.views.base_url
    }

    /// The path the site is served under, from the base URL: `/`, or `/careers/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Every page of the site, in the order [`super::render_each`] renders them.
    pub fn pages(&self) -> Vec<PageRef> {
        super::page_list(self.framework)
    }

    /// Renders `pages` in parallel and hands each file to `sink` as it is ready, from
    /// several threads and in no particular order. Stops at the first error.
    pub fn render<F>(&self, pages: &[PageRef], sink: F) -> Result<()>
    where
        F: Fn(SiteFile) -> Result<()> + Sync,
    {
        pages.par_iter().try_for_each_init(
            || self.site_value.clone(),
            |site_value, page| {
                let file = super::render_page(
                    &self.templates.tera,
                    &self.base_path,
                    site_value,
                    // `trellis serve` shows the current source only, without editions.
                    false,
                    page.build(&self.views)?,
                )?;
                sink(file)
            },
        )
    }
}

/// The theme's assets as site files (`assets/style.css`, ...), as the build writes them.
pub fn assets(theme: &Theme) -> Vec<SiteFile> {
    theme
        .assets
        .iter()
        .map(|(name, bytes)| SiteFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        })
        .collect()
}

/// The exports that describe the whole framework — `framework.json`, `matrix.csv`, the
/// self-assessment's data, the compare page's track files and the search index — as the
/// build writes them. `base_url` is
/// [`PageRenderer::base_url`]; `today` is [`RenderOptions::today`].
pub fn exports(framework: &Framework, base_url: &str, today: &str) -> Result<Vec<SiteFile>> {
    super::collect(|sink| exports_each(framework, base_url, today, sink))
}

/// [`exports`], each file handed to `sink` as soon as it is made (the compare page's track
/// files from several threads), so that no more than one kind is held at once: at 50,000
/// roles `framework.json` alone is 260 MB and all of them together 700 MB.
pub fn exports_each(
    framework: &Framework,
    base_url: &str,
    today: &str,
    sink: &(dyn Fn(SiteFile) -> Result<()> + Sync),
) -> Result<()> {
    sink(export::framework_json(framework, base_url)?)?;
    for file in assess::files(framework, today)? {
        sink(file)?;
    }
    for file in export::matrix(framework)? {
        sink(file)?;
    }
    compare::each(framework, sink)?;
    for file in search::index(framework)? {
        sink(file)?;
    }
    Ok(())
}

/// `sitemap.xml` for the given page paths, as the build writes it.
pub fn sitemap(base_url: &str, paths: &[&str]) -> SiteFile {
    let pages: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    export::sitemap(base_url, &pages)
}
