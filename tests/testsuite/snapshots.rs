//! Snapshots of the diagnostics people read, so a change to their wording or layout shows
//! up in review. Update with `INSTA_UPDATE=always cargo test` and read the diff.

use crate::harness::Fixture;

fn snapshot(f: &Fixture) -> String {
    f.check().human()
}

#[test]
fn unknown_skill_with_suggestion() {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    insta::assert_snapshot!(snapshot(&f));
}

#[test]
fn duplicate_id_points_at_both_files() {
    let f = Fixture::minimal();
    f.write(
        "skills/people/system-design.md",
        "+++\nname = \"People design\"\n+++\n",
    );
    insta::assert_snapshot!(snapshot(&f));
}

#[test]
fn lowered_level_warning_shows_the_role_before() {
    let f = Fixture::minimal();
    f.edit("roles/eng/senior.md", "\"Practitioner\"", "\"Awareness\"");
    insta::assert_snapshot!(snapshot(&f));
}

#[test]
fn invalid_toml_and_unknown_key() {
    let f = Fixture::minimal();
    f.edit("tracks/eng.md", "kind = ", "knd = ");
    f.write(
        "pathways/broken.md",
        "+++\ntitle = \"Broken\nskill = \"system-design\"\n+++\n",
    );
    insta::assert_snapshot!(snapshot(&f));
}

#[test]
fn missing_trellis_toml() {
    let f = Fixture::minimal();
    f.remove("trellis.toml");
    insta::assert_snapshot!(snapshot(&f));
}
