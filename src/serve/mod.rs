//! Serve: the dev server behind `trellis serve`. It keeps the site in memory, rebuilds it
//! when a file of the framework changes, and tells open pages to reload; when a rebuild
//! fails it keeps serving the last good site and shows the problems over the page and in
//! the terminal.
//!
//! ```text
//! watch (notify, debounced) -> rebuild (check, render what the edit touches) -> site (in memory)
//!                                                                  |                 |
//!                                            events (SSE to every open page)   http (tiny_http)
//! ```
//!
//! The loop that waits for changes and rebuilds runs on the caller's thread; requests are
//! answered by a pool of worker threads, each live-reload stream by a thread of its own.

mod affected;
mod events;
mod http;
mod rebuild;
mod route;
mod site;
mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};

pub use rebuild::{Builder, Built, Changes, Failed, Outcome, Problem};
pub use site::{Resource, Snapshot};
pub use watch::Signal;

use events::{Hub, State};
use http::Shared;
use site::Files;

/// Worker threads answering requests. Answers come from memory, so a few are plenty; more
/// keep a slow client from holding up the rest.
const WORKERS: usize = 16;

/// How long the site must go without a new edit before the exports are made ahead of a
/// request: someone saving again and again gets the CPU for the rebuilds.
const PREWARM_AFTER: Duration = Duration::from_millis(250);

/// Where and what to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// The framework folder.
    pub dir: PathBuf,
    /// A theme folder laid out like `themes/default`.
    pub theme: Option<PathBuf>,
    /// Base URL override and the day to build for.
    pub render: crate::render::RenderOptions,
    /// The address to listen on.
    pub interface: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// A running dev server.
pub struct Server {
    http: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
    signals: Receiver<Signal>,
    stopper: Sender<Signal>,
    watch: watch::Watch,
    builder: Builder,
    address: SocketAddr,
}

