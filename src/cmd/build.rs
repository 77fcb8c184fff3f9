//! `trellis build [DIR] [-o OUT]`: check the framework, render the site, and swap it into
//! place only if everything succeeded.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;

use super::Outcome;
use crate::diagnostic::render;
use crate::editions;
use crate::git::Worktree;
use crate::output::Staging;
use crate::render::{ExtraPage, RenderOptions, Theme};

/// Arguments of `trellis build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The framework folder (the one holding `trellis.toml`).
    #[arg(default_value = "framework")]
    pub dir: PathBuf,

    /// Where the site goes; replaced whole, and only when the build succeeds.
    #[arg(short, long, default_value = "public")]
    pub output: PathBuf,

    /// Overrides `base_url` from `trellis.toml` (e.g. for a preview at another address).
    #[arg(long)]
    pub base_url: Option<String>,

    /// A theme folder laid out like `themes/default` (`templates/`, `assets/`); its files
    /// replace the default theme's of the same name.
    #[arg(long)]
    pub theme: Option<PathBuf>,

    /// The day to build for, `YYYY-MM-DD` (opportunities closing earlier are listed as
    /// closed). Defaults to `SOURCE_DATE_EPOCH` if set, else today.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<String>,

    /// Also build every published edition (the git tags matching `[editions] tags` in
    /// `trellis.toml`) under `editions/<tag>/`, with a version switcher on every page, a
    /// changelog per edition and an Atom feed. Editions already built are taken from a cache
    /// beside the output folder.
    #[arg(long)]
    pub editions: bool,
}

/// Parses `--today`.
pub(super) fn parse_date(text: &str) -> Result<String, String> {
    let ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if ok {
        Ok(text.to_owned())
    } else {
        Err("expected a date as YYYY-MM-DD".to_owned())
    }
}

/// Runs the build. Diagnostics go to `stderr`, as with `check`.
pub fn run(args: &BuildArgs, stderr: &mut dyn Write) -> Result<Outcome> {
    let started = Instant::now();
    let checked = crate::check_framework(&args.dir)?;
    for diagnostic in &checked.diagnostics {
        writeln!(
            stderr,
            "{}",
            render::human(diagnostic, &checked.sources, true)
        )?;
    }
    let dir = args.dir.display();
    let out = args.output.display();
    if !checked.is_ok() {
        writeln!(
            stderr,
            "error: `{dir}` has {} error(s); nothing was written and `{out}` is as it was",
            checked.diagnostics.errors()
        )?;
        return Ok(Outcome::Failure);
    }
    let mut theme = Theme::default();
    if let Some(dir) = &args.theme {
        theme.override_with_theme(dir)?;
    }
    let overrides = args.dir.join("templates");
    if overrides.is_dir() {
        theme.override_templates(&overrides)?;
    }
    let options = RenderOptions {
        base_url: args.base_url.clone(),
        today: args.today.clone().unwrap_or_else(today),
        editions: args.editions,
    };
    let prepared = if args.editions {
        match prepare_editions(args, &checked, &theme, &options, stderr)? {
            Some(prepared) => Some(prepared),
            None => return Ok(Outcome::Failure),
        }
    } else {
        None
    };
    // The source map was kept to print diagnostics. The model's bodies share its texts, so
    // what goes here is the rest: paths, line tables, texts with no body (`trellis.toml`).
    // Freed on another thread, as they are many small allocations.
    let crate::Checked {
        framework, sources, ..
    } = checked;
    std::thread::spawn(move || drop(sources));
    let current_pages = prepared
        .as_ref()
        .map(|_| editions::page_set(&framework))
        .unwrap_or_default();
    let chrome = prepared
        .as_ref()
        .map(|p| editions::Chrome::new(&p.sites, &current_pages, &p.current));
    // Each file is written into the staging folder as soon as it is rendered, so the site
    // is never held in memory whole; the staging folder replaces the output folder only
    // once every file is written, and is removed if anything fails.
    let staging = Staging::new(&args.output, Some(&args.dir.join("static")))
        .with_context(|| format!("`{out}` is as it was"))?;
    let write_failed = AtomicBool::new(false);
    let paths = crate::render::render_each(&framework, &theme, &options, |file| {
        let bytes = match &chrome {
            Some(chrome) if file.path.ends_with(".html") => {
                editions::stamp(&file.bytes, &chrome.for_page(None, &file.path))
            }
            _ => file.bytes,
        };
        staging.write(&file.path, &bytes).inspect_err(|_| {
            write_failed.store(true, Ordering::Relaxed);
        })
    })
    .with_context(|| {
        if write_failed.load(Ordering::Relaxed) {
            format!("`{out}` is as it was")
        } else {
            format!("nothing was written and `{out}` is as it was")
        }
    })?;
    let mut edition_files = 0;
    if let (Some(prepared), Some(chrome)) = (&prepared, &chrome) {
        edition_files = write_editions(&staging, prepared, chrome, &framework, &theme, &options)
            .with_context(|| format!("`{out}` is as it was"))?;
    }
    staging
        .finish()
        .with_context(|| format!("`{out}` is as it was"))?;
    let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    writeln!(
        stderr,
        "built `{dir}` into `{out}`: {pages} pages, {} files in {:.2} s",
        paths.len() + edition_files,
        started.elapsed().as_secs_f64()
    )?;
    if let Some(prepared) = &prepared {
        writeln!(
            stderr,
            "editions: {} built under `editions/`, {} from cache, {} rendered",
            prepared.sites.len(),
            prepared.from_cache,
            prepared.rendered
        )?;
    }
    Ok(Outcome::Success)
}

