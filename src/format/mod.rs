//! Format: the framework's files as typed definitions, written once.
//!
//! Each table of the format (`trellis.toml`, each kind's front matter, and the tables
//! inside them) is one type here. Everything else follows from these types:
//!
//! - the loader ([`crate::load`]) fills them, and takes from them the keys each table may
//!   have, what the table is called in messages and the example shown for a missing key
//!   ([`shape`]); a decoder that forgets a field does not compile;
//! - the JSON Schema ([`crate::schema`]) is generated from them, their doc comments being
//!   the descriptions an editor shows;
//! - the importer's writer serializes them ([`emit`]).
//!
//! Values carry their place in the file ([`Sp`]), so later stages point at the line.

pub mod emit;
mod value;

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

pub use value::{Date, LevelRef, MAX_MINUTES, OpportunityKind, Sp, Span, StepKind};
pub(crate) use value::{Id, Minutes, Owner};

/// A table of the format.
pub trait Table: JsonSchema + DeserializeOwned + 'static {
    /// What the table is, for messages: "a role", "a pathway step".
    const WHAT: &'static str;
}

/// `trellis.toml`: settings of the framework and its site.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trellis.toml")]
// `grades` is read with a default so that its absence is one clear message; it is required
// all the same.
#[schemars(extend("required" = ["title", "grades"]))]
pub struct Config {
    /// The framework's title, shown on every page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"Acme career framework")]
    pub title: Option<Sp<String>>,
    /// One paragraph about the framework, for the home page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Sp<String>>,
    /// Where the site is served: `/`, a subpath such as `/careers/`, or a full http(s) URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<Sp<String>>,
    /// The edition this source describes, e.g. `"2026.1"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Sp<String>>,
    /// The language of the content; `en` by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Sp<String>>,
    /// Where the source lives (an http(s) link).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<Sp<String>>,
    /// The link to propose a change to a file; `{path}` is replaced by the file's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit_url: Option<Sp<String>>,
    /// Who approves changes to any file of the framework, unless a track or a skill group
    /// names its own owners. Written to CODEOWNERS by `trellis codeowners`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Owner>")]
    pub owners: Vec<Sp<String>>,
    /// The default proficiency scale of every skill without `[[levels]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// What is expected at each grade besides skills (scope, impact, autonomy), in the
    /// order pages show them (by `weight`, then as written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    /// The grade axis that aligns every track, lowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1))]
    pub grades: Vec<Grade>,
    /// Published editions: which git tags `trellis build --editions` builds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editions: Option<Editions>,
}

impl Table for Config {
    const WHAT: &'static str = "`trellis.toml`";
}

/// `[editions]`: published editions.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Editions {
    /// The glob of the git tags that are editions, e.g. `v*`.
    #[schemars(example = &"v*")]
    pub tags: Sp<String>,
}

impl Table for Editions {
    const WHAT: &'static str = "`[editions]`";
}

/// `[scale]`: the default proficiency scale.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["levels"]))]
pub struct Scale {
    /// The names of the levels, lowest first.
    #[serde(default)]
    pub levels: Vec<Sp<String>>,
}

impl Table for Scale {
    const WHAT: &'static str = "`[scale]`";
}

/// One `[[dimensions]]` entry: an expectation that is not a skill, such as scope or
/// impact, written for each grade, track and role.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// The id that `expectations` tables name, e.g. `scope`.
    #[schemars(with = "Id", example = &"scope")]
    pub id: Sp<String>,
    /// The display name, e.g. `Scope`.
    #[schemars(example = &"Scope")]
    pub name: Sp<String>,
    /// One line about what the dimension measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Position among dimensions, lowest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Sp<i64>>,
}

impl Table for Dimension {
    const WHAT: &'static str = "a dimension";
}

/// Statements for each dimension, by dimension id: `scope = ["Owns a feature."]`.
pub type DimensionText = Keyed<Vec<Sp<String>>>;

