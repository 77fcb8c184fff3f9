//! `trellis init`: a new repository that checks and builds, CI templates that parse and call
//! commands that exist with those flags, and nothing overwritten.

use std::path::Path;
use std::process::{Command, Output};

use clap::Parser;
use serde_yaml::Value;
use trellis::cli::Cli;

fn trellis(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs trellis")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh `trellis init` in a temp dir.
fn init() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(&["init", "careers"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    dir
}

#[test]
fn init_output_checks_clean_and_builds() {
    let dir = init();
    let repo = dir.path().join("careers");
    for file in [
        "trellis.toml",
        "roles/software-engineering/senior-software-engineer.md",
        ".github/workflows/trellis.yml",
        ".github/pull_request_template.md",
        ".gitlab-ci.yml",
        ".gitlab/merge_request_templates/Default.md",
        ".taplo.toml",
        "schemas/trellis.schema.json",
        "schemas/role.schema.json",
        "CODEOWNERS",
    ] {
        assert!(repo.join(file).is_file(), "{file} missing");
    }
    // No error and no warning: the generated CODEOWNERS matches the sample's owners.
    let check = trellis(&["check", ".", "--deny-warnings"], &repo);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let build = trellis(&["build", ".", "--output", "public"], &repo);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert!(repo.join("public/index.html").is_file());
    // The taplo settings point at a schema that is there.
    let taplo = std::fs::read_to_string(repo.join(".taplo.toml")).unwrap();
    let taplo: toml::Table = toml::from_str(&taplo).unwrap();
    let path = taplo["rule"][0]["schema"]["path"].as_str().unwrap();
    assert!(repo.join(path).is_file(), "{path}");
    // The pull-request templates ask why.
    let template = std::fs::read_to_string(repo.join(".github/pull_request_template.md")).unwrap();
    assert!(template.contains("## Why"), "{template}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("careers")).unwrap();
    std::fs::write(dir.path().join("careers/README.md"), "ours\n").unwrap();
    let out = trellis(&["init", "careers"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("already has `README.md`"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("careers/README.md")).unwrap(),
        "ours\n"
    );
    assert!(!dir.path().join("careers/trellis.toml").exists());
    // An existing folder with no clashing file, such as a fresh clone, is fine.
    std::fs::remove_file(dir.path().join("careers/README.md")).unwrap();
    std::fs::create_dir(dir.path().join("careers/.git")).unwrap();
    let out = trellis(&["init", "careers"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Every shell line of a workflow: GitHub's `run:` and GitLab's `script:` lists.
fn shell_lines(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                let key = key.as_str().unwrap_or_default();
                match (key, child) {
                    ("run", Value::String(script)) => {
                        out.extend(script.lines().map(str::to_owned));
                    }
                    ("script" | "before_script" | "after_script", Value::Sequence(items)) => {
                        for item in items {
                            let script = item.as_str().expect("script lines are strings");
                            out.extend(script.lines().map(str::to_owned));
                        }
                    }
                    _ => shell_lines(child, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| shell_lines(i, out)),
        _ => {}
    }
}

/// Splits a shell command into words, honouring quotes, up to a redirection or pipe.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, '>' | '|') => break,
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The `trellis` commands a workflow runs, each as its words.
fn trellis_commands(path: &Path) -> Vec<Vec<String>> {
    let yaml: Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()));
    let mut lines = Vec::new();
    shell_lines(&yaml, &mut lines);
    assert!(!lines.is_empty(), "{} runs nothing", path.display());
    let mut commands = Vec::new();
    for line in &lines {
        for part in line.split(['&', ';']).flat_map(|p| p.split("||")) {
            // `if ! trellis ...; then`: the command after the shell's keywords.
            let mut part = part.trim();
            for keyword in ["if ", "! ", "then ", "else "] {
                part = part.strip_prefix(keyword).unwrap_or(part).trim_start();
            }
            if part.starts_with("trellis ") {
                commands.push(words(part));
            }
        }
    }
    commands
}

#[test]
fn ci_templates_parse_and_call_commands_that_exist() {
    let dir = init();
    let repo = dir.path().join("careers");
    for (file, expected) in [
        (
            ".github/workflows/trellis.yml",
            &[
                "check . --format github",
                "diff origin/$GITHUB_BASE_REF HEAD . --format markdown",
                "diff origin/$GITHUB_BASE_REF HEAD . --fail-on raise",
                "build . --output public",
            ][..],
        ),
        (
            ".gitlab-ci.yml",
            &[
                "check .",
                "diff origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME HEAD . --format markdown",
                "diff origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME HEAD . --fail-on raise",
                "build . --output public",
            ][..],
        ),
    ] {
        let commands = trellis_commands(&repo.join(file));
        for command in &commands {
            // The real argument parser: an unknown subcommand or flag fails here.
            if let Err(error) = Cli::try_parse_from(command) {
                panic!("{file}: `{}` does not parse: {error}", command.join(" "));
            }
        }
        let written: Vec<String> = commands.iter().map(|c| c[1..].join(" ")).collect();
        for want in expected {
            assert!(
                written.iter().any(|w| w == want),
                "{file} does not run `trellis {want}`; it runs {written:#?}"
            );
        }
    }
    // The workflow triggers on pull requests and tags (`on` must stay a key, not a boolean).
    let workflow: Value = serde_yaml::from_str(
        &std::fs::read_to_string(repo.join(".github/workflows/trellis.yml")).unwrap(),
    )
    .unwrap();
    let on = &workflow["on"];
    assert!(on.get("pull_request").is_some(), "{on:?}");
    assert_eq!(on["push"]["tags"][0].as_str(), Some("v*"));
    // The job that waits for an owner runs only when the change raises the bar.
    assert_eq!(
        workflow["jobs"]["raise-approval"]["if"].as_str(),
        Some("needs.review.outputs.raises == 'true'")
    );
    assert_eq!(
        workflow["jobs"]["review"]["outputs"]["raises"].as_str(),
        Some("${{ steps.describe.outputs.raises }}")
    );
}

#[test]
fn the_shell_splitter_used_above_reads_quotes_and_stops_at_redirections() {
    assert_eq!(
        words("trellis diff \"origin/$X\" HEAD . --format markdown > out.md"),
        [
            "trellis",
            "diff",
            "origin/$X",
            "HEAD",
            ".",
            "--format",
            "markdown"
        ]
    );
    assert_eq!(words("a 'b c' | d"), ["a", "b c"]);
    assert!(Cli::try_parse_from(["trellis", "check", "--no-such-flag"]).is_err());
}
