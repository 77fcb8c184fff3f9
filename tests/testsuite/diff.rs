//! `trellis diff`: real git repositories, one commit per kind of change, the typed and
//! classified changes in JSON, the pull-request comment as a snapshot, and the command line.

use std::process::Output;

use serde_json::{Value, json};
use trellis::diff::{self, Class, Kind};
use trellis::git::Worktree;

use crate::harness::{Repo, repo};

/// The framework at `rev`, read through git.
fn at(repo: &Repo, rev: &str) -> trellis::Checked {
    let tree = Worktree::open(&repo.framework()).unwrap();
    let commit = tree.resolve(rev).unwrap();
    let files = tree
        .files_at(&commit, trellis::load::reads)
        .unwrap()
        .expect("the framework exists at that revision");
    trellis::check_loaded(trellis::load::load_files(files))
}

fn minimal() -> Repo {
    Repo::with_framework(&repo().join("tests/fixtures/minimal"))
}

/// The diff from the minimal framework to the commit `change` makes on top of it.
fn diff_of(change: impl FnOnce(&Repo)) -> diff::Diff {
    let repo = minimal();
    change(&repo);
    repo.commit("Change");
    let (old, new) = (at(&repo, "HEAD~1"), at(&repo, "HEAD"));
    assert!(old.is_ok(), "{:?}", old.diagnostics);
    assert!(new.is_ok(), "{:?}", new.diagnostics);
    diff::compare(&old.framework, &new.framework)
}

fn json_of(diff: &diff::Diff) -> Value {
    serde_json::from_str(&diff::json::render(diff, "base", "change")).unwrap()
}

/// Each change as `class kind id change`, for compact comparisons.
fn lines(diff: &diff::Diff) -> Vec<String> {
    json_of(diff)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c["class"].as_str().unwrap(),
                c["subject"]["kind"].as_str().unwrap(),
                c["subject"]["id"].as_str().unwrap(),
                c["change"].as_str().unwrap()
            )
        })
        .collect()
}

fn change(diff: &diff::Diff, index: usize) -> Value {
    json_of(diff)["changes"][index].clone()
}

#[test]
fn an_unchanged_framework_has_no_changes() {
    let d = diff_of(|r| {
        r.write("README.md", "Not part of the framework.\n");
    });
    assert!(d.is_empty(), "{:?}", lines(&d));
}

#[test]
fn a_raised_requirement_raises_the_bar() {
    let d = diff_of(|r| {
        r.edit(
            "roles/eng/senior.md",
            "system-design = 3",
            "system-design = 4",
        );
    });
    assert_eq!(lines(&d), ["raises role senior requirement-raised"]);
    assert!(d.raises_bar());
    assert_eq!(d.raised_roles(), ["senior"]);
    let c = change(&d, 0);
    assert_eq!(
        c["skill"],
        json!({"id": "system-design", "name": "System design"})
    );
    assert_eq!(c["before"], json!({"level": 3, "name": "Practitioner"}));
    assert_eq!(c["after"], json!({"level": 4, "name": "Expert"}));
    assert_eq!(c["subject"]["context"], "Engineering, L3 Senior");
    assert_eq!(
        c["message"],
        "Requires System design at 4 (Expert), up from 3 (Practitioner)."
    );
}

