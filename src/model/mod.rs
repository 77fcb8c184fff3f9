//! Model: the typed framework, with every reference resolved to an index.
//!
//! [`build`] turns the [`crate::load::Loaded`] file records into a [`Framework`]: ids are
//! checked and made unique, every reference (track, grade, skill, level, role) is looked up,
//! and the default promotion edges are added. A reference that does not resolve becomes a
//! diagnostic with the nearest existing ids, and the thing that held it is left out, so later
//! stages only ever see a consistent model.

mod build;
mod id;
pub mod links;

use std::ops::{Deref, Index};
use std::sync::Arc;

pub use build::build;
pub use id::{is_valid_id, slugify};

use crate::diagnostic::{SourceId, Span};
use crate::format::{Date, OpportunityKind, StepKind};
use crate::load::Sp;

/// A file's Markdown body: the end of its source text, shared with the source map rather
/// than copied, since bodies are half the bytes of a framework. Reads as a `str`.
#[derive(Clone, Default)]
pub struct Body {
    text: Arc<String>,
    start: usize,
}

impl Body {
    /// The text of `text` from byte `start` on (empty if `start` is not a character
    /// boundary within it).
    pub fn new(text: Arc<String>, start: usize) -> Self {
        let start = if text.is_char_boundary(start) {
            start
        } else {
            text.len()
        };
        Body { text, start }
    }
}

impl Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::new(Arc::new(text), 0)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Self {
        Body::from(text.to_owned())
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Body {}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl serde::Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

macro_rules! index_type {
    ($($(#[$doc:meta])* $name:ident => $field:ident: $item:ty;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);

        impl Index<$name> for Framework {
            type Output = $item;
            fn index(&self, index: $name) -> &$item {
                &self.$field[index.0]
            }
        }
    )*};
}

index_type! {
    /// Index of a [`Grade`] in [`Framework::grades`]; grades are ordered, so lower is junior.
    GradeId => grades: Grade;
    /// Index of a [`Track`] in [`Framework::tracks`].
    TrackId => tracks: Track;
    /// Index of a [`Role`] in [`Framework::roles`].
    RoleId => roles: Role;
    /// Index of a [`SkillGroup`] in [`Framework::groups`].
    GroupId => groups: SkillGroup;
    /// Index of a [`Skill`] in [`Framework::skills`].
    SkillId => skills: Skill;
    /// Index of a [`Pathway`] in [`Framework::pathways`].
    PathwayId => pathways: Pathway;
    /// Index of an [`Opportunity`] in [`Framework::opportunities`].
    OpportunityId => opportunities: Opportunity;
    /// Index of a free [`Page`] in [`Framework::pages`].
    PageId => pages: Page;
}

/// A whole career framework.
#[derive(Clone, Debug, Default)]
pub struct Framework {
    /// Site-wide settings from `trellis.toml`.
    pub config: Config,
    /// The global grade axis, lowest first.
    pub grades: Vec<Grade>,
    /// The default proficiency scale, lowest first.
    pub scale: Vec<String>,
    /// Tracks, in display order (`order`, then name).
    pub tracks: Vec<Track>,
    /// Roles, in file order (by track folder, then file name).
    pub roles: Vec<Role>,
    /// Skill groups, by id.
    pub groups: Vec<SkillGroup>,
    /// Skills, in file order (by group folder, then file name).
    pub skills: Vec<Skill>,
    /// Pathways, by id.
    pub pathways: Vec<Pathway>,
    /// Opportunities, by id.
    pub opportunities: Vec<Opportunity>,
    /// The dimensions besides skills (scope, impact), by `weight`, then as written.
    pub dimensions: Vec<Dimension>,
    /// Free pages, by `weight`, then title.
    pub pages: Vec<Page>,
    /// The page each framework file becomes, for links written between them.
    pub links: links::Targets,
}

/// An expectation that is not a skill, written per grade, per track and grade, and per
/// role.
#[derive(Clone, Debug)]
pub struct Dimension {
    /// Id, the key of `expectations` tables.
    pub id: String,
    /// Display name.
    pub name: String,
    /// One line.
    pub summary: Option<String>,
}

/// Statements for each dimension, indexed like [`Framework::dimensions`]; a dimension
/// without text has an empty list.
pub type DimensionText = Vec<Vec<String>>;

/// A free page: how promotions work, principles, a FAQ.
#[derive(Clone, Debug)]
pub struct Page {
    /// Id; the page is built at `pages/<id>/`.
    pub id: String,
    /// Title.
    pub title: String,
    /// One line.
    pub summary: Option<String>,
    /// Position among pages, as written; pages without one come after those with one.
    pub weight: Option<i64>,
    /// Markdown.
    pub body: Body,
    /// Where it is written.
    pub origin: Origin,
}

/// Settings from `trellis.toml`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The site's title.
    pub title: String,
    /// One paragraph about the framework.
    pub description: Option<String>,
    /// Where the site is served: `/`, a subpath, or a full URL.
    pub base_url: String,
    /// The edition this source describes.
    pub version: Option<String>,
    /// The content's language, default `en`.
    pub language: String,
    /// Where the source lives.
    pub repository: Option<Sp<String>>,
    /// Edit-link template with `{path}`.
    pub edit_url: Option<Sp<String>>,
    /// Default owners of every file.
    pub owners: Vec<String>,
    /// `[editions] tags`: the glob of the git tags that are published editions.
    pub edition_tags: Option<String>,
    /// `trellis.toml` itself.
    pub source: Option<SourceId>,
}

/// A step of the global grade axis.
#[derive(Clone, Debug)]
pub struct Grade {
    /// `L4`.
    pub id: String,
    /// `Senior`.
    pub name: String,
    /// Optional one line.
    pub summary: Option<String>,
    /// What the grade expects in each dimension, in every track.
    pub expectations: DimensionText,
}

/// Where an entity is written.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The file.
    pub source: SourceId,
    /// The file's path relative to the framework root.
    pub path: String,
    /// The opening `+++`.
    pub anchor: Span,
}

