//! The `trellis` binary: parses the command line, runs one command, prints an error that
//! stopped it, and sets the exit code (0 ok, 1 problems in the framework, 2 could not run).

use std::process::ExitCode;

use clap::Parser;
use trellis::cli::{Cli, ColorWhen, Command};
use trellis::cmd::{self, Outcome};

// A build allocates and frees millions of small strings and template values from every
// thread; mimalloc takes about a quarter less CPU time for that than the system allocator
// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let mut stdout = anstream::stdout();
    let mut stderr = anstream::stderr();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args, &mut stderr),
        Command::Check(args) => cmd::check::run(args, &mut stdout, &mut stderr),
        Command::Import(args) => cmd::import::run(args, &mut stderr),
        Command::Serve(args) => cmd::serve::run(args, &mut stderr),
        Command::Codeowners(args) => cmd::codeowners::run(args, &mut stdout, &mut stderr),
        Command::Diff(args) => cmd::diff::run(args, &mut stdout, &mut stderr),
        Command::Init(args) => cmd::init::run(args, &mut stderr),
        Command::Schema(args) => cmd::schema::run(args, &mut stdout, &mut stderr),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(error) => {
            use std::io::Write;
            let mut message = format!("error: {error}");
            for cause in error.chain().skip(1) {
                message.push_str(&format!("\n  caused by: {cause}"));
            }
            let _ = writeln!(stderr, "{message}");
            ExitCode::from(2)
        }
    }
}
