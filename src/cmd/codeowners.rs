//! `trellis codeowners [DIR]`: write the repository's CODEOWNERS section from the owners
//! named in `trellis.toml`, the tracks and the skill groups.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use super::Outcome;
use crate::diagnostic::render;
use crate::owners::{self, Flavor};

/// Arguments of `trellis codeowners`.
#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// The framework folder (the one holding `trellis.toml`).
    #[arg(default_value = "framework")]
    pub dir: PathBuf,

    /// The code host's dialect.
    #[arg(long, value_enum, default_value_t = Host::Github)]
    pub format: Host,

    /// The file to write. By default the repository's CODEOWNERS wherever it is
    /// (`.github/`, the top, `docs/` or `.gitlab/`), else `CODEOWNERS` at the top of the
    /// repository.
    #[arg(short, long)]
    pub output: Option<PathBuf>,

    /// Write nothing; exit 1 when the file is not what `trellis codeowners` would write.
    #[arg(long)]
    pub check: bool,

    /// Print the section instead of writing it.
    #[arg(long, conflicts_with_all = ["output", "check"])]
    pub stdout: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Host {
    /// GitHub's CODEOWNERS.
    Github,
    /// GitLab's, with the lines in a `[Career framework]` section.
    Gitlab,
}

/// Runs the command: the section on `stdout` with `--stdout`, messages on `stderr`.
pub fn run(
    args: &CodeownersArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Outcome> {
    let checked = crate::check_framework(&args.dir)?;
    if !checked.is_ok() {
        for diagnostic in checked.diagnostics.iter().filter(|d| d.is_error()) {
            writeln!(
                stderr,
                "{}",
                render::human(diagnostic, &checked.sources, true)
            )?;
        }
        writeln!(
            stderr,
            "error: `{}` has errors; fix them first, so no owner is left out",
            args.dir.display()
        )?;
        return Ok(Outcome::Failure);
    }
    let flavor = match args.format {
        Host::Github => Flavor::Github,
        Host::Gitlab => Flavor::Gitlab,
    };
    let (root, prefix) = owners::locate(&args.dir);
    let section = owners::section(&checked.framework, &prefix, flavor);
    if args.stdout {
        stdout.write_all(section.as_bytes())?;
        return Ok(Outcome::Success);
    }
    let path = args
        .output
        .clone()
        .or_else(|| owners::find(&root))
        .unwrap_or_else(|| root.join("CODEOWNERS"));
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read `{}`", path.display()));
        }
    };
    let updated = owners::update(existing.as_deref(), &section);
    let unchanged =
        existing.as_deref() == Some(updated.as_str()) || (existing.is_none() && updated.is_empty());
    let shown = path.display();
    if args.check {
        if unchanged {
            writeln!(stderr, "`{shown}` is up to date")?;
            return Ok(Outcome::Success);
        }
        writeln!(
            stderr,
            "error: `{shown}` is out of date with the framework's owners; run `trellis codeowners` and commit it"
        )?;
        return Ok(Outcome::Failure);
    }
    if section.is_empty() && existing.is_none() {
        writeln!(
            stderr,
            "no owners are named in `trellis.toml`, the tracks or the skill groups; nothing to write"
        )?;
        return Ok(Outcome::Success);
    }
    if unchanged {
        writeln!(stderr, "`{shown}` is up to date")?;
        return Ok(Outcome::Success);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(&path, &updated).with_context(|| format!("cannot write `{shown}`"))?;
    let lines = section
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('['))
        .count();
    writeln!(stderr, "wrote {lines} owner line(s) to `{shown}`")?;
    Ok(Outcome::Success)
}
