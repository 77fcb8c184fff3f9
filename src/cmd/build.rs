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
use crate::output::Staging;
use crate::render::{RenderOptions, Theme};

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
    };
    // Each file is written into the staging folder as soon as it is rendered, so the site
    // is never held in memory whole; the staging folder replaces the output folder only
    // once every file is written, and is removed if anything fails.
    let staging = Staging::new(&args.output, Some(&args.dir.join("static")))
        .with_context(|| format!("`{out}` is as it was"))?;
    let write_failed = AtomicBool::new(false);
    let paths = crate::render::render_each(&checked.framework, &theme, &options, |file| {
        staging.write(&file.path, &file.bytes).inspect_err(|_| {
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
    staging
        .finish()
        .with_context(|| format!("`{out}` is as it was"))?;
    let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    writeln!(
        stderr,
        "built `{dir}` into `{out}`: {pages} pages, {} files in {:.2} s",
        paths.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(Outcome::Success)
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
