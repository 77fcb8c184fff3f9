//! Schema: JSON Schema of `trellis.toml` and of each kind's front matter, so an editor
//! (Even Better TOML, or anything built on taplo) completes keys, shows what each means
//! and flags a typo before `trellis check` runs.
//!
//! The schemas are generated with schemars from the types below, whose doc comments are
//! the descriptions an editor shows. The loader reads the files through its own spanned
//! reader ([`crate::load`]) to report every problem at its line; a test checks that the
//! two agree on every key of every table, so neither can drift from the other.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use crate::load::{MAX_MINUTES, OPPORTUNITY_KINDS, STEP_KINDS};

/// The files a schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `trellis.toml`.
    Config,
    /// `tracks/<track>.md`.
    Track,
    /// `roles/<track>/<role>.md`.
    Role,
    /// `skills/<group>/_group.md`.
    Group,
    /// `skills/<group>/<skill>.md`.
    Skill,
    /// `pathways/<pathway>.md`.
    Pathway,
    /// `opportunities/<opportunity>.md`.
    Opportunity,
}

impl FileKind {
    /// Every kind, in the order of the format's documentation.
    pub const ALL: [FileKind; 7] = [
        FileKind::Config,
        FileKind::Track,
        FileKind::Role,
        FileKind::Group,
        FileKind::Skill,
        FileKind::Pathway,
        FileKind::Opportunity,
    ];

    /// The schema's file name: `trellis.schema.json`, `role.schema.json`, ...
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Config => "trellis.schema.json",
            FileKind::Track => "track.schema.json",
            FileKind::Role => "role.schema.json",
            FileKind::Group => "group.schema.json",
            FileKind::Skill => "skill.schema.json",
            FileKind::Pathway => "pathway.schema.json",
            FileKind::Opportunity => "opportunity.schema.json",
        }
    }
}

/// The JSON Schema (draft 7, which taplo and most editors read) of one kind of file.
pub fn schema(kind: FileKind) -> serde_json::Value {
    let generator = SchemaGenerator::new(SchemaSettings::draft07());
    let schema = match kind {
        FileKind::Config => generator.into_root_schema_for::<Config>(),
        FileKind::Track => generator.into_root_schema_for::<Track>(),
        FileKind::Role => generator.into_root_schema_for::<Role>(),
        FileKind::Group => generator.into_root_schema_for::<Group>(),
        FileKind::Skill => generator.into_root_schema_for::<SkillFile>(),
        FileKind::Pathway => generator.into_root_schema_for::<Pathway>(),
        FileKind::Opportunity => generator.into_root_schema_for::<Opportunity>(),
    };
    let mut value = schema.to_value();
    drop_null(&mut value);
    value
}

/// The schema as the file `trellis schema` writes: pretty JSON with a final newline.
pub fn to_text(kind: FileKind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads `toml` (a `trellis.toml`, or the front matter of a file of `kind`) into the types
/// the schema is generated from, with unknown keys refused: a test runs every real file
/// through it, so the schema cannot reject what the loader accepts.
pub fn accepts(kind: FileKind, toml: &str) -> Result<(), String> {
    fn read<T: serde::de::DeserializeOwned>(toml: &str) -> Result<(), String> {
        toml::from_str::<T>(toml)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    match kind {
        FileKind::Config => read::<Config>(toml),
        FileKind::Track => read::<Track>(toml),
        FileKind::Role => read::<Role>(toml),
        FileKind::Group => read::<Group>(toml),
        FileKind::Skill => read::<SkillFile>(toml),
        FileKind::Pathway => read::<Pathway>(toml),
        FileKind::Opportunity => read::<Opportunity>(toml),
    }
}

/// TOML has no null: an optional key is one that may be left out, not one that may be
/// null, so the `null` schemars adds for an `Option` is taken out again.
fn drop_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                let Some(Value::Array(options)) = map.get_mut(key) else {
                    continue;
                };
                options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                if options.len() == 1 {
                    let Some(Value::Object(only)) = options.pop() else {
                        continue;
                    };
                    map.remove(key);
                    for (k, v) in only {
                        map.entry(k).or_insert(v);
                    }
                }
            }
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            for child in map.values_mut() {
                drop_null(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// An id: lowercase letters and digits in runs joined by single hyphens.
#[derive(Deserialize)]
struct Id(#[allow(dead_code)] String);

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "description": "An id: lowercase letters and digits, in runs joined by single hyphens (`system-design`)."
        })
    }
}