#[test]
fn lowered_added_and_removed_requirements_are_classified() {
    let d = diff_of(|r| {
        r.edit("roles/eng/mid.md", "system-design = 2", "system-design = 1");
        r.edit(
            "roles/eng/senior.md",
            "communication = \"Practitioner\"\n",
            "",
        );
        r.write("skills/craft/testing.md", "+++\nname = \"Testing\"\n+++\n");
        r.edit(
            "roles/eng/junior.md",
            "communication = \"Awareness\"",
            "communication = \"Awareness\"\ntesting = 1",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "raises role junior requirement-added",
            "lowers role mid requirement-lowered",
            "lowers role senior requirement-removed",
            "structural skill testing added",
        ]
    );
    assert_eq!(d.count(Class::Lowers), 2);
    let added = change(&d, 0);
    assert_eq!(added["after"], json!({"level": 1, "name": "Awareness"}));
    let removed = change(&d, 2);
    assert_eq!(
        removed["before"],
        json!({"level": 3, "name": "Practitioner"})
    );
}

#[test]
fn expectations_added_raise_and_reworded_ones_are_editorial() {
    let added = diff_of(|r| {
        r.edit(
            "roles/eng/mid.md",
            "[\"Writes clear design notes.\"]",
            "[\"Writes clear design notes.\", \"Presents them to the team.\"]",
        );
    });
    assert_eq!(lines(&added), ["raises role mid expectations-edited"]);
    assert_eq!(
        change(&added, 0)["added"],
        json!(["Presents them to the team."])
    );
    let reworded = diff_of(|r| {
        r.edit(
            "roles/eng/mid.md",
            "Writes clear design notes.",
            "Writes design notes others can follow.",
        );
    });
    assert_eq!(lines(&reworded), ["editorial role mid expectations-edited"]);
}

#[test]
fn level_descriptors_name_the_roles_that_require_the_level() {
    let d = diff_of(|r| {
        r.edit(
            "skills/craft/communication.md",
            "summary = \"Explains clearly.\"",
            "summary = \"Explains clearly, in writing and aloud.\"",
        );
        r.edit(
            "skills/craft/communication.md",
            "summary = \"Aligns a team.\"",
            "summary = \"Aligns a team.\"\nsignals = [\"Runs the team's design reviews.\"]",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "raises skill communication level-edited",
            "editorial skill communication level-edited",
        ]
    );
    let signals = change(&d, 0);
    assert_eq!(signals["part"], "signals");
    assert_eq!(
        signals["level"],
        json!({"level": 3, "name": "Practitioner"})
    );
    assert_eq!(
        signals["roles"],
        json!([{"id": "senior", "name": "Senior engineer"}])
    );
    let summary = change(&d, 1);
    assert_eq!(summary["part"], "summary");
    assert_eq!(summary["before"], "Explains clearly.");
    assert_eq!(summary["after"], "Explains clearly, in writing and aloud.");
    assert_eq!(summary["roles"], json!([{"id": "mid", "name": "Engineer"}]));
    // The role a descriptor is the bar of can find the change.
    assert_eq!(d.touching_role("senior").count(), 1);
    assert_eq!(d.for_role("senior").count(), 0);
    assert_eq!(d.for_skill("communication").count(), 2);
}

#[test]
fn a_moved_file_is_a_rename_not_a_removal_and_an_addition() {
    let d = diff_of(|r| {
        r.rename("roles/eng/senior.md", "roles/eng/senior-engineer.md");
    });
    // The mid role's default promotion follows the rename: it is not reported as changed.
    assert_eq!(lines(&d), ["structural role senior-engineer renamed"]);
    let c = change(&d, 0);
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str(), c["evidence"].as_str()),
        (
            Some("senior"),
            Some("senior-engineer"),
            Some("same-content")
        )
    );
}

#[test]
fn a_new_id_in_the_same_file_is_a_rename_and_edits_are_still_reported() {
    let d = diff_of(|r| {
        r.edit(
            "roles/eng/senior.md",
            "title = \"Senior engineer\"",
            "id = \"lead\"\ntitle = \"Lead engineer\"",
        );
        r.edit(
            "roles/eng/mid.md",
            "grade = \"L2\"",
            "grade = \"L2\"\nnext = [\"lead\"]",
        );
    });
    assert_eq!(
        lines(&d),
        ["structural role lead renamed", "editorial role lead field"]
    );
    assert_eq!(change(&d, 0)["evidence"], "same-file");
    assert_eq!(change(&d, 1)["field"], "title");
}