/// A table whose keys are ids (of dimensions, of grades), each with its span, in the
/// order written.
#[derive(Clone, Debug)]
pub struct Keyed<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<V> Keyed<V> {
    /// True when the table has no entry.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for Keyed<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(&key.value, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Keyed<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyedVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for KeyedVisitor<V> {
            type Value = Keyed<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keyed<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    out.push((key, map.next_value::<V>()?));
                }
                Ok(Keyed(out))
            }
        }
        deserializer.deserialize_map(KeyedVisitor(std::marker::PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for Keyed<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Keyed_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<V>();
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": value
        })
    }
}

/// One `[[grades]]` entry: one grade of the axis.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "GradeEntry")]
pub struct Grade {
    /// The id roles name in `grade`, e.g. `L4`.
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9]+([-._][A-Za-z0-9]+)*$"),
        example = &"L1"
    )]
    pub id: Sp<String>,
    /// The display name, e.g. `Senior`; the id by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Sp<String>>,
    /// One line about the grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// What the grade expects in each dimension, in every track:
    /// `[grades.expectations]` with `scope = ["…"]`.
    #[serde(default, skip_serializing_if = "Keyed::is_empty")]
    pub expectations: DimensionText,
}

impl Table for Grade {
    const WHAT: &'static str = "a grade";
}

/// A track: a ladder or job family, `tracks/<track>.md`. The Markdown body describes it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Track front matter (tracks/<track>.md)")]
pub struct Track {
    /// The id; the file name by default. The track's roles go in `roles/<id>/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Sp<String>>,
    /// The display name.
    #[schemars(example = &"Software engineering")]
    pub name: Sp<String>,
    /// Free text such as `individual contributor` or `management`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Sp<String>>,
    /// Groups tracks on the home page, e.g. `Engineering`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<Sp<String>>,
    /// One line about the track.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Who approves changes to this track and its roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Owner>")]
    pub owners: Vec<Sp<String>>,
    /// Position among tracks, lowest first (format 1.0's name for `weight`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Sp<i64>>,
    /// Position among tracks, lowest first, then by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Sp<i64>>,
    /// What the track adds at a grade in each dimension: `[expectations.L4]` with
    /// `scope = ["…"]`.
    #[serde(default, skip_serializing_if = "Keyed::is_empty")]
    pub expectations: Keyed<DimensionText>,
}

impl Table for Track {
    const WHAT: &'static str = "a track";
}

/// A role: one rung of a track, `roles/<track>/<role>.md`. The Markdown body describes
/// its scope.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Role front matter (roles/<track>/<role>.md)")]
pub struct Role {
    /// The id; the file name by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Sp<String>>,
    /// The display title.
    #[schemars(example = &"Senior software engineer")]
    pub title: Sp<String>,
    /// The id of a grade of `trellis.toml`.
    #[schemars(example = &"L4")]
    pub grade: Sp<String>,
    /// One line about the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Other titles people search for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Sp<String>>,
    /// The roles this one is promoted to; by default the track's role at the next grade.
    /// `[]` for none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<Id>>")]
    pub next: Option<Vec<Sp<String>>>,
    /// Roles of any track one can move to sideways.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Id>")]
    pub lateral: Vec<Sp<String>>,
    /// The pay band, shown when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<Pay>,
    /// The level required of each skill, by skill id.
    #[serde(default, skip_serializing_if = "Requirements::is_empty")]
    pub skills: Requirements,
    /// Sets of skills of which the role asks any `pick`: archetypes, specialisms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// What this role adds in each dimension: `[expectations]` with `scope = ["…"]`.
    #[serde(default, skip_serializing_if = "Keyed::is_empty")]
    pub expectations: DimensionText,
}

impl Table for Role {
    const WHAT: &'static str = "a role";
}

