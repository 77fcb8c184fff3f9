//! `trellis init DIR`: start a framework repository from the sample framework, with CI
//! templates, pull-request templates, editor schemas and CODEOWNERS. Refuses to overwrite.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use super::Outcome;
use crate::scaffold;

/// Arguments of `trellis init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new repository; created if needed. The framework's files go at its
    /// top, beside `.github/` and `.gitlab-ci.yml`.
    pub dir: PathBuf,
}

/// Writes the files, or none of them when any already exists.
pub fn run(args: &InitArgs, stderr: &mut dyn Write) -> Result<Outcome> {
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        bail!("`{}` is a file, not a folder", dir.display());
    }
    let files = scaffold::files();
    let existing: Vec<&str> = files
        .iter()
        .filter(|f| dir.join(&f.path).exists())
        .map(|f| f.path.as_str())
        .collect();
    if !existing.is_empty() {
        let shown: Vec<String> = existing.iter().take(5).map(|p| format!("`{p}`")).collect();
        let more = match existing.len() {
            n if n > 5 => format!(" and {} more", n - 5),
            _ => String::new(),
        };
        bail!(
            "`{}` already has {}{more}; nothing was written (init never overwrites a file: choose an empty folder)",
            dir.display(),
            shown.join(", ")
        );
    }
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    let shown = dir.display();
    writeln!(
        stderr,
        "created a career framework in `{shown}`: {} files, from the sample framework of a fictional company, with CI for GitHub and GitLab\n\
         next:\n  \
         cd {shown} && git init && git add -A && git commit -m \"Career framework\"\n  \
         set TRELLIS_GIT in .github/workflows/trellis.yml or .gitlab-ci.yml to where your organisation keeps Trellis\n  \
         name your owners in trellis.toml, tracks/*.md and skills/*/_group.md, then run `trellis codeowners .`\n  \
         trellis check . && trellis build .",
        files.len()
    )?;
    Ok(Outcome::Success)
}
