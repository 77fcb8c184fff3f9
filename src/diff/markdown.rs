//! A diff as a pull-request comment: one summary line, then a section per role (a table of
//! the skill levels before and after, and the other changes in words), then skills, tracks
//! and the rest; what raises the bar comes first everywhere.
//!
//! Names and statements come from contributors, so they are escaped: a title cannot add
//! links, images, HTML or table cells to the comment.

use super::words::{Style, sentence};
use super::{Change, Class, Detail, Diff, Kind, LevelValue, Named, Subject};

/// The first line of every comment, so CI can find and update its previous comment.
pub const MARKER: &str = "<!-- trellis-diff -->";

const MARKDOWN: Style = Style { text: escape, code };

/// Renders `diff` between the revisions labelled `from` and `to` (e.g. `main (1a2b3c4)`
/// and `working tree`).
pub fn render(diff: &Diff, from: &str, to: &str) -> String {
    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    out.push_str("### Career framework changes\n\n");
    out.push_str(&summary(diff, from, to));
    let sections = [
        (Kind::Role, "Roles"),
        (Kind::Skill, "Skills"),
        (Kind::Track, "Tracks"),
        (Kind::Group, "Skill groups"),
        (Kind::Pathway, "Pathways"),
        (Kind::Opportunity, "Opportunities"),
        (Kind::Grade, "Grades"),
        (Kind::Framework, "Settings"),
    ];
    let subjects = diff.by_subject();
    for (kind, title) in sections {
        let mut of_kind = subjects.iter().filter(|(s, _)| s.kind == kind).peekable();
        if of_kind.peek().is_none() {
            continue;
        }
        out.push_str(&format!("\n#### {title}\n"));
        for (subject, changes) in of_kind {
            section(&mut out, subject, changes);
        }
    }
    if !diff.is_empty() {
        out.push_str(
            "\n---\n_Raises the bar: someone who meets the role today may no longer meet it. \
             Lowers the bar: the role expects less. Structural: roles, skills, tracks, grades, \
             promotions or owners appear, go, move or are renamed. Editorial: wording only._\n",
        );
    }
    out
}

/// `main (1a2b3c4)` → `working tree`: **2 changes raise the bar**, 1 lowers it, ...
fn summary(diff: &Diff, from: &str, to: &str) -> String {
    let range = format!("{} → {}", code(from), code(to));
    if diff.is_empty() {
        return format!("{range}: no change to the framework.\n");
    }
    let raises = diff.count(Class::Raises);
    let lowers = diff.count(Class::Lowers);
    let raise_text = match raises {
        0 => "nothing raises the bar".to_owned(),
        1 => "**1 change raises the bar**".to_owned(),
        n => format!("**{n} changes raise the bar**"),
    };
    let lower_text = match lowers {
        0 => "nothing lowers it".to_owned(),
        1 => "1 lowers it".to_owned(),
        n => format!("{n} lower it"),
    };
    let mut line = format!(
        "{range}: {raise_text}, {lower_text}, {} structural, {} editorial.\n",
        diff.count(Class::Structural),
        diff.count(Class::Editorial)
    );
    // The roles a raise touches: the role changed, or the roles that require a skill level
    // whose signals grew.
    let mut raised: Vec<Named> = Vec::new();
    for change in diff.changes().iter().filter(|c| c.class == Class::Raises) {
        match &change.detail {
            Detail::LevelEdited { roles, .. } => raised.extend(roles.iter().cloned()),
            _ if change.subject.kind == Kind::Role => raised.push(Named {
                id: change.subject.id.clone(),
                name: change.subject.name.clone(),
            }),
            _ => {}
        }
    }
    raised.sort();
    raised.dedup_by(|a, b| a.id == b.id);
    if !raised.is_empty() {
        let names: Vec<String> = raised.iter().map(|r| escape(&r.name)).collect();
        line.push_str(&format!(
            "\nRoles whose bar is raised: {}.\n",
            names.join(", ")
        ));
    }
    line
}

fn section(out: &mut String, subject: &Subject, changes: &[&Change]) {
    let worst = changes
        .iter()
        .map(|c| c.class)
        .min()
        .unwrap_or(Class::Editorial);
    out.push_str(&format!(
        "\n##### {} {} — {}\n",
        escape(&subject.name),
        code(&subject.id),
        worst.label()
    ));
    if let Some(context) = &subject.context {
        out.push_str(&format!("_{}_\n", escape(context)));
    }
    let mut rows = Vec::new();
    let mut bullets = Vec::new();
    let mut listing = String::new();
    for change in changes {
        match &change.detail {
            Detail::RequirementAdded { skill, after } => {
                rows.push(row(skill, None, Some(after), change.class));
            }
            Detail::RequirementRemoved { skill, before } => {
                rows.push(row(skill, Some(before), None, change.class));
            }
            Detail::RequirementRaised {
                skill,
                before,
                after,
            }
            | Detail::RequirementLowered {
                skill,
                before,
                after,
            } => rows.push(row(skill, Some(before), Some(after), change.class)),
            Detail::Added { requirements } if !requirements.is_empty() => {
                bullets.push(bullet(change));
                let what = match subject.kind {
                    Kind::Opportunity => "asks for",
                    _ => "requires",
                };
                listing.push_str(&format!(
                    "\nThe new {} {what}:\n\n| Skill | Level |\n| --- | --- |\n",
                    subject.kind.noun()
                ));
                for q in requirements {
                    listing.push_str(&format!(
                        "| {} | {} |\n",
                        escape(&q.skill.name),
                        level(&q.level)
                    ));
                }
            }
            _ => bullets.push(bullet(change)),
        }
    }
    if !rows.is_empty() {
        out.push_str("\n| Skill | Before | After | Effect |\n| --- | --- | --- | --- |\n");
        for r in rows {
            out.push_str(&r);
        }
    }
    if !bullets.is_empty() {
        out.push('\n');
        for b in bullets {
            out.push_str(&b);
        }
    }
    out.push_str(&listing);
}

fn row(
    skill: &Named,
    before: Option<&LevelValue>,
    after: Option<&LevelValue>,
    class: Class,
) -> String {
    let cell = |l: Option<&LevelValue>| l.map_or_else(|| "—".to_owned(), level);
    let effect = match class {
        Class::Raises | Class::Lowers => format!("**{}**", class.label()),
        other => other.label().to_owned(),
    };
    format!(
        "| {} | {} | {} | {effect} |\n",
        escape(&skill.name),
        cell(before),
        cell(after)
    )
}

fn bullet(change: &Change) -> String {
    let label = match change.class {
        Class::Raises => "**Raises the bar:**",
        Class::Lowers => "**Lowers the bar:**",
        Class::Structural => "Structural:",
        Class::Editorial => "Editorial:",
    };
    format!("- {label} {}\n", sentence(change, &MARKDOWN))
}

fn level(l: &LevelValue) -> String {
    format!("{} {}", l.level, escape(&l.name))
}

/// Contributor text as literal Markdown: on one line, with every character that could
/// start a link, image, emphasis, HTML, code, table cell or mention escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '@' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An id or key as inline code; a backtick inside could end the span early, so it is
/// replaced.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace(['\n', '\r'], " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_contributor_text() {
        assert_eq!(
            escape("<img src=x> [a](javascript:x) | @team"),
            "\\<img src=x\\> \\[a\\](javascript:x) \\| \\@team"
        );
        assert_eq!(escape("two\nlines"), "two lines");
        assert_eq!(code("a`b"), "`a'b`");
    }
}