/// A ladder or job family.
#[derive(Clone, Debug)]
pub struct Track {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text such as "management".
    pub kind: Option<String>,
    /// Groups tracks on the home page.
    pub family: Option<String>,
    /// One line.
    pub summary: Option<String>,
    /// Who approves changes to this track's roles.
    pub owners: Vec<String>,
    /// Position among tracks (`weight`, or format 1.0's `order`).
    pub order: Option<i64>,
    /// What the track adds in each dimension at some grades.
    pub expectations: Vec<(GradeId, DimensionText)>,
    /// Markdown.
    pub body: Body,
    /// Its roles, by grade then title.
    pub roles: Vec<RoleId>,
    /// Where it is written.
    pub origin: Origin,
}

/// A role: one rung of a track.
#[derive(Clone, Debug)]
pub struct Role {
    /// Id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// The track it belongs to.
    pub track: TrackId,
    /// Its grade.
    pub grade: GradeId,
    /// Where `grade = …` is written.
    pub grade_span: Span,
    /// One line.
    pub summary: Option<String>,
    /// Other titles people search for.
    pub aliases: Vec<Sp<String>>,
    /// Promotions, explicit or the track's default.
    pub next: Vec<Move>,
    /// Sideways moves.
    pub lateral: Vec<Move>,
    /// Pay band.
    pub pay: Option<Pay>,
    /// Skill requirements, in file order.
    pub requirements: Vec<Requirement>,
    /// Sets of skills of which the role asks any `pick`.
    pub choices: Vec<Choice>,
    /// What the role adds in each dimension.
    pub expectations: DimensionText,
    /// Markdown.
    pub body: Body,
    /// Where it is written.
    pub origin: Origin,
}

/// Any `pick` of a set of skills, each at its level: archetypes, specialisms.
#[derive(Clone, Debug)]
pub struct Choice {
    /// What the set is: "Archetype".
    pub name: String,
    /// How many of the skills the role asks for; at least 1, fewer than the skills.
    pub pick: usize,
    /// One line.
    pub summary: Option<String>,
    /// The skills to choose from.
    pub requirements: Vec<Requirement>,
}

