//! Format 1.1: dimensions, free pages, choices, weights, skills that start above level 1
//! and links between framework files, read and checked as a framework owner writes them.

use crate::harness::Fixture;

/// The minimal framework with a dimension at each layer and a free page.
fn with_dimensions() -> Fixture {
    let f = Fixture::minimal();
    f.edit(
        "trellis.toml",
        "[[grades]]\nid = \"L1\"\nname = \"Entry\"\n",
        "[[dimensions]]\nid = \"scope\"\nname = \"Scope\"\nweight = 2\n\n[[dimensions]]\nid = \"impact\"\nname = \"Impact\"\nweight = 1\n\n[[grades]]\nid = \"L1\"\nname = \"Entry\"\n[grades.expectations]\nscope = [\"A task at a time.\"]\n",
    )
    .edit(
        "tracks/eng.md",
        "kind = \"individual contributor\"\n",
        "kind = \"individual contributor\"\n\n[expectations.L2]\nscope = [\"A feature of the team.\"]\n",
    )
    .edit(
        "roles/eng/mid.md",
        "+++\nDelivers",
        "[expectations]\nimpact = [\"Their team ships faster.\"]\n+++\nDelivers",
    )
    .write(
        "pages/promotions.md",
        "+++\ntitle = \"How promotions work\"\n+++\n## Who decides\n\nThe panel.\n",
    );
    f
}

#[test]
fn dimensions_apply_to_a_role_from_its_grade_track_and_itself() {
    let f = with_dimensions();
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    let ids: Vec<&str> = fw.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["impact", "scope"], "by weight");
    let junior = fw.find_role("junior").unwrap();
    let layers = fw.dimension_layers(junior);
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].grade, ["A task at a time."]);
    let mid = fw.find_role("mid").unwrap();
    let layers = fw.dimension_layers(mid);
    let text: Vec<(&str, Vec<&str>)> = layers
        .iter()
        .map(|l| {
            (
                l.dimension.id.as_str(),
                l.statements().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        text,
        [
            ("impact", vec!["Their team ships faster."]),
            ("scope", vec!["A feature of the team."])
        ]
    );
    assert_eq!(fw.pages.len(), 1);
    assert_eq!(fw.pages[0].title, "How promotions work");
}

#[test]
fn an_unknown_dimension_or_grade_is_named_with_the_fix() {
    let f = with_dimensions();
    f.edit("roles/eng/mid.md", "impact = [", "impcat = [").edit(
        "tracks/eng.md",
        "[expectations.L2]",
        "[expectations.L9]",
    );
    let report = f.check();
    let d = report.expect("unknown-dimension", "roles/eng/mid.md", 9, 1);
    assert_eq!(d.help.as_deref(), Some("did you mean `impact`?"));
    report.expect("unknown-grade", "tracks/eng.md", 5, 15);
}

#[test]
fn a_broken_link_and_an_unsafe_link_in_a_statement_are_errors_at_their_line() {
    let f = with_dimensions();
    f.edit(
        "roles/eng/mid.md",
        "communication = { level = 2, expectations = [\"Writes clear design notes.\"] }",
        "communication = { level = 2, expectations = [\"Writes notes [as promotions ask](../../pages/promotion.md).\", \"Reads [the panel](../../pages/promotions.md#who-decide).\", \"Knows [who](../../pages/promotions.md#who-decides).\", \"Never [this](javascript:alert(1)).\"] }",
    );
    let report = f.check();
    let broken: Vec<_> = report
        .seen()
        .into_iter()
        .filter(|s| s.code == "broken-link")
        .collect();
    let places: Vec<_> = broken
        .iter()
        .map(|s| (s.file.as_deref(), s.line, s.column))
        .collect();
    assert_eq!(
        places,
        [
            (Some("roles/eng/mid.md"), Some(7), Some(46)),
            (Some("roles/eng/mid.md"), Some(7), Some(109))
        ]
    );
    assert!(
        broken[0].message.contains("`pages/promotion.md`"),
        "{}",
        broken[0].message
    );
    assert_eq!(
        broken[1].help.as_deref(),
        Some("did you mean `#who-decides`?")
    );
    let unsafe_link = report.expect("unsafe-url", "roles/eng/mid.md", 7, 224);
    assert!(
        unsafe_link.message.contains("`javascript:`"),
        "{}",
        unsafe_link.message
    );
    assert_eq!(report.errors(), 3, "{}", report.human());
}

#[test]
fn a_broken_link_in_a_body_points_at_the_link() {
    let f = with_dimensions();
    f.write(
        "pages/faq.md",
        "+++\ntitle = \"FAQ\"\n+++\nSee [the ladder](../tracks/engineering.md) and [promotions](promotions.md#who-decides).\n",
    );
    let report = f.check();
    report.expect("broken-link", "pages/faq.md", 4, 5);
    assert_eq!(report.errors(), 1, "{}", report.human());
}

#[test]
fn a_choice_asks_any_pick_of_its_skills() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/senior.md",
        "[skills]\nsystem-design = 3\ncommunication = \"Practitioner\"\n",
        "[[choices]]\nname = \"Focus\"\npick = 1\n[choices.skills]\nsystem-design = 4\ncommunication = \"Expert\"\n",
    );
    let report = f.check();
    let fw = &report.0.framework;
    let senior = &fw[fw.find_role("senior").unwrap()];
    assert_eq!(senior.choices.len(), 1);
    assert_eq!(senior.choices[0].pick, 1);
    assert_eq!(senior.choices[0].requirements.len(), 2);

    f.edit("roles/eng/senior.md", "pick = 1", "pick = 3");
    let report = f.check();
    let d = report.expect("invalid-value", "roles/eng/senior.md", 8, 8);
    assert_eq!(d.help.as_deref(), Some("pick a number from 1 to 2"));
}

