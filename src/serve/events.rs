//! The live-reload channel: one server-sent-events stream per open page, each told the
//! state of the site when it connects and after every rebuild.
//!
//! Messages carry one event name, `build`, and a JSON object: `{"build": N, "ok": true}`
//! after a good build, or `{"build": N, "ok": false, "errors": E, "problems": [...]}` when
//! the last rebuild failed and build N is still served. The script in `client/live.js`
//! reloads when N differs from the build its page came from, and shows or hides the overlay.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;

use super::rebuild::Problem;

/// How many pages may listen at once; more get 503. Each stream holds a thread.
pub const MAX_STREAMS: usize = 64;

/// How often an idle stream sends a comment, so a closed tab is noticed and its thread ends.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The state of the site, as the streams announce it.
#[derive(Clone, Debug, Serialize)]
pub struct State {
    /// The build being served (0: none yet).
    pub build: u64,
    /// Whether the last rebuild succeeded.
    pub ok: bool,
    /// How many errors stopped it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<usize>,
    /// What stopped it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

impl State {
    /// The message for the stream: one `build` event, its data on one line.
    fn message(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned());
        format!("event: build\ndata: {json}\n\n")
    }
}

/// Every open stream, and the last state to send to new ones.
pub struct Hub {
    inner: Mutex<Inner>,
    streams: AtomicUsize,
}

struct Inner {
    latest: Arc<str>,
    listeners: Vec<Sender<Arc<str>>>,
    closed: bool,
}

impl Hub {
    /// A hub announcing `state` to the first listeners.
    pub fn new(state: &State) -> Self {
        Hub {
            inner: Mutex::new(Inner {
                latest: state.message().into(),
                listeners: Vec::new(),
                closed: false,
            }),
            streams: AtomicUsize::new(0),
        }
    }

    /// Sends `state` to every stream and keeps it for those that connect later.
    pub fn publish(&self, state: &State) {
        let message: Arc<str> = state.message().into();
        let mut inner = self.lock();
        inner.latest = message.clone();
        // A stream whose page was closed has dropped its receiver; forget it.
        inner
            .listeners
            .retain(|listener| listener.send(message.clone()).is_ok());
    }

    /// Ends every stream and refuses new ones (on shutdown).
    pub fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.listeners.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a stream: the current state, and a receiver for what follows. `None` when
    /// the hub is closed or full.
    fn subscribe(self: &Arc<Self>) -> Option<(Arc<str>, Receiver<Arc<str>>, StreamGuard)> {
        let mut inner = self.lock();
        if inner.closed || self.streams.load(Ordering::Relaxed) >= MAX_STREAMS {
            return None;
        }
        self.streams.fetch_add(1, Ordering::Relaxed);
        let guard = StreamGuard(self.clone());
        let (sender, receiver) = mpsc::channel();
        inner.listeners.push(sender);
        Some((inner.latest.clone(), receiver, guard))
    }
}

struct StreamGuard(Arc<Hub>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Answers an event-stream request on its own thread, so the stream never holds up a worker.
pub fn stream(hub: &Arc<Hub>, request: tiny_http::Request) {
    let is_head = *request.method() == tiny_http::Method::Head;
    let Some((first, receiver, guard)) = hub.subscribe() else {
        let response = tiny_http::Response::from_string("too many live-reload streams\n")
            .with_status_code(503);
        let _ = request.respond(response);
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("trellis-serve-events".to_owned())
        .spawn(move || {
            let _guard = guard;
            // The body has no length and no chunking: it ends when the connection does.
            let mut writer = request.into_writer();
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                Connection: close\r\n\r\n";
            if writer.write_all(head.as_bytes()).is_err() || is_head {
                let _ = writer.flush();
                return;
            }
            // `retry` makes the browser reconnect soon after the server restarts.
            let mut message: Arc<str> = format!("retry: 1000\n\n{first}").into();
            loop {
                if writer.write_all(message.as_bytes()).is_err() || writer.flush().is_err() {
                    return;
                }
                message = match receiver.recv_timeout(HEARTBEAT) {
                    Ok(next) => next,
                    Err(RecvTimeoutError::Timeout) => ": still here\n\n".into(),
                    Err(RecvTimeoutError::Disconnected) => return,
                };
            }
        });
    if let Err(error) = spawned {
        eprintln!("warning: cannot start a live-reload stream: {error}");
    }
}