impl Server {
    /// Starts watching, builds the site once (reporting to `out`), binds the address and
    /// starts answering requests. A first build that fails still starts the server: it
    /// shows the problems until they are fixed.
    pub fn start(options: Options, out: &mut dyn Write) -> Result<Server> {
        if !options.dir.is_dir() {
            return Err(anyhow!(
                "`{}` is not a folder; give the folder that holds `trellis.toml`",
                options.dir.display()
            ));
        }
        let (stopper, signals) = mpsc::channel();
        let watch = watch::start(&options.dir, options.theme.as_deref(), stopper.clone())?;
        let mut builder = Builder::new(&options.dir, options.theme.as_deref(), options.render);
        let outcome = builder.rebuild(Changes::all());
        let placeholder = Arc::new(Snapshot {
            build: 0,
            base_path: builder.base_path().to_owned(),
            pages: Arc::new(Files::new()),
            exports: None,
            statics: Arc::new(Files::new()),
        });
        let hub = Arc::new(Hub::new(&State {
            build: 0,
            ok: true,
            errors: None,
            problems: Vec::new(),
        }));
        let shared = Arc::new(Shared::new(placeholder, hub));
        report(&outcome, &builder, &shared, out)?;

        let address = SocketAddr::new(options.interface, options.port);
        let listener = std::net::TcpListener::bind(address).map_err(|e| {
            anyhow!(
                "cannot listen on {address}: {e}{}",
                if options.port == 0 {
                    ""
                } else {
                    " (is another server using the port? choose another with --port)"
                }
            )
        })?;
        // tiny_http writes a response's head and body separately; with Nagle's algorithm
        // the body then waits for the client's delayed ACK of the head, about 40 ms on
        // Linux. Accepted connections take this setting from the listener.
        socket2::SockRef::from(&listener)
            .set_tcp_nodelay(true)
            .context("cannot set TCP_NODELAY on the listener")?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| anyhow!("cannot serve on {address}: {e}"))?;
        let address = http
            .server_addr()
            .to_ip()
            .context("the server is not listening on an IP address")?;
        let http = Arc::new(http);
        let stopping = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|i| {
                let http = http.clone();
                let shared = shared.clone();
                let stopping = stopping.clone();
                std::thread::Builder::new()
                    .name(format!("trellis-serve-{i}"))
                    .spawn(move || answer(&http, &shared, &stopping))
                    .context("cannot start a worker thread")
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Server {
            http,
            shared,
            workers,
            stopping,
            signals,
            stopper,
            watch,
            builder,
            address,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The site's address: `http://127.0.0.1:1111/`, or with the base path of a site served
    /// under one.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.address, self.shared.current().base_path)
    }

    /// A handle that stops [`Server::run`] with [`Signal::Stop`] (for Ctrl-C).
    pub fn stopper(&self) -> Sender<Signal> {
        self.stopper.clone()
    }

    /// Rebuilds after every change until stopped, then stops answering requests and ends
    /// every stream.
    pub fn run(mut self, out: &mut dyn Write) -> Result<()> {
        while let watch::Batch::Changes(changes) = self.watch.next_batch(&self.signals) {
            let outcome = self.builder.rebuild(changes);
            report(&outcome, &self.builder, &self.shared, out)?;
        }
        self.shared.hub.close();
        self.stopping.store(true, Ordering::Relaxed);
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        drop(self.http);
        writeln!(out, "stopped")?;
        Ok(())
    }
}

/// Serves a rebuild's result (or keeps the last good site), tells the open pages and the
/// terminal.
fn report(
    outcome: &Outcome,
    builder: &Builder,
    shared: &Shared,
    out: &mut dyn Write,
) -> Result<()> {
    match outcome {
        Outcome::Built(built) => {
            shared.replace(built.snapshot.clone());
            shared.hub.publish(&State {
                build: built.snapshot.build,
                ok: true,
                errors: None,
                problems: Vec::new(),
            });
            // Make the exports now, off the reload's path, so the first search after the
            // reload does not wait for them; but only after a moment without another edit,
            // and not past the start of the next rebuild, which they would slow down.
            if let Some(exports) = built.snapshot.exports.clone() {
                let started = builder.started();
                let this = started.load(Ordering::SeqCst);
                let _ = std::thread::Builder::new()
                    .name("trellis-serve-exports".to_owned())
                    .spawn(move || {
                        std::thread::sleep(PREWARM_AFTER);
                        exports.prewarm(&|| started.load(Ordering::SeqCst) != this);
                    });
            }
            for warning in &built.warnings {
                writeln!(out, "{warning}")?;
            }
            let what = match built.changed.len() {
                0 => "nothing changed".to_owned(),
                n => {
                    let shown: Vec<&str> =
                        built.changed.iter().take(3).map(String::as_str).collect();
                    let more = if n > 3 {
                        format!(" and {} more", n - 3)
                    } else {
                        String::new()
                    };
                    format!(
                        "{n} file{} changed ({}{more})",
                        if n == 1 { "" } else { "s" },
                        shown.join(", ")
                    )
                }
            };
            writeln!(
                out,
                "built in {} ms ({} {} rendered): {what}",
                built.elapsed.as_millis(),
                built.rendered,
                if built.full { "pages, all" } else { "pages" },
            )?;
        }
        Outcome::Failed(failed) => {
            for text in &failed.terminal {
                writeln!(out, "{text}")?;
            }
            let serving = match builder.build() {
                0 => "nothing is built yet".to_owned(),
                n => format!("still serving build {n}"),
            };
            writeln!(
                out,
                "error: the build failed with {} error{}; {serving}; the pages show the problems until they are fixed",
                failed.errors,
                if failed.errors == 1 { "" } else { "s" }
            )?;
            shared.hub.publish(&State {
                build: builder.build(),
                ok: false,
                errors: Some(failed.errors),
                problems: failed.problems.clone(),
            });
        }
    }
    out.flush()?;
    Ok(())
}

/// A worker: answers requests until the server stops.
fn answer(http: &tiny_http::Server, shared: &Shared, stopping: &AtomicBool) {
    while !stopping.load(Ordering::Relaxed) {
        match http.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => {
                // A bug answering one request must not take the worker down with it; the
                // dropped request is answered 500 by tiny_http.
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    http::handle(request, shared)
                }));
                if outcome.is_err() {
                    eprintln!("error: a request failed; the server goes on");
                }
            }
            Ok(None) => {}
            Err(_) => return,
        }
    }
}