#[test]
fn weights_order_tracks_groups_and_skills() {
    let f = Fixture::minimal();
    f.edit(
        "skills/craft/system-design.md",
        "+++\n",
        "+++\nweight = 1\n",
    )
    .edit(
        "skills/craft/communication.md",
        "+++\n",
        "+++\nweight = 2\n",
    )
    .write("skills/aaa/first.md", "+++\nname = \"First\"\n+++\n")
    .write(
        "skills/aaa/_group.md",
        "+++\nname = \"Alpha\"\nweight = 5\n+++\n",
    )
    .edit("skills/craft/_group.md", "+++\n", "+++\nweight = 1\n");
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    let groups: Vec<&str> = fw.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, ["craft", "aaa"]);
    let skills: Vec<&str> = fw.groups[0]
        .skills
        .iter()
        .map(|s| fw[*s].id.as_str())
        .collect();
    assert_eq!(skills, ["system-design", "communication"]);
}

#[test]
fn a_skill_may_start_above_level_one() {
    let f = Fixture::minimal();
    f.write(
        "skills/craft/mentoring.md",
        "+++\nname = \"Mentoring\"\nfirst_level = 2\n+++\n",
    )
    .edit(
        "roles/eng/senior.md",
        "[skills]",
        "[skills]\nmentoring = \"Working\"",
    );
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    let mentoring = &fw[fw.find_skill("mentoring").unwrap()];
    assert_eq!((mentoring.first_level, mentoring.last_level()), (2, 4));
    assert_eq!(mentoring.level_name(2), "Working");
    let senior = &fw[fw.find_role("senior").unwrap()];
    let r = senior
        .requirements
        .iter()
        .find(|r| fw[r.skill].id == "mentoring")
        .unwrap();
    assert_eq!(r.level, 2);

    f.edit(
        "roles/eng/senior.md",
        "mentoring = \"Working\"",
        "mentoring = 1",
    );
    let d = f
        .check()
        .expect("level-out-of-range", "roles/eng/senior.md", 7, 13);
    assert!(
        d.message.contains("which has levels 2 to 4"),
        "{}",
        d.message
    );
}

#[test]
fn a_date_that_does_not_exist_is_an_error() {
    let f = Fixture::minimal();
    let text = std::fs::read_to_string(f.path().join("opportunities/queue-migration.md")).unwrap();
    let edited = if text.contains("closes =") {
        text.lines()
            .map(|l| {
                if l.starts_with("closes =") {
                    "closes = 2026-99-99"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        text.replacen("+++\n", "+++\ncloses = 2026-99-99\n", 1)
    };
    f.write("opportunities/queue-migration.md", edited);
    let report = f.check();
    assert!(
        report.codes().contains(&"invalid-toml".to_owned()),
        "{}",
        report.human()
    );
}
