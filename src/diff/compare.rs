//! Compares two frameworks kind by kind, in the order references need them: grades,
//! tracks and groups are paired (and their renames known) before the skills and roles
//! that point at them.

use std::collections::{BTreeSet, HashMap};

use super::similarity::{overlap, pair, same, same_opt, text, weighted};
use super::*;
use crate::model::{Framework, Requirement, Role, Skill};

/// Every change from `old` to `new`, raises first. See [`Diff`] for the lookups.
pub fn compare(old: &Framework, new: &Framework) -> Diff {
    let mut cx = Cx {
        old,
        new,
        changes: Vec::new(),
        grades: HashMap::new(),
        tracks: HashMap::new(),
        groups: HashMap::new(),
        skills: HashMap::new(),
        roles: HashMap::new(),
    };
    cx.config();
    cx.grades();
    cx.tracks();
    cx.groups();
    cx.skills();
    cx.roles();
    cx.pathways();
    cx.opportunities();
    Diff::from_changes(cx.changes)
}

/// What a change means, from what it is about and what changed.
fn classify(kind: Kind, detail: &Detail) -> Class {
    use Detail::*;
    match (kind, detail) {
        (Kind::Role, RequirementAdded { .. } | RequirementRaised { .. }) => Class::Raises,
        (Kind::Role, RequirementRemoved { .. } | RequirementLowered { .. }) => Class::Lowers,
        (Kind::Role, ExpectationsEdited { added, removed, .. }) => statements(added, removed),
        // A signal is what people in the roles at that level are assessed by.
        (
            Kind::Skill,
            LevelEdited {
                part: LevelPart::Signals,
                added,
                removed,
                roles,
                ..
            },
        ) if !roles.is_empty() => statements(added, removed),
        (
            _,
            Added { .. }
            | Removed
            | Renamed { .. }
            | MovedTrack { .. }
            | MovedGrade { .. }
            | MovedGroup { .. }
            | PromotionsChanged { .. }
            | LateralMovesChanged { .. }
            | LevelAdded { .. }
            | LevelRemoved { .. }
            | OwnersChanged { .. },
        ) => Class::Structural,
        (Kind::Role, Field { field, .. }) if field == "pay" => Class::Structural,
        (Kind::Pathway, Field { field, .. })
            if matches!(field.as_str(), "skill" | "from" | "to") =>
        {
            Class::Structural
        }
        (Kind::Framework, Field { field, .. }) if field == "scale" => Class::Structural,
        _ => Class::Editorial,
    }
}

/// New statements alone raise the bar and dropped ones alone lower it; a statement replaced
/// by another is a rewording for the reviewer to judge from the text.
fn statements(added: &[String], removed: &[String]) -> Class {
    match (added.is_empty(), removed.is_empty()) {
        (false, true) => Class::Raises,
        (true, false) => Class::Lowers,
        _ => Class::Editorial,
    }
}

struct Cx<'a> {
    old: &'a Framework,
    new: &'a Framework,
    changes: Vec<Change>,
    /// Old id → new id of everything that is still there, renamed or not.
    grades: HashMap<String, String>,
    tracks: HashMap<String, String>,
    groups: HashMap<String, String>,
    skills: HashMap<String, String>,
    roles: HashMap<String, String>,
}

/// The id an old reference has in the new framework; something removed gets a key no
/// valid id can equal, so it never matches a new thing that took its id.
fn key(map: &HashMap<String, String>, id: &str) -> String {
    map.get(id).cloned().unwrap_or_else(|| format!("\0{id}"))
}

