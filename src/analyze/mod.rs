//! Analyze: what the model implies but does not say — the gap between two roles skill by
//! skill, the learning that closes each gap, who needs a skill at which level, and the
//! moves into each role. Pure functions of the [`Framework`]; render reads the results.
//!
//! Beside this module: [`coverage`] (which levels of a climb the pathways cover), [`step`]
//! (what a level says that the level below did not), [`nearby`] (roles within reach in the
//! other tracks of a family).

pub mod coverage;
pub mod nearby;
pub mod step;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Framework, PathwayId, RoleId, SkillId};

/// How one skill's requirement changes from one role to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The target asks for a skill the current role does not.
    New,
    /// The target asks for a higher level.
    Raised,
    /// Same level.
    Unchanged,
    /// The target asks for a lower level.
    Lowered,
    /// The target does not ask for the skill at all.
    Dropped,
}

impl Change {
    /// Words for readers.
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Raised => "raised",
            Change::Unchanged => "unchanged",
            Change::Lowered => "lowered",
            Change::Dropped => "not required",
        }
    }

    /// True when the reader has something to learn.
    pub fn is_growth(self) -> bool {
        matches!(self, Change::New | Change::Raised)
    }
}

/// The change of one skill between two roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillGap {
    /// The skill.
    pub skill: SkillId,
    /// Level in the current role, 0 when not required.
    pub from: usize,
    /// Level in the target role, 0 when not required.
    pub to: usize,
    /// What kind of change.
    pub change: Change,
    /// Pathways that cover part of the way from `from` to `to`, lowest first.
    pub pathways: Vec<PathwayId>,
    /// Both roles ask for the same level but not in the same words: their own
    /// expectations for the skill differ.
    pub text_changed: bool,
}

/// Every skill gap from one role to another, growth first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// Current role.
    pub from: RoleId,
    /// Target role.
    pub to: RoleId,
    /// One entry per skill either role requires.
    pub skills: Vec<SkillGap>,
}

impl Gap {
    /// How many skills must grow.
    pub fn growth(&self) -> usize {
        self.skills.iter().filter(|s| s.change.is_growth()).count()
    }
}

/// Indexes over the framework, computed once per build so that every page can ask "who
/// needs this skill" or "what closes this gap" without scanning every role.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// For each role, the roles that promote into it.
    pub promoted_from: Vec<Vec<RoleId>>,
    /// For each role, the roles that move sideways into it.
    pub lateral_from: Vec<Vec<RoleId>>,
    /// For each skill, `(level, role)` for every role that requires it.
    pub needed_by: Vec<Vec<(usize, RoleId)>>,
    /// For each skill, its pathways.
    pub pathways_of: Vec<Vec<PathwayId>>,
    /// For each pathway, the moves (role → next or lateral role) whose gap it helps close.
    pub pathway_moves: Vec<Vec<(RoleId, RoleId)>>,
    /// The tracks of each family, for the roles near a role.
    pub families: nearby::Families,
}

impl Analysis {
    /// Builds the indexes.
    pub fn new(framework: &Framework) -> Self {
        let roles = framework.roles.len();
        let mut analysis = Analysis {
            promoted_from: vec![Vec::new(); roles],
            lateral_from: vec![Vec::new(); roles],
            needed_by: vec![Vec::new(); framework.skills.len()],
            pathways_of: vec![Vec::new(); framework.skills.len()],
            pathway_moves: vec![Vec::new(); framework.pathways.len()],
            families: nearby::Families::new(framework),
        };
        for (i, p) in framework.pathways.iter().enumerate() {
            analysis.pathways_of[p.skill.0].push(PathwayId(i));
        }
        for (rid, role) in framework.role_ids() {
            for m in &role.next {
                analysis.promoted_from[m.to.0].push(rid);
            }
            for m in &role.lateral {
                analysis.lateral_from[m.to.0].push(rid);
            }
            for r in &role.requirements {
                analysis.needed_by[r.skill.0].push((r.level, rid));
            }
        }
        let mut pathway_moves = vec![Vec::new(); framework.pathways.len()];
        for (rid, role) in framework.role_ids() {
            for m in role.next.iter().chain(&role.lateral) {
                for s in analysis.gap(framework, rid, m.to).skills {
                    for p in s.pathways {
                        let list: &mut Vec<(RoleId, RoleId)> = &mut pathway_moves[p.0];
                        if !list.contains(&(rid, m.to)) {
                            list.push((rid, m.to));
                        }
                    }
                }
            }
        }
        analysis.pathway_moves = pathway_moves;
        analysis
    }

    /// The gap from `from` to `to`: the union of their requirements, ordered new, raised,
    /// unchanged, lowered, dropped, then by the skill's order in the framework.
    pub fn gap(&self, framework: &Framework, from: RoleId, to: RoleId) -> Gap {
        type Side<'a> = Option<&'a crate::model::Requirement>;
        let mut levels: BTreeMap<SkillId, (Side<'_>, Side<'_>)> = BTreeMap::new();
        for r in &framework[from].requirements {
            levels.entry(r.skill).or_default().0 = Some(r);
        }
        for r in &framework[to].requirements {
            levels.entry(r.skill).or_default().1 = Some(r);
        }
        let mut skills: Vec<SkillGap> = levels
            .into_iter()
            .map(|(skill, (ra, rb))| {
                let (a, b) = (ra.map_or(0, |r| r.level), rb.map_or(0, |r| r.level));
                let change = match (a, b) {
                    (0, _) => Change::New,
                    (_, 0) => Change::Dropped,
                    (a, b) if b > a => Change::Raised,
                    (a, b) if b == a => Change::Unchanged,
                    _ => Change::Lowered,
                };
                let pathways = if change.is_growth() {
                    self.closing_pathways(framework, skill, a, b)
                } else {
                    Vec::new()
                };
                let text_changed = change == Change::Unchanged
                    && ra.map(|r| &r.expectations) != rb.map(|r| &r.expectations);
                SkillGap {
                    skill,
                    from: a,
                    to: b,
                    change,
                    pathways,
                    text_changed,
                }
            })
            .collect();
        skills.sort_by_key(|s| (s.change, s.skill));
        Gap { from, to, skills }
    }

