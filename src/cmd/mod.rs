//! One module per command. Each takes its clap args struct and returns the process exit
//! status: success, failure of the checked content, or an error that stopped the command.

pub mod build;
pub mod check;
pub mod codeowners;
pub mod diff;
pub mod import;
pub mod init;
pub mod schema;
pub mod serve;

/// How a command ended, mapped to the exit code by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: no errors (warnings allowed).
    Success,
    /// Exit 1: the framework has errors.
    Failure,
}
