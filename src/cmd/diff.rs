//! `trellis diff REV_A [REV_B] [DIR]`: what a change does to the framework, in plain words,
//! from the two models (read through git, nothing checked out), for a pull-request comment
//! or a tool.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};

use super::Outcome;
use crate::Checked;
use crate::diff::{self, Class};
use crate::git::Worktree;

/// Arguments of `trellis diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision before the change: a branch, tag or commit (`main`, `origin/main`,
    /// `v2026.1`, `HEAD~1`).
    pub rev_a: String,

    /// The revision after the change; the working tree (with uncommitted edits) when absent.
    pub rev_b: Option<String>,

    /// The framework folder (the one holding `trellis.toml`), in the working tree; its path
    /// in the repository is read at both revisions. A second argument that is a folder and
    /// not a revision is taken as this.
    pub dir: Option<PathBuf>,

    /// `markdown` (a pull-request comment) or `json`.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,

    /// Exit 1 when the diff has a change of this kind, for a CI policy that wants a named
    /// owner to approve it.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary line, then a section per role with its levels before and after.
    Markdown,
    /// `{"from", "to", "summary", "changes": [...]}`.
    Json,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A change raises the bar of a role.
    Raise,
    /// A change lowers the bar of a role.
    Lower,
    /// A structural change (or one that raises or lowers the bar).
    Structural,
    /// Any change at all.
    Any,
}

/// The default framework folder, as for the other commands.
const DEFAULT_DIR: &str = "framework";

/// Runs the diff: the report on `stdout`, notes about the inputs on `stderr`.
pub fn run(args: &DiffArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<Outcome> {
    let (rev_b, dir) = split_arguments(args)?;
    if !dir.is_dir() {
        bail!("framework folder `{}` does not exist", dir.display());
    }
    let tree = Worktree::open(&dir)?;
    // The two sides are read and checked at once: git inflates one side's files while the
    // other side is parsed.
    let (old, new) = rayon::join(
        || at_revision(&tree, &args.rev_a),
        || match &rev_b {
            Some(rev) => at_revision(&tree, rev),
            None => Ok(Side {
                checked: crate::check_framework(&dir)?,
                label: "working tree".to_owned(),
                note: None,
                which: "the working tree".to_owned(),
            }),
        },
    );
    let (old, new) = (old?, new?);
    for side in [&old, &new] {
        if let Some(note) = &side.note {
            writeln!(stderr, "{note}")?;
        }
        let errors = side.checked.diagnostics.errors();
        if errors > 0 {
            writeln!(
                stderr,
                "warning: the framework in {} has {errors} error(s); what the files with errors say is left out of the diff (`trellis check` lists them)",
                side.which
            )?;
        }
    }
    let diff = diff::compare(&old.checked.framework, &new.checked.framework);
    let report = match args.format {
        DiffFormat::Markdown => diff::markdown::render(&diff, &old.label, &new.label),
        DiffFormat::Json => diff::json::render(&diff, &old.label, &new.label),
    };
    stdout.write_all(report.as_bytes())?;
    let failed = match args.fail_on {
        None => false,
        Some(FailOn::Raise) => diff.raises_bar(),
        Some(FailOn::Lower) => diff.count(Class::Lowers) > 0,
        Some(FailOn::Structural) => diff.changes().iter().any(|c| c.class != Class::Editorial),
        Some(FailOn::Any) => !diff.is_empty(),
    };
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// `trellis diff A B` compares two revisions of `framework/`, unless `B` is a folder and
/// not a revision, as in `trellis diff main .`: then it is the folder. Like git, a name that
/// is both is refused rather than guessed.
fn split_arguments(args: &DiffArgs) -> Result<(Option<String>, PathBuf)> {
    match (&args.rev_b, &args.dir) {
        (Some(b), None) if Path::new(b).is_dir() => {
            let is_revision = Worktree::open(Path::new(b))
                .and_then(|t| t.resolve(b))
                .is_ok();
            if is_revision {
                bail!(
                    "`{b}` is both a revision and a folder; name all three: `trellis diff {} {b} FOLDER` for two revisions, or `trellis diff {} HEAD {b}`",
                    args.rev_a,
                    args.rev_a
                );
            }
            Ok((None, PathBuf::from(b)))
        }
        (b, dir) => Ok((
            b.clone(),
            dir.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DIR)),
        )),
    }
}

/// One side of the comparison.
struct Side {
    checked: Checked,
    /// `main (1a2b3c4)`, `working tree`.
    label: String,
    /// Something to tell the reader about this side.
    note: Option<String>,
    /// The side in a sentence: "`main`", "the working tree".
    which: String,
}

/// Loads the framework folder as it was at `rev`. A folder that did not exist yet gives an
/// empty framework, so a pull request that adds the framework shows everything as new.
fn at_revision(tree: &Worktree, rev: &str) -> Result<Side> {
    let commit = tree.resolve(rev)?;
    let short = &commit[..commit.len().min(7)];
    let label = if commit.starts_with(rev) {
        short.to_owned()
    } else {
        format!("{rev} ({short})")
    };
    let (checked, note) = match tree.files_at(&commit, crate::load::reads)? {
        Some(files) => (crate::check_loaded(crate::load::load_files(files)), None),
        None => {
            let folder = if tree.prefix().is_empty() {
                "the framework".to_owned()
            } else {
                format!("`{}`", tree.prefix())
            };
            (
                crate::check_loaded(crate::load::Loaded::default()),
                Some(format!(
                    "note: {folder} did not exist at `{rev}`; everything in it is new"
                )),
            )
        }
    };
    Ok(Side {
        checked,
        label,
        note,
        which: format!("`{rev}`"),
    })
}
