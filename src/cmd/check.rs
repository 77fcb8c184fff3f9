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
    let mut checked = crate::check_framework(&args.dir)?;
    // The CODEOWNERS of the repository is compared only with a framework that checks:
    // with errors, owners could be missing from the model for reasons already reported.
    if checked.is_ok()
        && let Some(stale) =
            crate::owners::check(&args.dir, &checked.framework, &mut checked.sources)
    {
        checked.diagnostics.push(stale);
        checked.diagnostics.sort();
    }
    let diagnostics = &checked.diagnostics;
    let dir = args.dir.display().to_string();
    // GitHub wants paths from the repository root, where CI runs; an absolute folder under
    // the current directory is made relative to it.
    let github_prefix = std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            args.dir
                .strip_prefix(cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| dir.clone());
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
            if checked.is_ok() && !(args.deny_warnings && diagnostics.warnings() > 0) {
                writeln!(
                    stderr,
                    "checked `{dir}`: {}, {}, {}, {}, {}; {counts}",
                    plural(f.tracks.len(), "track"),
                    plural(f.roles.len(), "role"),
                    plural(f.skills.len(), "skill"),
                    plural(f.pathways.len(), "pathway"),
                    plural(f.opportunities.len(), "opportunity"),
                )?;
            } else if diagnostics.has_errors() {
                writeln!(stderr, "error: `{dir}` has problems: {counts}")?;
            } else if args.deny_warnings && diagnostics.warnings() > 0 {
                writeln!(
                    stderr,
                    "error: `{dir}` has warnings and `--deny-warnings` is set: {counts}"
                )?;
            }
        }
        Format::Json => write!(stdout, "{}", render::json(diagnostics, &checked.sources))?,
        Format::Github => write!(
            stdout,
            "{}",
            render::github(diagnostics, &checked.sources, &github_prefix)
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
pub(crate) fn plural(count: usize, noun: &str) -> String {
    // `opportunity` → `opportunities`, but `pathway` → `pathways`.
    let consonant_y = noun.ends_with('y') && !noun.ends_with("ay") && !noun.ends_with("ey");
    match count {
        1 => format!("{count} {noun}"),
        _ if consonant_y => format!("{count} {}ies", &noun[..noun.len() - 1]),
        _ => format!("{count} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals_read_naturally() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "warning"), "0 warnings");
        assert_eq!(plural(15, "pathway"), "15 pathways");
        assert_eq!(plural(6, "opportunity"), "6 opportunities");
    }
}
