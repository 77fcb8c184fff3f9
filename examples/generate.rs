//! Writes a synthetic, valid framework of any size, for benchmarking `trellis check`.
//!
//! ```text
//! cargo run --release --example generate -- --roles 10000 --skills 2000 --pathways 500 --out bench/out/10k
//! ```
//!
//! The same arguments always give the same files. `trellis check` reports no error and no
//! warning on the result.

mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generate a synthetic career framework.
#[derive(Debug, Parser)]
struct Args {
    /// Number of roles (about eight per track).
    #[arg(long, default_value_t = 1000)]
    roles: usize,
    /// Number of skills, in up to 20 groups [default: roles / 5].
    #[arg(long)]
    skills: Option<usize>,
    /// Number of learning pathways [default: roles / 20].
    #[arg(long)]
    pathways: Option<usize>,
    /// Number of opportunities [default: roles / 50].
    #[arg(long)]
    opportunities: Option<usize>,
    /// Seed of the random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write into: new, empty, or an earlier output of this generator (replaced).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let params = synth::Params {
        roles: args.roles,
        skills: args.skills.unwrap_or(args.roles / 5),
        pathways: args.pathways.unwrap_or(args.roles / 20),
        opportunities: args.opportunities.unwrap_or(args.roles / 50),
        seed: args.seed,
    };
    match synth::generate(&params, &args.out) {
        Ok(s) => {
            println!(
                "wrote `{}`: {} tracks, {} roles, {} skill groups, {} skills, {} pathways, {} opportunities; {} files, {} bytes",
                args.out.display(),
                s.tracks,
                s.roles,
                s.groups,
                s.skills,
                s.pathways,
                s.opportunities,
                s.files,
                s.bytes
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write `{}`: {error}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
