//! Markdown to safe HTML.
//!
//! Contributor text is untrusted: a role's body could carry `<script>`, an `onerror`
//! handler or a `javascript:` link, and the site is read by everyone in the company. So the
//! HTML pulldown-cmark produces goes through ammonia, which keeps only a known-safe set of
//! tags, attributes and URL schemes. Every `id` in contributor HTML is prefixed `md-`, so
//! nothing in a body can take over an id the theme or its scripts use.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use crate::model::links::{markdown_options, unique_slug};

/// The prefix of every id inside rendered Markdown.
pub const ID_PREFIX: &str = "md-";

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["h1", "h2", "h3", "h4", "h5", "h6"])
        .add_tag_attributes("h1", ["id"])
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .add_tag_attributes("h4", ["id"])
        .add_tag_attributes("h5", ["id"])
        .add_tag_attributes("h6", ["id"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference"])
        .id_prefix(Some(ID_PREFIX))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        // Images from other hosts would be requests leaving the site (and a way to track
        // readers); only images the site itself carries are kept.
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && is_external(value) {
                None
            } else {
                Some(value.into())
            }
        });
    builder
});

fn is_external(url: &str) -> bool {
    let trimmed = url.trim_start();
    trimmed.starts_with("//") || crate::links::url_scheme(trimmed).is_some()
}

/// Renders `markdown` to sanitized HTML: tables, footnotes, smart punctuation, and an id on
/// every heading (`md-` + a slug of its text) so sections can be linked to.
pub fn render(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, markdown_options()).collect();
    // Without raw HTML, links, images or footnotes, pulldown-cmark's output holds only the
    // tags it writes itself around escaped text: there is nothing for ammonia to remove,
    // and it would cost more than the rest of the rendering. Such text gets its heading ids
    // prefixed here instead. Anything else goes through ammonia.
    let plain = events.iter().all(|event| {
        !matches!(
            event,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::FootnoteReference(_)
                | Event::Start(
                    Tag::HtmlBlock
                        | Tag::Link { .. }
                        | Tag::Image { .. }
                        | Tag::FootnoteDefinition(_)
                )
        )
    });
    let prefix = if plain { ID_PREFIX } else { "" };
    let events = with_heading_ids(events, prefix);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    if plain {
        raw
    } else {
        CLEANER.clean(&raw).to_string()
    }
}

/// The same text without any markup, for summaries and search.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Gives each heading an id from its text, `prefix` + a slug (ammonia adds the `md-` prefix
/// when it runs), numbering repeats, and rewrites footnote ids so references still point at
/// them after prefixing.
fn with_heading_ids<'a>(events: Vec<Event<'a>>, prefix: &str) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let id = format!("{prefix}{}", unique_slug(&text, &mut used));
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::FootnoteReference(name) => {
                let slug = footnote_slug(name);
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{ID_PREFIX}fn-{slug}\">{}</a></sup>",
                    escape_text(name)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-reference\">{}</sup>",
                    footnote_slug(name),
                    escape_text(name)
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out
}

fn footnote_slug(name: &str) -> String {
    let slug = crate::model::slugify(name);
    if slug.is_empty() {
        "note".to_owned()
    } else {
        slug
    }
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_footnotes_smart_quotes_and_heading_anchors() {
        let html = render(
            "## Scope and \"impact\"\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee the note.[^1]\n\n[^1]: A note.\n\n## Scope and \"impact\"\n",
        );
        assert!(
            html.contains("<h2 id=\"md-scope-and-impact\">Scope and “impact”</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"md-scope-and-impact-2\">"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("href=\"#md-fn-1\""), "{html}");
        assert!(html.contains("id=\"md-fn-1\""), "{html}");
    }

    #[test]
    fn plain_text_skips_the_sanitizer_and_still_prefixes_heading_ids() {
        let html = render("## Day to day\n\nSome *text* with <b>no</b> tags & a `<script>`.");
        // Raw HTML sends the text through ammonia, which keeps <b> and the escaped code.
        assert!(
            html.contains("<b>no</b>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        let html = render("## Day to day\n\n- Some *text* & a `<script>`\n\n> \"quoted\"");
        assert!(
            html.contains("<h2 id=\"md-day-to-day\">Day to day</h2>"),
            "{html}"
        );
        assert!(html.contains("<code>&lt;script&gt;</code>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn strips_script_handlers_and_dangerous_links() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [data](data:text/html,x)\n\n<a href=\"JaVaScRiPt:alert(1)\">x</a> <iframe src=\"https://evil.example\"></iframe> <div id=\"compare-data\" style=\"color:red\">clobber</div>",
        );
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:text",
            "<iframe",
            "style=",
            "id=\"compare-data\"",
        ] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("id=\"md-compare-data\""), "{html}");
    }

    #[test]
    fn keeps_ordinary_links_with_rel_and_drops_external_images() {
        let html = render(
            "[guide](https://learn.example.com/guide) ![pixel](https://tracker.example/p.png) ![local](/static/a.png)",
        );
        assert!(
            html.contains("href=\"https://learn.example.com/guide\" rel=\"noopener noreferrer\""),
            "{html}"
        );
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("src=\"/static/a.png\""), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Title\n\nSome *bold* `code`.\nNext line."),
            "Title Some bold code. Next line."
        );
    }
}