/// A role's pay band.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pay {
    /// The three-letter currency code, e.g. `EUR`.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"), example = &"EUR")]
    pub currency: Sp<String>,
    /// Lower bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub min: Option<Sp<i64>>,
    /// Upper bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max: Option<Sp<i64>>,
}

impl Table for Pay {
    const WHAT: &'static str = "`pay`";
}

/// What a role or opportunity requires of one skill, written as a table.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DetailedRequirement")]
pub struct Requirement {
    /// The required level.
    pub level: Sp<LevelRef>,
    /// Statements specific to this role, shown beside the skill's level descriptors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<Sp<String>>,
}

impl Table for Requirement {
    const WHAT: &'static str = "a skill requirement";
}

/// One `[[choices]]` entry of a role: any `pick` of its skills, each at its level.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the set is, e.g. `Archetype`.
    #[schemars(example = &"Archetype")]
    pub name: Sp<String>,
    /// How many of the skills the role asks for; 1 by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub pick: Option<Sp<i64>>,
    /// One line about the choice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// The skills to choose from, each with its level, as in `[skills]`.
    #[serde(default, skip_serializing_if = "Requirements::is_empty")]
    #[schemars(extend("minProperties" = 2))]
    pub skills: Requirements,
}

impl Table for Choice {
    const WHAT: &'static str = "a choice";
}

/// A `[skills]` table: the requirement of each skill, keyed by the skill's id, in the
/// order written. A requirement without expectations is written as the level alone
/// (`testing = 2`).
#[derive(Clone, Debug, Default)]
pub struct Requirements(pub Vec<(Sp<String>, Requirement)>);