/// Someone who approves changes: `@user`, `@org/team` or an e-mail address.
#[derive(Deserialize)]
struct Owner(#[allow(dead_code)] String);

impl JsonSchema for Owner {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Owner".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^(@@?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*|[^@\\s]+@[^@\\s]+\\.[^@\\s]+)$",
            "description": "A user or team of the code host, `@name` or `@org/team`, or an e-mail address."
        })
    }
}

/// A pathway step's kind.
#[derive(Deserialize)]
struct StepKind(#[allow(dead_code)] String);

impl JsonSchema for StepKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StepKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": STEP_KINDS })
    }
}

/// An opportunity's kind.
#[derive(Deserialize)]
struct OpportunityKind(#[allow(dead_code)] String);

impl JsonSchema for OpportunityKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OpportunityKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": OPPORTUNITY_KINDS })
    }
}

/// An unquoted TOML date, `2026-12-31`.
#[derive(Deserialize)]
struct Date(#[allow(dead_code)] toml::value::Datetime);

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A date without quotes or time, e.g. `2026-12-31`."
        })
    }
}

/// The length of a pathway step.
#[derive(Deserialize)]
struct Minutes(#[allow(dead_code)] i64);

impl JsonSchema for Minutes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Minutes".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_MINUTES,
            "description": "The time the step takes, in minutes."
        })
    }
}

/// Settings of the framework and its site.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trellis.toml")]
#[allow(dead_code)]
struct Config {
    /// The framework's title, shown on every page.
    title: String,
    /// One paragraph about the framework, for the home page.
    description: Option<String>,
    /// Where the site is served: `/`, a subpath such as `/careers/`, or a full http(s) URL.
    base_url: Option<String>,
    /// The edition this source describes, e.g. `"2026.1"`.
    version: Option<String>,
    /// The language of the content; `en` by default.
    language: Option<String>,
    /// Where the source lives (an http(s) link).
    repository: Option<String>,
    /// The link to propose a change to a file; `{path}` is replaced by the file's path.
    edit_url: Option<String>,
    /// Who approves changes to any file of the framework, unless a track or a skill group
    /// names its own owners. Written to CODEOWNERS by `trellis codeowners`.
    owners: Option<Vec<Owner>>,
    /// The default proficiency scale of every skill without `[[levels]]`.
    scale: Option<Scale>,
    /// The grade axis that aligns every track, lowest first.
    #[schemars(length(min = 1))]
    grades: Vec<GradeEntry>,
    /// Published editions: which git tags `trellis build --editions` builds.
    editions: Option<Editions>,
}

/// Published editions.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Editions {
    /// The glob of the git tags that are editions, e.g. `v*`.
    tags: String,
}

/// The default proficiency scale.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Scale {
    /// The names of the levels, lowest first.
    levels: Vec<String>,
}

/// One grade of the axis.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct GradeEntry {
    /// The id roles name in `grade`, e.g. `L4`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9]+([-._][A-Za-z0-9]+)*$"))]
    id: String,
    /// The display name, e.g. `Senior`; the id by default.
    name: Option<String>,
    /// One line about the grade.
    summary: Option<String>,
}