/// The text that applies to a role in one dimension, most general first.
#[derive(Clone, Copy, Debug)]
pub struct DimensionLayers<'a> {
    /// The dimension.
    pub dimension: &'a Dimension,
    /// What its grade says, in every track.
    pub grade: &'a [String],
    /// What its track adds at its grade.
    pub track: &'a [String],
    /// What the role itself adds.
    pub role: &'a [String],
}

impl DimensionLayers<'_> {
    /// True when no layer says anything.
    pub fn is_empty(&self) -> bool {
        self.grade.is_empty() && self.track.is_empty() && self.role.is_empty()
    }

    /// Every statement, most general first.
    pub fn statements(&self) -> impl Iterator<Item = &String> {
        self.grade.iter().chain(self.track).chain(self.role)
    }
}

/// An edge of the progression graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// The role moved to.
    pub to: RoleId,
    /// Where the move is written; `None` for the default promotion of a track.
    pub span: Option<Span>,
}

impl Move {
    /// True for the track's default promotion (no `next` written).
    pub fn is_default(&self) -> bool {
        self.span.is_none()
    }
}

/// A pay band.
#[derive(Clone, Debug)]
pub struct Pay {
    /// ISO 4217 code.
    pub currency: Sp<String>,
    /// Lower bound.
    pub min: Option<Sp<i64>>,
    /// Upper bound.
    pub max: Option<Sp<i64>>,
}

/// A required level of one skill.
#[derive(Clone, Debug)]
pub struct Requirement {
    /// The skill.
    pub skill: SkillId,
    /// 1-based level on the skill's own scale.
    pub level: usize,
    /// Statements specific to this role or opportunity.
    pub expectations: Vec<String>,
    /// Where the level is written.
    pub span: Span,
}

/// A folder of skills.
#[derive(Clone, Debug)]
pub struct SkillGroup {
    /// The folder name.
    pub id: String,
    /// From `_group.md`, or made from the id.
    pub name: String,
    /// One line.
    pub summary: Option<String>,
    /// Who approves changes to its skills, from `_group.md`.
    pub owners: Vec<String>,
    /// Markdown from `_group.md`.
    pub body: Body,
    /// The path of its `_group.md` from the framework root, when it has one: links in the
    /// body are written from there.
    pub path: Option<String>,
    /// Its skills, by `weight`, then in file order.
    pub skills: Vec<SkillId>,
}

/// A skill and its proficiency levels.
#[derive(Clone, Debug)]
pub struct Skill {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its group.
    pub group: GroupId,
    /// One line.
    pub summary: Option<String>,
    /// Other names people use.
    pub aliases: Vec<String>,
    /// Related skills.
    pub related: Vec<SkillId>,
    /// Levels, lowest first; never empty. `levels[0]` is level [`Skill::first_level`].
    pub levels: Vec<Level>,
    /// The number of the lowest level: 1, or more for a skill that starts higher.
    pub first_level: usize,
    /// Markdown.
    pub body: Body,
    /// Where it is written.
    pub origin: Origin,
}

impl Skill {
    /// The level numbered `level` (1-based, on the framework's scale).
    pub fn level(&self, level: usize) -> Option<&Level> {
        level
            .checked_sub(self.first_level)
            .and_then(|i| self.levels.get(i))
    }

    /// The number of the highest level.
    pub fn last_level(&self) -> usize {
        self.first_level + self.levels.len().saturating_sub(1)
    }

    /// Every level with its number, lowest first.
    pub fn numbered_levels(&self) -> impl Iterator<Item = (usize, &Level)> {
        self.levels
            .iter()
            .enumerate()
            .map(|(i, l)| (self.first_level + i, l))
    }

    /// The name of level `level`, or `"level N"` if the skill has none of that number.
    pub fn level_name(&self, level: usize) -> String {
        self.level(level)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| format!("level {level}"))
    }
}

