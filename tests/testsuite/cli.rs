//! The `trellis` binary: exit codes, the three renderings, colour.

use std::process::{Command, Output};

use crate::harness::{Fixture, repo};

fn trellis(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("runs trellis")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn broken() -> Fixture {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    f.edit("roles/eng/senior.md", "\"Practitioner\"", "\"Awareness\"");
    f
}

#[test]
fn check_exits_0_on_a_clean_framework_and_defaults_to_framework() {
    // No argument: `framework/` of the current directory.
    let out = trellis(&["check"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("checked `framework`: 6 tracks, 32 roles"));
}

#[test]
fn check_exits_1_on_errors_and_prints_rustc_style() {
    let f = broken();
    let out = trellis(&["check", "."], f.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[unknown-skill]: unknown skill `sytem-design`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> roles/eng/mid.md:6:1"), "{stderr}");
    assert!(stderr.contains("warning[lowered-level]"), "{stderr}");
    assert!(
        stderr.ends_with("error: `.` has problems: 1 error, 1 warning\n"),
        "{stderr}"
    );
    // Not a terminal: no colour codes.
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn warnings_alone_exit_0_unless_denied() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/senior.md",
        "system-design = 3",
        "system-design = 1",
    );
    assert_eq!(trellis(&["check", "."], f.path()).status.code(), Some(0));
    assert_eq!(
        trellis(&["check", ".", "--deny-warnings"], f.path())
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn check_exits_2_when_the_folder_does_not_exist() {
    let out = trellis(&["check", "no-such-folder"], &std::env::temp_dir());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: framework folder `no-such-folder` does not exist\n"
    );
}

#[test]
fn json_format_is_one_object_on_stdout() {
    let f = broken();
    let out = trellis(&["check", ".", "--format", "json"], f.path());
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["errors"], 1);
    assert_eq!(value["warnings"], 1);
    let first = &value["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-skill");
    assert_eq!(first["file"], "roles/eng/mid.md");
    assert_eq!(first["line"], 6);
    assert_eq!(first["column"], 1);
    assert_eq!(first["help"], "did you mean `system-design`?");
    let mut keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "code", "column", "file", "help", "line", "message", "severity"
        ]
    );
}

#[test]
fn json_gives_null_positions_for_a_missing_file() {
    let f = Fixture::minimal();
    f.remove("trellis.toml");
    let out = trellis(&["check", ".", "--format", "json"], f.path());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "missing-config")
        .unwrap();
    assert_eq!(missing["file"], "trellis.toml");
    assert!(missing["line"].is_null() && missing["column"].is_null());
}

#[test]
fn github_format_annotates_paths_from_the_repository_root() {
    let f = broken();
    let parent = f.path().parent().unwrap();
    let name = f.path().file_name().unwrap().to_str().unwrap();
    let out = trellis(&["check", name, "--format", "github"], parent);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "::error file={name}/roles/eng/mid.md,line=6,col=1,endColumn=12,title=unknown-skill::unknown skill `sytem-design`%0Ahelp: did you mean `system-design`?"
        )
    );
    assert!(
        lines[1].starts_with(&format!(
            "::warning file={name}/roles/eng/senior.md,line=8,col=17"
        )),
        "{stdout}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let f = broken();
    let out = trellis(&["--color", "always", "check", "."], f.path());
    assert!(text(&out.stderr).contains("\u{1b}["));
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["check", "."])
        .current_dir(f.path())
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        !text(&out.stderr).contains("\u{1b}["),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
}

#[test]
fn every_command_has_help() {
    for args in [&["--help"][..], &["check", "--help"][..]] {
        let out = trellis(args, &repo());
        assert_eq!(out.status.code(), Some(0));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("Usage: trellis"), "{stdout}");
    }
    let out = trellis(&["check", "--help"], &repo());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("--format <FORMAT>"), "{stdout}");
    assert!(stdout.contains("[default: framework]"), "{stdout}");
}
