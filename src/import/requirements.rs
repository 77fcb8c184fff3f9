//! The skill requirements of a role: one per skill, merged across its rows, the first level
//! kept when two rows disagree.

use super::cells::Located;
use super::reader::Reader;
use crate::diagnostic::{Code, Diagnostic};

#[derive(Debug)]
pub(super) struct RequirementEntry {
    pub(super) skill: usize,
    pub(super) level: usize,
    pub(super) expectations: Vec<String>,
    pub(super) at: Located,
}

impl Reader<'_> {
    /// Adds a requirement to a role; the same skill twice with another level keeps the first.
    pub(super) fn require(&mut self, role: usize, requirement: RequirementEntry) {
        let existing = self.roles[role]
            .requirements
            .iter_mut()
            .find(|r| r.skill == requirement.skill);
        let Some(existing) = existing else {
            self.roles[role].requirements.push(requirement);
            return;
        };
        if existing.level == requirement.level {
            for e in requirement.expectations {
                if !existing.expectations.contains(&e) {
                    existing.expectations.push(e);
                }
            }
            return;
        }
        let first = existing.at.clone();
        let first_level = existing.level;
        let title = self.roles[role].title.clone();
        let skill = self.skills[requirement.skill].name.clone();
        let at = requirement.at;
        self.diagnostics.push(
            Diagnostic::warning(
                Code::ConflictingCells,
                format!(
                    "row {}: `{title}` is given level {} of `{skill}` here and level {} on row {}; the first is kept",
                    at.row, requirement.level, first_level, first.row
                ),
            )
            .at(at.source, at.span.clone())
            .with_label("differs from the first")
            .with_related(first.source, first.span.clone(), "first given here")
            .with_help(Some("keep one row per role and skill".to_owned())),
        );
    }
}
