//! Owners: CODEOWNERS written from the framework, kept in step by `trellis check`, and the
//! owners shown on the pages they own.

use std::path::Path;
use std::process::{Command, Output};

use crate::harness::{Fixture, Repo, repo};

fn trellis(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs trellis")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The minimal framework with owners at every level, in `framework/` of a repository.
fn owned() -> Repo {
    let repo = Repo::with_framework(&repo().join("tests/fixtures/minimal"));
    repo.edit(
        "trellis.toml",
        "base_url = \"/\"",
        "base_url = \"/\"\nowners = [\"@people-team\"]",
    );
    repo.edit(
        "tracks/eng.md",
        "name = \"Engineering\"",
        "name = \"Engineering\"\nowners = [\"@acme/eng-leads\", \"cto@acme.example\"]",
    );
    repo.edit(
        "skills/craft/_group.md",
        "name = \"Craft\"",
        "name = \"Craft\"\nowners = [\"@acme/craft\"]",
    );
    repo.commit("Owners");
    repo
}

#[test]
fn codeowners_maps_tracks_and_groups_to_their_owners() {
    let repo = owned();
    std::fs::write(repo.path().join("CODEOWNERS"), "/infra/ @ops\n").unwrap();
    let out = trellis(&["codeowners"], repo.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(repo.path().join("CODEOWNERS")).unwrap();
    let rules: Vec<&str> = written
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let rules: Vec<String> = rules
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // The hand-written line stays; the framework's follow, general to particular, since the
    // last matching line wins.
    assert_eq!(
        rules,
        [
            "/infra/ @ops",
            "/framework/ @people-team",
            "/framework/tracks/eng.md @acme/eng-leads cto@acme.example",
            "/framework/roles/eng/ @acme/eng-leads cto@acme.example",
            "/framework/skills/craft/ @acme/craft",
        ]
    );
    // Run again: nothing to do; `--check` agrees.
    let again = trellis(&["codeowners", "--check"], repo.path());
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    let gitlab = trellis(
        &["codeowners", "--format", "gitlab", "--stdout"],
        repo.path(),
    );
    let gitlab = text(&gitlab.stdout);
    assert!(
        gitlab.contains("\n[Career framework]\n/framework/ "),
        "{gitlab}"
    );
}

#[test]
fn check_warns_when_codeowners_is_out_of_date() {
    let repo = owned();
    let out = trellis(&["codeowners"], repo.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let clean = trellis(&["check", "--deny-warnings"], repo.path());
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));

    repo.edit("tracks/eng.md", "\"@acme/eng-leads\", ", "");
    let stale = trellis(&["check"], repo.path());
    assert_eq!(
        stale.status.code(),
        Some(0),
        "a warning does not fail the check"
    );
    let stderr = text(&stale.stderr);
    assert!(
        stderr.contains(
            "warning[codeowners-outdated]: CODEOWNERS is out of date with the framework's owners"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> ../CODEOWNERS:1:1"), "{stderr}");
    assert!(
        stderr.contains(
            "it should say `/framework/tracks/eng.md cto@acme.example` (and 1 more line)"
        ),
        "{stderr}"
    );
    // On GitHub the annotation names the file from the repository root.
    let github = trellis(&["check", "framework", "--format", "github"], repo.path());
    assert!(
        text(&github.stdout).starts_with("::warning file=CODEOWNERS,line=1,col=1,"),
        "{}",
        text(&github.stdout)
    );
    let check = trellis(&["codeowners", "--check"], repo.path());
    assert_eq!(check.status.code(), Some(1));
    // A CODEOWNERS without the section is flagged too, where GitHub would read it.
    std::fs::remove_file(repo.path().join("CODEOWNERS")).unwrap();
    std::fs::create_dir(repo.path().join(".github")).unwrap();
    std::fs::write(repo.path().join(".github/CODEOWNERS"), "* @someone\n").unwrap();
    let missing = text(&trellis(&["check"], repo.path()).stderr);
    assert!(
        missing.contains("CODEOWNERS does not name the framework's owners"),
        "{missing}"
    );
    assert!(missing.contains("--> ../.github/CODEOWNERS"), "{missing}");
}

#[test]
fn owners_that_no_code_host_knows_are_a_warning_at_their_place() {
    let f = Fixture::minimal();
    f.edit(
        "tracks/eng.md",
        "kind = \"individual contributor\"",
        "kind = \"individual contributor\"\nowners = [\"@eng\", \"Eng leads\"]",
    );
    let d = f.check().expect("invalid-value", "tracks/eng.md", 4, 19);
    assert_eq!(
        d.message,
        "`Eng leads` is not an owner a code host can ask to approve"
    );
    assert_eq!(d.severity, "warning");
    let checked = trellis::check_framework(f.path()).unwrap();
    let section = trellis::owners::section(&checked.framework, "", trellis::owners::Flavor::Github);
    assert!(section.contains("/tracks/eng.md @eng\n"), "{section}");
    assert!(!section.contains("Eng leads"), "{section}");
}

#[test]
fn group_and_track_owners_show_on_their_pages() {
    let f = Fixture::minimal();
    f.edit(
        "skills/craft/_group.md",
        "name = \"Craft\"",
        "name = \"Craft\"\nowners = [\"@acme/craft\"]",
    );
    f.edit(
        "tracks/eng.md",
        "name = \"Engineering\"",
        "name = \"Engineering\"\nowners = [\"@acme/eng\"]",
    );
    let out_dir = tempfile::tempdir().unwrap();
    let out = trellis(
        &[
            "build",
            f.path().to_str().unwrap(),
            "--output",
            out_dir.path().to_str().unwrap(),
            "--today",
            "2026-11-28",
        ],
        out_dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = |p: &str| std::fs::read_to_string(out_dir.path().join(p)).unwrap();
    assert!(page("groups/craft/index.html").contains("Owned by @acme/craft"));
    assert!(page("skills/system-design/index.html").contains("Owned by @acme/craft"));
    assert!(page("tracks/eng/index.html").contains("Owned by @acme/eng"));
    assert!(page("roles/senior/index.html").contains("<dd>@acme/eng</dd>"));
    let json: serde_json::Value = serde_json::from_str(&page("framework.json")).unwrap();
    assert_eq!(
        json["groups"][0]["owners"],
        serde_json::json!(["@acme/craft"])
    );
}
