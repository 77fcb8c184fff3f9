//! The command line, as clap derive types. Each subcommand's arguments live beside its
//! implementation in [`crate::cmd`].

use clap::{Parser, Subcommand, ValueEnum};

use crate::cmd;

/// Compile a career framework written as TOML and Markdown into a checked, browsable site.
#[derive(Debug, Parser)]
#[command(name = "trellis", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// When to colour output: `auto` follows the terminal and `NO_COLOR`.
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the static site from a framework (checks it first).
    Build(cmd::build::BuildArgs),
    /// Check a framework and report every problem with its file, line and column.
    Check(cmd::check::CheckArgs),
    /// Write a framework folder from a spreadsheet's CSV exports.
    Import(cmd::import::ImportArgs),
    /// Serve the site from memory on 127.0.0.1, rebuild on every change, reload open pages
    /// and show problems over them.
    Serve(cmd::serve::ServeArgs),
    /// Write the CODEOWNERS section from the owners of the framework, its tracks and groups.
    Codeowners(cmd::codeowners::CodeownersArgs),
    /// Say what a change does to the framework: roles, levels, skills, promotions.
    Diff(cmd::diff::DiffArgs),
    /// Start a framework repository from the sample, with CI and review templates.
    Init(cmd::init::InitArgs),
    /// Print the JSON Schema of `trellis.toml` or of a kind's front matter, for editors.
    Schema(cmd::schema::SchemaArgs),
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
