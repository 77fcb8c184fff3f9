//! Format 1.1 on the pages that compare roles: skills whose levels start above 1, "any N of
//! these" choices and role-specific words, as the build writes them for the compare page and
//! the self-assessment.

use std::fs;
use std::path::{Path, PathBuf};

use trellis::render::{RenderOptions, Theme};

use crate::harness::Fixture;

/// The minimal framework with a skill whose levels run 2 to 4 (Mentoring, asked for at its
/// top level by the senior role), role-specific words that differ at one shared level, a
/// choice, and Markdown with a link in statements.
fn fixture() -> Fixture {
    let f = Fixture::minimal();
    f.write(
        "skills/craft/mentoring.md",
        "+++\nname = \"Mentoring\"\nfirst_level = 2\n\n[[levels]]\nsummary = \"Pairs with a *new* colleague.\"\n\n[[levels]]\nsummary = \"Mentors two people; see [design](system-design.md).\"\nsignals = [\"Their mentees ship on their own.\"]\n\n[[levels]]\nname = \"Guide\"\nsummary = \"Runs the mentoring programme.\"\n+++\n",
    )
    .edit(
        "roles/eng/senior.md",
        "communication = \"Practitioner\"\n",
        "communication = { level = 2, expectations = [\"Writes the team's `design` notes.\"] }\nmentoring = 4\n\n[[choices]]\nname = \"Focus\"\npick = 1\nsummary = \"One *focus*, agreed with your manager.\"\n\n[choices.skills]\nsystem-design = { level = 4, expectations = [\"Designs for several teams.\"] }\ntesting = 3\n",
    )
    .edit(
        "roles/eng/senior.md",
        "system-design = 3\n",
        "",
    )
    .write(
        "skills/craft/testing.md",
        "+++\nname = \"Testing\"\n+++\n",
    );
    f
}

/// Builds `framework` into a temp folder through the library, as `trellis build` does.
fn build(framework: &Path) -> (tempfile::TempDir, PathBuf) {
    let checked = trellis::check_framework(framework).unwrap();
    assert!(checked.is_ok(), "{:?}", checked.diagnostics);
    let options = RenderOptions {
        base_url: None,
        today: "2026-11-28".to_owned(),
        editions: false,
    };
    let files = trellis::render::render(&checked.framework, &Theme::default(), &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("public");
    trellis::output::write_site(&site, &files, None).unwrap();
    (dir, site)
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_skill_starting_above_level_one_shows_its_own_range_on_role_and_skill_pages() {
    let f = fixture();
    f.check().assert_clean();
    let (_dir, site) = build(f.path());
    let senior = read(&site, "roles/senior/index.html");
    assert!(
        senior.contains("level 4 of 2–4"),
        "the role page names the range"
    );
    let skill = read(&site, "skills/mentoring/index.html");
    assert!(
        skill.contains("id=\"level-4\"")
            && skill.contains("<span class=\"level-number\">4</span> Guide"),
        "levels are numbered from 2: {skill}"
    );
    assert!(!skill.contains("id=\"level-1\""), "{skill}");
    assert!(
        !skill.contains("level 4 of 3"),
        "no ratio over the skill's count"
    );
}
