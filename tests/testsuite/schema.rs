//! `trellis schema`: the schemas are written, and the types they are generated from accept
//! every real file the loader accepts and refuse a typo.

use std::path::Path;
use std::process::Command;

use trellis::schema::{FileKind, accepts};

use crate::harness::{real_fixtures, repo};

/// The kind of schema a framework file is checked against, from where it sits.
fn kind_of(rel: &str) -> Option<FileKind> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["trellis.toml"] => Some(FileKind::Config),
        ["tracks", _] => Some(FileKind::Track),
        ["roles", _, _] => Some(FileKind::Role),
        ["skills", _, "_group.md"] => Some(FileKind::Group),
        ["skills", _, _] => Some(FileKind::Skill),
        ["pathways", _] => Some(FileKind::Pathway),
        ["opportunities", _] => Some(FileKind::Opportunity),
        ["pages", _] => Some(FileKind::Page),
        _ => None,
    }
}

/// Runs every file of `root` through the schema types; returns how many were read.
fn accepts_every_file(root: &Path) -> usize {
    let mut count = 0;
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(kind) = kind_of(&rel).filter(|_| rel.ends_with(".md") || rel.ends_with(".toml"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let toml = if kind == FileKind::Config {
            text
        } else {
            trellis::load::front_matter::split(text).unwrap().toml
        };
        if let Err(error) = accepts(kind, toml) {
            panic!(
                "{}: the schema refuses what the loader accepts: {error}",
                entry.path().display()
            );
        }
        count += 1;
    }
    count
}

#[test]
fn the_schema_accepts_every_file_of_the_sample_and_the_real_frameworks() {
    assert!(accepts_every_file(&repo().join("framework")) > 100);
    let mut real = 0;
    for entry in std::fs::read_dir(real_fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("trellis.toml").is_file() {
            real += accepts_every_file(&dir);
        }
    }
    assert!(real > 100, "read {real} real files");
}

#[test]
fn the_schema_refuses_a_typo_and_a_missing_key() {
    let role = "title = \"Engineer\"\ngrade = \"L2\"\nsumary = \"x\"\n";
    let error = accepts(FileKind::Role, role).unwrap_err();
    assert!(error.contains("sumary"), "{error}");
    assert!(accepts(FileKind::Config, "title = \"T\"\n[[grades]]\nid = \"L1\"\n").is_ok());
    assert!(accepts(FileKind::Config, "title = \"T\"\n").is_err());
}

#[test]
fn schema_writes_every_file_for_editors() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["schema", "--out", "schemas"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for kind in FileKind::ALL {
        let text =
            std::fs::read_to_string(dir.path().join("schemas").join(kind.file_name())).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(value["additionalProperties"], false, "{}", kind.file_name());
    }
    let one = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["schema", "role"])
        .output()
        .unwrap();
    let role: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(
        role["properties"]["skills"]["description"],
        "The level required of each skill, by skill id."
    );
}

/// Every key of every table the schema describes: the root's and each definition's.
fn schema_keys(schema: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    for table in std::iter::once(schema).chain(
        schema["definitions"]
            .as_object()
            .into_iter()
            .flat_map(|d| d.values()),
    ) {
        if let Some(properties) = table["properties"].as_object() {
            out.extend(properties.keys().cloned());
        }
    }
}