/// A track: a ladder or job family. The Markdown body describes it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Track front matter (tracks/<track>.md)")]
#[allow(dead_code)]
struct Track {
    /// The id; the file name by default. The track's roles go in `roles/<id>/`.
    id: Option<Id>,
    /// The display name.
    name: String,
    /// Free text such as `individual contributor` or `management`.
    kind: Option<String>,
    /// Groups tracks on the home page, e.g. `Engineering`.
    family: Option<String>,
    /// One line about the track.
    summary: Option<String>,
    /// Who approves changes to this track and its roles.
    owners: Option<Vec<Owner>>,
    /// Position among tracks, lowest first.
    order: Option<i64>,
}

/// A level of a skill: a number (1 is the lowest) or the level's name.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Level {
    /// 1 is the lowest level of the skill's scale.
    Number(#[schemars(range(min = 1))] i64),
    /// The exact name of one of the skill's levels.
    Name(String),
}

/// What a role or opportunity requires of one skill.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Requirement {
    /// The level alone.
    Level(Level),
    /// The level with statements specific to this role.
    Detailed(DetailedRequirement),
}

/// A requirement with role-specific expectations.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DetailedRequirement {
    /// The required level.
    level: Level,
    /// Statements specific to this role, shown beside the skill's level descriptors.
    expectations: Option<Vec<String>>,
}

/// A pay band.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Pay {
    /// The three-letter currency code, e.g. `EUR`.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    currency: String,
    /// Lower bound.
    #[schemars(range(min = 0))]
    min: Option<i64>,
    /// Upper bound.
    #[schemars(range(min = 0))]
    max: Option<i64>,
}

/// A role: one rung of a track, in `roles/<track>/`. The Markdown body describes its scope.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Role front matter (roles/<track>/<role>.md)")]
#[allow(dead_code)]
struct Role {
    /// The id; the file name by default.
    id: Option<Id>,
    /// The display title.
    title: String,
    /// The id of a grade of `trellis.toml`.
    grade: String,
    /// One line about the role.
    summary: Option<String>,
    /// Other titles people search for.
    aliases: Option<Vec<String>>,
    /// The roles this one is promoted to; by default the track's role at the next grade.
    /// `[]` for none.
    next: Option<Vec<Id>>,
    /// Roles of any track one can move to sideways.
    lateral: Option<Vec<Id>>,
    /// The pay band, shown when present.
    pay: Option<Pay>,
    /// The level required of each skill, by skill id.
    skills: Option<BTreeMap<String, Requirement>>,
}

/// A skill group: `skills/<group>/_group.md`. The Markdown body describes it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Skill group front matter (skills/<group>/_group.md)")]
#[allow(dead_code)]
struct Group {
    /// The display name; made from the folder name by default.
    name: Option<String>,
    /// One line about the group.
    summary: Option<String>,
    /// Who approves changes to the group's skills.
    owners: Option<Vec<Owner>>,
}

/// One proficiency level of a skill.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct LevelEntry {
    /// The level's name; taken from the scale at the same position when left out.
    name: Option<String>,
    /// One line describing the level.
    summary: Option<String>,
    /// Observable behaviours at this level.
    signals: Option<Vec<String>>,
    /// Examples of work at this level.
    examples: Option<Vec<String>>,
}

/// A skill, in `skills/<group>/`. The Markdown body says what it is and why it matters.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Skill front matter (skills/<group>/<skill>.md)")]
#[allow(dead_code)]
struct SkillFile {
    /// The id; the file name by default.
    id: Option<Id>,
    /// The display name.
    name: String,
    /// One line about the skill.
    summary: Option<String>,
    /// Other names people use for the skill.
    aliases: Option<Vec<String>>,
    /// Ids of related skills.
    related: Option<Vec<Id>>,
    /// The skill's own levels, lowest first; the scale of `trellis.toml` when left out.
    levels: Option<Vec<LevelEntry>>,
}

/// One step of a pathway.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Step {
    /// What to do.
    title: String,
    /// What kind of step it is.
    kind: StepKind,
    /// A link to the material (http, https or mailto, or relative).
    url: Option<String>,
    /// The time it takes.
    minutes: Option<Minutes>,
}

