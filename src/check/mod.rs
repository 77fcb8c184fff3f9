//! Check: the rules a framework owner expects on top of well-formed, resolved references —
//! no promotion cycle, no promotion that lowers a requirement, safe links, sensible pay
//! bands. Check only reads the model and adds diagnostics; it never changes or writes
//! anything.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::Sp;
use crate::model::{Framework, Move, RoleId};

/// Runs every rule over `framework`.
pub fn check(framework: &Framework, diagnostics: &mut Diagnostics) {
    promotion_cycles(framework, diagnostics);
    promotion_direction(framework, diagnostics);
    lowered_levels(framework, diagnostics);
    empty_tracks(framework, diagnostics);
    roles_without_requirements(framework, diagnostics);
    duplicate_aliases(framework, diagnostics);
    pathway_ranges(framework, diagnostics);
    pay_bands(framework, diagnostics);
    urls(framework, diagnostics);
}

/// Finds every cycle of the promotion graph (explicit and default `next` edges) and reports
/// each once, at an explicit edge of it.
fn promotion_cycles(framework: &Framework, diagnostics: &mut Diagnostics) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let n = framework.roles.len();
    let mut state = vec![State::New; n];
    let mut reported: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        // Iterative depth-first search: (role, index of the next edge to follow).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::OnPath;
        while let Some(&mut (role, ref mut edge)) = stack.last_mut() {
            let next = &framework.roles[role].next;
            if *edge >= next.len() {
                state[role] = State::Done;
                stack.pop();
                continue;
            }
            let target = next[*edge].to.0;
            *edge += 1;
            match state[target] {
                State::New => {
                    state[target] = State::OnPath;
                    stack.push((target, 0));
                }
                State::OnPath => {
                    let from = stack
                        .iter()
                        .position(|&(r, _)| r == target)
                        .expect("on path");
                    let cycle: Vec<usize> = stack[from..].iter().map(|&(r, _)| r).collect();
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    if !reported.contains(&key) {
                        reported.push(key);
                        report_cycle(framework, &cycle, diagnostics);
                    }
                }
                State::Done => {}
            }
        }
    }
}

fn report_cycle(framework: &Framework, cycle: &[usize], diagnostics: &mut Diagnostics) {
    let names: Vec<&str> = cycle
        .iter()
        .chain(cycle.first())
        .map(|&r| framework.roles[r].id.as_str())
        .collect();
    // Point at the written `next` entry that closes the loop, or any written one in it.
    let edges: Vec<(usize, &Move)> = cycle
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let to = cycle[(i + 1) % cycle.len()];
            let edge = framework.roles[r]
                .next
                .iter()
                .find(|m| m.to.0 == to)
                .expect("cycle edge exists");
            (r, edge)
        })
        .collect();
    let (role, edge) = edges
        .iter()
        .rev()
        .find(|(_, e)| !e.is_default())
        .copied()
        .unwrap_or(edges[edges.len() - 1]);
    let role = &framework.roles[role];
    let mut diagnostic = Diagnostic::error(
        Code::PromotionCycle,
        format!("promotions go round in a circle: {}", names.join(" → ")),
    )
    .with_help(Some(
        "a promotion leads to a more senior role; remove one of these `next` entries".to_owned(),
    ));
    diagnostic = match &edge.span {
        Some(span) => diagnostic
            .at(role.origin.source, span.clone())
            .with_label("this promotion closes the circle"),
        None => diagnostic.at(role.origin.source, role.origin.anchor.clone()),
    };
    diagnostics.push(diagnostic);
}

/// A written promotion to a role at the same or a lower grade is almost always a typo.
fn promotion_direction(framework: &Framework, diagnostics: &mut Diagnostics) {
    for role in &framework.roles {
        for edge in &role.next {
            let Some(span) = &edge.span else { continue };
            let target = &framework.roles[edge.to.0];
            if target.grade <= role.grade {
                let (from_grade, to_grade) = (
                    &framework.grades[role.grade.0],
                    &framework.grades[target.grade.0],
                );
                diagnostics.push(
                    Diagnostic::warning(
                        Code::PromotionNotUpward,
                        format!(
                            "`{}` ({}) is promoted to `{}` at grade {}, which is not higher",
                            role.id, from_grade.id, target.id, to_grade.id
                        ),
                    )
                    .at(role.origin.source, span.clone())
                    .with_help(Some(format!(
                        "if this is a sideways move, list `{}` in `lateral` instead of `next`",
                        target.id
                    ))),
                );
            }
        }
    }
}

/// Within a track, a promotion should not ask for less of a skill than the role before it.
fn lowered_levels(framework: &Framework, diagnostics: &mut Diagnostics) {
    for role in &framework.roles {
        for edge in &role.next {
            let target = &framework.roles[edge.to.0];
            if target.track != role.track {
                continue;
            }
            for before in &role.requirements {
                let Some(after) = target.requirements.iter().find(|r| r.skill == before.skill)
                else {
                    continue;
                };
                if after.level >= before.level {
                    continue;
                }
                let skill = &framework.skills[before.skill.0];
                diagnostics.push(
                    Diagnostic::warning(
                        Code::LoweredLevel,
                        format!(
                            "promotion from `{}` to `{}` lowers `{}` from {} ({}) to {} ({})",
                            role.id,
                            target.id,
                            skill.id,
                            before.level,
                            skill.level_name(before.level),
                            after.level,
                            skill.level_name(after.level)
                        ),
                    )
                    .at(target.origin.source, after.span.clone())
                    .with_label("lower than the role before")
                    .with_related(
                        role.origin.source,
                        before.span.clone(),
                        format!("`{}` asks for {}", role.id, before.level),
                    )
                    .with_help(Some(format!(
                        "raise it to at least {} (`{}`), or lower it in `{}` if that is what you meant",
                        before.level,
                        skill.level_name(before.level),
                        role.id
                    ))),
                );
            }
        }
    }
}