/// Levels `first` to `last` as pages write them: `5` for a skill whose levels start at 1,
/// `2–5` for one that starts above.
pub fn level_range(first: usize, last: usize) -> String {
    if first > 1 {
        format!("{first}–{last}")
    } else {
        last.to_string()
    }
}

/// One proficiency level of a skill.
#[derive(Clone, Debug)]
pub struct Level {
    /// Name, from the skill or the scale.
    pub name: String,
    /// One line.
    pub summary: Option<String>,
    /// Observable behaviours.
    pub signals: Vec<String>,
    /// Concrete examples.
    pub examples: Vec<String>,
}

/// A learning pathway that grows one skill.
#[derive(Clone, Debug)]
pub struct Pathway {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The skill it grows.
    pub skill: SkillId,
    /// 1-based starting level.
    pub from: Option<Sp<usize>>,
    /// 1-based target level.
    pub to: Option<Sp<usize>>,
    /// One line.
    pub summary: Option<String>,
    /// Steps in order.
    pub steps: Vec<Step>,
    /// Markdown.
    pub body: Body,
    /// Where it is written.
    pub origin: Origin,
}

/// One step of a pathway.
#[derive(Clone, Debug)]
pub struct Step {
    /// Title.
    pub title: String,
    /// What kind of learning it is.
    pub kind: StepKind,
    /// Link.
    pub url: Option<Sp<String>>,
    /// Expected time.
    pub minutes: Option<u32>,
}

/// An internal project, gig, mentoring or rotation.
#[derive(Clone, Debug)]
pub struct Opportunity {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// What kind of opportunity it is.
    pub kind: OpportunityKind,
    /// Team.
    pub team: Option<String>,
    /// Time commitment.
    pub time: Option<String>,
    /// Where to ask.
    pub contact: Option<String>,
    /// The day it closes.
    pub closes: Option<Date>,
    /// Skills it asks for.
    pub requirements: Vec<Requirement>,
    /// Markdown.
    pub body: Body,
    /// Where it is written.
    pub origin: Origin,
}

impl Opportunity {
    /// True unless it closed before `today` (`YYYY-MM-DD`; a day that does not parse
    /// closes nothing).
    pub fn is_open_on(&self, today: &str) -> bool {
        match (self.closes, Date::parse(today)) {
            (Some(closes), Some(today)) => closes >= today,
            _ => true,
        }
    }
}

impl Framework {
    /// Every role id with its index.
    pub fn role_ids(&self) -> impl Iterator<Item = (RoleId, &Role)> {
        self.roles.iter().enumerate().map(|(i, r)| (RoleId(i), r))
    }

    /// The role with `id`.
    pub fn find_role(&self, id: &str) -> Option<RoleId> {
        self.roles.iter().position(|r| r.id == id).map(RoleId)
    }

    /// The skill with `id`.
    pub fn find_skill(&self, id: &str) -> Option<SkillId> {
        self.skills.iter().position(|s| s.id == id).map(SkillId)
    }

    /// The track with `id`.
    pub fn find_track(&self, id: &str) -> Option<TrackId> {
        self.tracks.iter().position(|t| t.id == id).map(TrackId)
    }

    /// What applies to `role` in each dimension: its grade's text, its track's at that
    /// grade, its own. Dimensions in which nothing applies are left out.
    pub fn dimension_layers(&self, role: RoleId) -> Vec<DimensionLayers<'_>> {
        let role = &self[role];
        let grade = &self[role.grade].expectations;
        let track = self[role.track]
            .expectations
            .iter()
            .find(|(g, _)| *g == role.grade)
            .map(|(_, text)| text);
        let empty: &[String] = &[];
        self.dimensions
            .iter()
            .enumerate()
            .map(|(i, dimension)| DimensionLayers {
                dimension,
                grade: grade.get(i).map_or(empty, Vec::as_slice),
                track: track.and_then(|t| t.get(i)).map_or(empty, Vec::as_slice),
                role: role.expectations.get(i).map_or(empty, Vec::as_slice),
            })
            .filter(|layers| !layers.is_empty())
            .collect()
    }
}
