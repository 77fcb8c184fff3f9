//! The theme: Tera templates and static assets. The default theme in `themes/default/` is
//! embedded in the binary; a theme folder (`--theme`) or a framework's own `templates/`
//! folder replaces single files by name, so overriding the role card does not mean owning
//! the whole layout.

use std::path::Path;

use anyhow::{Context, Result};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name))),)*]
    };
}

/// The default templates, by name.
const TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "index.html",
    "track.html",
    "role.html",
    "skill.html",
    "group.html",
    "pathway.html",
    "page.html",
    "pages.html",
    "opportunities.html",
    "compare.html",
    "assess.html",
    "privacy.html",
    "az.html",
    "family.html",
    "404.html",
    "editions.html",
    "changes.html",
    "partials/header.html",
    "partials/footer.html",
    "partials/role_link.html",
    "partials/gap.html",
    "partials/kept_skill.html",
    "partials/step.html",
    "partials/statements.html",
    "partials/requirement.html",
    "partials/layers.html",
    "partials/dimension_step.html",
    "partials/pathway_card.html",
    "partials/opportunity.html",
    "partials/opportunity_short.html",
    "partials/overview.html",
];

/// The default assets, by path under `assets/`.
const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/assets/style.css"),
    ),
    (
        "compare.js",
        include_str!("../../themes/default/assets/compare.js"),
    ),
    (
        "steps.js",
        include_str!("../../themes/default/assets/steps.js"),
    ),
    (
        "families.js",
        include_str!("../../themes/default/assets/families.js"),
    ),
    (
        "assess.js",
        include_str!("../../themes/default/assets/assess.js"),
    ),
    (
        "assess-score.js",
        include_str!("../../themes/default/assets/assess-score.js"),
    ),
    (
        "assess-io.js",
        include_str!("../../themes/default/assets/assess-io.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/assets/favicon.svg"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/assets/search.js"),
    ),
];

/// A complete set of templates and assets.
#[derive(Clone, Debug)]
pub struct Theme {
    /// Template name → source.
    pub templates: Vec<(String, String)>,
    /// Asset path (under `assets/`) → bytes.
    pub assets: Vec<(String, Vec<u8>)>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            templates: TEMPLATES
                .iter()
                .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
                .collect(),
            assets: ASSETS
                .iter()
                .map(|(n, s)| ((*n).to_owned(), s.as_bytes().to_vec()))
                .collect(),
        }
    }
}

impl Theme {
    /// Replaces templates with the `.html` files under `dir` (same relative names, e.g.
    /// `partials/gap.html`). New names are added, so a theme can add partials of its own.
    pub fn override_templates(&mut self, dir: &Path) -> Result<()> {
        for (name, bytes) in files_under(dir)? {
            if !name.ends_with(".html") {
                continue;
            }
            let source = String::from_utf8(bytes).with_context(|| {
                format!("template `{}` is not UTF-8", dir.join(&name).display())
            })?;
            match self.templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = source,
                None => self.templates.push((name, source)),
            }
        }
        Ok(())
    }

    /// Replaces or adds assets with the files under `dir`.
    pub fn override_assets(&mut self, dir: &Path) -> Result<()> {
        for (name, bytes) in files_under(dir)? {
            match self.assets.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = bytes,
                None => self.assets.push((name, bytes)),
            }
        }
        Ok(())
    }

    /// Applies a theme folder laid out like `themes/default` (`templates/`, `assets/`).
    pub fn override_with_theme(&mut self, dir: &Path) -> Result<()> {
        if !dir.is_dir() {
            anyhow::bail!("theme folder `{}` does not exist", dir.display());
        }
        if dir.join("templates").is_dir() {
            self.override_templates(&dir.join("templates"))?;
        }
        if dir.join("assets").is_dir() {
            self.override_assets(&dir.join("assets"))?;
        }
        Ok(())
    }
}

/// Every file under `dir` with its path relative to it (forward slashes), sorted, skipping
/// hidden files and editor backups.
pub fn files_under(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("under dir")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        out.push((rel, bytes));
    }
    Ok(out)
}