/// Lists the editions and takes each from the cache or renders it there. `None` (after
/// reporting why) when the editions cannot be built: no `[editions]` in `trellis.toml`, or
/// an edition whose framework does not check, since HR must know that a published edition
/// no longer builds.
fn prepare_editions(
    args: &BuildArgs,
    checked: &crate::Checked,
    theme: &Theme,
    options: &RenderOptions,
    stderr: &mut dyn Write,
) -> Result<Option<editions::Prepared>> {
    let Some(pattern) = &checked.framework.config.edition_tags else {
        writeln!(
            stderr,
            "error: `--editions` needs the pattern of the editions' git tags in `trellis.toml`, such as:\n[editions]\ntags = \"v*\""
        )?;
        return Ok(None);
    };
    let tree = Worktree::open(&args.dir)?;
    let list = editions::editions(tree.tags(pattern)?);
    if list.is_empty() {
        writeln!(
            stderr,
            "warning: no git tag matches `{pattern}` (`[editions] tags` in `trellis.toml`); the site has no editions yet"
        )?;
    }
    let site_base = options
        .base_url
        .clone()
        .unwrap_or_else(|| checked.framework.config.base_url.clone());
    let prepared = editions::prepare(
        &tree,
        list,
        &checked.framework,
        theme,
        &site_base,
        &crate::output::cache_folder(&args.output),
    )?;
    if prepared.broken.is_empty() {
        return Ok(Some(prepared));
    }
    for broken in &prepared.broken {
        match &broken.checked {
            Some(checked) => {
                writeln!(
                    stderr,
                    "error: edition `{}` does not check ({} error(s)); fix the framework and move the tag, or remove the tag if the edition was never published:",
                    broken.tag,
                    checked.diagnostics.errors()
                )?;
                for diagnostic in checked.diagnostics.iter().filter(|d| d.is_error()) {
                    writeln!(
                        stderr,
                        "{}",
                        render::human(diagnostic, &checked.sources, true)
                    )?;
                }
            }
            None => writeln!(
                stderr,
                "error: edition `{}` has no framework folder `{}` at that tag",
                broken.tag,
                tree.prefix()
            )?,
        }
    }
    writeln!(
        stderr,
        "error: {} edition(s) do not build; nothing was written and `{}` is as it was",
        prepared.broken.len(),
        args.output.display()
    )?;
    Ok(None)
}

/// Puts every edition into the site under `editions/<tag>/` with its chrome, and writes
/// the editions index, the changelogs and the feed. Returns how many files it wrote.
fn write_editions(
    staging: &Staging,
    prepared: &editions::Prepared,
    chrome: &editions::Chrome<'_>,
    framework: &crate::model::Framework,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<usize> {
    use rayon::prelude::*;
    let mut written = 0;
    for (i, site) in prepared.sites.iter().enumerate() {
        site.files.par_iter().try_for_each(|rel| -> Result<()> {
            let source = site.dir.join(rel);
            let bytes = std::fs::read(&source)
                .with_context(|| format!("cannot read `{}`", source.display()))?;
            let bytes = if rel.ends_with(".html") {
                editions::stamp(&bytes, &chrome.for_page(Some(i), rel))
            } else {
                bytes
            };
            staging.write(&format!("editions/{}/{rel}", site.edition.folder), &bytes)
        })?;
        written += site.files.len();
    }
    let mut pages = Vec::new();
    let list: Vec<serde_json::Value> = prepared
        .sites
        .iter()
        .rev()
        .map(|s| {
            serde_json::json!({
                "tag": s.edition.tag.name,
                "folder": s.edition.folder,
                "day": s.edition.day(),
                "since": s.changes.since,
                "raises": s.changes.counts[0],
            })
        })
        .collect();
    let mut values = serde_json::Map::new();
    values.insert("edition_list".to_owned(), list.clone().into());
    values.insert(
        "current_since".to_owned(),
        prepared.current.since.clone().into(),
    );
    values.insert(
        "current_total".to_owned(),
        prepared.current.counts.iter().sum::<usize>().into(),
    );
    pages.push(ExtraPage {
        path: "editions/index.html".to_owned(),
        template: "editions.html",
        title: "Editions".to_owned(),
        values,
    });
    for (site, edition) in prepared.sites.iter().zip(list.into_iter().rev()) {
        let mut values = serde_json::Map::new();
        values.insert("edition".to_owned(), edition);
        values.insert(
            "subjects".to_owned(),
            serde_json::to_value(&site.changes.subjects)?,
        );
        pages.push(ExtraPage {
            path: format!("editions/{}/changes/index.html", site.edition.folder),
            template: "changes.html",
            title: format!("What changed in edition {}", site.edition.tag.name),
            values,
        });
    }
    for file in crate::render::render_extra(framework, theme, options, pages)? {
        let bytes = editions::stamp(&file.bytes, &chrome.for_page(None, &file.path));
        staging.write(&file.path, &bytes)?;
        written += 1;
    }
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| framework.config.base_url.clone());
    let feed = editions::atom(&prepared.sites, &framework.config.title, &base_url);
    staging.write("editions.xml", feed.as_bytes())?;
    Ok(written + 1)
}

/// Today's date (UTC), or the day of `SOURCE_DATE_EPOCH` for reproducible builds.
pub(super) fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(seconds.div_euclid(86_400))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_454), "2026-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn dates_are_validated() {
        assert!(parse_date("2026-11-28").is_ok());
        assert!(parse_date("28/11/2026").is_err());
    }
}
