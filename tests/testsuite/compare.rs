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

fn json(site: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(site, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn each_track_has_a_file_with_its_roles_words_as_sanitized_html() {
    let f = fixture();
    let (_dir, site) = build(f.path());
    let track = json(&site, "compare/tracks/eng.json");
    assert_eq!(track["format"], trellis::render::compare::FORMAT);
    assert_eq!(track["track"]["id"], "eng");
    // The skill's own range and names; the words of the levels the track asks for only.
    let mentoring = &track["skills"]["mentoring"];
    assert_eq!(mentoring["first"], 2);
    assert_eq!(
        mentoring["names"],
        serde_json::json!(["Working", "Practitioner", "Guide"])
    );
    assert!(mentoring["levels"].get("4").is_some());
    assert!(
        mentoring["levels"].get("3").is_none(),
        "no role asks for it"
    );
    // Statements are inline HTML, with links to framework files made links to their
    // pages, relative to a page one folder below the root.
    let communication = &track["skills"]["communication"]["levels"]["2"];
    assert_eq!(communication["summary"], "Explains clearly.");
    let senior = &track["roles"]["senior"];
    assert_eq!(senior["title"], "Senior engineer");
    assert_eq!(senior["grade"], "L3");
    assert_eq!(
        senior["requirements"][0],
        serde_json::json!([
            "communication",
            2,
            ["Writes the team's <code>design</code> notes."]
        ])
    );
    let choice = &senior["choices"][0];
    assert_eq!(
        (choice["name"].as_str(), choice["pick"].as_u64()),
        (Some("Focus"), Some(1))
    );
    assert_eq!(
        choice["summary"],
        "One <em>focus</em>, agreed with your manager."
    );
    assert_eq!(choice["requirements"][1][0], "testing");
    // The level a choice asks for has its words too.
    assert!(
        track["skills"]["system-design"]["levels"]
            .get("4")
            .is_some()
    );
    // Pathways of each skill, with their range (0: open).
    assert_eq!(
        track["skills"]["system-design"]["pathways"][0],
        serde_json::json!(["design-basics", "Design basics", 1, 2])
    );
    // The minimal framework has no dimensions: one empty list per dimension, none at all.
    assert_eq!(senior["expectations"], serde_json::json!([]));
}

#[test]
fn statement_links_lead_to_pages_from_the_compare_folder() {
    let f = fixture();
    f.edit(
        "roles/eng/senior.md",
        "mentoring = 4\n",
        "mentoring = { level = 3, expectations = [\"Runs [the design review](../../skills/craft/system-design.md).\"] }\n",
    );
    let (_dir, site) = build(f.path());
    let track = json(&site, "compare/tracks/eng.json");
    let mentoring = &track["roles"]["senior"]["requirements"][1];
    assert_eq!(mentoring[0], "mentoring");
    let html = mentoring[2][0].as_str().unwrap();
    assert!(html.contains("href=\"../skills/system-design/\""), "{html}");
    let level = track["skills"]["mentoring"]["levels"]["3"]["summary"]
        .as_str()
        .unwrap();
    assert!(
        level.contains("href=\"../skills/system-design/\""),
        "{level}"
    );
}

#[test]
fn the_compare_page_lists_roles_by_track_and_embeds_no_data() {
    let f = fixture();
    let (_dir, site) = build(f.path());
    let page = read(&site, "compare/index.html");
    assert!(
        page.contains("<optgroup label=\"Engineering\" data-track=\"eng\">"),
        "{page}"
    );
    assert!(page.contains("<option value=\"senior\">Senior engineer (L3)</option>"));
    // The list is written once; the script copies it into the second picker, which says
    // which role it starts on.
    assert_eq!(page.matches("<option value=\"senior\">").count(), 1);
    assert!(
        page.contains("<select id=\"compare-b\" name=\"b\" data-second=\"mid\"></select>"),
        "{page}"
    );
    assert!(page.contains("data-folder=\"../compare/tracks/\""));
    assert!(!page.contains("application/json"));
}

/// FNV-1a, 32 bits, of a role id's UTF-8 bytes, modulo the number of lookup files: the rule
/// `assets/compare.js` and the build share.
fn shard(id: &str, shards: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        hash = (hash ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    hash as usize % shards
}

#[test]
fn past_two_thousand_roles_the_compare_page_lists_families_and_fetches_their_roles() {
    let f = Fixture::minimal();
    // 2,010 roles in 201 tracks, in two families and none, beside the three of `eng`.
    for t in 0..201 {
        let family = ["", "family = \"Data\"\n", "family = \"Design\"\n"][t % 3];
        f.write(
            &format!("tracks/t{t}.md"),
            format!("+++\nname = \"Track {t}\"\n{family}+++\n"),
        );
        for r in 0..10 {
            f.write(
                &format!("roles/t{t}/r{t}-{r}.md"),
                format!(
                    "+++\ntitle = \"Role {r} of {t}\"\ngrade = \"L{}\"\n[skills]\nsystem-design = 1\n+++\n",
                    1 + r % 3
                ),
            );
        }
    }
    let (_dir, site) = build(f.path());
    let page = read(&site, "compare/index.html");
    assert!(page.len() < 20_000, "{} bytes", page.len());
    assert!(
        !page.contains("<option value=\"r0-0\">"),
        "no role is listed"
    );
    // The families in the home's order: that of their first track (the minimal
    // framework's `eng` has none, so "Other tracks" comes first).
    let groups = "<select id=\"compare-a-group\"><option value=\"0\">Other tracks</option><option value=\"1\">Data</option><option value=\"2\">Design</option></select>";
    assert!(page.contains(groups), "{page}");
    assert!(page.contains("<select id=\"compare-b-group\">"));
    assert!(
        page.contains(
            "data-groups=\"../compare/groups/\" data-lookup=\"../compare/roles/\" data-shards=\"2\""
        ),
        "{page}"
    );

    // A group's file: its tracks in order, each with its roles by grade then title.
    let data: serde_json::Value =
        serde_json::from_str(&read(&site, "compare/groups/1.json")).unwrap();
    assert_eq!(data["name"], "Data");
    let tracks = data["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 67);
    assert_eq!(tracks[0][0], "t1");
    assert_eq!(tracks[0][1], "Track 1");
    let first: Vec<&str> = tracks[0][2]
        .as_array()
        .unwrap()
        .iter()
        .take(4)
        .map(|r| r[0].as_str().unwrap())
        .collect();
    assert_eq!(first, ["r1-0", "r1-3", "r1-6", "r1-9"], "L1 roles first");
    assert_eq!(tracks[0][2][0][2], "L1");

    // Every role is found in the lookup file its id hashes to, with its group and track.
    let lookups: Vec<serde_json::Value> = (0..2)
        .map(|n| serde_json::from_str(&read(&site, &format!("compare/roles/{n}.json"))).unwrap())
        .collect();
    assert!(!site.join("compare/roles/2.json").exists());
    for t in 0..201 {
        for r in 0..10 {
            let id = format!("r{t}-{r}");
            let group = [0, 1, 2][t % 3];
            assert_eq!(
                lookups[shard(&id, 2)][&id],
                serde_json::json!([group, format!("t{t}")]),
                "{id}"
            );
        }
    }
    assert_eq!(
        lookups[0].as_object().unwrap().len() + lookups[1].as_object().unwrap().len(),
        2013
    );
}
