//! The self-assessment page's data (`assess/data.json`) and the links to the page. What the
//! page does with the data is tested in a browser (`browser.rs`, `tests/browser/assess.mjs`)
//! and its scoring by Node's test runner (`tests/browser/score.test.mjs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trellis::render::{RenderOptions, SiteFile, Theme};

use crate::harness::{Fixture, repo};

const TODAY: &str = "2026-11-28";

/// Renders `framework` in memory, as `trellis build` would for [`TODAY`], by path.
fn render(framework: &Path) -> BTreeMap<String, Vec<u8>> {
    let checked = trellis::check_framework(framework).unwrap();
    assert!(
        checked.is_ok(),
        "{}: {:?}",
        framework.display(),
        checked.diagnostics
    );
    let options = RenderOptions {
        base_url: None,
        today: TODAY.to_owned(),
        editions: false,
    };
    trellis::render::render(&checked.framework, &Theme::default(), &options)
        .unwrap()
        .into_iter()
        .map(|SiteFile { path, bytes }| (path, bytes))
        .collect()
}

fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    serde_json::from_slice(&files[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The sample and the real converted frameworks.
fn frameworks() -> Vec<PathBuf> {
    let mut dirs = crate::harness::sample_and_real_frameworks();
    dirs.insert(1, repo().join("tests/fixtures/assess"));
    dirs
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn index(v: &Value) -> usize {
    usize::try_from(v.as_u64().unwrap_or_else(|| panic!("not an index: {v}"))).unwrap()
}

/// `[skill, level, skill, level, …]` as `(skill id, level)` pairs.
fn pairs(flat: &Value, skill_ids: &[&str]) -> Vec<(String, u64)> {
    let flat = flat.as_array().unwrap();
    assert_eq!(flat.len() % 2, 0, "an odd list of skill, level pairs");
    flat.chunks(2)
        .map(|p| (skill_ids[index(&p[0])].to_owned(), p[1].as_u64().unwrap()))
        .collect()
}

/// A choice as `(name, pick, [(skill, level), …])`.
type Choice = (String, u64, Vec<(String, u64)>);

fn requirement_pairs(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|q| (text(&q["skill"]).to_owned(), q["level"].as_u64().unwrap()))
        .collect()
}

/// The choices of a role row of the assessment's data, `[[name, pick, [skill, level, …]], …]`.
fn data_choices(row: &Value, skill_ids: &[&str]) -> Vec<Choice> {
    row.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let pick = c[1].as_u64().unwrap();
            (text(&c[0]).to_owned(), pick, pairs(&c[2], skill_ids))
        })
        .collect()
}

/// The choices of a role of `framework.json` (none when it has no `choices`).
fn json_choices(role: &Value) -> Vec<Choice> {
    role["choices"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let pick = c["pick"].as_u64().unwrap();
            let options = requirement_pairs(&c["requirements"]);
            (text(&c["name"]).to_owned(), pick, options)
        })
        .collect()
}