/// A learning pathway that grows one skill. The Markdown body explains how to use it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Pathway front matter (pathways/<pathway>.md)")]
#[allow(dead_code)]
struct Pathway {
    /// The id; the file name by default.
    id: Option<Id>,
    /// The display title.
    title: String,
    /// The id of the skill it grows.
    skill: Id,
    /// The level it starts from.
    from: Option<Level>,
    /// The level it leads to; above `from`.
    to: Option<Level>,
    /// One line, e.g. how long it takes.
    summary: Option<String>,
    /// The steps, in order.
    #[schemars(length(min = 1))]
    steps: Vec<Step>,
}

/// An internal project, gig, mentoring, rotation or open role. The body describes the work.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Opportunity front matter (opportunities/<opportunity>.md)")]
#[allow(dead_code)]
struct Opportunity {
    /// The id; the file name by default.
    id: Option<Id>,
    /// The display title.
    title: String,
    /// What kind of opportunity it is.
    kind: OpportunityKind,
    /// The team offering it.
    team: Option<String>,
    /// The time it takes, in words: `20% for 3 months`.
    time: Option<String>,
    /// Where to ask, e.g. a chat channel.
    contact: Option<String>,
    /// The day it closes.
    closes: Option<Date>,
    /// The level it asks of each skill, by skill id.
    skills: Option<BTreeMap<String, Requirement>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::*;
    use serde_json::Value;

    fn keys(schema: &Value) -> Vec<String> {
        let mut keys: Vec<String> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    fn definition<'a>(schema: &'a Value, name: &str) -> &'a Value {
        &schema["definitions"][name]
    }

    #[test]
    fn every_table_has_the_keys_the_loader_reads() {
        let config = schema(FileKind::Config);
        assert_eq!(keys(&config), sorted(CONFIG_KEYS));
        assert_eq!(keys(definition(&config, "Scale")), sorted(SCALE_KEYS));
        assert_eq!(keys(definition(&config, "Editions")), sorted(EDITIONS_KEYS));
        assert_eq!(keys(definition(&config, "GradeEntry")), sorted(GRADE_KEYS));
        assert_eq!(keys(&schema(FileKind::Track)), sorted(TRACK_KEYS));
        let role = schema(FileKind::Role);
        assert_eq!(keys(&role), sorted(ROLE_KEYS));
        assert_eq!(keys(definition(&role, "Pay")), sorted(PAY_KEYS));
        assert_eq!(
            keys(definition(&role, "DetailedRequirement")),
            sorted(REQUIREMENT_KEYS)
        );
        assert_eq!(keys(&schema(FileKind::Group)), sorted(GROUP_KEYS));
        let skill = schema(FileKind::Skill);
        assert_eq!(keys(&skill), sorted(SKILL_KEYS));
        assert_eq!(keys(definition(&skill, "LevelEntry")), sorted(LEVEL_KEYS));
        let pathway = schema(FileKind::Pathway);
        assert_eq!(keys(&pathway), sorted(PATHWAY_KEYS));
        assert_eq!(keys(definition(&pathway, "Step")), sorted(STEP_KEYS));
        assert_eq!(
            keys(&schema(FileKind::Opportunity)),
            sorted(OPPORTUNITY_KEYS)
        );
    }

    #[test]
    fn unknown_keys_are_rejected_and_required_keys_listed() {
        let role = schema(FileKind::Role);
        assert_eq!(role["additionalProperties"], false);
        assert_eq!(role["required"], serde_json::json!(["title", "grade"]));
        assert_eq!(
            definition(&schema(FileKind::Pathway), "StepKind")["enum"],
            serde_json::json!(STEP_KINDS)
        );
    }

    #[test]
    fn no_schema_allows_null() {
        for kind in FileKind::ALL {
            let text = to_text(kind);
            assert!(!text.contains("\"null\""), "{}: {text}", kind.file_name());
        }
    }
}