impl Requirements {
    /// True when no skill is required.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Requirements {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (skill, requirement) in &self.0 {
            if requirement.expectations.is_empty() {
                map.serialize_entry(&skill.value, &requirement.level)?;
            } else {
                map.serialize_entry(&skill.value, requirement)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Requirements {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// A requirement as written: the level alone, or the table. (Not serde's
        /// `untagged`, which buffers the value and so loses the spans.)
        enum Written {
            Level(LevelRef),
            Table(Requirement),
        }
        impl<'de> Deserialize<'de> for Written {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WrittenVisitor;
                impl<'de> Visitor<'de> for WrittenVisitor {
                    type Value = Written;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a level number or name, or a table with `level`")
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
                        Ok(Written::Level(LevelRef::Number(v)))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
                        i64::try_from(v)
                            .map(|v| Written::Level(LevelRef::Number(v)))
                            .map_err(|_| E::custom("level too large"))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
                        Ok(Written::Level(LevelRef::Name(v.to_owned())))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Written, A::Error> {
                        Requirement::deserialize(de::value::MapAccessDeserializer::new(map))
                            .map(Written::Table)
                    }
                }
                deserializer.deserialize_any(WrittenVisitor)
            }
        }
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = Requirements;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of skill requirements")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Requirements, A::Error> {
                let mut out = Vec::new();
                while let Some(skill) = map.next_key::<Sp<String>>()? {
                    let written = map.next_value::<toml::Spanned<Written>>()?;
                    let span = written.span();
                    let requirement = match written.into_inner() {
                        Written::Level(level) => Requirement {
                            level: Sp::new(level, span),
                            expectations: Vec::new(),
                        },
                        Written::Table(r) => r,
                    };
                    out.push((skill, requirement));
                }
                Ok(Requirements(out))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

impl JsonSchema for Requirements {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Requirements".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let level = generator.subschema_for::<LevelRef>();
        let table = generator.subschema_for::<Requirement>();
        schemars::json_schema!({
            "description": "The level required of each skill, by skill id: the level alone, or a table with the level and the role's own expectations.",
            "type": "object",
            "additionalProperties": { "anyOf": [level, table] }
        })
    }
}

/// A skill group: `skills/<group>/_group.md`. The Markdown body describes it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Skill group front matter (skills/<group>/_group.md)")]
pub struct Group {
    /// The display name; made from the folder name by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Sp<String>>,
    /// One line about the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Who approves changes to the group's skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Owner>")]
    pub owners: Vec<Sp<String>>,
    /// Position among groups, lowest first, then by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Sp<i64>>,
}

impl Table for Group {
    const WHAT: &'static str = "a skill group";
}

/// A skill, `skills/<group>/<skill>.md`. The Markdown body says what it is and why it
/// matters.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Skill front matter (skills/<group>/<skill>.md)")]
#[schemars(rename = "SkillFile")]
pub struct Skill {
    /// The id; the file name by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Sp<String>>,
    /// The display name.
    #[schemars(example = &"System design")]
    pub name: Sp<String>,
    /// One line about the skill.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Other names people use for the skill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Sp<String>>,
    /// Ids of related skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<Id>")]
    pub related: Vec<Sp<String>>,
    /// Position among the group's skills, lowest first, then by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Sp<i64>>,
    /// The number of the skill's first level, when it starts above 1 (a skill whose
    /// lowest level is the scale's second); 1 by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub first_level: Option<Sp<i64>>,
    /// The skill's own levels, lowest first; the scale of `trellis.toml` when left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
}

impl Table for Skill {
    const WHAT: &'static str = "a skill";
}

/// One `[[levels]]` entry: a proficiency level of a skill.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LevelEntry")]
pub struct Level {
    /// The level's name; taken from the scale at the same position when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Sp<String>>,
    /// One line describing the level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Observable behaviours at this level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<Sp<String>>,
    /// Examples of work at this level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Sp<String>>,
    /// The whole table, where problems with the level point.
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Table for Level {
    const WHAT: &'static str = "a skill level";
}

/// A learning pathway that grows one skill, `pathways/<pathway>.md`. The Markdown body
/// explains how to use it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Pathway front matter (pathways/<pathway>.md)")]
#[schemars(extend("required" = ["title", "skill", "steps"]))]
pub struct Pathway {
    /// The id; the file name by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Sp<String>>,
    /// The display title.
    #[schemars(example = &"From working to practitioner")]
    pub title: Sp<String>,
    /// The id of the skill it grows.
    #[schemars(with = "Id", example = &"system-design")]
    pub skill: Sp<String>,
    /// The level it starts from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Sp<LevelRef>>,
    /// The level it leads to; above `from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Sp<LevelRef>>,
    /// One line, e.g. how long it takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// The steps, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
}

impl Table for Pathway {
    const WHAT: &'static str = "a pathway";
}

/// One `[[steps]]` entry of a pathway.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What to do.
    #[schemars(example = &"Read the design notes")]
    pub title: Sp<String>,
    /// What kind of step it is.
    #[schemars(example = &"reading")]
    pub kind: Sp<StepKind>,
    /// A link to the material (http, https or mailto, or relative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Sp<String>>,
    /// The time it takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Minutes>")]
    pub minutes: Option<Sp<i64>>,
}

impl Table for Step {
    const WHAT: &'static str = "a pathway step";
}

/// An internal project, gig, mentoring, rotation or open role,
/// `opportunities/<opportunity>.md`. The body describes the work.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Opportunity front matter (opportunities/<opportunity>.md)")]
pub struct Opportunity {
    /// The id; the file name by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Sp<String>>,
    /// The display title.
    #[schemars(example = &"Help migrate billing to the new queue")]
    pub title: Sp<String>,
    /// What kind of opportunity it is.
    #[schemars(example = &"project")]
    pub kind: Sp<OpportunityKind>,
    /// The team offering it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<Sp<String>>,
    /// The time it takes, in words: `20% for 3 months`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<Sp<String>>,
    /// Where to ask, e.g. a chat channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Sp<String>>,
    /// The day it closes.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "value::toml_date"
    )]
    pub closes: Option<Sp<Date>>,
    /// The level it asks of each skill, by skill id.
    #[serde(default, skip_serializing_if = "Requirements::is_empty")]
    pub skills: Requirements,
}

