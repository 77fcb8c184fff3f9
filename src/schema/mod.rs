//! Schema: JSON Schema of `trellis.toml` and of each kind's front matter, so an editor
//! (Even Better TOML, or anything built on taplo) completes keys, shows what each means
//! and flags a typo before `trellis check` runs.
//!
//! The schemas are generated with schemars from the format's own definitions
//! ([`crate::format`]), whose doc comments are the descriptions an editor shows; the
//! loader and the importer's writer use the same definitions.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;

use crate::format::{Config, Group, Opportunity, Page, Pathway, Role, Skill, Table, Track, shape};

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
    /// `pages/<page>.md`.
    Page,
}

impl FileKind {
    /// Every kind, in the order of the format's documentation.
    pub const ALL: [FileKind; 8] = [
        FileKind::Config,
        FileKind::Track,
        FileKind::Role,
        FileKind::Group,
        FileKind::Skill,
        FileKind::Pathway,
        FileKind::Opportunity,
        FileKind::Page,
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
            FileKind::Page => "page.schema.json",
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
        FileKind::Skill => generator.into_root_schema_for::<Skill>(),
        FileKind::Pathway => generator.into_root_schema_for::<Pathway>(),
        FileKind::Opportunity => generator.into_root_schema_for::<Opportunity>(),
        FileKind::Page => generator.into_root_schema_for::<Page>(),
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
    fn read<T: Table>(toml: &str) -> Result<(), String> {
        toml::from_str::<T>(toml).map_err(|e| e.to_string())?;
        // Keys the format requires but the loader reads with a default, to say more than
        // serde would when they are missing (`grades`, `steps`).
        let table: toml::Table = toml::from_str(toml).map_err(|e| e.to_string())?;
        match shape::<T>()
            .required
            .iter()
            .find(|k| !table.contains_key(**k))
        {
            Some(missing) => Err(format!("missing field `{missing}`")),
            None => Ok(()),
        }
    }
    match kind {
        FileKind::Config => read::<Config>(toml),
        FileKind::Track => read::<Track>(toml),
        FileKind::Role => read::<Role>(toml),
        FileKind::Group => read::<Group>(toml),
        FileKind::Skill => read::<Skill>(toml),
        FileKind::Pathway => read::<Pathway>(toml),
        FileKind::Opportunity => read::<Opportunity>(toml),
        FileKind::Page => read::<Page>(toml),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{self, StepKind};
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

    fn loader_keys<T: Table>() -> Vec<String> {
        let mut keys: Vec<String> = shape::<T>().keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    fn definition<'a>(schema: &'a Value, name: &str) -> &'a Value {
        &schema["definitions"][name]
    }

    #[test]
    fn every_table_has_the_keys_the_loader_reads() {
        let config = schema(FileKind::Config);
        assert_eq!(keys(&config), loader_keys::<format::Config>());
        assert_eq!(
            keys(definition(&config, "Scale")),
            loader_keys::<format::Scale>()
        );
        assert_eq!(
            keys(definition(&config, "Editions")),
            loader_keys::<format::Editions>()
        );
        assert_eq!(
            keys(definition(&config, "GradeEntry")),
            loader_keys::<format::Grade>()
        );
        assert_eq!(
            keys(&schema(FileKind::Track)),
            loader_keys::<format::Track>()
        );
        let role = schema(FileKind::Role);
        assert_eq!(keys(&role), loader_keys::<format::Role>());
        assert_eq!(keys(definition(&role, "Pay")), loader_keys::<format::Pay>());
        assert_eq!(
            keys(definition(&role, "DetailedRequirement")),
            loader_keys::<format::Requirement>()
        );
        assert_eq!(
            keys(&schema(FileKind::Group)),
            loader_keys::<format::Group>()
        );
        let skill = schema(FileKind::Skill);
        assert_eq!(keys(&skill), loader_keys::<format::Skill>());
        assert_eq!(
            keys(definition(&skill, "LevelEntry")),
            loader_keys::<format::Level>()
        );
        let pathway = schema(FileKind::Pathway);
        assert_eq!(keys(&pathway), loader_keys::<format::Pathway>());
        assert_eq!(
            keys(definition(&pathway, "Step")),
            loader_keys::<format::Step>()
        );
        assert_eq!(
            keys(&schema(FileKind::Opportunity)),
            loader_keys::<format::Opportunity>()
        );
    }

    #[test]
    fn the_loader_lists_keys_in_the_order_they_are_declared() {
        assert_eq!(
            shape::<format::Track>().keys,
            [
                "id",
                "name",
                "kind",
                "family",
                "summary",
                "owners",
                "order",
                "weight",
                "expectations"
            ]
        );
        assert_eq!(shape::<format::Role>().example("grade"), Some("\"L4\""));
    }

    #[test]
    fn unknown_keys_are_rejected_and_required_keys_listed() {
        let role = schema(FileKind::Role);
        assert_eq!(role["additionalProperties"], false);
        assert_eq!(role["required"], serde_json::json!(["title", "grade"]));
        let pathway = schema(FileKind::Pathway);
        let kinds = definition(&pathway, "StepKind");
        let words: Vec<&str> = kinds["oneOf"]
            .as_array()
            .expect("one entry per kind")
            .iter()
            .map(|k| k["const"].as_str().expect("a word"))
            .collect();
        assert_eq!(words, StepKind::WORDS);
    }

    #[test]
    fn no_schema_allows_null() {
        for kind in FileKind::ALL {
            let text = to_text(kind);
            assert!(!text.contains("\"null\""), "{}: {text}", kind.file_name());
        }
    }
}
