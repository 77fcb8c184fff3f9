//! Check: the rules across files that a framework owner expects on top of well-formed,
//! resolved references — no promotion cycle, no promotion that lowers a requirement, no
//! alias shared by two roles. Rules about one value (a safe link, a sane pay band) are
//! checked where the value is read, in [`crate::load`], so they hold even for a file that
//! could not be placed in the model. Check only reads the model and adds diagnostics.

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
