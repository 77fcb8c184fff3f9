//! The Atom feed of editions, `editions.xml`: one entry per edition, newest first, with
//! what changed in it. Atom needs absolute ids: with an absolute `base_url` they are the
//! editions' URLs, else `tag:` URIs (RFC 4151) made from the tag and its day, and the
//! links stay relative to the feed.

use std::fmt::Write as _;

use super::EditionSite;
use crate::diff::Class;
use crate::render::escape_html as esc;

/// The feed for `sites` (oldest first) of the framework titled `title`, served at
/// `base_url`.
pub fn atom(sites: &[EditionSite], title: &str, base_url: &str) -> String {
    let absolute = base_url.starts_with("http://") || base_url.starts_with("https://");
    let base = if absolute {
        if base_url.ends_with('/') {
            base_url.to_owned()
        } else {
            format!("{base_url}/")
        }
    } else {
        String::new()
    };
    let updated = sites
        .last()
        .map_or("1970-01-01T00:00:00Z", |s| s.edition.tag.date.as_str());
    let feed_id = if absolute {
        format!("{base}editions/")
    } else {
        "tag:trellis,1970-01-01:editions".to_owned()
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(out, "<title>{} — editions</title>", esc(title));
    let _ = writeln!(out, "<id>{}</id>", esc(&feed_id));
    let _ = writeln!(out, "<updated>{}</updated>", esc(updated));
    let _ = writeln!(
        out,
        "<link rel=\"alternate\" href=\"{}editions/\"/>",
        esc(&base)
    );
    out.push_str("<author><name>Trellis</name></author>\n");
    for site in sites.iter().rev() {
        let edition = &site.edition;
        let link = format!("{base}editions/{}/changes/", edition.folder);
        let id = if absolute {
            format!("{base}editions/{}/", edition.folder)
        } else {
            format!("tag:trellis,{}:editions/{}", edition.day(), edition.folder)
        };
        let c = &site.changes;
        let mut summary = match &c.since {
            Some(since) => format!("Changes since edition {since}: "),
            None => "The first edition: ".to_owned(),
        };
        let parts: Vec<String> = Class::ALL
            .iter()
            .zip(c.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(class, n)| format!("{n} {}", class.label()))
            .collect();
        if parts.is_empty() {
            summary.push_str("none.");
        } else {
            summary.push_str(&parts.join(", "));
            summary.push('.');
        }
        out.push_str("<entry>\n");
        let _ = writeln!(out, "<title>Edition {}</title>", esc(&edition.tag.name));
        let _ = writeln!(out, "<id>{}</id>", esc(&id));
        let _ = writeln!(out, "<updated>{}</updated>", esc(&edition.tag.date));
        let _ = writeln!(out, "<link rel=\"alternate\" href=\"{}\"/>", esc(&link));
        let _ = writeln!(out, "<summary type=\"text\">{}</summary>", esc(&summary));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
