//! `trellis import csv FILE... --mapping MAPPING.toml --output DIR`: turn spreadsheet
//! exports into a framework folder that passes `trellis check`.
//!
//! The new framework is written beside `DIR` and checked there before it is moved in, so a
//! failure at any point leaves `DIR` as it was. Over an existing framework the command only
//! says what it would change, unless `--force` is given.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::Outcome;
use super::check::plural;
use crate::diagnostic::render;
use crate::import::write::{self, Change, Target};

/// Arguments of `trellis import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What to import from.
    #[command(subcommand)]
    pub source: ImportSource,
}

/// The formats `trellis import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// Import CSV exports of a spreadsheet, as the mapping file describes them
    /// (docs/import.md).
    Csv(CsvArgs),
}

/// Arguments of `trellis import csv`.
#[derive(Debug, Args)]
pub struct CsvArgs {
    /// The CSV files: UTF-8 (with or without a byte-order mark), `,`, `;` or tab between
    /// cells, the header on the first row. Several files are read as one sheet, e.g. one
    /// per track.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The mapping file: the layout, which column holds what, the scale and the grades.
    #[arg(short, long, value_name = "MAPPING.toml")]
    pub mapping: PathBuf,

    /// The framework folder to write: new, empty, or a framework from an earlier import.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,

    /// Overwrite the framework in DIR (its trellis.toml, tracks/, roles/ and skills/);
    /// without it, a re-import only lists what it would change.
    #[arg(long)]
    pub force: bool,
}

/// Runs the import. Diagnostics and the summary go to `stderr`.
pub fn run(args: &ImportArgs, stderr: &mut dyn Write) -> Result<Outcome> {
    match &args.source {
        ImportSource::Csv(csv) => run_csv(csv, stderr),
    }
}

fn run_csv(args: &CsvArgs, stderr: &mut dyn Write) -> Result<Outcome> {
    let out = args.output.display();
    let imported = crate::import::read_csv(&args.files, &args.mapping);
    for diagnostic in &imported.diagnostics {
        writeln!(
            stderr,
            "{}",
            render::human(diagnostic, &imported.sources, true)
        )?;
    }
    let Some(draft) = imported.draft else {
        writeln!(
            stderr,
            "error: the import has {}; nothing was written",
            plural(imported.diagnostics.errors(), "error")
        )?;
        return Ok(Outcome::Failure);
    };
    let files = write::files(&draft);
    let target = write::target(&args.output)?;
    let plan = match target {
        Target::Framework => Some(write::plan(&args.output, &files)?),
        Target::New | Target::Empty => None,
    };
    if let Some(plan) = &plan {
        if plan.is_empty() {
            writeln!(
                stderr,
                "`{out}` is already what the sheet describes ({} files); nothing to write",
                plan.unchanged
            )?;
            return Ok(Outcome::Success);
        }
        print_plan(plan, stderr)?;
        if !args.force {
            writeln!(
                stderr,
                "error: `{out}` already holds a framework; nothing was written. Run again with `--force` to make these changes"
            )?;
            return Ok(Outcome::Failure);
        }
    }

    // Checked where it is staged, with the pathways and opportunities it will sit beside,
    // so that what is moved into place is known to pass `trellis check`.
    let staged = write::stage(&args.output, &files)?;
    let checked = crate::check_framework(staged.path())?;
    if !checked.is_ok() {
        for diagnostic in &checked.diagnostics {
            writeln!(
                stderr,
                "{}",
                render::human(diagnostic, &checked.sources, true)
            )?;
        }
        writeln!(
            stderr,
            "error: the imported framework does not pass `trellis check` ({}); nothing was written and `{out}` is as it was",
            plural(checked.diagnostics.errors(), "error")
        )?;
        return Ok(Outcome::Failure);
    }
    staged.commit()?;
    writeln!(
        stderr,
        "imported {} into `{out}`: {}, {}, {} in {}, {}; {}",
        args.files
            .iter()
            .map(|f| format!("`{}`", f.display()))
            .collect::<Vec<_>>()
            .join(", "),
        plural(draft.tracks.len(), "track"),
        plural(draft.roles.len(), "role"),
        plural(draft.skills.len(), "skill"),
        plural(draft.groups.len(), "group"),
        plural(draft.grades.len(), "grade"),
        plural(imported.diagnostics.warnings(), "warning"),
    )?;
    // The sheet's own problems are printed above; what `trellis check` says about the
    // framework built from it (two roles at one grade, say) can be long, and is one command
    // away.
    let warnings = checked.diagnostics.warnings();
    if warnings > 0 {
        writeln!(
            stderr,
            "`trellis check {out}` reports {} about the framework; run it to read them",
            plural(warnings, "warning")
        )?;
    }
    Ok(Outcome::Success)
}

/// One line per file the import adds, changes or removes.
fn print_plan(plan: &write::Plan, stderr: &mut dyn Write) -> Result<()> {
    let (added, changed, removed) = plan.counts();
    writeln!(
        stderr,
        "{added} added, {changed} changed, {removed} removed, {} unchanged:",
        plan.unchanged
    )?;
    for (path, change) in &plan.changes {
        match change {
            Change::Added => writeln!(stderr, "  added    {path}")?,
            Change::Changed { added, removed } => {
                writeln!(stderr, "  changed  {path} (+{added} -{removed} lines)")?
            }
            Change::Removed => writeln!(stderr, "  removed  {path}")?,
        }
    }
    Ok(())
}
