//! Settles what depends on every row at once (the grade axis, each role's grade and every
//! id) and assembles the [`Draft`].

use super::cells::Located;
use super::draft::{
    Draft, DraftGrade, DraftGroup, DraftLevel, DraftRequirement, DraftRole, DraftSkill, DraftTrack,
};
use super::ids;
use super::reader::{Reader, Sheet};
use super::text;
use crate::diagnostic::{Code, Diagnostic};

impl Reader<'_> {
    /// Settles the grade axis, each role's grade and every id.
    pub(super) fn finish(mut self, sheets: &[Sheet]) -> Option<Draft> {
        self.check_groups();
        if self.roles.is_empty() && !self.diagnostics.iter().any(Diagnostic::is_error) {
            let mut d = Diagnostic::error(Code::EmptyFile, "no role was read from the CSV files")
                .with_help(Some(
                    "check that the mapping's `role` column is the one holding the titles, and that the rows below the header are filled".to_owned(),
                ));
            if let Some(sheet) = sheets.first() {
                d = d.in_file(sheet.table.source);
            }
            self.diagnostics.push(d);
        }
        let (axis, builtin) = self.axis();
        let grades: Vec<Option<usize>> = (0..self.roles.len())
            .map(|r| self.role_grade(&axis, r))
            .collect();
        let grade_names = self.grade_names(&axis, &grades);
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let grades: Vec<usize> = grades.into_iter().map(|g| g.expect("no error")).collect();
        // The built-in axis keeps only the grades that roles have, so the site's map shows
        // no empty columns; an axis the mapping gives is the owner's and is kept whole.
        let kept: Vec<usize> = (0..axis.len())
            .filter(|g| !builtin || grades.contains(g))
            .collect();
        let draft_grades: Vec<DraftGrade> = kept
            .iter()
            .map(|&g| DraftGrade {
                id: axis[g].id.clone(),
                name: grade_names[g]
                    .clone()
                    .unwrap_or_else(|| axis[g].name.clone()),
            })
            .collect();
        let track_ids = ids::unique(
            &self
                .tracks
                .iter()
                .map(|t| (ids::slug(&t.name, "track"), Vec::new()))
                .collect::<Vec<_>>(),
        );
        // A group can lose its only skill to a later row that names the skill's group.
        let used_groups: Vec<usize> = (0..self.groups.len())
            .filter(|g| self.skills.iter().any(|s| s.group == *g))
            .collect();
        let group_ids = ids::unique(
            &used_groups
                .iter()
                .map(|&g| (ids::slug(&self.groups[g].name, "group"), Vec::new()))
                .collect::<Vec<_>>(),
        );
        let group_index = |g: usize| used_groups.iter().position(|&u| u == g).expect("used");
        let skill_ids = ids::unique(
            &self
                .skills
                .iter()
                .map(|s| {
                    (
                        ids::slug(&s.name, "skill"),
                        vec![group_ids[group_index(s.group)].clone()],
                    )
                })
                .collect::<Vec<_>>(),
        );
        let role_ids = ids::unique(
            &self
                .roles
                .iter()
                .zip(&grades)
                .map(|(r, &g)| {
                    (
                        ids::slug(&r.title, "role"),
                        vec![track_ids[r.track].clone(), ids::slug(&axis[g].id, "grade")],
                    )
                })
                .collect::<Vec<_>>(),
        );
        let text_of = |l: &Option<Located>| l.as_ref().map(|l| l.text.clone());
        let items_of =
            |l: &Option<Located>| l.as_ref().map_or(Vec::new(), |l| text::items(&l.text));
        Some(Draft {
            title: self.mapping.title.clone(),
            description: self.mapping.description.clone(),
            scale: self.mapping.scale.clone(),
            grades: draft_grades,
            tracks: self
                .tracks
                .iter()
                .zip(track_ids)
                .map(|(t, id)| DraftTrack {
                    id,
                    name: t.name.clone(),
                    body: text_of(&t.body).unwrap_or_default(),
                    family: text_of(&t.family),
                    kind: text_of(&t.kind),
                    owners: items_of(&t.owners),
                })
                .collect(),
            groups: used_groups
                .iter()
                .zip(group_ids)
                .map(|(&g, id)| DraftGroup {
                    id,
                    name: self.groups[g].name.clone(),
                })
                .collect(),
            skills: self
                .skills
                .iter()
                .zip(skill_ids)
                .map(|(s, id)| DraftSkill {
                    id,
                    name: s.name.clone(),
                    group: group_index(s.group),
                    body: text_of(&s.body).unwrap_or_default(),
                    level_names: s.own.as_ref().map(|own| own.names.clone()),
                    levels: s
                        .levels
                        .iter()
                        .map(|l| {
                            l.as_ref().map(|l| {
                                let (summary, signals) = text::prose_and_items(&l.text);
                                DraftLevel {
                                    summary: (!summary.is_empty()).then_some(summary),
                                    signals,
                                }
                            })
                        })
                        .collect(),
                })
                .collect(),
            roles: self
                .roles
                .iter()
                .zip(role_ids)
                .zip(&grades)
                .map(|((r, id), &g)| DraftRole {
                    id,
                    title: r.title.clone(),
                    track: r.track,
                    grade: kept.iter().position(|&k| k == g).expect("kept"),
                    summary: text_of(&r.summary),
                    aliases: items_of(&r.aliases),
                    body: text_of(&r.body).unwrap_or_default(),
                    requirements: r
                        .requirements
                        .iter()
                        .map(|q| DraftRequirement {
                            skill: q.skill,
                            level: q.level,
                            expectations: q.expectations.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }
}
