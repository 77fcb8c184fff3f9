//! Each change in one plain sentence, the same for the pull-request comment and for tools;
//! only how names and ids are marked up differs ([`Style`]).

use super::{Change, Detail, Direction, Evidence, LevelPart, LevelValue, Named};

/// How text from the framework and ids are written into a sentence.
pub(crate) struct Style {
    /// Text written by contributors (names, statements).
    pub text: fn(&str) -> String,
    /// Ids and keys.
    pub code: fn(&str) -> String,
}

/// Plain text, for JSON and terminals.
pub(crate) const PLAIN: Style = Style {
    text: str::to_owned,
    code: str::to_owned,
};

/// Values longer than this are cut in a sentence; JSON carries them whole.
const LONGEST: usize = 160;

fn quote(style: &Style, text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = match one_line.char_indices().nth(LONGEST) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    };
    format!("“{}”", (style.text)(&cut))
}

fn level(style: &Style, l: &LevelValue) -> String {
    format!("{} ({})", l.level, (style.text)(&l.name))
}

fn names(style: &Style, list: &[Named]) -> String {
    list.iter()
        .map(|n| (style.text)(&n.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn statements(style: &Style, added: &[String], removed: &[String]) -> String {
    let mut parts = Vec::new();
    if !added.is_empty() {
        let list: Vec<String> = added.iter().map(|s| quote(style, s)).collect();
        parts.push(format!("added {}", list.join(", ")));
    }
    if !removed.is_empty() {
        let list: Vec<String> = removed.iter().map(|s| quote(style, s)).collect();
        parts.push(format!("removed {}", list.join(", ")));
    }
    parts.join("; ")
}

/// The change in one sentence, without its subject: "Requires System design at 4 (Expert),
/// up from 3 (Practitioner)."
pub(crate) fn sentence(change: &Change, style: &Style) -> String {
    let mut out = words(change, style);
    // A quoted statement that ends the sentence carries its own full stop.
    for end in [".”.", "!”.", "?”."] {
        if out.ends_with(end) {
            out.pop();
        }
    }
    out
}

fn words(change: &Change, style: &Style) -> String {
    let text = style.text;
    let code = style.code;
    let noun = change.subject.kind.noun();
    match &change.detail {
        Detail::Added { .. } => format!("New {noun}."),
        Detail::Removed => format!("{} removed.", capitalise(noun)),
        Detail::Renamed { from, to, evidence } => {
            let why = match evidence {
                Evidence::SameFile => "the same file",
                Evidence::SameContent => "the same content",
                Evidence::SimilarContent => "mostly the same content",
                Evidence::SamePosition => "the same place on the grade axis",
            };
            format!("Renamed from {} to {} ({why}).", code(from), code(to))
        }
        Detail::MovedTrack { from, to } => format!(
            "Moved from the {} track to the {} track.",
            text(&from.name),
            text(&to.name)
        ),
        Detail::MovedGrade {
            from,
            to,
            direction,
        } => format!(
            "Moved {} from grade {} to {}.",
            match direction {
                Direction::Up => "up",
                Direction::Down => "down",
            },
            grade(style, from),
            grade(style, to)
        ),
        Detail::MovedGroup { from, to } => format!(
            "Moved from the group {} to {}.",
            text(&from.name),
            text(&to.name)
        ),
        Detail::RequirementAdded { skill, after } => format!(
            "Now requires {} at {}.",
            text(&skill.name),
            level(style, after)
        ),
        Detail::RequirementRemoved { skill, before } => format!(
            "No longer requires {} (was {}).",
            text(&skill.name),
            level(style, before)
        ),
        Detail::RequirementRaised {
            skill,
            before,
            after,
        } => format!(
            "Requires {} at {}, up from {}.",
            text(&skill.name),
            level(style, after),
            level(style, before)
        ),
        Detail::RequirementLowered {
            skill,
            before,
            after,
        } => format!(
            "Requires {} at {}, down from {}.",
            text(&skill.name),
            level(style, after),
            level(style, before)
        ),
        Detail::ExpectationsEdited {
            skill,
            added,
            removed,
        } => format!(
            "Expectations for {}: {}.",
            text(&skill.name),
            statements(style, added, removed)
        ),
        Detail::PromotionsChanged { added, removed } => moves(style, "Promotions", added, removed),
        Detail::LateralMovesChanged { added, removed } => {
            moves(style, "Sideways moves", added, removed)
        }
        Detail::LevelAdded { level: l } => format!("New level {}.", level(style, l)),
        Detail::LevelRemoved { level: l } => format!("Level {} removed.", level(style, l)),
        Detail::LevelEdited {
            level: l,
            part,
            before,
            after,
            added,
            removed,
            roles,
        } => {
            let at = format!("Level {}", level(style, l));
            let mut out = match part {
                LevelPart::Name => format!(
                    "Level {} renamed from {} to {}.",
                    l.level,
                    quote(style, before.as_deref().unwrap_or_default()),
                    quote(style, after.as_deref().unwrap_or_default())
                ),
                LevelPart::Summary => match (before, after) {
                    (Some(b), Some(a)) => format!(
                        "{at}: descriptor changed from {} to {}.",
                        quote(style, b),
                        quote(style, a)
                    ),
                    (None, Some(a)) => format!("{at}: new descriptor {}.", quote(style, a)),
                    (Some(b), None) => {
                        format!("{at}: descriptor {} removed.", quote(style, b))
                    }
                    (None, None) => format!("{at}: descriptor edited."),
                },
                LevelPart::Signals => {
                    format!("{at} signals: {}.", statements(style, added, removed))
                }
                LevelPart::Examples => {
                    format!("{at} examples: {}.", statements(style, added, removed))
                }
            };
            if !roles.is_empty() {
                out.push_str(&format!(
                    " Roles that require this level: {}.",
                    names(style, roles)
                ));
            }
            out
        }
        Detail::OwnersChanged { added, removed } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                let list: Vec<String> = added.iter().map(|o| code(o)).collect();
                parts.push(format!("added {}", list.join(", ")));
            }
            if !removed.is_empty() {
                let list: Vec<String> = removed.iter().map(|o| code(o)).collect();
                parts.push(format!("removed {}", list.join(", ")));
            }
            format!("Owners: {}.", parts.join("; "))
        }
        Detail::StepsChanged { added, removed } => {
            format!("Steps: {}.", statements(style, added, removed))
        }
        Detail::Field {
            field,
            before,
            after,
        } => {
            if field == "description" {
                return match (before, after) {
                    (Some(_), Some(_)) => "Description edited.".to_owned(),
                    (None, _) => "Description added.".to_owned(),
                    (_, None) => "Description removed.".to_owned(),
                };
            }
            let key = field_label(field);
            match (before, after) {
                (Some(b), Some(a)) => format!(
                    "{key} changed from {} to {}.",
                    quote(style, b),
                    quote(style, a)
                ),
                (None, Some(a)) => format!("{key} set to {}.", quote(style, a)),
                (Some(b), None) => format!("{key} removed (was {}).", quote(style, b)),
                (None, None) => format!("{key} changed."),
            }
        }
    }
}

/// A key as a reader names it: `edit_url` → "Edit link".
fn field_label(field: &str) -> String {
    match field {
        "base_url" => "Base URL".to_owned(),
        "edit_url" => "Edit link".to_owned(),
        "from" => "Starting level".to_owned(),
        "to" => "Target level".to_owned(),
        "closes" => "Closing date".to_owned(),
        "related" => "Related skills".to_owned(),
        "time" => "Time commitment".to_owned(),
        other => capitalise(other),
    }
}

fn grade(style: &Style, g: &Named) -> String {
    if g.name == g.id {
        (style.code)(&g.id)
    } else {
        format!("{} ({})", (style.code)(&g.id), (style.text)(&g.name))
    }
}

fn moves(style: &Style, what: &str, added: &[Named], removed: &[Named]) -> String {
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("now to {}", names(style, added)));
    }
    if !removed.is_empty() {
        parts.push(format!("no longer to {}", names(style, removed)));
    }
    format!("{what}: {}.", parts.join("; "))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