impl Table for Opportunity {
    const WHAT: &'static str = "an opportunity";
}

/// A free page, `pages/<page>.md`: how promotions work, principles, a FAQ. The Markdown
/// body is the page.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Page front matter (pages/<page>.md)")]
pub struct Page {
    /// The id; the file name by default. The page is built at `pages/<id>/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Sp<String>>,
    /// The title, shown in the navigation.
    #[schemars(example = &"How promotions work")]
    pub title: Sp<String>,
    /// One line about the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
    /// Position among pages, lowest first, then by title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Sp<i64>>,
}

impl Table for Page {
    const WHAT: &'static str = "a page";
}

/// What the loader needs to know of a table: its name in messages, its keys in the order
/// they are declared, and the example shown when a required key is missing.
#[derive(Debug)]
pub struct Shape {
    /// What the table is: "a role".
    pub what: &'static str,
    /// The keys, in declaration order.
    pub keys: Vec<&'static str>,
    /// The keys the schema requires.
    pub required: Vec<&'static str>,
    /// Each key's example as TOML, from the schema's `examples`.
    examples: Vec<(&'static str, String)>,
}

impl Shape {
    /// The example value of `key`, written as TOML (`"L4"`, `2`).
    pub fn example(&self, key: &str) -> Option<&str> {
        self.examples
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, e)| e.as_str())
    }
}

/// The shape of `T`, computed once per type: loading thousands of files asks for it
/// thousands of times.
pub fn shape<T: Table>() -> &'static Shape {
    static SHAPES: OnceLock<RwLock<HashMap<std::any::TypeId, &'static Shape>>> = OnceLock::new();
    let shapes = SHAPES.get_or_init(Default::default);
    let id = std::any::TypeId::of::<T>();
    if let Some(shape) = shapes.read().ok().and_then(|s| s.get(&id).copied()) {
        return shape;
    }
    let shape: &'static Shape = Box::leak(Box::new(compute_shape::<T>()));
    if let Ok(mut shapes) = shapes.write() {
        shapes.entry(id).or_insert(shape)
    } else {
        shape
    }
}

fn compute_shape<T: Table>() -> Shape {
    let schema = schemars::SchemaGenerator::new(SchemaSettings::draft07())
        .into_root_schema_for::<T>()
        .to_value();
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    let properties = schema.get("properties").and_then(|p| p.as_object());
    // The schema's properties are sorted; serde knows the order the fields are declared
    // in, which is the order documentation and messages list them.
    let keys: Vec<&'static str> = declared_fields::<T>()
        .iter()
        .copied()
        .filter(|k| properties.is_some_and(|p| p.contains_key(*k)))
        .collect();
    let required = schema
        .get("required")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str())
        .map(leak)
        .collect();
    let examples = properties
        .into_iter()
        .flatten()
        .filter_map(|(key, property)| {
            let example = property.get("examples")?.as_array()?.first()?;
            let toml = match example {
                serde_json::Value::String(s) => crate::format::emit::basic_string(s),
                other => other.to_string(),
            };
            Some((leak(key), toml))
        })
        .collect();
    Shape {
        what: T::WHAT,
        keys,
        required,
        examples,
    }
}

/// The field names serde's derive declares for `T`, in order: a deserializer that only
/// records what `deserialize_struct` is asked for.
fn declared_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    #[derive(Debug)]
    struct Fields(&'static [&'static str]);
    impl std::fmt::Display for Fields {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields")
        }
    }
    impl std::error::Error for Fields {}
    impl de::Error for Fields {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Fields(&[])
        }
    }
    struct Probe;
    impl<'de> Deserializer<'de> for Probe {
        type Error = Fields;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
            Err(Fields(&[]))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Fields> {
            Err(Fields(fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    match T::deserialize(Probe) {
        Err(Fields(fields)) => fields,
        Ok(_) => &[],
    }
}
