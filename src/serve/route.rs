//! Request targets to site paths. Pure functions, so every rule that keeps a request inside
//! the site is tested on its own: no target can name anything but a key of the in-memory
//! site, and targets that try (`..`, `%2e%2e`, backslashes, NUL, absolute URLs) are refused
//! with 400 before any lookup.

/// The path under the base path where the server's own files live. Generated pages are
/// named after ids, which cannot start with `_`, so it never hides a page.
pub const RESERVED: &str = "__trellis/";

/// What a request target asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its path under the site root (`roles/x/index.html`); a
    /// folder path (`roles/x/`, or `` for the root) asks for its `index.html`.
    File {
        /// The decoded path under the base path.
        path: String,
        /// The target's path as sent, without the query, for redirects.
        raw: String,
    },
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    /// The overlay's stylesheet.
    Style,
    /// Somewhere else: answered with a redirect to this location.
    Redirect(String),
    /// Outside the base path.
    NotFound,
    /// A target no browser sends; the reason goes into the 400 answer.
    BadRequest(&'static str),
}

/// Decides what `target` (the request line's target, as sent) asks for, for a site served
/// under `base_path` (`/` or `/careers/`, always starting and ending with `/`).
pub fn route(target: &str, base_path: &str) -> Route {
    if !target.starts_with('/') {
        // Absolute URLs (`http://host/x`), `*`, and anything else that is not a path.
        return Route::BadRequest("the target must be a path starting with `/`");
    }
    let raw = target
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_owned();
    let path = match percent_decode(&raw) {
        Ok(path) => path,
        Err(reason) => return Route::BadRequest(reason),
    };
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Route::BadRequest("the path holds a backslash or a control character");
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if *segment == "." || *segment == ".." {
            return Route::BadRequest("the path holds a `.` or `..` segment");
        }
        if segment.is_empty() && i != last {
            return Route::BadRequest("the path holds an empty segment (`//`)");
        }
    }
    let Some(rel) = path.strip_prefix(base_path) else {
        if path == "/" || format!("{path}/") == base_path {
            return Route::Redirect(base_path.to_owned());
        }
        return Route::NotFound;
    };
    match rel.strip_prefix(RESERVED) {
        Some("events") => Route::Events,
        Some("live.js") => Route::Script,
        Some("live.css") => Route::Style,
        Some(_) => Route::NotFound,
        None => Route::File {
            path: rel.to_owned(),
            raw,
        },
    }
}

/// Decodes `%XX` escapes; the result must be UTF-8. A `%` not followed by two hex digits is
/// an error, not a literal, so that no two spellings of one path are read differently.
fn percent_decode(text: &str) -> Result<String, &'static str> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .ok_or("a `%` without two hex digits")?;
            let value = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("a `%` without two hex digits")?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the decoded path is not UTF-8")
}

/// The content type of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Route {
        Route::File {
            path: path.to_owned(),
            raw: String::new(),
        }
    }

    fn path_of(route: Route) -> Route {
        match route {
            Route::File { path, .. } => file(&path),
            other => other,
        }
    }

    #[test]
    fn plain_paths_name_site_files() {
        assert_eq!(path_of(route("/", "/")), file(""));
        assert_eq!(path_of(route("/roles/x/", "/")), file("roles/x/"));
        assert_eq!(
            path_of(route("/assets/style.css?v=2#top", "/")),
            file("assets/style.css")
        );
        assert_eq!(
            path_of(route("/roles/caf%C3%A9/", "/")),
            file("roles/café/")
        );
        match route("/roles/a%20b?q", "/") {
            Route::File { raw, .. } => assert_eq!(raw, "/roles/a%20b"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for target in [
            "/../etc/passwd",
            "/roles/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/roles/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/roles/.%2e/x",
            "/./index.html",
            "/roles/..",
            "//etc/passwd",
            "/roles//x",
            "/..%5c..%5cwindows/win.ini",
            "/roles\\..\\x",
            "/index.html%00.css",
            "/a%0d%0aSet-Cookie:x",
            "/%zz",
            "/%2",
            "/%ff%fe",
        ] {
            assert!(
                matches!(route(target, "/"), Route::BadRequest(_)),
                "{target}: {:?}",
                route(target, "/")
            );
        }
    }

    #[test]
    fn targets_that_are_not_paths_are_refused() {
        for target in ["http://example.com/", "*", "etc/passwd", "C:\\x", ""] {
            assert!(
                matches!(route(target, "/"), Route::BadRequest(_)),
                "{target}"
            );
        }
    }

    #[test]
    fn a_subpath_site_is_served_only_under_its_base_path() {
        assert_eq!(path_of(route("/careers/", "/careers/")), file(""));
        assert_eq!(
            path_of(route("/careers/roles/x/", "/careers/")),
            file("roles/x/")
        );
        assert_eq!(
            route("/careers", "/careers/"),
            Route::Redirect("/careers/".to_owned())
        );
        assert_eq!(
            route("/", "/careers/"),
            Route::Redirect("/careers/".to_owned())
        );
        assert_eq!(route("/roles/x/", "/careers/"), Route::NotFound);
        assert_eq!(route("/careersx/", "/careers/"), Route::NotFound);
    }

    #[test]
    fn the_servers_own_files_live_under_the_base_path() {
        assert_eq!(route("/__trellis/events", "/"), Route::Events);
        assert_eq!(
            route("/careers/__trellis/live.js", "/careers/"),
            Route::Script
        );
        assert_eq!(route("/__trellis/live.css", "/"), Route::Style);
        assert_eq!(route("/__trellis/other", "/"), Route::NotFound);
        assert_eq!(route("/__trellis/events", "/careers/"), Route::NotFound);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(
            content_type("roles/x/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type("assets/search.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("framework.json"), "application/json");
        assert_eq!(content_type("assets/favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("matrix.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("images/LOGO.PNG"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
