//! Answers HTTP requests from the in-memory site: GET and HEAD only, every path looked up
//! in the current [`Snapshot`] and never on disk, the live-reload tag added to HTML pages
//! as they are sent.

use std::io::{self, Cursor, Read};
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::events::{self, Hub};
use super::route::{self, RESERVED, Route};
use super::site::{Resource, Snapshot};

const LIVE_JS: &str = include_str!("client/live.js");
const LIVE_CSS: &str = include_str!("client/live.css");

/// Served, with the live-reload tag, while no build has succeeded yet; the overlay over it
/// says why.
const PLACEHOLDER: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Nothing built yet · Trellis</title>\n</head>\n<body>\n<h1>Nothing built yet</h1>\n\
<p>The framework has errors, listed in the terminal that runs <code>trellis serve</code>. \
This page reloads by itself once they are fixed.</p>\n</body>\n</html>\n";

/// What the worker threads share: the site being served and the live-reload hub.
pub struct Shared {
    snapshot: Mutex<Arc<Snapshot>>,
    /// The live-reload streams.
    pub hub: Arc<Hub>,
}

impl Shared {
    /// Serving `snapshot`, announcing through `hub`.
    pub fn new(snapshot: Arc<Snapshot>, hub: Arc<Hub>) -> Self {
        Shared {
            snapshot: Mutex::new(snapshot),
            hub,
        }
    }

    /// The site being served now.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `snapshot` from the next request on.
    pub fn replace(&self, snapshot: Arc<Snapshot>) {
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = snapshot;
    }
}

/// Answers one request. Errors writing the answer mean the client went away; there is
/// nobody to tell.
pub fn handle(request: Request, shared: &Shared) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let response =
            text(405, "only GET and HEAD are served\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let snapshot = shared.current();
    let base = snapshot.base_path.as_str();
    match route::route(request.url(), base) {
        Route::BadRequest(reason) => {
            let _ = request.respond(text(400, &format!("bad request: {reason}\n")));
        }
        Route::Redirect(location) => redirect(request, &location),
        Route::NotFound => not_found(request, &snapshot),
        Route::Events => events::stream(&shared.hub, request),
        Route::Script => {
            let _ = request.respond(asset(LIVE_JS, "text/javascript; charset=utf-8"));
        }
        Route::Style => {
            let _ = request.respond(asset(LIVE_CSS, "text/css; charset=utf-8"));
        }
        Route::File { path, raw } => {
            let key = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            if let Some(found) = snapshot.get(&key) {
                let _ = request.respond(file(200, &key, found, &snapshot));
            } else if !key.ends_with("index.html")
                && snapshot.get(&format!("{path}/index.html")).is_some()
            {
                // `roles/x` → `roles/x/`, so the page's relative links resolve.
                redirect(request, &format!("{raw}/"));
            } else {
                not_found(request, &snapshot);
            }
        }
    }
}

fn not_found(request: Request, snapshot: &Snapshot) {
    let response = if snapshot.build == 0 {
        // Nothing built yet: every page is the placeholder, with the overlay.
        let page = Arc::new(Resource::new("index.html", PLACEHOLDER.as_bytes().to_vec()));
        file(503, "index.html", page, snapshot)
    } else if let Some(page) = snapshot.get("404.html") {
        file(404, "404.html", page, snapshot)
    } else {
        return drop(request.respond(text(404, "not found\n")));
    };
    let _ = request.respond(response);
}

fn redirect(request: Request, location: &str) {
    let response = match Header::from_bytes("Location", location) {
        Ok(location) => text(302, "moved\n").with_header(location),
        Err(()) => text(400, "bad request\n"),
    };
    let _ = request.respond(response);
}

/// The tag that loads the live-reload script, with the build the page belongs to. The base
/// path comes from `trellis.toml`, so it is escaped like any contributor text.
fn script_tag(snapshot: &Snapshot) -> Vec<u8> {
    let base = crate::render::escape_html(&snapshot.base_path);
    format!(
        "<script src=\"{base}{RESERVED}live.js\" data-build=\"{}\" \
         data-events=\"{base}{RESERVED}events\" data-style=\"{base}{RESERVED}live.css\" defer></script>\n",
        snapshot.build
    )
    .into_bytes()
}

fn file(status: u16, path: &str, resource: Arc<Resource>, snapshot: &Snapshot) -> Response<Body> {
    let (split, tag) = match resource.script_at {
        Some(at) => (at, script_tag(snapshot)),
        None => (resource.bytes.len(), Vec::new()),
    };
    let length = resource.bytes.len() + tag.len();
    let body = Body {
        resource,
        split,
        tag,
        position: 0,
    };
    Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", route::content_type(path)),
            header("Cache-Control", "no-store"),
            header("X-Content-Type-Options", "nosniff"),
        ],
        body,
        Some(length),
        None,
    )
    // Always a Content-Length, never chunks: simpler for every client, and the size is known.
    .with_chunked_threshold(usize::MAX)
}

fn asset(content: &'static str, content_type: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(content.as_bytes().to_vec())
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_chunked_threshold(usize::MAX)
}

fn text(status: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("a fixed ASCII header")
}

/// A file's bytes with the live-reload tag spliced in at `split`, read without copying the
/// file: `bytes[..split]`, then `tag`, then `bytes[split..]`.
struct Body {
    resource: Arc<Resource>,
    split: usize,
    tag: Vec<u8>,
    position: usize,
}

impl Read for Body {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let bytes = &self.resource.bytes;
        let (split, tag_end) = (self.split, self.split + self.tag.len());
        let source: &[u8] = if self.position < split {
            &bytes[self.position..split]
        } else if self.position < tag_end {
            &self.tag[self.position - split..]
        } else {
            &bytes[(self.position - self.tag.len()).min(bytes.len())..]
        };
        let n = source.len().min(out.len());
        out[..n].copy_from_slice(&source[..n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_is_spliced_in_without_losing_a_byte() {
        let resource = Arc::new(Resource::new("a.html", b"<head></head><p>x</p>".to_vec()));
        let mut body = Body {
            split: resource.script_at.unwrap(),
            resource,
            tag: b"<script></script>".to_vec(),
            position: 0,
        };
        let mut out = Vec::new();
        // Small reads cross every boundary.
        let mut chunk = [0u8; 3];
        loop {
            let n = body.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
        }
        assert_eq!(out, b"<head><script></script></head><p>x</p>");
    }
}