#[test]
fn assessment_data_says_what_framework_json_says_for_every_framework() {
    for framework in frameworks() {
        let files = render(&framework);
        let data = json(&files, "assess/data.json");
        let full = json(&files, "framework.json");
        let name = framework.display();
        assert_eq!(data["format"], trellis::render::assess::FORMAT, "{name}");
        // Up to 2,000 roles everything is in the one file.
        assert_eq!(data["parts"], Value::Null, "{name}");
        assert!(
            !files
                .keys()
                .any(|p| p.starts_with("assess/groups/") || p.starts_with("assess/levels/")),
            "{name}"
        );
        assert_eq!(data["title"], full["title"], "{name}");

        let skills = data["skills"].as_array().unwrap();
        let skill_ids: Vec<&str> = skills.iter().map(|s| text(&s[0])).collect();
        let want_skills = full["skills"].as_array().unwrap();
        assert_eq!(skills.len(), want_skills.len(), "{name}");
        for (s, want) in skills.iter().zip(want_skills) {
            assert_eq!(s[0], want["id"], "{name}");
            assert_eq!(s[1], want["name"], "{name}");
            let group = &data["groups"][index(&s[2])];
            let want_group = full["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["id"] == want["group"])
                .unwrap();
            assert_eq!(group, &want_group["name"], "{name}: group of {}", s[0]);
            let levels = &data["scales"][index(&s[3])];
            let want_levels = want["levels"].as_array().unwrap();
            let names: Vec<&Value> = want_levels.iter().map(|l| &l["name"]).collect();
            assert_eq!(
                levels.as_array().unwrap().iter().collect::<Vec<_>>(),
                names,
                "{name}: levels of {}",
                s[0]
            );
            // Summaries are inline HTML: a reader sees the words the file wrote.
            let summaries: Vec<String> = want_levels
                .iter()
                .map(|l| crate::site::words(l["summary"].as_str().unwrap_or("")))
                .collect();
            let got: Vec<String> = s[4]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| crate::site::visible(text(h)))
                .collect();
            assert_eq!(got, summaries, "{name}: level summaries of {}", s[0]);
            assert_eq!(s[5], want["first_level"], "{name}: first level of {}", s[0]);
        }
        // Level name lists are written once each.
        let scales = data["scales"].as_array().unwrap();
        for (i, a) in scales.iter().enumerate() {
            assert!(!scales[..i].contains(a), "{name}: scale {a} twice");
        }

        let roles = data["roles"].as_array().unwrap();
        let want_roles = full["roles"].as_array().unwrap();
        assert_eq!(roles.len(), want_roles.len(), "{name}");
        for (r, want) in roles.iter().zip(want_roles) {
            assert_eq!(r[0], want["id"], "{name}");
            assert_eq!(r[1], want["title"], "{name}");
            let track = full["tracks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == want["track"])
                .unwrap();
            assert_eq!(data["tracks"][index(&r[2])][0], track["id"], "{name}");
            assert_eq!(data["tracks"][index(&r[2])][1], track["name"], "{name}");
            assert_eq!(data["grades"][index(&r[3])][0], want["grade"], "{name}");
            assert_eq!(
                pairs(&r[4], &skill_ids),
                requirement_pairs(&want["requirements"]),
                "{name}: requirements of {}",
                r[0]
            );
            let (choices, want_choices) = (data_choices(&r[5], &skill_ids), json_choices(want));
            assert_eq!(choices, want_choices, "{name}: choices of {}", r[0]);
        }

        let pathways = data["pathways"].as_array().unwrap();
        let want_pathways = full["pathways"].as_array().unwrap();
        assert_eq!(pathways.len(), want_pathways.len(), "{name}");
        for (p, want) in pathways.iter().zip(want_pathways) {
            assert_eq!(p[0], want["id"], "{name}");
            assert_eq!(skill_ids[index(&p[2])], text(&want["skill"]), "{name}");
            assert_eq!(p[3].as_u64(), Some(want["from"].as_u64().unwrap_or(0)));
            assert_eq!(p[4].as_u64(), Some(want["to"].as_u64().unwrap_or(0)));
            let minutes: u64 = want["steps"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s["minutes"].as_u64())
                .sum();
            assert_eq!(p[5].as_u64(), Some(minutes), "{name}: minutes of {}", p[0]);
        }

        // Only the opportunities still open on the day of the build are offered.
        let open: Vec<(&Value, Vec<(String, u64)>)> = full["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["closes"].as_str().is_none_or(|d| d >= TODAY))
            .map(|o| (&o["id"], requirement_pairs(&o["requirements"])))
            .collect();
        let offered: Vec<(&Value, Vec<(String, u64)>)> = data["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| (&o[0], pairs(&o[3], &skill_ids)))
            .collect();
        assert_eq!(offered, open, "{name}");
    }
}

#[test]
fn assessment_data_shares_level_names_and_leaves_closed_opportunities_out() {
    let files = render(&repo().join("tests/fixtures/assess"));
    let data = json(&files, "assess/data.json");
    // Four skills use the framework's scale; coaching has names of its own.
    assert_eq!(
        data["scales"],
        serde_json::json!([
            ["Awareness", "Working", "Practitioner", "Expert"],
            ["Buddy", "Mentor", "Coach"]
        ])
    );
    let ids: Vec<&str> = data["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| text(&o[0]))
        .collect();
    assert_eq!(
        ids,
        [
            "clinic",
            "code-review-guild",
            "mentoring-circle",
            "onboarding-buddy",
            "pairing-rotation",
            "sprint"
        ],
        "old-hackathon closed in 2020"
    );
    // A pathway without `from` starts at the bottom: written as 0.
    let basics = data["pathways"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "stakeholder-basics")
        .unwrap();
    assert_eq!(basics[3], 0);
    assert_eq!(basics[4], 2);
    assert_eq!(basics[5], 90);
    // Compact: no key repeated per row.
    let raw = String::from_utf8(files["assess/data.json"].clone()).unwrap();
    assert_eq!(raw.matches("\"title\"").count(), 1, "{raw}");
}

#[test]
fn every_page_links_the_assessment_and_role_pages_offer_it_for_their_role() {
    let files = render(&repo().join("framework"));
    let page = String::from_utf8(files["assess/index.html"].clone()).unwrap();
    assert!(page.contains("<h1>Where could I go?</h1>"));
    assert!(
        page.contains("id=\"assess-rule\""),
        "the scoring rule is on the page"
    );
    assert!(page.contains("data-root=\"../\""));
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let root = if path == "404.html" {
            "/".to_owned()
        } else {
            "../".repeat(path.matches('/').count())
        };
        assert!(
            html.contains(&format!("<a href=\"{root}assess/\">Assess yourself</a>")),
            "{path} has no link to the assessment in its header"
        );
        if let Some(id) = path
            .strip_prefix("roles/")
            .and_then(|p| p.strip_suffix("/index.html"))
        {
            assert!(
                html.contains(&format!(
                    "<a href=\"../../assess/#target={id}\">Assess yourself against this role</a>"
                )),
                "{path}"
            );
        }
    }
}

/// The minimal framework with 2,010 roles more in 201 tracks of two families and none (as
/// `compare.rs` builds it), and 40 skills more, each with a summary per level, asked for in
/// turn by the roles, some through a choice. The browser test works on it too.
pub(crate) fn large() -> Fixture {
    let f = Fixture::minimal();
    for k in 0..40 {
        let levels: String = (1..=4)
            .map(|l| format!("[[levels]]\nsummary = \"Level {l} of *skill {k}*.\"\n\n"))
            .collect();
        f.write(
            &format!("skills/craft/s{k}.md"),
            format!("+++\nname = \"Skill {k}\"\n\n{levels}+++\n"),
        );
    }
    for t in 0..201 {
        let family = ["", "family = \"Data\"\n", "family = \"Design\"\n"][t % 3];
        f.write(
            &format!("tracks/t{t}.md"),
            format!("+++\nname = \"Track {t}\"\n{family}+++\n"),
        );
        for r in 0..10 {
            let n = t * 10 + r;
            let choice = if r == 0 {
                format!(
                    "\n[[choices]]\nname = \"Focus\"\npick = 1\n\n[choices.skills]\ns{} = 2\ncommunication = 3\n",
                    (n + 7) % 40
                )
            } else {
                String::new()
            };
            f.write(
                &format!("roles/t{t}/r{t}-{r}.md"),
                format!(
                    "+++\ntitle = \"Role {r} of {t}\"\ngrade = \"L{}\"\n[skills]\nsystem-design = 1\ns{} = {}\n{choice}+++\n",
                    1 + r % 3,
                    n % 40,
                    1 + n % 4
                ),
            );
        }
    }
    f
}

#[test]
fn past_two_thousand_roles_the_core_leaves_roles_to_group_files_and_summaries_to_level_files() {
    let f = large();
    let files = render(f.path());
    let data = json(&files, "assess/data.json");
    let full = json(&files, "framework.json");
    assert_eq!(data["format"], trellis::render::assess::FORMAT);
    assert!(
        files["assess/data.json"].len() < 20_000,
        "the core is small: {} bytes",
        files["assess/data.json"].len()
    );

    // The core: no roles, tracks, pathways or summaries, but what to fetch for them.
    assert_eq!(data["roles"], serde_json::json!([]));
    assert_eq!(data["tracks"], serde_json::json!([]));
    assert_eq!(data["pathways"], serde_json::json!([]));
    let want_tracks = full["tracks"].as_array().unwrap();
    let skills = data["skills"].as_array().unwrap();
    assert_eq!(skills.len(), 42);
    assert!(skills.iter().all(|s| s[4].is_null()), "no summary inline");
    let want_roles = full["roles"].as_array().unwrap();
    assert_eq!(want_roles.len(), 2013);
    let parts = &data["parts"];
    assert_eq!(parts["roles"], 2013);
    assert_eq!(parts["shards"], 2, "the compare page's lookup files");
    assert_eq!(parts["skills_per_file"], 8);
    // The groups are the compare page's, in its order, with their numbers of roles.
    assert_eq!(
        parts["groups"],
        serde_json::json!([["Other tracks", 673], ["Data", 670], ["Design", 670]])
    );

    // Every role is in exactly one group file, under its number in framework.json, with
    // what framework.json says of it; the group is the one the compare page gives it.
    let skill_ids: Vec<&str> = skills.iter().map(|s| text(&s[0])).collect();
    let mut seen = vec![0; want_roles.len()];
    for g in 0..3 {
        let file = json(&files, &format!("assess/groups/{g}.json"));
        assert_eq!(file["format"], trellis::render::assess::FORMAT);
        let compare = json(&files, &format!("compare/groups/{g}.json"));
        let tracks: Vec<&str> = compare["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| text(&t[0]))
            .collect();
        // The group's tracks, numbered as in the framework.
        let own: BTreeMap<usize, &str> = file["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                assert_eq!(want_tracks[index(&t[0])]["id"], t[1]);
                assert_eq!(want_tracks[index(&t[0])]["name"], t[2]);
                (index(&t[0]), text(&t[1]))
            })
            .collect();
        let mut listed = tracks.clone();
        listed.sort_unstable();
        let mut ours: Vec<&str> = own.values().copied().collect();
        ours.sort_unstable();
        assert_eq!(ours, listed, "the tracks of compare group {g}");
        let rows = file["roles"].as_array().unwrap();
        assert_eq!(rows.len() as u64, parts["groups"][g][1].as_u64().unwrap());
        for row in rows {
            let i = index(&row[0]);
            seen[i] += 1;
            let want = &want_roles[i];
            assert_eq!(row[1], want["id"], "role {i}");
            assert_eq!(row[2], want["title"], "role {i}");
            let track = own[&index(&row[3])];
            assert_eq!(track, text(&want["track"]), "role {i}");
            assert!(tracks.contains(&track), "{track} is in compare group {g}");
            assert_eq!(data["grades"][index(&row[4])][0], want["grade"]);
            assert_eq!(
                pairs(&row[5], &skill_ids),
                requirement_pairs(&want["requirements"]),
                "requirements of {}",
                row[1]
            );
            let (choices, want_choices) = (data_choices(&row[6], &skill_ids), json_choices(want));
            assert_eq!(choices, want_choices, "choices of {}", row[1]);
        }
    }
    assert!(!files.contains_key("assess/groups/3.json"));
    assert!(seen.iter().all(|&n| n == 1), "each role once: {seen:?}");
    assert!(
        want_roles.iter().any(|r| r["choices"].is_array()),
        "some roles have choices"
    );

    // The level summaries, 8 skills a file, as framework.json words them, and the pathways
    // of those skills.
    let want_skills = full["skills"].as_array().unwrap();
    let mut pathways = Vec::new();
    for n in 0..6 {
        let file = json(&files, &format!("assess/levels/{n}.json"));
        for p in file["pathways"].as_array().unwrap() {
            let skill = index(&p[1][2]);
            assert_eq!(skill / 8, n, "{p}: in its skill's file");
            pathways.push((index(&p[0]), text(&p[1][0]).to_owned(), skill_ids[skill]));
        }
        assert_eq!(file["format"], trellis::render::assess::FORMAT);
        assert_eq!(file["first"], n * 8);
        let chunk = file["summaries"].as_array().unwrap();
        assert_eq!(chunk.len(), if n < 5 { 8 } else { 42 - 40 });
        for (i, got) in chunk.iter().enumerate() {
            let want = &want_skills[n * 8 + i];
            let words: Vec<String> = want["levels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| crate::site::words(l["summary"].as_str().unwrap_or("")))
                .collect();
            let got: Vec<String> = got
                .as_array()
                .unwrap()
                .iter()
                .map(|h| crate::site::visible(text(h)))
                .collect();
            assert_eq!(got, words, "summaries of {}", want["id"]);
        }
    }
    assert!(!files.contains_key("assess/levels/6.json"));
    pathways.sort_unstable();
    let want_pathways: Vec<(usize, String, &str)> = full["pathways"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| (i, text(&p["id"]).to_owned(), text(&p["skill"])))
        .collect();
    assert!(!want_pathways.is_empty());
    assert_eq!(pathways, want_pathways);
    let s0 = skill_ids.iter().position(|id| *id == "s0").unwrap();
    let file = json(&files, &format!("assess/levels/{}.json", s0 / 8));
    let summary = file["summaries"][s0 % 8][1].clone();
    assert_eq!(
        summary, "Level 2 of <em>skill 0</em>.",
        "inline HTML, rendered by the build"
    );
}
