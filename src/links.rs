//! Which links the site may carry. Contributors write URLs in pathway steps and in
//! `trellis.toml`; a `javascript:` or `data:` URL there would run in a reader's browser, so
//! only relative links and a few harmless schemes pass.

/// URL schemes a reader's browser may follow from the site. Anything else — `javascript:`,
/// `data:`, `vbscript:`, `file:` — could run code or read local files, and is an error.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The scheme of `url` as a browser would see it, or `None` for a relative URL. Browsers
/// drop tabs, newlines and leading spaces before reading a scheme (`java\tscript:`), so
/// this does too.
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    if scheme.contains(['/', '?', '#']) {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

/// True when a reader's browser may follow `url`: relative, or http(s)/mailto.
pub fn is_safe_url(url: &str) -> bool {
    url_scheme(url).is_none_or(|scheme| SAFE_SCHEMES.contains(&scheme.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes_are_read_as_a_browser_reads_them() {
        assert!(is_safe_url("https://learn.example.com/x"));
        assert!(is_safe_url("/relative/page"));
        assert!(is_safe_url("page.html?a=b:c"));
        assert!(is_safe_url("MAILTO:people@example.com"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("  JaVaScRiPt:alert(1)"));
        assert!(!is_safe_url("java\tscript:alert(1)"));
        assert!(!is_safe_url("data:text/html,<script>"));
        assert!(!is_safe_url("vbscript:x"));
    }
}
