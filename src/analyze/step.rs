//! The next step for one skill: what the target level says beside what the current level
//! says, with the statements the reader has not met yet marked as new.
//!
//! A level's statements are its summary, signals and examples; a role adds its own
//! expectations for the skill. Two statements are the same when they read the same once case
//! and runs of whitespace are ignored, so re-wrapping a line does not mark it new.

use crate::model::{Framework, Requirement, SkillId};

/// What a level is made of, for one requirement: the skill's words for the level and the
/// role's own words for the skill.
#[derive(Clone, Copy, Debug)]
pub struct Words<'a> {
    /// The level's one line.
    pub summary: Option<&'a str>,
    /// The level's signals.
    pub signals: &'a [String],
    /// The level's examples.
    pub examples: &'a [String],
    /// The role's expectations for the skill.
    pub expectations: &'a [String],
}

impl<'a> Words<'a> {
    /// The words of level `level` of `skill` (none for level 0, "not required"), with the
    /// expectations of `requirement`.
    pub fn of(
        framework: &'a Framework,
        skill: SkillId,
        level: usize,
        requirement: Option<&'a Requirement>,
    ) -> Self {
        let level = framework[skill].level(level);
        Words {
            summary: level.and_then(|l| l.summary.as_deref()),
            signals: level.map_or(&[], |l| &l.signals[..]),
            examples: level.map_or(&[], |l| &l.examples[..]),
            expectations: requirement.map_or(&[], |r| &r.expectations[..]),
        }
    }

    /// Every statement, summary first.
    pub fn statements(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.summary
            .into_iter()
            .chain(self.signals.iter().map(String::as_str))
            .chain(self.examples.iter().map(String::as_str))
            .chain(self.expectations.iter().map(String::as_str))
    }

    /// True when `statement` is not one of these words.
    pub fn lacks(&self, statement: &str) -> bool {
        let wanted = normalized(statement);
        !self.statements().any(|s| normalized(s) == wanted)
    }
}

/// Lowercase, with every run of whitespace one space and none at either end.
fn normalized(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_is_new_unless_it_reads_the_same() {
        let signals = ["Writes  the design note.".to_owned()];
        let expectations = ["Reviews designs".to_owned()];
        let now = Words {
            summary: Some("Designs components."),
            signals: &signals,
            examples: &[],
            expectations: &expectations,
        };
        assert!(!now.lacks("writes the\ndesign note."));
        assert!(!now.lacks("Designs components."));
        assert!(now.lacks("Owns the design of a service."));
        assert_eq!(now.statements().count(), 3);
    }
}