#[test]
fn a_renamed_and_edited_file_is_still_a_rename() {
    let d = diff_of(|r| {
        r.rename("roles/eng/senior.md", "roles/eng/senior-engineer.md");
        r.edit(
            "roles/eng/senior-engineer.md",
            "title = \"Senior engineer\"",
            "title = \"Senior software engineer\"",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "structural role senior-engineer renamed",
            "editorial role senior-engineer field"
        ]
    );
    assert_eq!(change(&d, 0)["evidence"], "similar-content");
}

#[test]
fn a_renamed_skill_keeps_the_requirements_that_follow_it() {
    let d = diff_of(|r| {
        r.rename("skills/craft/communication.md", "skills/craft/writing.md");
        for role in ["junior", "mid", "senior"] {
            r.edit(
                &format!("roles/eng/{role}.md"),
                "communication =",
                "writing =",
            );
        }
        r.edit(
            "skills/craft/system-design.md",
            "[\"communication\"]",
            "[\"writing\"]",
        );
    });
    assert_eq!(lines(&d), ["structural skill writing renamed"]);
}

#[test]
fn moves_between_tracks_and_grades_and_changed_promotions_are_structural() {
    let d = diff_of(|r| {
        r.write(
            "tracks/platform.md",
            "+++\nname = \"Platform\"\n+++\nRuns the platform.\n",
        );
        r.rename("roles/eng/senior.md", "roles/platform/senior.md");
        r.edit(
            "trellis.toml",
            "name = \"Senior\"",
            "name = \"Senior\"\n\n[[grades]]\nid = \"L4\"\nname = \"Staff\"",
        );
        r.edit(
            "roles/platform/senior.md",
            "grade = \"L3\"",
            "grade = \"L4\"",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "structural role mid promotions-changed",
            "structural role senior moved-track",
            "structural role senior moved-grade",
            "structural track platform added",
            "structural grade L4 added",
        ]
    );
    let promotions = change(&d, 0);
    assert_eq!(
        promotions["removed"],
        json!([{"id": "senior", "name": "Senior engineer"}])
    );
    assert_eq!(promotions["added"], json!([]));
    let moved = change(&d, 2);
    assert_eq!(moved["direction"], "up");
    assert_eq!(moved["from"], json!({"id": "L3", "name": "Senior"}));
}

#[test]
fn roles_added_and_removed_list_what_they_required() {
    let d = diff_of(|r| {
        r.remove("roles/eng/junior.md");
        r.write(
            "roles/eng/staff.md",
            "+++\ntitle = \"Staff engineer\"\ngrade = \"L3\"\n\n[skills]\nsystem-design = \"Expert\"\n+++\nSets direction.\n",
        );
        // Two roles at L3 leave no default promotion: the engineer names theirs.
        r.edit(
            "roles/eng/mid.md",
            "grade = \"L2\"",
            "grade = \"L2\"\nnext = [\"senior\"]",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "structural role junior removed",
            "structural role staff added",
        ]
    );
    assert_eq!(
        change(&d, 1)["requirements"],
        json!([{"skill": {"id": "system-design", "name": "System design"}, "level": 4, "name": "Expert"}])
    );
}

#[test]
fn tracks_pathways_opportunities_and_settings_changes_are_reported() {
    let d = diff_of(|r| {
        r.edit(
            "tracks/eng.md",
            "name = \"Engineering\"",
            "name = \"Software engineering\"\nowners = [\"@eng-leads\"]",
        );
        r.edit(
            "pathways/design-basics.md",
            "minutes = 90",
            "minutes = 90\n\n[[steps]]\ntitle = \"Write one\"\nkind = \"practice\"",
        );
        r.edit(
            "opportunities/queue-migration.md",
            "2027-03-31",
            "2027-06-30",
        );
        r.edit(
            "trellis.toml",
            "title = \"Minimal framework\"",
            "title = \"Minimal framework\"\nowners = [\"@people-team\"]",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "structural track eng owners-changed",
            "structural framework trellis.toml owners-changed",
            "editorial track eng field",
            "editorial pathway design-basics steps-changed",
            "editorial opportunity queue-migration field",
        ]
    );
    assert_eq!(change(&d, 0)["added"], json!(["@eng-leads"]));
    assert_eq!(change(&d, 3)["added"], json!(["Write one (practice)"]));
    assert_eq!(
        (
            change(&d, 4)["before"].as_str(),
            change(&d, 4)["after"].as_str()
        ),
        (Some("2027-03-31"), Some("2027-06-30"))
    );
}

/// A proposal with a bit of everything, as the pull-request comment shows it.
#[test]
fn markdown_comment_puts_raises_first() {
    let d = diff_of(|r| {
        r.edit(
            "roles/eng/senior.md",
            "system-design = 3",
            "system-design = 4",
        );
        r.edit(
            "roles/eng/senior.md",
            "Owns a system.",
            "Owns a system and its roadmap.",
        );
        r.edit("roles/eng/mid.md", "system-design = 2", "system-design = 1");
        r.rename("roles/eng/junior.md", "roles/eng/associate.md");
        r.edit(
            "roles/eng/associate.md",
            "title = \"Junior engineer\"",
            "title = \"Associate engineer | <b>new</b>\"",
        );
        r.edit(
            "skills/craft/communication.md",
            "summary = \"Aligns a team.\"",
            "summary = \"Aligns a team.\"\nsignals = [\"Runs the team's design reviews.\"]",
        );
    });
    let markdown = diff::markdown::render(&d, "main", "proposal");
    assert!(markdown.starts_with(diff::markdown::MARKER));
    insta::assert_snapshot!("diff_markdown_comment", markdown);
}

#[test]
fn markdown_says_when_nothing_changed() {
    let d = diff_of(|_| {});
    assert_eq!(
        diff::markdown::render(&d, "main", "proposal"),
        format!(
            "{}\n### Career framework changes\n\n`main` → `proposal`: no change to the framework.\n",
            diff::markdown::MARKER
        )
    );
}

#[test]
fn loading_through_git_reports_what_loading_the_folder_reports() {
    for source in [
        repo().join("framework"),
        repo().join("tests/fixtures/minimal"),
    ] {
        let repo = Repo::with_framework(&source);
        // Break a few things, so there are diagnostics to compare.
        repo.write(
            "roles/eng/broken.md",
            "+++\ntitle = \"Broken\ngrade = 3\n+++\n",
        );
        repo.write(
            "tracks/odd.md",
            "+++\nname = \"Odd\"\nowners = [\"Eng leads\"]\n+++\n",
        );
        repo.write("roles/_drafts/x.md", "not front matter");
        repo.write("skills/a/b/c.md", "+++\nname = \"Deep\"\n+++\n");
        repo.commit("Broken");
        let folder = trellis::check_framework(&repo.framework()).unwrap();
        let git = at(&repo, "HEAD");
        let render = |c: &trellis::Checked| -> Vec<String> {
            c.diagnostics
                .iter()
                .map(|d| trellis::diagnostic::render::human(d, &c.sources, false))
                .collect()
        };
        assert!(!folder.diagnostics.is_empty());
        assert_eq!(render(&git), render(&folder), "{}", source.display());
        assert_eq!(git.framework.roles.len(), folder.framework.roles.len());
        let d = diff::compare(&git.framework, &folder.framework);
        assert!(d.is_empty(), "{:?}", d.changes());
    }
}

fn trellis(args: &[&str], dir: &std::path::Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("runs trellis")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn cli_compares_with_the_working_tree_and_touches_nothing() {
    let repo = minimal();
    repo.edit(
        "roles/eng/senior.md",
        "system-design = 3",
        "system-design = 4",
    );
    let status = repo.git(&["status", "--porcelain"]);
    let out = trellis(&["diff", "HEAD", "--format", "json"], repo.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["to"], "working tree");
    assert!(value["from"].as_str().unwrap().starts_with("HEAD ("));
    assert_eq!(value["summary"]["raises"], 1);
    assert_eq!(value["changes"][0]["change"], "requirement-raised");
    // Neither the working tree nor the index moved.
    assert_eq!(repo.git(&["status", "--porcelain"]), status);

    let fail = trellis(&["diff", "HEAD", "--fail-on", "raise"], repo.path());
    assert_eq!(fail.status.code(), Some(1));
    assert!(text(&fail.stdout).contains("**1 change raises the bar**"));
    repo.commit("Raise");
    let clean = trellis(&["diff", "HEAD", "--fail-on", "raise"], repo.path());
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    assert!(text(&clean.stdout).contains("no change to the framework"));
}

#[test]
fn cli_compares_two_revisions_of_any_folder() {
    let repo = minimal();
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.edit("roles/eng/mid.md", "system-design = 2", "system-design = 1");
    repo.commit("Lower");
    repo.git(&["tag", "v2"]);
    // Uncommitted edits are not read when both revisions are named.
    repo.edit(
        "roles/eng/senior.md",
        "system-design = 3",
        "system-design = 4",
    );
    let out = trellis(
        &["diff", &base[..10], "v2", "framework", "--fail-on", "raise"],
        repo.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("`{}` → `v2 (", &base[..7])),
        "{stdout}"
    );
    assert!(
        stdout.contains("| System design | 2 Working | 1 Awareness | **lowers the bar** |"),
        "{stdout}"
    );
    // From inside the folder, the second argument may be the folder itself.
    let inside = trellis(&["diff", "v2", "."], &repo.framework());
    assert_eq!(inside.status.code(), Some(0), "{}", text(&inside.stderr));
    assert!(text(&inside.stdout).contains("working tree"));
}

#[test]
fn cli_reports_a_framework_that_did_not_exist_yet_as_all_new() {
    let repo = minimal();
    // A commit without the folder, which stays in the working tree, untracked.
    repo.git(&["rm", "-r", "--quiet", "--cached", "framework"]);
    repo.git(&["commit", "--quiet", "-m", "Without the framework"]);
    let out = trellis(&["diff", "HEAD", "--format", "json"], repo.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("did not exist at `HEAD`"));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let added = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "added" && c["subject"]["kind"] == "role")
        .count();
    assert_eq!(added, 3);
}

#[test]
fn cli_explains_a_bad_revision_and_a_folder_outside_git() {
    let repo = minimal();
    let out = trellis(&["diff", "no-such-branch"], repo.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: `no-such-branch` is not a commit, branch or tag of this repository\n"
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("framework")).unwrap();
    let out = trellis(&["diff", "main"], outside.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not inside a git repository"),
        "{}",
        text(&out.stderr)
    );
    let dash = trellis(&["diff", "--", "--upload-pack=x"], repo.path());
    assert_eq!(dash.status.code(), Some(2));
}

#[test]
fn kinds_and_classes_read_in_order() {
    // Raises sort first in every report; the lookups find a subject by its new id.
    let d = diff_of(|r| {
        r.edit(
            "tracks/eng.md",
            "kind = \"individual contributor\"",
            "kind = \"ic\"",
        );
        r.edit(
            "roles/eng/senior.md",
            "system-design = 3",
            "system-design = 4",
        );
    });
    let classes: Vec<Class> = d.changes().iter().map(|c| c.class).collect();
    assert_eq!(classes, [Class::Raises, Class::Editorial]);
    assert_eq!(d.subjects()[0].kind, Kind::Role);
    assert_eq!(
        d.about(Kind::Track, "eng").next().unwrap().describe(),
        "Kind changed from “individual contributor” to “ic”."
    );
}

#[test]
fn a_renamed_scale_level_is_reported_once_not_on_every_skill() {
    let d = diff_of(|r| {
        r.edit("trellis.toml", "\"Expert\"", "\"Master\"");
    });
    assert_eq!(lines(&d), ["structural framework trellis.toml field"]);
    let c = change(&d, 0);
    assert_eq!(c["field"], "scale");
    assert_eq!(c["after"], "Awareness, Working, Practitioner, Master");
}

#[test]
fn a_new_requirement_shows_its_expectations() {
    let d = diff_of(|r| {
        r.edit(
            "roles/eng/junior.md",
            "system-design = 1",
            "system-design = { level = 1, expectations = [\"Reads the design notes of the team.\"] }",
        );
        r.edit("roles/eng/junior.md", "communication = \"Awareness\"\n", "");
        r.write("skills/craft/testing.md", "+++\nname = \"Testing\"\n+++\n");
        r.edit(
            "roles/eng/mid.md",
            "system-design = 2",
            "system-design = 2\ntesting = { level = 2, expectations = [\"Writes the tests of each change.\"] }",
        );
    });
    assert_eq!(
        lines(&d),
        [
            "raises role junior expectations-edited",
            "raises role mid requirement-added",
            "raises role mid expectations-edited",
            "lowers role junior requirement-removed",
            "structural skill testing added",
        ]
    );
    assert_eq!(
        change(&d, 2)["added"],
        json!(["Writes the tests of each change."])
    );
}