fn empty_tracks(framework: &Framework, diagnostics: &mut Diagnostics) {
    for track in &framework.tracks {
        if track.roles.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::EmptyTrack,
                    format!("track `{}` has no roles", track.id),
                )
                .at(track.origin.source, track.origin.anchor.clone())
                .with_help(Some(format!(
                    "add roles under `roles/{}/`, or remove the track",
                    track.id
                ))),
            );
        }
    }
}

fn roles_without_requirements(framework: &Framework, diagnostics: &mut Diagnostics) {
    for role in &framework.roles {
        if role.requirements.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NoRequirements,
                    format!("role `{}` requires no skills", role.id),
                )
                .at(role.origin.source, role.origin.anchor.clone())
                .with_help(Some(
                    "readers compare roles skill by skill; add a `[skills]` table with the levels this role expects".to_owned(),
                )),
            );
        }
    }
}

/// Two roles sharing an alias make search ambiguous: people type the alias and cannot tell
/// which role they meant.
fn duplicate_aliases(framework: &Framework, diagnostics: &mut Diagnostics) {
    let mut first: HashMap<String, (RoleId, &Sp<String>)> = HashMap::new();
    for (rid, role) in framework.role_ids() {
        for alias in &role.aliases {
            let key = alias.value.trim().to_lowercase();
            match first.get(&key) {
                Some(&(other, other_alias)) if other != rid => {
                    let other_role = &framework.roles[other.0];
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::DuplicateAlias,
                            format!(
                                "the alias `{}` is also an alias of `{}`",
                                alias.value, other_role.id
                            ),
                        )
                        .at(role.origin.source, alias.span.clone())
                        .with_related(other_role.origin.source, other_alias.span.clone(), "also here")
                        .with_help(Some(
                            "search cannot tell the two roles apart by it; keep the alias on one role".to_owned(),
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    first.insert(key, (rid, alias));
                }
            }
        }
    }
}

fn pathway_ranges(framework: &Framework, diagnostics: &mut Diagnostics) {
    for pathway in &framework.pathways {
        let (Some(from), Some(to)) = (&pathway.from, &pathway.to) else {
            continue;
        };
        if from.value < to.value {
            continue;
        }
        let skill = &framework.skills[pathway.skill.0];
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidLevelRange,
                format!(
                    "the pathway goes from level {} ({}) to level {} ({}), which is not higher",
                    from.value,
                    skill.level_name(from.value),
                    to.value,
                    skill.level_name(to.value)
                ),
            )
            .at(pathway.origin.source, to.span.clone())
            .with_label("`to` must be above `from`")
            .with_related(pathway.origin.source, from.span.clone(), "starts here")
            .with_help(Some(
                "swap `from` and `to`, or correct one of them".to_owned(),
            )),
        );
    }
}

fn pay_bands(framework: &Framework, diagnostics: &mut Diagnostics) {
    for role in &framework.roles {
        let Some(pay) = &role.pay else { continue };
        let source = role.origin.source;
        let currency = pay.currency.value.as_str();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{currency}` is not a currency code"),
                )
                .at(source, pay.currency.span.clone())
                .with_help(Some(
                    "use the three-letter ISO 4217 code, e.g. `EUR`, `GBP` or `USD`".to_owned(),
                )),
            );
        }
        for bound in [&pay.min, &pay.max].into_iter().flatten() {
            if bound.value < 0 {
                diagnostics.push(
                    Diagnostic::error(Code::InvalidValue, "pay cannot be negative")
                        .at(source, bound.span.clone()),
                );
            }
        }
        if let (Some(min), Some(max)) = (&pay.min, &pay.max)
            && min.value > max.value
        {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!(
                        "the pay band's `min` ({}) is above its `max` ({})",
                        min.value, max.value
                    ),
                )
                .at(source, min.span.clone())
                .with_related(source, max.span.clone(), "max")
                .with_help(Some("swap `min` and `max`".to_owned())),
            );
        }
    }
}

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

fn urls(framework: &Framework, diagnostics: &mut Diagnostics) {
    let mut check = |source, url: &Sp<String>, what: &str| {
        if !is_safe_url(&url.value) {
            let scheme = url_scheme(&url.value).unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(
                    Code::UnsafeUrl,
                    format!("{what} uses the `{scheme}:` scheme, which the site will not link to"),
                )
                .at(source, url.span.clone())
                .with_label("not an http, https or mailto link")
                .with_help(Some("link to an `https://` page instead".to_owned())),
            );
        }
    };
    for pathway in &framework.pathways {
        for step in &pathway.steps {
            if let Some(url) = &step.url {
                check(pathway.origin.source, url, "the step's `url`");
            }
        }
    }
    if let Some(source) = framework.config.source {
        if let Some(url) = &framework.config.repository {
            check(source, url, "`repository`");
        }
        if let Some(url) = &framework.config.edit_url {
            check(source, url, "`edit_url`");
            if !url.value.contains("{path}") {
                diagnostics.push(
                    Diagnostic::warning(Code::InvalidValue, "`edit_url` has no `{path}` placeholder")
                        .at(source, url.span.clone())
                        .with_help(Some(
                            "every \"propose a change\" link would open the same page; add `{path}` where the file's path goes".to_owned(),
                        )),
                );
            }
        }
    }
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