/// One definition, three uses: a framework with every key of every table, written by the
/// writer the importer uses, is read back by the loader to the same values, and each key
/// it writes is one the schema describes. A key added to a table of `trellis::format`
/// appears in all three, or this test (which builds every table field by field) stops
/// compiling.
#[test]
fn the_loader_the_schema_and_the_writer_share_one_definition() {
    use trellis::format::{self, Date, LevelRef, OpportunityKind, Sp, StepKind, emit::to_toml};
    let s = |text: &str| Sp::bare(text.to_owned());
    let level = |n: i64| Sp::bare(LevelRef::Number(n));
    let config = format::Config {
        title: Some(s("Every key")),
        description: Some(s("A framework that sets every key of the format.")),
        base_url: Some(s("/careers/")),
        version: Some(s("2026.4")),
        language: Some(s("en")),
        repository: Some(s("https://git.example/framework")),
        edit_url: Some(s("https://git.example/framework/edit/{path}")),
        owners: vec![s("@hr")],
        scale: Some(format::Scale {
            levels: vec![s("Awareness"), s("Working"), s("Practitioner")],
        }),
        dimensions: vec![format::Dimension {
            id: s("scope"),
            name: s("Scope"),
            summary: Some(s("How far the work reaches.")),
            weight: Some(Sp::bare(1)),
        }],
        grades: vec![
            format::Grade {
                id: s("L1"),
                name: Some(s("Entry")),
                summary: Some(s("Learns the work.")),
                expectations: format::Keyed(vec![(s("scope"), vec![s("A task at a time.")])]),
            },
            format::Grade {
                id: s("L2"),
                name: Some(s("Career")),
                summary: Some(s("Does the work.")),
                expectations: format::Keyed::default(),
            },
        ],
        editions: Some(format::Editions { tags: s("v*") }),
    };
    let track = format::Track {
        id: Some(s("engineering")),
        name: s("Engineering"),
        kind: Some(s("individual contributor")),
        family: Some(s("Technology")),
        summary: Some(s("Builds the product.")),
        owners: vec![s("@org/eng-leads")],
        order: None,
        weight: Some(Sp::bare(1)),
        expectations: format::Keyed(vec![(
            s("L2"),
            format::Keyed(vec![(s("scope"), vec![s("A service of the team.")])]),
        )]),
    };
    // Format 1.0's name for `weight`, on a track of its own.
    let support = format::Track {
        id: None,
        name: s("Support"),
        kind: None,
        family: None,
        summary: None,
        owners: Vec::new(),
        order: Some(Sp::bare(2)),
        weight: None,
        expectations: format::Keyed::default(),
    };
    let requirement = |n, expectations: Vec<Sp<String>>| format::Requirement {
        level: level(n),
        expectations,
    };
    let junior = format::Role {
        id: Some(s("junior")),
        title: s("Junior engineer"),
        grade: s("L1"),
        summary: Some(s("Ships small changes with help.")),
        aliases: vec![s("Engineer I")],
        next: Some(vec![s("engineer")]),
        lateral: vec![s("engineer")],
        pay: Some(format::Pay {
            currency: s("EUR"),
            min: Some(Sp::bare(40_000)),
            max: Some(Sp::bare(55_000)),
        }),
        skills: format::Requirements(vec![
            (s("testing"), requirement(1, Vec::new())),
            (
                s("design"),
                requirement(2, vec![s("Sketches a change before making it.")]),
            ),
        ]),
        choices: vec![format::Choice {
            name: s("Focus"),
            pick: Some(Sp::bare(1)),
            summary: Some(s("One of these, as the team needs.")),
            skills: format::Requirements(vec![
                (s("support"), requirement(1, Vec::new())),
                (s("writing"), requirement(2, Vec::new())),
            ]),
        }],
        expectations: format::Keyed(vec![(s("scope"), vec![s("Their own tasks.")])]),
    };
    let engineer = format::Role {
        id: None,
        title: s("Engineer"),
        grade: s("L2"),
        summary: None,
        aliases: Vec::new(),
        next: Some(Vec::new()),
        lateral: Vec::new(),
        pay: None,
        skills: format::Requirements(vec![(
            s("testing"),
            format::Requirement {
                level: Sp::bare(LevelRef::Name("Practitioner".to_owned())),
                expectations: Vec::new(),
            },
        )]),
        choices: Vec::new(),
        expectations: format::Keyed::default(),
    };
    let group = format::Group {
        name: Some(s("Craft")),
        summary: Some(s("How the work is done.")),
        owners: vec![s("craft@example.com")],
        weight: Some(Sp::bare(1)),
    };
    let testing = format::Skill {
        id: Some(s("testing")),
        name: s("Testing"),
        summary: Some(s("Shows that a change works.")),
        aliases: vec![s("QA")],
        related: vec![s("design")],
        weight: Some(Sp::bare(2)),
        first_level: None,
        levels: vec![
            format::Level {
                name: None,
                summary: Some(s("Runs the tests.")),
                signals: vec![s("Runs the suite before asking for review.")],
                examples: vec![s("Fixed a test that failed on Mondays.")],
                span: 0..0,
            },
            format::Level::default(),
            format::Level {
                name: Some(s("Practitioner")),
                ..format::Level::default()
            },
        ],
    };
    let design = format::Skill {
        id: None,
        name: s("Design"),
        summary: None,
        aliases: Vec::new(),
        related: Vec::new(),
        weight: None,
        first_level: None,
        levels: Vec::new(),
    };
    // A skill whose levels start at the scale's second.
    let writing = format::Skill {
        id: None,
        name: s("Writing"),
        summary: None,
        aliases: Vec::new(),
        related: Vec::new(),
        weight: None,
        first_level: Some(Sp::bare(2)),
        levels: Vec::new(),
    };
    let support_skill = format::Skill {
        name: s("Support"),
        first_level: None,
        ..writing.clone()
    };
    let page = format::Page {
        id: Some(s("promotions")),
        title: s("How promotions work"),
        summary: Some(s("Who decides, and when.")),
        weight: Some(Sp::bare(1)),
    };
    let pathway = format::Pathway {
        id: Some(s("testing-basics")),
        title: s("Testing basics"),
        skill: s("testing"),
        from: Some(level(1)),
        to: Some(Sp::bare(LevelRef::Name("Working".to_owned()))),
        summary: Some(s("Two weeks.")),
        steps: vec![format::Step {
            title: s("Read the testing guide"),
            kind: Sp::bare(StepKind::Reading),
            url: Some(s("https://example.com/testing")),
            minutes: Some(Sp::bare(90)),
        }],
    };
    let opportunity = format::Opportunity {
        id: Some(s("flaky-tests")),
        title: s("Fix the flaky tests"),
        kind: Sp::bare(OpportunityKind::Gig),
        team: Some(s("Platform")),
        time: Some(s("20% for a month")),
        contact: Some(s("#platform")),
        closes: Some(Sp::bare(Date::parse("2031-01-31").unwrap())),
        skills: format::Requirements(vec![(s("testing"), requirement(2, Vec::new()))]),
    };

    let md = |front: String| format!("+++\n{front}+++\nBody.\n");
    let written = [
        ("trellis.toml", to_toml(&config).unwrap()),
        ("tracks/engineering.md", md(to_toml(&track).unwrap())),
        ("roles/engineering/junior.md", md(to_toml(&junior).unwrap())),
        (
            "roles/engineering/engineer.md",
            md(to_toml(&engineer).unwrap()),
        ),
        ("skills/craft/_group.md", md(to_toml(&group).unwrap())),
        ("skills/craft/testing.md", md(to_toml(&testing).unwrap())),
        ("skills/craft/design.md", md(to_toml(&design).unwrap())),
        ("pathways/testing-basics.md", md(to_toml(&pathway).unwrap())),
        (
            "opportunities/flaky-tests.md",
            md(to_toml(&opportunity).unwrap()),
        ),
        ("tracks/support.md", md(to_toml(&support).unwrap())),
        ("skills/craft/writing.md", md(to_toml(&writing).unwrap())),
        (
            "skills/craft/support.md",
            md(to_toml(&support_skill).unwrap()),
        ),
        ("pages/promotions.md", md(to_toml(&page).unwrap())),
        (
            "roles/support/helper.md",
            md("title = \"Helper\"\ngrade = \"L1\"\n".to_owned()),
        ),
    ];
    let loaded = trellis::load::load_files(
        written
            .iter()
            .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec())),
    );
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{written:#?}");

    // Read back, each table writes the same text: the loader read every key.
    let again = |value: &dyn erased::Emit| value.emit();
    let role_of = |id: &str| {
        let file = loaded.roles.iter().find(|r| r.meta.id.value == id).unwrap();
        again(&file.front)
    };
    let skill_of = |id: &str| {
        let file = loaded
            .skills
            .iter()
            .find(|r| r.meta.id.value == id)
            .unwrap();
        again(&file.front)
    };
    assert_eq!(again(&loaded.config.as_ref().unwrap().front), written[0].1);
    assert_eq!(md(role_of("junior")), written[2].1);
    assert_eq!(md(role_of("engineer")), written[3].1);
    assert_eq!(md(again(&loaded.groups[0].front)), written[4].1);
    assert_eq!(md(skill_of("testing")), written[5].1);
    assert_eq!(md(skill_of("design")), written[6].1);
    assert_eq!(md(again(&loaded.pathways[0].front)), written[7].1);
    assert_eq!(md(again(&loaded.opportunities[0].front)), written[8].1);
    let track_of = |id: &str| {
        let file = loaded
            .tracks
            .iter()
            .find(|t| t.meta.id.value == id)
            .unwrap();
        again(&file.front)
    };
    assert_eq!(md(track_of("engineering")), written[1].1);
    assert_eq!(md(track_of("support")), written[9].1);
    assert_eq!(md(skill_of("writing")), written[10].1);
    assert_eq!(md(again(&loaded.pages[0].front)), written[12].1);

    // Every key the schema describes is written, and nothing else.
    let mut described = std::collections::BTreeSet::new();
    for kind in FileKind::ALL {
        schema_keys(&trellis::schema::schema(kind), &mut described);
    }
    let mut keys = std::collections::BTreeSet::new();
    for (_, text) in &written {
        let front = text
            .strip_prefix("+++\n")
            .and_then(|t| t.split("+++\n").next())
            .unwrap_or(text);
        collect_keys(&toml::from_str::<toml::Table>(front).unwrap(), &mut keys);
    }
    // `[skills]` is keyed by skill id, not by keys of the format.
    for id in ["testing", "design", "support", "writing", "scope", "L2"] {
        keys.remove(id);
    }
    assert_eq!(keys, described);
}

fn collect_keys(table: &toml::Table, out: &mut std::collections::BTreeSet<String>) {
    for (key, value) in table {
        out.insert(key.clone());
        match value {
            toml::Value::Table(t) => collect_keys(t, out),
            toml::Value::Array(items) => {
                for item in items {
                    if let toml::Value::Table(t) = item {
                        collect_keys(t, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Writes any table of the format, so the read-back checks above share one closure.
mod erased {
    pub trait Emit {
        fn emit(&self) -> String;
    }
    impl<T: serde::Serialize> Emit for T {
        fn emit(&self) -> String {
            trellis::format::emit::to_toml(self).unwrap()
        }
    }
}