    /// Pathways of `skill` whose range overlaps the climb from level `from` to `to`: they
    /// start below the target and end above the current level. A pathway without `from`
    /// starts at the bottom; without `to` it reaches the top.
    pub fn closing_pathways(
        &self,
        framework: &Framework,
        skill: SkillId,
        from: usize,
        to: usize,
    ) -> Vec<PathwayId> {
        let (first, top) = (framework[skill].first_level, framework[skill].last_level());
        let mut found: Vec<(usize, usize, PathwayId)> = self.pathways_of[skill.0]
            .iter()
            .filter_map(|&id| {
                let p = &framework[id];
                let start = p.from.as_ref().map_or(first, |l| l.value);
                let end = p.to.as_ref().map_or(top, |l| l.value);
                (end > from && start < to).then_some((start, end, id))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, _, p)| p).collect()
    }

    /// Roles that need `skill`, grouped by the level they need, highest level first.
    pub fn roles_by_level(
        &self,
        framework: &Framework,
        skill: SkillId,
    ) -> Vec<(usize, Vec<RoleId>)> {
        let mut by_level: BTreeMap<usize, Vec<RoleId>> = BTreeMap::new();
        for &(level, role) in &self.needed_by[skill.0] {
            by_level.entry(level).or_default().push(role);
        }
        let mut out: Vec<(usize, Vec<RoleId>)> = by_level.into_iter().rev().collect();
        for (_, roles) in &mut out {
            roles.sort_by(|a, b| {
                (framework[*a].grade, &framework[*a].title)
                    .cmp(&(framework[*b].grade, &framework[*b].title))
            });
        }
        out
    }
}

/// Total minutes of a pathway's steps that give a duration.
pub fn total_minutes(framework: &Framework, pathway: PathwayId) -> u64 {
    framework[pathway]
        .steps
        .iter()
        .filter_map(|s| s.minutes)
        .map(u64::from)
        .sum()
}

/// The skills a track's roles require, in framework order.
pub fn track_skills(framework: &Framework, track: crate::model::TrackId) -> Vec<SkillId> {
    let mut skills: Vec<SkillId> = framework[track]
        .roles
        .iter()
        .flat_map(|r| framework[*r].requirements.iter().map(|q| q.skill))
        .collect();
    skills.sort_by_key(|s| (framework[*s].group, *s));
    skills.dedup();
    skills
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    fn sample() -> Framework {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let loaded = crate::load::load(&root).unwrap();
        crate::model::build(&loaded, &mut Diagnostics::new())
    }

    #[test]
    fn gap_lists_raised_skills_with_the_pathways_that_close_them() {
        let f = sample();
        let junior = f.find_role("junior").unwrap();
        let mid = f.find_role("mid").unwrap();
        let gap = Analysis::new(&f).gap(&f, junior, mid);
        let design = f.find_skill("system-design").unwrap();
        let entry = gap.skills.iter().find(|s| s.skill == design).unwrap();
        assert_eq!((entry.from, entry.to, entry.change), (1, 2, Change::Raised));
        assert_eq!(entry.pathways.len(), 1);
        assert_eq!(f[entry.pathways[0]].id, "design-basics");
        assert_eq!(gap.growth(), 2);
    }

    #[test]
    fn gap_marks_new_unchanged_lowered_and_dropped() {
        let f = sample();
        let senior = f.find_role("senior").unwrap();
        let junior = f.find_role("junior").unwrap();
        let analysis = Analysis::new(&f);
        let gap = analysis.gap(&f, senior, junior);
        assert!(gap.skills.iter().all(|s| s.change == Change::Lowered));
        assert!(gap.skills.iter().all(|s| s.pathways.is_empty()));
        let same = analysis.gap(&f, senior, senior);
        assert!(same.skills.iter().all(|s| s.change == Change::Unchanged));
    }

    #[test]
    fn a_pathway_closes_a_gap_only_where_its_range_overlaps() {
        let f = sample();
        let design = f.find_skill("system-design").unwrap();
        let a = Analysis::new(&f);
        // design-basics goes 1 → 2.
        assert_eq!(a.closing_pathways(&f, design, 0, 2).len(), 1);
        // Reaching level 1 is below where the pathway starts.
        assert!(a.closing_pathways(&f, design, 0, 1).is_empty());
        assert_eq!(a.closing_pathways(&f, design, 1, 3).len(), 1);
        assert!(a.closing_pathways(&f, design, 2, 3).is_empty());
    }

    #[test]
    fn roles_by_level_puts_the_highest_level_first() {
        let f = sample();
        let design = f.find_skill("system-design").unwrap();
        let levels: Vec<usize> = Analysis::new(&f)
            .roles_by_level(&f, design)
            .iter()
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(levels, [3, 2, 1]);
    }
}
