//! `trellis schema [KIND] [--out DIR]`: the JSON Schema of `trellis.toml` or of a kind's
//! front matter, for editor completion and checks as you type.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use super::Outcome;
use crate::schema::{self, FileKind};

/// Arguments of `trellis schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum, default_value_t = Kind::Config)]
    pub kind: Kind,

    /// Write every schema into this folder (`trellis.schema.json`, `role.schema.json`, ...)
    /// instead of printing one.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `KIND`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// `trellis.toml`.
    Config,
    /// The front matter of `tracks/<track>.md`.
    Track,
    /// The front matter of `roles/<track>/<role>.md`.
    Role,
    /// The front matter of `skills/<group>/_group.md`.
    Group,
    /// The front matter of `skills/<group>/<skill>.md`.
    Skill,
    /// The front matter of `pathways/<pathway>.md`.
    Pathway,
    /// The front matter of `opportunities/<opportunity>.md`.
    Opportunity,
    /// The front matter of `pages/<page>.md`.
    Page,
}

impl From<Kind> for FileKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Config => FileKind::Config,
            Kind::Track => FileKind::Track,
            Kind::Role => FileKind::Role,
            Kind::Group => FileKind::Group,
            Kind::Skill => FileKind::Skill,
            Kind::Pathway => FileKind::Pathway,
            Kind::Opportunity => FileKind::Opportunity,
            Kind::Page => FileKind::Page,
        }
    }
}

/// Prints one schema on `stdout`, or writes them all and says so on `stderr`.
pub fn run(args: &SchemaArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<Outcome> {
    let Some(dir) = &args.out else {
        stdout.write_all(schema::to_text(args.kind.into()).as_bytes())?;
        return Ok(Outcome::Success);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    for kind in FileKind::ALL {
        let path = dir.join(kind.file_name());
        std::fs::write(&path, schema::to_text(kind))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    writeln!(
        stderr,
        "wrote {} schemas to `{}`",
        FileKind::ALL.len(),
        dir.display()
    )?;
    Ok(Outcome::Success)
}
