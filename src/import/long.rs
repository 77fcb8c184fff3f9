//! One row of a long sheet: a role, a skill and the level the role requires, with the
//! optional cells around them; or a row that only describes a level.

use super::cells::{Value, set_once};
use super::columns::Columns;
use super::reader::{Cursor, Reader};
use super::requirements::RequirementEntry;
use super::table::Row;
use super::text;

impl Reader<'_> {
    pub(super) fn long_row(&mut self, cursor: &mut Cursor<'_>, columns: &Columns, row: &Row) {
        let (Some(role_col), Some(skill_col), Some(level_col)) =
            (columns.role, columns.skill, columns.level)
        else {
            return;
        };
        let role_value = self.value(cursor, row, role_col, false);
        let Some(title) = role_value.text().cloned() else {
            if matches!(role_value, Value::Blank(_)) && self.descriptor_row(cursor, columns, row) {
                return;
            }
            self.skipped(cursor, role_col, &role_value, "the row is skipped");
            return;
        };
        let Some(track) = self.row_track(cursor, columns, row) else {
            return;
        };
        let key = (track, title.text.to_lowercase());
        let role = match self.role_keys.get(&key) {
            Some(&r) => r,
            None => {
                let r = self.new_role(track, &title);
                self.role_keys.insert(key, r);
                r
            }
        };
        self.role_cells(cursor, columns, row, role);
        let skill_value = self.value(cursor, row, skill_col, false);
        let Some(skill_name) = skill_value.text().cloned() else {
            self.skipped(
                cursor,
                skill_col,
                &skill_value,
                "the row's skill requirement is skipped",
            );
            return;
        };
        let skill = self.row_skill(cursor, columns, row, &skill_name.text);
        let level_value = self.value(cursor, row, level_col, false);
        let level = match level_value.text().cloned() {
            Some(at) => self.level(cursor, level_col, skill, &at).map(|l| (l, at)),
            None => {
                self.skipped(
                    cursor,
                    level_col,
                    &level_value,
                    "the row's skill requirement is skipped",
                );
                None
            }
        };
        if let Some((level, _)) = &level {
            self.level_description(cursor, columns, row, skill, *level);
        }
        let expectations = match columns.expectations {
            Some(c) => {
                let value = self.value(cursor, row, c, true);
                match value.text() {
                    Some(t) => text::statements(&t.text),
                    None => {
                        self.optional_skipped(cursor, c, &value);
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        if let Some((level, at)) = level {
            self.require(
                role,
                RequirementEntry {
                    skill,
                    level,
                    expectations,
                    at,
                },
            );
        }
    }

    /// The skill a long row names, with its group and description cells.
    pub(super) fn row_skill(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
        name: &str,
    ) -> usize {
        let group = match columns.group {
            Some(c) => {
                let value = self.value(cursor, row, c, false);
                if matches!(value, Value::Placeholder(_)) {
                    self.skipped(
                        cursor,
                        c,
                        &value,
                        "the skill keeps its group from other rows or the default group",
                    );
                }
                value.text().map(|t| t.text.clone())
            }
            None => None,
        };
        let skill = self.long_skill(name, group.as_deref());
        if let Some(c) = columns.skill_description {
            let value = self.value(cursor, row, c, true);
            match value.text() {
                Some(t) => {
                    let d = set_once(
                        &mut self.skills[skill].body,
                        t.clone(),
                        "the skill's description",
                    );
                    self.push(d);
                }
                None => self.optional_skipped(cursor, c, &value),
            }
        }
        skill
    }

    pub(super) fn level_description(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
        skill: usize,
        level: usize,
    ) {
        let Some(c) = columns.level_description else {
            return;
        };
        let value = self.value(cursor, row, c, true);
        match value.text() {
            Some(t) => {
                let name = &self.level_names(skill)[level - 1];
                let what = format!(
                    "the description of `{}` at `{name}`",
                    self.skills[skill].name
                );
                let d = set_once(&mut self.skills[skill].levels[level - 1], t.clone(), &what);
                self.push(d);
            }
            None => self.optional_skipped(cursor, c, &value),
        }
    }

    /// A long row with no role but a skill, a level and a level description describes the
    /// level only. Returns false when the row is not one.
    pub(super) fn descriptor_row(
        &mut self,
        cursor: &mut Cursor<'_>,
        columns: &Columns,
        row: &Row,
    ) -> bool {
        let (Some(skill_col), Some(level_col), Some(description_col)) =
            (columns.skill, columns.level, columns.level_description)
        else {
            return false;
        };
        let skill = self.value(cursor, row, skill_col, false);
        let level = self.value(cursor, row, level_col, false);
        let description = self.value(cursor, row, description_col, true);
        let (Some(skill), Some(level), Some(_)) = (skill.text(), level.text(), description.text())
        else {
            return false;
        };
        let skill = self.row_skill(cursor, columns, row, &skill.text.clone());
        if let Some(level) = self.level(cursor, level_col, skill, &level.clone()) {
            self.level_description(cursor, columns, row, skill, level);
        }
        true
    }
}
