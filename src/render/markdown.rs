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
    render_events(markdown, None)
}

fn render_events(markdown: &str, links: Option<Links<'_>>) -> String {
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
    let events = rewrite_links(with_heading_ids(events, prefix), links);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    if plain {
        raw
    } else {
        CLEANER.clean(&raw).to_string()
    }
}

/// Where links written in a file lead: the framework's files, the file the text is in,
/// and the way from the page being rendered back to the site root.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    /// Every framework file's page.
    pub targets: &'a crate::model::links::Targets,
    /// The file the text is written in, from the framework root.
    pub from: &'a str,
    /// The page's way back to the site root, e.g. `../../`.
    pub root: &'a str,
}

impl Links<'_> {
    /// `href` as the page should carry it: a link to a framework file becomes a link to its
    /// page; anything else is kept (the check has reported what is broken).
    fn rewrite(&self, href: &str) -> Option<String> {
        match self.targets.resolve(self.from, href) {
            Ok(crate::model::links::Link::Page { page, anchor }) => Some(match anchor {
                Some(anchor) => format!("{}{page}#{anchor}", self.root),
                None => format!("{}{page}", self.root),
            }),
            _ => None,
        }
    }
}

fn rewrite_links<'a>(events: Vec<Event<'a>>, links: Option<Links<'_>>) -> Vec<Event<'a>> {
    let Some(links) = links else {
        return events;
    };
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = links.rewrite(&dest_url).map_or(dest_url, CowStr::from);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        })
        .collect()
}

/// A body rendered as [`render`] does, with links to framework files made links to their
/// pages.
pub fn render_linked(markdown: &str, links: Links<'_>) -> String {
    if !markdown.contains(".md") && !markdown.contains("](#") {
        return render(markdown);
    }
    render_events(markdown, Some(links))
}

/// A statement (a level's summary, a signal, an expectation) as inline HTML: emphasis, code
/// and links, sanitized, on one line of the page. A statement never becomes a list, a
/// heading or a code block: a line that would start one is taken as text, and a line break
/// in it is a `<br>`.
pub fn inline(text: &str, links: Option<Links<'_>>) -> String {
    // Most statements are plain words: escaping them is all it takes.
    if !text.contains(['*', '_', '`', '[', '<', '~', '&', '\\', '\n']) {
        return escape_text(text);
    }
    let mut source = String::with_capacity(text.len() + 8);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !source.is_empty() {
            // A backslash at the end of a line is a hard line break.
            source.push_str("\\\n");
        }
        source.push_str(&escape_block_start(line));
    }
    // Without smart punctuation: a statement reads on the page exactly as written, as it
    // does in search and in the exports.
    let options = markdown_options() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<Event<'_>> = Parser::new_ext(&source, options)
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
            )
        })
        .collect();
    let events = rewrite_links(events, links);
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    CLEANER.clean(raw.trim_end()).to_string()
}

/// `line` with a backslash before a character that would open a block at the start of a
/// line (`#`, `>`, `-`, `+`, `*` and a number followed by `.` or `)` before a space, a
/// fence, a table's `|`, raw HTML's `<`), so it stays text.
fn escape_block_start(line: &str) -> String {
    let first = line.chars().next().unwrap_or(' ');
    let second = line[first.len_utf8()..].chars().next().unwrap_or(' ');
    let blocks = match first {
        '#' | '>' | '|' | '=' | '<' => true,
        '-' | '+' | '*' => second == ' ' || second == first,
        '`' | '~' => line.starts_with("```") || line.starts_with("~~~"),
        c if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &line[digits..];
            rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")"
        }
        _ => false,
    };
    if !blocks {
        return line.to_owned();
    }
    if first.is_ascii_digit() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        format!("\\{line}")
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
    fn a_statement_is_one_line_of_inline_html() {
        assert_eq!(
            inline("Ships *small* changes", None),
            "Ships <em>small</em> changes"
        );
        assert_eq!(
            inline("Tom & \"Jerry\" <3", None),
            "Tom &amp; \"Jerry\" &lt;3"
        );
        assert_eq!(inline("- not a list", None), "- not a list");
        assert_eq!(inline("# not a heading", None), "# not a heading");
        assert_eq!(inline("1. not a list", None), "1. not a list");
        assert_eq!(
            inline("- *still* not a list", None),
            "- <em>still</em> not a list"
        );
        assert_eq!(inline("## *no* heading", None), "## <em>no</em> heading");
        assert_eq!(inline("2. `step`", None), "2. <code>step</code>");
        assert_eq!(inline("one\ntwo", None), "one<br>\ntwo");
        let html = inline(
            "[x](javascript:alert(1)) <img src=x onerror=alert(1)> `<b>`",
            None,
        );
        assert!(
            !html.contains("javascript:") && !html.contains("onerror"),
            "{html}"
        );
        assert!(html.contains("<code>&lt;b&gt;</code>"), "{html}");
    }

    #[test]
    fn links_to_framework_files_lead_to_their_pages() {
        let mut targets = crate::model::links::Targets::default();
        targets.add(
            "pages/promotions.md",
            "pages/promotions/".to_owned(),
            "## Who decides\n",
        );
        let links = Links {
            targets: &targets,
            from: "roles/eng/senior.md",
            root: "../../",
        };
        let html = inline(
            "See [who](../../pages/promotions.md#who-decides) or [x](https://x.example/a.md)",
            Some(links),
        );
        assert!(
            html.contains("href=\"../../pages/promotions/#md-who-decides\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://x.example/a.md\""), "{html}");
        let body = render_linked("Read [the page](../../pages/promotions.md).", links);
        assert!(body.contains("href=\"../../pages/promotions/\""), "{body}");
    }

    #[test]
    fn headings_carry_the_ids_the_page_gives_them() {
        let body = "Intro with [a link](https://x.example).\n\n## Who *decides*\n\n### `code` and \"quotes\"\n\n## Who decides\n";
        let html = render(body);
        let found = crate::model::links::headings(body);
        assert_eq!(found.iter().map(|h| h.level).collect::<Vec<_>>(), [2, 3, 2]);
        assert_eq!(found[0].text, "Who decides");
        assert_eq!(found[2].slug, "who-decides-2");
        for h in &found {
            let id = format!("{ID_PREFIX}{}", h.slug);
            assert!(html.contains(&format!("id=\"{id}\"")), "{id} not in {html}");
        }
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Title\n\nSome *bold* `code`.\nNext line."),
            "Title Some bold code. Next line."
        );
    }
}
