//! Skills and skill groups: which skill a name in a sheet means (two skills may share a name
//! in different groups, or be two columns of one header), its group, and the check that every
//! skill `[groups]` names is in a sheet.

use super::cells::Located;
use super::reader::Reader;
use super::skill_levels::OwnScale;
use super::text;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

#[derive(Debug)]
pub(super) struct GroupEntry {
    pub(super) name: String,
}

#[derive(Debug)]
pub(super) struct SkillEntry {
    pub(super) name: String,
    pub(super) group: usize,
    /// True when a group cell named the group (not `[groups]` or the default).
    pub(super) group_given: bool,
    /// For wide sheets: this is the nth column of its name in a header.
    pub(super) occurrence: usize,
    pub(super) body: Option<Located>,
    /// The description of each of its levels, where a sheet gives one.
    pub(super) levels: Vec<Option<Located>>,
    /// Its own levels, when a levels sheet or a scale cell gives it some; else it has the
    /// mapping's `[scale]`.
    pub(super) own: Option<OwnScale>,
}

impl Reader<'_> {
    pub(super) fn group(&mut self, name: &str) -> usize {
        let folded = name.to_lowercase();
        if let Some(i) = self
            .groups
            .iter()
            .position(|g| g.name.to_lowercase() == folded)
        {
            return i;
        }
        self.groups.push(GroupEntry {
            name: name.to_owned(),
        });
        self.groups.len() - 1
    }

    /// The group `[groups]` puts a skill in, or the default group.
    pub(super) fn mapped_group(&mut self, skill: &str) -> usize {
        let folded = skill.to_lowercase();
        let name = self
            .mapping
            .groups
            .iter()
            .find(|g| g.skills.iter().any(|s| text::fold(&s.value) == folded))
            .map(|g| text::line(&g.name.value))
            .filter(|g| !g.is_empty())
            .unwrap_or_else(|| self.mapping.default_group.clone());
        self.group(&name)
    }

    pub(super) fn new_skill(
        &mut self,
        name: &str,
        group: usize,
        group_given: bool,
        occurrence: usize,
    ) -> usize {
        self.skills.push(SkillEntry {
            name: name.to_owned(),
            group,
            group_given,
            occurrence,
            body: None,
            levels: Vec::new(),
            own: None,
        });
        let index = self.skills.len() - 1;
        self.give_levels(index);
        self.skills_by_name
            .entry(name.to_lowercase())
            .or_default()
            .push(index);
        index
    }

    /// The skills named `name`, ignoring case.
    pub(super) fn skills_named(&self, name: &str) -> Vec<usize> {
        self.skills_by_name
            .get(&name.to_lowercase())
            .cloned()
            .unwrap_or_default()
    }

    /// A skill of a long sheet. Two skills may share a name in different groups; a row that
    /// names no group means the skill of that name already read, if any.
    pub(super) fn long_skill(&mut self, name: &str, group: Option<&str>) -> usize {
        let same_name = self.skills_named(name);
        match group {
            None => match same_name.first() {
                Some(&i) => i,
                None => {
                    let g = self.mapped_group(name);
                    self.new_skill(name, g, false, 0)
                }
            },
            Some(group_name) => {
                let g = self.group(group_name);
                if let Some(&i) = same_name.iter().find(|&&i| self.skills[i].group == g) {
                    return i;
                }
                // A skill first read without a group takes the first group a row gives it.
                if let Some(&i) = same_name.iter().find(|&&i| !self.skills[i].group_given) {
                    self.skills[i].group = g;
                    self.skills[i].group_given = true;
                    return i;
                }
                self.new_skill(name, g, true, 0)
            }
        }
    }

    /// The skill of a wide sheet's column: the `occurrence`th column of that name.
    pub(super) fn wide_skill(&mut self, name: &str, occurrence: usize) -> usize {
        if let Some(i) = self
            .skills_named(name)
            .into_iter()
            .find(|&i| self.skills[i].occurrence == occurrence)
        {
            return i;
        }
        let g = self.mapped_group(name);
        self.new_skill(name, g, false, occurrence)
    }

    /// Every skill `[groups]` names must be one the sheets have.
    pub(super) fn check_groups(&mut self) {
        let names: Vec<String> = self.skills.iter().map(|s| s.name.clone()).collect();
        let folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        for group in &self.mapping.groups {
            for skill in &group.skills {
                if folded.contains(&text::fold(&skill.value)) {
                    continue;
                }
                let help = did_you_mean(&skill.value, names.iter().map(String::as_str))
                    .unwrap_or_else(|| "list skills by their name in the sheet".to_owned());
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownSkill,
                        format!(
                            "`[groups]` names the skill `{}`, which no sheet has",
                            skill.value
                        ),
                    )
                    .at(self.mapping.source, skill.span.clone())
                    .with_help(Some(help)),
                );
            }
        }
    }
}
