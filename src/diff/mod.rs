//! Diff: what a change to the framework means for the people in it.
//!
//! [`compare`] takes two resolved models — not their files, not their HTML — and returns a
//! [`Diff`]: typed [`Change`]s, each about one subject (a role, a skill, a track, ...) and
//! each classified ([`Class`]): does it raise the bar (someone in a role today may no longer
//! meet it), lower it, change the structure, or only the wording?
//!
//! Renames are recognised (the same file under a new id, or the same content in a file of a
//! new name) so a reviewer reads "renamed", not "removed" and "added"; references to a
//! renamed role, skill, track or grade are followed through the rename.
//!
//! [`markdown`] renders a diff as a pull-request comment and [`json`] for tools. Both are
//! pure functions of the [`Diff`], which carries every name it needs.

mod compare;
pub mod json;
pub mod markdown;
mod similarity;
mod words;

use serde::Serialize;

pub use compare::compare;

/// How a change affects the people in the framework, most consequential first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Someone who meets a role's expectations today may no longer meet them.
    Raises,
    /// A role expects less than before.
    Lowers,
    /// Roles, skills, tracks, grades, promotion paths or owners appear, go, move or are
    /// renamed.
    Structural,
    /// Wording, titles, descriptions and examples.
    Editorial,
}

impl Class {
    /// Every class, most consequential first.
    pub const ALL: [Class; 4] = [
        Class::Raises,
        Class::Lowers,
        Class::Structural,
        Class::Editorial,
    ];

    /// The class in plain words: "raises the bar".
    pub fn label(self) -> &'static str {
        match self {
            Class::Raises => "raises the bar",
            Class::Lowers => "lowers the bar",
            Class::Structural => "structural",
            Class::Editorial => "editorial",
        }
    }
}

/// The kind of thing a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A role.
    Role,
    /// A skill.
    Skill,
    /// A track.
    Track,
    /// A skill group.
    Group,
    /// A learning pathway.
    Pathway,
    /// An opportunity.
    Opportunity,
    /// A grade of `trellis.toml`.
    Grade,
    /// The settings of `trellis.toml`.
    Framework,
}

impl Kind {
    /// The kind in plain words: "role", "skill group".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Skill => "skill",
            Kind::Track => "track",
            Kind::Group => "skill group",
            Kind::Pathway => "pathway",
            Kind::Opportunity => "opportunity",
            Kind::Grade => "grade",
            Kind::Framework => "framework",
        }
    }
}

/// What a change is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// A role, a skill, ...
    pub kind: Kind,
    /// Its id after the change; before it, for something removed. `trellis.toml` for the
    /// framework's settings.
    pub id: String,
    /// Its display name (title of a role, name of a skill, ...), after the change where it
    /// still exists.
    pub name: String,
    /// Where it sits, for a reader: a role's track and grade, a skill's group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// Something referred to by a change: a skill, a role, a track, a grade.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Named {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
}

/// A level of a skill: its number (1 is the lowest) and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LevelValue {
    /// 1-based.
    pub level: usize,
    /// The level's name on that skill's scale.
    pub name: String,
}

/// A required level of a skill, as listed for a new role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Required {
    /// The skill.
    pub skill: Named,
    /// The level.
    #[serde(flatten)]
    pub level: LevelValue,
}

/// Why two things with different ids are taken to be one renamed thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The file kept its path; its `id =` changed.
    SameFile,
    /// Everything but the id is the same.
    SameContent,
    /// Most of the content is the same.
    SimilarContent,
    /// A grade at the same place on the axis.
    SamePosition,
}

/// Up or down the grade axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// To a more senior grade.
    Up,
    /// To a more junior grade.
    Down,
}

/// Which part of a skill level changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelPart {
    /// Its name.
    Name,
    /// Its one-line descriptor.
    Summary,
    /// Its observable behaviours.
    Signals,
    /// Its examples.
    Examples,
}

