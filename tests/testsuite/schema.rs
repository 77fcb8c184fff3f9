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
