//! `trellis serve [DIR]`: build the site into memory, serve it on 127.0.0.1, rebuild when a
//! file changes, reload open pages, and show problems over the page until they are fixed.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::Outcome;
use crate::render::RenderOptions;
use crate::serve::{Options, Server, Signal};

/// Arguments of `trellis serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The framework folder (the one holding `trellis.toml`).
    #[arg(default_value = "framework")]
    pub dir: PathBuf,

    /// The port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,

    /// The address to listen on. The default answers this machine only; another address
    /// shows the framework to anyone who can reach it.
    #[arg(short, long, default_value = "127.0.0.1")]
    pub interface: IpAddr,

    /// Overrides `base_url` from `trellis.toml`; its path (e.g. `/careers/`) is the path
    /// the site is served under.
    #[arg(long)]
    pub base_url: Option<String>,

    /// A theme folder laid out like `themes/default`; watched like the framework.
    #[arg(long)]
    pub theme: Option<PathBuf>,

    /// The day to build for, `YYYY-MM-DD`. Defaults to `SOURCE_DATE_EPOCH` if set, else
    /// today.
    #[arg(long, value_parser = super::build::parse_date)]
    pub today: Option<String>,
}

/// Serves until Ctrl-C. Build results and problems go to `stderr`.
pub fn run(args: &ServeArgs, stderr: &mut dyn Write) -> Result<Outcome> {
    let options = Options {
        dir: args.dir.clone(),
        theme: args.theme.clone(),
        render: RenderOptions {
            base_url: args.base_url.clone(),
            today: args.today.clone().unwrap_or_else(super::build::today),
            editions: false,
        },
        interface: args.interface,
        port: args.port,
    };
    let server = Server::start(options, stderr)?;
    let stopper = server.stopper();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stopper.send(Signal::Stop);
    }) {
        writeln!(
            stderr,
            "warning: Ctrl-C will not stop the server cleanly: {error}"
        )?;
    }
    if !args.interface.is_loopback() {
        writeln!(
            stderr,
            "warning: listening on {}, not on this machine only: anyone who can reach it can read the framework",
            args.interface
        )?;
    }
    writeln!(
        stderr,
        "serving `{}` at {} (Ctrl-C to stop)",
        args.dir.display(),
        server.url()
    )?;
    stderr.flush()?;
    server.run(stderr)?;
    Ok(Outcome::Success)
}