/// What changed, with the values before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Detail {
    /// The subject is new. For a role or an opportunity, `requirements` lists what it asks.
    Added {
        /// The skill levels a new role or opportunity requires.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        requirements: Vec<Required>,
    },
    /// The subject is gone.
    Removed,
    /// The subject has a new id.
    Renamed {
        /// The id before.
        from: String,
        /// The id after.
        to: String,
        /// Why the two are taken to be one.
        evidence: Evidence,
    },
    /// A role moved to another track.
    MovedTrack {
        /// The track before.
        from: Named,
        /// The track after.
        to: Named,
    },
    /// A role moved to another grade.
    MovedGrade {
        /// The grade before.
        from: Named,
        /// The grade after.
        to: Named,
        /// Up or down the axis.
        direction: Direction,
    },
    /// A skill moved to another group.
    MovedGroup {
        /// The group before.
        from: Named,
        /// The group after.
        to: Named,
    },
    /// A role or opportunity requires a skill it did not.
    RequirementAdded {
        /// The skill.
        skill: Named,
        /// The level now required.
        after: LevelValue,
    },
    /// A role or opportunity no longer requires a skill.
    RequirementRemoved {
        /// The skill.
        skill: Named,
        /// The level required before.
        before: LevelValue,
    },
    /// A higher level of a skill is required.
    RequirementRaised {
        /// The skill.
        skill: Named,
        /// The level before.
        before: LevelValue,
        /// The level after.
        after: LevelValue,
    },
    /// A lower level of a skill is required.
    RequirementLowered {
        /// The skill.
        skill: Named,
        /// The level before.
        before: LevelValue,
        /// The level after.
        after: LevelValue,
    },
    /// The role-specific expectations of a requirement changed.
    ExpectationsEdited {
        /// The skill.
        skill: Named,
        /// Statements that are new.
        added: Vec<String>,
        /// Statements that are gone.
        removed: Vec<String>,
    },
    /// A role's promotions (`next`, written or the track's default) changed.
    PromotionsChanged {
        /// Roles one can now be promoted to.
        added: Vec<Named>,
        /// Roles one can no longer be promoted to.
        removed: Vec<Named>,
    },
    /// A role's sideways moves (`lateral`) changed.
    LateralMovesChanged {
        /// New sideways moves.
        added: Vec<Named>,
        /// Sideways moves that are gone.
        removed: Vec<Named>,
    },
    /// A skill gained a level at the top of its scale.
    LevelAdded {
        /// The new level.
        level: LevelValue,
    },
    /// A skill lost a level at the top of its scale.
    LevelRemoved {
        /// The level that is gone.
        level: LevelValue,
    },
    /// A level descriptor of a skill changed.
    LevelEdited {
        /// The level (number and name after the change).
        level: LevelValue,
        /// Which part of it.
        part: LevelPart,
        /// The text before (name, summary).
        #[serde(skip_serializing_if = "Option::is_none")]
        before: Option<String>,
        /// The text after (name, summary).
        #[serde(skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        /// Statements that are new (signals, examples).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        added: Vec<String>,
        /// Statements that are gone (signals, examples).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        removed: Vec<String>,
        /// The roles that require exactly this level, whose bar this descriptor is.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        roles: Vec<Named>,
    },
    /// The owners who approve changes changed.
    OwnersChanged {
        /// New owners.
        added: Vec<String>,
        /// Owners that are gone.
        removed: Vec<String>,
    },
    /// A pathway's steps changed.
    StepsChanged {
        /// New steps.
        added: Vec<String>,
        /// Steps that are gone.
        removed: Vec<String>,
    },
    /// Any other value: a title, a summary, a description, a pay band, ...
    Field {
        /// The key, as written in the files (`title`, `summary`, `description` for the
        /// Markdown body, ...).
        field: String,
        /// The value before, if any.
        before: Option<String>,
        /// The value after, if any.
        after: Option<String>,
    },
}

/// One change to one subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What it is about.
    pub subject: Subject,
    /// What it means for the people in the framework.
    pub class: Class,
    /// What changed.
    pub detail: Detail,
}

/// Every change between two frameworks, most consequential first (raises, lowers,
/// structural, editorial), then by kind of subject and id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    changes: Vec<Change>,
}

impl Change {
    /// The change in one plain sentence, without its subject: "Requires System design at 4
    /// (Expert), up from 3 (Practitioner)."
    pub fn describe(&self) -> String {
        words::sentence(self, &words::PLAIN)
    }
}

impl Diff {
    /// Every change, raises first.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// True when the two frameworks say the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes are of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// True when some change raises the bar of a role.
    pub fn raises_bar(&self) -> bool {
        self.count(Class::Raises) > 0
    }

    /// The changes about one subject (by its id after the change).
    pub fn about(&self, kind: Kind, id: &str) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(move |c| c.subject.kind == kind && c.subject.id == id)
    }

    /// The changes about the role `id`.
    pub fn for_role<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Change> {
        self.about(Kind::Role, id)
    }

    /// The changes about the skill `id`.
    pub fn for_skill<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Change> {
        self.about(Kind::Skill, id)
    }

    /// The changes that touch the role `id`: its own, and edits to the descriptor of a
    /// skill level it requires.
    pub fn touching_role<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Change> {
        self.changes.iter().filter(move |c| {
            (c.subject.kind == Kind::Role && c.subject.id == id)
                || matches!(&c.detail, Detail::LevelEdited { roles, .. } if roles.iter().any(|r| r.id == id))
        })
    }

    /// The subjects that changed, each once, in the order of their most consequential
    /// change.
    pub fn subjects(&self) -> Vec<&Subject> {
        let mut seen = std::collections::HashSet::new();
        self.changes
            .iter()
            .map(|c| &c.subject)
            .filter(|s| seen.insert((s.kind, s.id.as_str())))
            .collect()
    }

    /// The changes of each subject, in the order of [`Diff::subjects`].
    pub fn by_subject(&self) -> Vec<(&Subject, Vec<&Change>)> {
        let mut index: std::collections::HashMap<(Kind, &str), usize> = Default::default();
        let mut groups: Vec<(&Subject, Vec<&Change>)> = Vec::new();
        for change in &self.changes {
            let key = (change.subject.kind, change.subject.id.as_str());
            let at = *index.entry(key).or_insert_with(|| {
                groups.push((&change.subject, Vec::new()));
                groups.len() - 1
            });
            groups[at].1.push(change);
        }
        groups
    }

    /// The roles whose bar is raised, by id.
    pub fn raised_roles(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .changes
            .iter()
            .filter(|c| c.class == Class::Raises && c.subject.kind == Kind::Role)
            .map(|c| c.subject.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn from_changes(mut changes: Vec<Change>) -> Self {
        // Stable: the changes of one subject keep the order they were found in (the order
        // of the file), after the class.
        changes.sort_by(|a, b| {
            (a.class, a.subject.kind, &a.subject.id).cmp(&(b.class, b.subject.kind, &b.subject.id))
        });
        Diff { changes }
    }
}
