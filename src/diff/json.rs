//! A diff as one JSON object, for tools and CI policies:
//!
//! ```json
//! {"from": "main (1a2b3c4)", "to": "working tree",
//!  "summary": {"raises": 1, "lowers": 0, "structural": 2, "editorial": 0},
//!  "changes": [{"class": "raises", "subject": {"kind": "role", "id": "senior", ...},
//!               "change": "requirement-raised", "skill": {...}, "before": {...},
//!               "after": {...}, "message": "Requires System design at 4 (Expert), ..."}]}
//! ```
//!
//! `change` names the variant of [`super::Detail`]; its fields follow it. `message` is the
//! change in one plain sentence, without its subject.

use serde::Serialize;

use super::words::{PLAIN, sentence};
use super::{Class, Detail, Diff, Subject};

#[derive(Serialize)]
struct Report<'a> {
    from: &'a str,
    to: &'a str,
    summary: Summary,
    changes: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Summary {
    raises: usize,
    lowers: usize,
    structural: usize,
    editorial: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    class: Class,
    subject: &'a Subject,
    #[serde(flatten)]
    detail: &'a Detail,
    message: String,
}

/// Renders `diff` between the revisions labelled `from` and `to`, pretty-printed, with a
/// final newline.
pub fn render(diff: &Diff, from: &str, to: &str) -> String {
    let report = Report {
        from,
        to,
        summary: Summary {
            raises: diff.count(Class::Raises),
            lowers: diff.count(Class::Lowers),
            structural: diff.count(Class::Structural),
            editorial: diff.count(Class::Editorial),
        },
        changes: diff
            .changes()
            .iter()
            .map(|c| Entry {
                class: c.class,
                subject: &c.subject,
                detail: &c.detail,
                message: sentence(c, &PLAIN),
            })
            .collect(),
    };
    // Serialising plain data with string keys cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}
