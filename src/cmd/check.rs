//! `trellis check [DIR]`: load, resolve and check a framework, and print every diagnostic.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::Outcome;
use crate::diagnostic::render;

/// Arguments of `trellis check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The framework folder (the one holding `trellis.toml`).
    #[arg(default_value = "framework")]
    pub dir: PathBuf,

    /// How to print diagnostics: `human` (rustc-style), `json` (one object on stdout) or
    /// `github` (workflow commands that annotate a pull request).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text with the source line and the value underlined.
    Human,
    /// `{"diagnostics": [...], "errors": N, "warnings": N}`.
    Json,
    /// `::error file=…,line=…,col=…::message` lines.
    Github,
}

/// Runs the check, writing the report to `stdout` (json, github) or `stderr` (human).
pub fn run(args: &CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<Outcome> {
    let checked = crate::check_framework(&args.dir)?;
    let diagnostics = &checked.diagnostics;
    let dir = args.dir.display().to_string();
    match args.format {
        Format::Human => {
            for diagnostic in diagnostics {
                writeln!(
                    stderr,
                    "{}",
                    render::human(diagnostic, &checked.sources, true)
                )?;
            }
            let f = &checked.framework;
            let counts = format!(
                "{}, {}",
                plural(diagnostics.errors(), "error"),
                plural(diagnostics.warnings(), "warning")
            );
            if checked.is_ok() {
                writeln!(
                    stderr,
                    "checked `{dir}`: {}, {}, {}, {}, {}; {counts}",
                    plural(f.tracks.len(), "track"),
                    plural(f.roles.len(), "role"),
                    plural(f.skills.len(), "skill"),
                    plural(f.pathways.len(), "pathway"),
                    plural(f.opportunities.len(), "opportunity"),
                )?;
            } else {
                writeln!(stderr, "error: `{dir}` has problems: {counts}")?;
            }
        }
        Format::Json => write!(stdout, "{}", render::json(diagnostics, &checked.sources))?,
        Format::Github => write!(
            stdout,
            "{}",
            render::github(diagnostics, &checked.sources, &dir)
        )?,
    }
    let failed = diagnostics.has_errors() || (args.deny_warnings && diagnostics.warnings() > 0);
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// `1 error`, `2 errors`, `3 opportunities`.
fn plural(count: usize, noun: &str) -> String {
    match (count, noun.strip_suffix('y')) {
        (1, _) => format!("{count} {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        _ => format!("{count} {noun}s"),
    }
}