fn named(id: &str, name: &str) -> Named {
    Named {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

fn level(skill: &Skill, level: usize) -> LevelValue {
    LevelValue {
        level,
        name: skill.level_name(level),
    }
}

/// Statements only in `after`, and only in `before`, each in its own order.
fn list_diff(before: &[String], after: &[String]) -> (Vec<String>, Vec<String>) {
    let added = after
        .iter()
        .filter(|s| !before.contains(s))
        .cloned()
        .collect();
    let removed = before
        .iter()
        .filter(|s| !after.contains(s))
        .cloned()
        .collect();
    (added, removed)
}

/// A Markdown body as a field value: `None` when blank, and without trailing whitespace,
/// which no reader sees.
fn body(text: &str) -> Option<&str> {
    let text = text.trim_end();
    (!text.trim().is_empty()).then_some(text)
}

fn joined(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(", "))
}

impl Cx<'_> {
    fn push(&mut self, subject: &Subject, detail: Detail) {
        self.changes.push(Change {
            subject: subject.clone(),
            class: classify(subject.kind, &detail),
            detail,
        });
    }

    fn field(&mut self, subject: &Subject, field: &str, before: Option<&str>, after: Option<&str>) {
        if before != after {
            self.push(
                subject,
                Detail::Field {
                    field: field.to_owned(),
                    before: before.map(str::to_owned),
                    after: after.map(str::to_owned),
                },
            );
        }
    }

    fn owners(&mut self, subject: &Subject, before: &[String], after: &[String]) {
        let (added, removed) = list_diff(before, after);
        if !added.is_empty() || !removed.is_empty() {
            self.push(subject, Detail::OwnersChanged { added, removed });
        }
    }

    fn renamed(&mut self, subject: &Subject, from: &str, evidence: Option<Evidence>) {
        if let Some(evidence) = evidence {
            self.push(
                subject,
                Detail::Renamed {
                    from: from.to_owned(),
                    to: subject.id.clone(),
                    evidence,
                },
            );
        }
    }

    fn config(&mut self) {
        let (o, n) = (&self.old.config, &self.new.config);
        let subject = Subject {
            kind: Kind::Framework,
            id: crate::load::CONFIG_FILE.to_owned(),
            name: n.title.clone(),
            context: None,
        };
        let s = &subject;
        self.field(s, "title", Some(&o.title), Some(&n.title));
        self.field(
            s,
            "description",
            o.description.as_deref(),
            n.description.as_deref(),
        );
        self.field(s, "version", o.version.as_deref(), n.version.as_deref());
        self.field(s, "base_url", Some(&o.base_url), Some(&n.base_url));
        self.field(s, "language", Some(&o.language), Some(&n.language));
        let url = |v: &Option<crate::load::Sp<String>>| v.as_ref().map(|u| u.value.clone());
        self.field(
            s,
            "repository",
            url(&o.repository).as_deref(),
            url(&n.repository).as_deref(),
        );
        self.field(
            s,
            "edit_url",
            url(&o.edit_url).as_deref(),
            url(&n.edit_url).as_deref(),
        );
        self.owners(s, &o.owners, &n.owners);
        self.field(
            s,
            "scale",
            joined(&self.old.scale).as_deref(),
            joined(&self.new.scale).as_deref(),
        );
    }

    /// Grades pair by id, then a grade whose id changed at the same place on the axis is a
    /// rename (`L4` → `IC4`), so its roles are not all reported as moved.
    fn grades(&mut self) {
        let (old, new) = (&self.old.grades, &self.new.grades);
        let mut pairs: Vec<(usize, usize, Option<Evidence>)> = Vec::new();
        for (i, g) in old.iter().enumerate() {
            if let Some(j) = new.iter().position(|n| n.id == g.id) {
                pairs.push((i, j, None));
            }
        }
        for i in 0..old.len().min(new.len()) {
            if pairs.iter().all(|p| p.0 != i && p.1 != i) {
                pairs.push((i, i, Some(Evidence::SamePosition)));
            }
        }
        pairs.sort_by_key(|p| p.1);
        for &(i, j, _) in &pairs {
            self.grades.insert(old[i].id.clone(), new[j].id.clone());
        }
        let subject = |g: &crate::model::Grade| Subject {
            kind: Kind::Grade,
            id: g.id.clone(),
            name: g.name.clone(),
            context: None,
        };
        for &(i, j, evidence) in &pairs {
            let s = subject(&new[j]);
            self.renamed(&s, &old[i].id, evidence);
            self.field(&s, "name", Some(&old[i].name), Some(&new[j].name));
            self.field(
                &s,
                "summary",
                old[i].summary.as_deref(),
                new[j].summary.as_deref(),
            );
        }
        for (i, g) in old.iter().enumerate() {
            if pairs.iter().all(|p| p.0 != i) {
                self.push(&subject(g), Detail::Removed);
            }
        }
        for (j, g) in new.iter().enumerate() {
            if pairs.iter().all(|p| p.1 != j) {
                self.push(
                    &subject(g),
                    Detail::Added {
                        requirements: Vec::new(),
                    },
                );
            }
        }
    }

    fn tracks(&mut self) {
        let (old, new) = (self.old, self.new);
        let roles = |f: &Framework, t: &crate::model::Track| -> BTreeSet<String> {
            t.roles.iter().map(|r| f[*r].id.clone()).collect()
        };
        let pairing = pair(
            &old.tracks,
            &new.tracks,
            |t| &t.id,
            |t| Some(&t.origin.path),
            |a, b| {
                weighted(&[
                    (2.0, same(&a.name, &b.name)),
                    (1.0, same_opt(&a.summary, &b.summary)),
                    (3.0, text(&a.body, &b.body)),
                    (3.0, Some(overlap(&roles(old, a), &roles(new, b)))),
                    (1.0, same_opt(&a.family, &b.family)),
                ])
            },
        );
        for &(i, j, _) in &pairing.pairs {
            self.tracks
                .insert(old.tracks[i].id.clone(), new.tracks[j].id.clone());
        }
        let subject = |t: &crate::model::Track| Subject {
            kind: Kind::Track,
            id: t.id.clone(),
            name: t.name.clone(),
            context: t.family.clone(),
        };
        for &(i, j, evidence) in &pairing.pairs {
            let (o, n) = (&old.tracks[i], &new.tracks[j]);
            let s = subject(n);
            self.renamed(&s, &o.id, evidence);
            self.field(&s, "name", Some(&o.name), Some(&n.name));
            self.field(&s, "kind", o.kind.as_deref(), n.kind.as_deref());
            self.field(&s, "family", o.family.as_deref(), n.family.as_deref());
            self.field(&s, "summary", o.summary.as_deref(), n.summary.as_deref());
            self.owners(&s, &o.owners, &n.owners);
            self.field(
                &s,
                "order",
                o.order.map(|v| v.to_string()).as_deref(),
                n.order.map(|v| v.to_string()).as_deref(),
            );
            self.field(&s, "description", body(&o.body), body(&n.body));
        }
        for &i in &pairing.removed {
            self.push(&subject(&old.tracks[i]), Detail::Removed);
        }
        for &j in &pairing.added {
            self.push(
                &subject(&new.tracks[j]),
                Detail::Added {
                    requirements: Vec::new(),
                },
            );
        }
    }

    fn groups(&mut self) {
        let (old, new) = (self.old, self.new);
        let skills = |f: &Framework, g: &crate::model::SkillGroup| -> BTreeSet<String> {
            g.skills.iter().map(|s| f[*s].id.clone()).collect()
        };
        let pairing = pair(
            &old.groups,
            &new.groups,
            |g| &g.id,
            // A group is a folder: its path is its id, so there is no rename by path.
            |_| None,
            |a, b| {
                weighted(&[
                    (2.0, same(&a.name, &b.name)),
                    (1.0, same_opt(&a.summary, &b.summary)),
                    (2.0, text(&a.body, &b.body)),
                    (3.0, Some(overlap(&skills(old, a), &skills(new, b)))),
                ])
            },
        );
        for &(i, j, _) in &pairing.pairs {
            self.groups
                .insert(old.groups[i].id.clone(), new.groups[j].id.clone());
        }
        let subject = |g: &crate::model::SkillGroup| Subject {
            kind: Kind::Group,
            id: g.id.clone(),
            name: g.name.clone(),
            context: None,
        };
        for &(i, j, evidence) in &pairing.pairs {
            let (o, n) = (&old.groups[i], &new.groups[j]);
            let s = subject(n);
            self.renamed(&s, &o.id, evidence);
            self.field(&s, "name", Some(&o.name), Some(&n.name));
            self.field(&s, "summary", o.summary.as_deref(), n.summary.as_deref());
            self.owners(&s, &o.owners, &n.owners);
            self.field(&s, "description", body(&o.body), body(&n.body));
        }
        for &i in &pairing.removed {
            self.push(&subject(&old.groups[i]), Detail::Removed);
        }
        for &j in &pairing.added {
            self.push(
                &subject(&new.groups[j]),
                Detail::Added {
                    requirements: Vec::new(),
                },
            );
        }
    }

    fn skill_subject(f: &Framework, s: &Skill) -> Subject {
        Subject {
            kind: Kind::Skill,
            id: s.id.clone(),
            name: s.name.clone(),
            context: Some(f[s.group].name.clone()),
        }
    }

    fn skills(&mut self) {
        let (old, new) = (self.old, self.new);
        let levels = |s: &Skill| -> String {
            let mut lines = Vec::new();
            for l in &s.levels {
                lines.push(l.name.clone());
                lines.extend(l.summary.clone());
                lines.extend(l.signals.iter().cloned());
                lines.extend(l.examples.iter().cloned());
            }
            lines.join("\n")
        };
        let groups = &self.groups;
        let pairing = pair(
            &old.skills,
            &new.skills,
            |s| &s.id,
            |s| Some(&s.origin.path),
            |a, b| {
                weighted(&[
                    (2.0, same(&a.name, &b.name)),
                    (1.0, same_opt(&a.summary, &b.summary)),
                    (3.0, text(&a.body, &b.body)),
                    (3.0, text(&levels(a), &levels(b))),
                    (1.0, same(&key(groups, &old[a.group].id), &new[b.group].id)),
                ])
            },
        );
        for &(i, j, _) in &pairing.pairs {
            self.skills
                .insert(old.skills[i].id.clone(), new.skills[j].id.clone());
        }
        // Who requires each level of each skill now: the people a descriptor edit touches.
        let mut required_by: HashMap<(usize, usize), Vec<Named>> = HashMap::new();
        for role in &new.roles {
            for q in &role.requirements {
                required_by
                    .entry((q.skill.0, q.level))
                    .or_default()
                    .push(named(&role.id, &role.title));
            }
        }
        for &(i, j, evidence) in &pairing.pairs {
            let (o, n) = (&old.skills[i], &new.skills[j]);
            let s = Self::skill_subject(new, n);
            self.renamed(&s, &o.id, evidence);
            self.field(&s, "name", Some(&o.name), Some(&n.name));
            let (og, ng) = (&old[o.group], &new[n.group]);
            if key(&self.groups, &og.id) != ng.id {
                self.push(
                    &s,
                    Detail::MovedGroup {
                        from: named(&og.id, &og.name),
                        to: named(&ng.id, &ng.name),
                    },
                );
            }
            for l in 0..o.levels.len().max(n.levels.len()) {
                let roles = required_by.get(&(j, l + 1)).cloned().unwrap_or_default();
                self.level(&s, o, n, l, roles);
            }
            self.field(&s, "summary", o.summary.as_deref(), n.summary.as_deref());
            self.field(
                &s,
                "aliases",
                joined(&o.aliases).as_deref(),
                joined(&n.aliases).as_deref(),
            );
            let related = |f: &Framework, k: &Skill| -> Vec<String> {
                k.related.iter().map(|r| f[*r].name.clone()).collect()
            };
            self.field(
                &s,
                "related",
                joined(&related(old, o)).as_deref(),
                joined(&related(new, n)).as_deref(),
            );
            self.field(&s, "description", body(&o.body), body(&n.body));
        }
        for &i in &pairing.removed {
            self.push(&Self::skill_subject(old, &old.skills[i]), Detail::Removed);
        }
        for &j in &pairing.added {
            self.push(
                &Self::skill_subject(new, &new.skills[j]),
                Detail::Added {
                    requirements: Vec::new(),
                },
            );
        }
    }

    /// Level `l` (0-based) of a skill, before and after.
    fn level(&mut self, s: &Subject, o: &Skill, n: &Skill, l: usize, roles: Vec<Named>) {
        let (before, after) = (o.levels.get(l), n.levels.get(l));
        let (before, after) = match (before, after) {
            (Some(b), Some(a)) => (b, a),
            (None, Some(_)) => {
                self.push(
                    s,
                    Detail::LevelAdded {
                        level: level(n, l + 1),
                    },
                );
                return;
            }
            (Some(_), None) => {
                self.push(
                    s,
                    Detail::LevelRemoved {
                        level: level(o, l + 1),
                    },
                );
                return;
            }
            (None, None) => return,
        };
        let edited = |part, before: Option<&str>, after: Option<&str>, roles: Vec<Named>| {
            Detail::LevelEdited {
                level: level(n, l + 1),
                part,
                before: before.map(str::to_owned),
                after: after.map(str::to_owned),
                added: Vec::new(),
                removed: Vec::new(),
                roles,
            }
        };
        // A name taken from the scale follows the scale: its rename is reported once, on the
        // settings, not on every skill that uses the scale.
        let follows_scale = self.old.scale.get(l) == Some(&before.name)
            && self.new.scale.get(l) == Some(&after.name);
        if before.name != after.name && !follows_scale {
            let detail = edited(
                LevelPart::Name,
                Some(&before.name),
                Some(&after.name),
                Vec::new(),
            );
            self.push(s, detail);
        }
        if before.summary != after.summary {
            let detail = edited(
                LevelPart::Summary,
                before.summary.as_deref(),
                after.summary.as_deref(),
                roles.clone(),
            );
            self.push(s, detail);
        }
        for (part, b, a) in [
            (LevelPart::Signals, &before.signals, &after.signals),
            (LevelPart::Examples, &before.examples, &after.examples),
        ] {
            let (added, removed) = list_diff(b, a);
            if added.is_empty() && removed.is_empty() {
                continue;
            }
            let roles = if part == LevelPart::Signals {
                roles.clone()
            } else {
                Vec::new()
            };
            self.push(
                s,
                Detail::LevelEdited {
                    level: level(n, l + 1),
                    part,
                    before: None,
                    after: None,
                    added,
                    removed,
                    roles,
                },
            );
        }
    }

    fn role_subject(f: &Framework, r: &Role) -> Subject {
        let grade = &f.grades[r.grade.0];
        let grade = if grade.name == grade.id {
            grade.id.clone()
        } else {
            format!("{} {}", grade.id, grade.name)
        };
        Subject {
            kind: Kind::Role,
            id: r.id.clone(),
            name: r.title.clone(),
            context: Some(format!("{}, {grade}", f[r.track].name)),
        }
    }

    fn required(f: &Framework, requirements: &[Requirement]) -> Vec<Required> {
        requirements
            .iter()
            .map(|q| {
                let skill = &f[q.skill];
                Required {
                    skill: named(&skill.id, &skill.name),
                    level: level(skill, q.level),
                }
            })
            .collect()
    }

    fn roles(&mut self) {
        let (old, new) = (self.old, self.new);
        let requirements = |f: &Framework, r: &Role, map: Option<&HashMap<String, String>>| {
            r.requirements
                .iter()
                .map(|q| {
                    let id = &f[q.skill].id;
                    (map.map_or_else(|| id.clone(), |m| key(m, id)), q.level)
                })
                .collect::<BTreeSet<_>>()
        };
        let (skills, tracks, grades) = (&self.skills, &self.tracks, &self.grades);
        let pairing = pair(
            &old.roles,
            &new.roles,
            |r| &r.id,
            |r| Some(&r.origin.path),
            |a, b| {
                weighted(&[
                    (2.0, same(&a.title, &b.title)),
                    (1.0, same_opt(&a.summary, &b.summary)),
                    (3.0, text(&a.body, &b.body)),
                    (
                        3.0,
                        Some(overlap(
                            &requirements(old, a, Some(skills)),
                            &requirements(new, b, None),
                        )),
                    ),
                    (1.0, same(&key(tracks, &old[a.track].id), &new[b.track].id)),
                    (
                        1.0,
                        same(
                            &key(grades, &old.grades[a.grade.0].id),
                            &new.grades[b.grade.0].id,
                        ),
                    ),
                ])
            },
        );
        // Every rename is known before promotions are compared, since they name roles.
        for &(i, j, _) in &pairing.pairs {
            self.roles
                .insert(old.roles[i].id.clone(), new.roles[j].id.clone());
        }
        for &(i, j, evidence) in &pairing.pairs {
            self.role(&old.roles[i], &new.roles[j], evidence);
        }
        for &i in &pairing.removed {
            self.push(&Self::role_subject(old, &old.roles[i]), Detail::Removed);
        }
        for &j in &pairing.added {
            let role = &new.roles[j];
            self.push(
                &Self::role_subject(new, role),
                Detail::Added {
                    requirements: Self::required(new, &role.requirements),
                },
            );
        }
    }

    fn role(&mut self, o: &Role, n: &Role, evidence: Option<Evidence>) {
        let (old, new) = (self.old, self.new);
        let s = Self::role_subject(new, n);
        self.renamed(&s, &o.id, evidence);
        self.field(&s, "title", Some(&o.title), Some(&n.title));
        let (ot, nt) = (&old[o.track], &new[n.track]);
        if key(&self.tracks, &ot.id) != nt.id {
            self.push(
                &s,
                Detail::MovedTrack {
                    from: named(&ot.id, &ot.name),
                    to: named(&nt.id, &nt.name),
                },
            );
        }
        let (og, ng) = (&old.grades[o.grade.0], &new.grades[n.grade.0]);
        let mapped = key(&self.grades, &og.id);
        if mapped != ng.id {
            // Where the old grade sits on the new axis, if it is still there.
            let before = new
                .grades
                .iter()
                .position(|g| g.id == mapped)
                .unwrap_or(o.grade.0);
            let direction = if n.grade.0 > before {
                Direction::Up
            } else {
                Direction::Down
            };
            self.push(
                &s,
                Detail::MovedGrade {
                    from: named(&og.id, &og.name),
                    to: named(&ng.id, &ng.name),
                    direction,
                },
            );
        }
        self.requirements(&s, o, n);
        for (lateral, before, after) in [(false, &o.next, &n.next), (true, &o.lateral, &n.lateral)]
        {
            let before: Vec<(String, Named)> = before
                .iter()
                .map(|m| {
                    let r = &old[m.to];
                    (key(&self.roles, &r.id), named(&r.id, &r.title))
                })
                .collect();
            let after: Vec<Named> = after
                .iter()
                .map(|m| named(&new[m.to].id, &new[m.to].title))
                .collect();
            let added: Vec<Named> = after
                .iter()
                .filter(|a| before.iter().all(|(k, _)| *k != a.id))
                .cloned()
                .collect();
            let removed: Vec<Named> = before
                .iter()
                .filter(|(k, _)| after.iter().all(|a| a.id != *k))
                .map(|(_, b)| b.clone())
                .collect();
            if added.is_empty() && removed.is_empty() {
                continue;
            }
            let detail = if lateral {
                Detail::LateralMovesChanged { added, removed }
            } else {
                Detail::PromotionsChanged { added, removed }
            };
            self.push(&s, detail);
        }
        self.field(&s, "summary", o.summary.as_deref(), n.summary.as_deref());
        let aliases = |r: &Role| {
            joined(
                &r.aliases
                    .iter()
                    .map(|a| a.value.clone())
                    .collect::<Vec<_>>(),
            )
        };
        self.field(&s, "aliases", aliases(o).as_deref(), aliases(n).as_deref());
        let pay = |r: &Role| {
            r.pay.as_ref().map(|p| {
                let bound = |b: &Option<crate::load::Sp<i64>>| {
                    b.as_ref()
                        .map_or_else(|| "…".to_owned(), |v| v.value.to_string())
                };
                format!("{} {}–{}", p.currency.value, bound(&p.min), bound(&p.max))
            })
        };
        self.field(&s, "pay", pay(o).as_deref(), pay(n).as_deref());
        self.field(&s, "description", body(&o.body), body(&n.body));
    }

    /// The skill requirements of a role or an opportunity, in the new file's order, then
    /// the ones that are gone.
    fn requirements(&mut self, s: &Subject, o: &impl Requires, n: &impl Requires) {
        let (old, new) = (self.old, self.new);
        let mut before: Vec<(String, &Requirement)> = o
            .requirements()
            .iter()
            .map(|q| (key(&self.skills, &old[q.skill].id), q))
            .collect();
        for after in n.requirements() {
            let skill = &new[after.skill];
            let name = named(&skill.id, &skill.name);
            let Some(at) = before.iter().position(|(k, _)| *k == skill.id) else {
                self.push(
                    s,
                    Detail::RequirementAdded {
                        skill: name.clone(),
                        after: level(skill, after.level),
                    },
                );
                // The statements of a new requirement are part of what is now asked.
                if !after.expectations.is_empty() {
                    self.push(
                        s,
                        Detail::ExpectationsEdited {
                            skill: name,
                            added: after.expectations.clone(),
                            removed: Vec::new(),
                        },
                    );
                }
                continue;
            };
            let (_, prior) = before.remove(at);
            let prior_level = level(&old[prior.skill], prior.level);
            let detail = if after.level > prior.level {
                Some(Detail::RequirementRaised {
                    skill: name.clone(),
                    before: prior_level,
                    after: level(skill, after.level),
                })
            } else if after.level < prior.level {
                Some(Detail::RequirementLowered {
                    skill: name.clone(),
                    before: prior_level,
                    after: level(skill, after.level),
                })
            } else {
                None
            };
            if let Some(detail) = detail {
                self.push(s, detail);
            }
            let (added, removed) = list_diff(&prior.expectations, &after.expectations);
            if !added.is_empty() || !removed.is_empty() {
                self.push(
                    s,
                    Detail::ExpectationsEdited {
                        skill: name,
                        added,
                        removed,
                    },
                );
            }
        }
        for (_, prior) in before {
            let skill = &old[prior.skill];
            self.push(
                s,
                Detail::RequirementRemoved {
                    skill: named(&skill.id, &skill.name),
                    before: level(skill, prior.level),
                },
            );
        }
    }

    fn pathways(&mut self) {
        let (old, new) = (self.old, self.new);
        let steps =
            |p: &crate::model::Pathway| -> BTreeSet<String> { p.steps.iter().map(step).collect() };
        let skills = &self.skills;
        let pairing = pair(
            &old.pathways,
            &new.pathways,
            |p| &p.id,
            |p| Some(&p.origin.path),
            |a, b| {
                weighted(&[
                    (2.0, same(&a.title, &b.title)),
                    (1.0, same_opt(&a.summary, &b.summary)),
                    (3.0, text(&a.body, &b.body)),
                    (3.0, Some(overlap(&steps(a), &steps(b)))),
                    (2.0, same(&key(skills, &old[a.skill].id), &new[b.skill].id)),
                ])
            },
        );
        let subject = |f: &Framework, p: &crate::model::Pathway| Subject {
            kind: Kind::Pathway,
            id: p.id.clone(),
            name: p.title.clone(),
            context: Some(f[p.skill].name.clone()),
        };
        for &(i, j, evidence) in &pairing.pairs {
            let (o, n) = (&old.pathways[i], &new.pathways[j]);
            let s = subject(new, n);
            self.renamed(&s, &o.id, evidence);
            self.field(&s, "title", Some(&o.title), Some(&n.title));
            let (os, ns) = (&old[o.skill], &new[n.skill]);
            if key(&self.skills, &os.id) != ns.id {
                self.field(&s, "skill", Some(&os.name), Some(&ns.name));
            }
            let at = |k: &Skill, l: &Option<crate::load::Sp<usize>>| {
                l.as_ref()
                    .map(|l| format!("{} ({})", l.value, k.level_name(l.value)))
            };
            self.field(
                &s,
                "from",
                at(os, &o.from).as_deref(),
                at(ns, &n.from).as_deref(),
            );
            self.field(&s, "to", at(os, &o.to).as_deref(), at(ns, &n.to).as_deref());
            self.field(&s, "summary", o.summary.as_deref(), n.summary.as_deref());
            let (before, after): (Vec<String>, Vec<String>) = (
                o.steps.iter().map(step).collect(),
                n.steps.iter().map(step).collect(),
            );
            let (added, removed) = list_diff(&before, &after);
            if !added.is_empty() || !removed.is_empty() {
                self.push(&s, Detail::StepsChanged { added, removed });
            }
            self.field(&s, "description", body(&o.body), body(&n.body));
        }
        for &i in &pairing.removed {
            self.push(&subject(old, &old.pathways[i]), Detail::Removed);
        }
        for &j in &pairing.added {
            self.push(
                &subject(new, &new.pathways[j]),
                Detail::Added {
                    requirements: Vec::new(),
                },
            );
        }
    }

    fn opportunities(&mut self) {
        let (old, new) = (self.old, self.new);
        let pairing = pair(
            &old.opportunities,
            &new.opportunities,
            |o| &o.id,
            |o| Some(&o.origin.path),
            |a, b| {
                weighted(&[
                    (2.0, same(&a.title, &b.title)),
                    (3.0, text(&a.body, &b.body)),
                    (1.0, same(&a.kind, &b.kind)),
                    (1.0, same_opt(&a.team, &b.team)),
                ])
            },
        );
        let subject = |o: &crate::model::Opportunity| Subject {
            kind: Kind::Opportunity,
            id: o.id.clone(),
            name: o.title.clone(),
            context: o.team.clone(),
        };
        for &(i, j, evidence) in &pairing.pairs {
            let (o, n) = (&old.opportunities[i], &new.opportunities[j]);
            let s = subject(n);
            self.renamed(&s, &o.id, evidence);
            self.field(&s, "title", Some(&o.title), Some(&n.title));
            self.field(&s, "kind", Some(o.kind.as_str()), Some(n.kind.as_str()));
            self.field(&s, "team", o.team.as_deref(), n.team.as_deref());
            self.field(&s, "time", o.time.as_deref(), n.time.as_deref());
            self.field(&s, "contact", o.contact.as_deref(), n.contact.as_deref());
            let (old_closes, new_closes) = (
                o.closes.map(|d| d.to_string()),
                n.closes.map(|d| d.to_string()),
            );
            self.field(&s, "closes", old_closes.as_deref(), new_closes.as_deref());
            self.requirements(&s, o, n);
            self.field(&s, "description", body(&o.body), body(&n.body));
        }
        for &i in &pairing.removed {
            self.push(&subject(&old.opportunities[i]), Detail::Removed);
        }
        for &j in &pairing.added {
            let o = &new.opportunities[j];
            self.push(
                &subject(o),
                Detail::Added {
                    requirements: Self::required(new, &o.requirements),
                },
            );
        }
    }
}

/// A step in one line: "Read the design notes (reading, 90 min)".
fn step(s: &crate::model::Step) -> String {
    match s.minutes {
        Some(m) => format!("{} ({}, {m} min)", s.title, s.kind),
        None => format!("{} ({})", s.title, s.kind),
    }
}

/// Roles and opportunities both require skill levels.
trait Requires {
    fn requirements(&self) -> &[Requirement];
}

impl Requires for Role {
    fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }
}

impl Requires for crate::model::Opportunity {
    fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }
}
