//! Each rule `trellis check` enforces, with the exact place it reports.

use crate::harness::Fixture;

#[test]
fn minimal_fixture_is_clean() {
    Fixture::minimal().check().assert_clean();
}

#[test]
fn reports_unknown_skill_with_suggestion() {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    let d = f.check().expect("unknown-skill", "roles/eng/mid.md", 6, 1);
    assert_eq!(d.message, "unknown skill `sytem-design`");
    assert_eq!(d.help.as_deref(), Some("did you mean `system-design`?"));
}

#[test]
fn unknown_skill_written_as_an_alias_points_to_the_id() {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "architecture = 2");
    let d = f.check().expect("unknown-skill", "roles/eng/mid.md", 6, 1);
    assert_eq!(
        d.help.as_deref(),
        Some("`architecture` is another name for the skill `system-design`: use its id")
    );
}

#[test]
fn reports_unknown_grade_at_the_value() {
    let f = Fixture::minimal();
    f.edit("roles/eng/senior.md", "grade = \"L3\"", "grade = \"L33\"");
    let d = f
        .check()
        .expect("unknown-grade", "roles/eng/senior.md", 3, 9);
    assert_eq!(d.help.as_deref(), Some("did you mean `L3`?"));
}

#[test]
fn reports_a_role_folder_that_names_no_track() {
    let f = Fixture::minimal();
    f.write(
        "roles/enginering/lead.md",
        "+++\ntitle = \"Lead\"\ngrade = \"L3\"\n+++\n",
    );
    let d = f
        .check()
        .expect("unknown-track", "roles/enginering/lead.md", 1, 1);
    assert!(d.help.unwrap().contains("`eng`"));
}

#[test]
fn reports_level_numbers_out_of_the_skill_scale() {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "system-design = 5");
    let d = f
        .check()
        .expect("level-out-of-range", "roles/eng/mid.md", 6, 17);
    assert_eq!(
        d.message,
        "level 5 is out of range for `system-design`, which has levels 1 to 4"
    );
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "system-design = 0");
    f.check()
        .expect("level-out-of-range", "roles/eng/mid.md", 6, 17);
}

#[test]
fn reports_unknown_level_names_with_suggestion() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/senior.md",
        "\"Practitioner\"",
        "\"Practicioner\"",
    );
    let d = f
        .check()
        .expect("unknown-level", "roles/eng/senior.md", 8, 17);
    assert_eq!(d.help.as_deref(), Some("did you mean `Practitioner`?"));
}

#[test]
fn level_names_come_from_the_skill_or_the_scale() {
    let report = Fixture::minimal().check();
    let f = &report.0.framework;
    let communication = &f[f.find_skill("communication").unwrap()];
    // Unnamed [[levels]] take the scale's names; their own summaries stay.
    assert_eq!(communication.levels[2].name, "Practitioner");
    assert_eq!(
        communication.levels[2].summary.as_deref(),
        Some("Aligns a team.")
    );
    let senior = &f[f.find_role("senior").unwrap()];
    let req = senior
        .requirements
        .iter()
        .find(|r| f[r.skill].id == "communication")
        .unwrap();
    assert_eq!(req.level, 3);
}

#[test]
fn reports_unknown_roles_in_next_and_lateral() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\nnext = [\"senoir\"]\nlateral = [\"juniour\"]\n",
    );
    let report = f.check();
    let seen = report.seen();
    let unknown: Vec<_> = seen.iter().filter(|s| s.code == "unknown-role").collect();
    assert_eq!(unknown.len(), 2, "{seen:#?}");
    assert_eq!((unknown[0].line, unknown[0].column), (Some(4), Some(9)));
    assert_eq!(unknown[0].help.as_deref(), Some("did you mean `senior`?"));
    assert_eq!((unknown[1].line, unknown[1].column), (Some(5), Some(12)));
    assert_eq!(unknown[1].help.as_deref(), Some("did you mean `junior`?"));
}

#[test]
fn a_role_cannot_promote_to_itself() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\nnext = [\"mid\"]\n",
    );
    f.check().expect("self-reference", "roles/eng/mid.md", 4, 9);
}

#[test]
fn the_default_promotion_is_the_next_grade_of_the_track() {
    let report = Fixture::minimal().check();
    let f = &report.0.framework;
    let next = |id: &str| -> Vec<(String, bool)> {
        f[f.find_role(id).unwrap()]
            .next
            .iter()
            .map(|m| (f[m.to].id.clone(), m.is_default()))
            .collect()
    };
    assert_eq!(next("junior"), [("mid".to_owned(), true)]);
    assert_eq!(next("mid"), [("senior".to_owned(), true)]);
    assert!(next("senior").is_empty());
}

#[test]
fn the_default_promotion_skips_empty_grades() {
    let f = Fixture::minimal();
    f.remove("roles/eng/mid.md");
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    let junior = &fw[fw.find_role("junior").unwrap()];
    assert_eq!(fw[junior.next[0].to].id, "senior");
}

#[test]
fn explicit_next_replaces_the_default() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/junior.md",
        "grade = \"L1\"\n",
        "grade = \"L1\"\nnext = [\"senior\"]\n",
    );
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    let junior = &fw[fw.find_role("junior").unwrap()];
    assert_eq!(junior.next.len(), 1);
    assert_eq!(fw[junior.next[0].to].id, "senior");
    assert!(!junior.next[0].is_default());
}

#[test]
fn warns_when_the_next_grade_has_several_roles() {
    let f = Fixture::minimal();
    f.write(
        "roles/eng/mid-backend.md",
        "+++\ntitle = \"Backend engineer\"\ngrade = \"L2\"\n+++\n",
    );
    let d = f
        .check()
        .expect("ambiguous-promotion", "roles/eng/junior.md", 1, 1);
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.help.as_deref(),
        Some("say which with `next = [\"mid\", \"mid-backend\"]` (one or more)")
    );
}

#[test]
fn reports_a_promotion_cycle_once() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/senior.md",
        "grade = \"L3\"\n",
        "grade = \"L3\"\nnext = [\"junior\"]\n",
    );
    let report = f.check();
    let d = report.expect("promotion-cycle", "roles/eng/senior.md", 4, 9);
    assert_eq!(
        d.message,
        "promotions go round in a circle: junior → mid → senior → junior"
    );
    assert_eq!(d.severity, "error");
    // Going down a grade is also flagged, at the same entry.
    report.expect("promotion-not-upward", "roles/eng/senior.md", 4, 9);
}

#[test]
fn warns_when_a_promotion_lowers_a_required_level() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/senior.md",
        "system-design = 3",
        "system-design = 1",
    );
    let report = f.check();
    let d = report.expect("lowered-level", "roles/eng/senior.md", 7, 17);
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "promotion from `mid` to `senior` lowers `system-design` from 2 (Working) to 1 (Awareness)"
    );
    assert_eq!(report.errors(), 0);
}

#[test]
fn no_lowered_level_warning_across_tracks() {
    let f = Fixture::minimal();
    f.write(
        "tracks/mgmt.md",
        "+++\nname = \"Management\"\nkind = \"management\"\n+++\n",
    );
    f.write(
        "roles/mgmt/manager.md",
        "+++\ntitle = \"Manager\"\ngrade = \"L3\"\n[skills]\nsystem-design = 1\n+++\n",
    );
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\nnext = [\"senior\", \"manager\"]\n",
    );
    f.check().assert_clean();
}

#[test]
fn reports_duplicate_ids_with_the_first_definition() {
    let f = Fixture::minimal();
    f.write(
        "skills/people/system-design.md",
        "+++\nname = \"People design\"\n+++\n",
    );
    let report = f.check();
    report.expect("duplicate-id", "skills/people/system-design.md", 1, 1);
    let human = report.human();
    assert!(human.contains("skills/craft/system-design.md"), "{human}");
    assert!(human.contains("first defined here"), "{human}");
}

#[test]
fn reports_duplicate_ids_given_in_front_matter() {
    let f = Fixture::minimal();
    f.write(
        "roles/eng/other.md",
        "+++\nid = \"mid\"\ntitle = \"Other\"\ngrade = \"L2\"\n+++\n",
    );
    f.check().expect("duplicate-id", "roles/eng/other.md", 2, 6);
}

#[test]
fn reports_malformed_ids_with_a_rename() {
    let f = Fixture::minimal();
    f.write(
        "roles/eng/Staff_Engineer.md",
        "+++\ntitle = \"Staff\"\ngrade = \"L3\"\n+++\n",
    );
    let d = f
        .check()
        .expect("invalid-id", "roles/eng/Staff_Engineer.md", 1, 1);
    assert!(d.help.unwrap().contains("`staff-engineer.md`"));
}

#[test]
fn reports_a_pathway_that_does_not_go_up() {
    let f = Fixture::minimal();
    f.edit(
        "pathways/design-basics.md",
        "to = \"Working\"",
        "to = \"Awareness\"",
    );
    let d = f
        .check()
        .expect("invalid-level-range", "pathways/design-basics.md", 5, 6);
    assert_eq!(
        d.message,
        "the pathway goes from level 1 (Awareness) to level 1 (Awareness), which is not higher"
    );
}

#[test]
fn resolves_pathway_and_opportunity_references() {
    let f = Fixture::minimal();
    f.edit(
        "pathways/design-basics.md",
        "skill = \"system-design\"",
        "skill = \"desing\"",
    );
    f.edit(
        "opportunities/queue-migration.md",
        "system-design = 2",
        "system-design = 9",
    );
    let report = f.check();
    report.expect("unknown-skill", "pathways/design-basics.md", 3, 9);
    report.expect(
        "level-out-of-range",
        "opportunities/queue-migration.md",
        7,
        17,
    );
}

#[test]
fn reports_unknown_step_and_opportunity_kinds() {
    let f = Fixture::minimal();
    f.edit(
        "pathways/design-basics.md",
        "kind = \"reading\"",
        "kind = \"readng\"",
    );
    f.edit(
        "opportunities/queue-migration.md",
        "kind = \"project\"",
        "kind = \"secondment\"",
    );
    let report = f.check();
    let seen = report.seen();
    let invalid: Vec<_> = seen.iter().filter(|s| s.code == "invalid-value").collect();
    assert_eq!(invalid.len(), 2, "{seen:#?}");
    assert_eq!(
        invalid[0].file.as_deref(),
        Some("pathways/design-basics.md")
    );
    assert_eq!((invalid[0].line, invalid[0].column), (Some(9), Some(8)));
    assert_eq!(invalid[0].help.as_deref(), Some("did you mean `reading`?"));
    assert_eq!(
        invalid[1].file.as_deref(),
        Some("opportunities/queue-migration.md")
    );
    assert_eq!((invalid[1].line, invalid[1].column), (Some(3), Some(8)));
    let help = invalid[1].help.as_deref().unwrap();
    assert!(help.starts_with("use one of `project`"), "{help}");
}

#[test]
fn rejects_links_that_could_run_script() {
    let f = Fixture::minimal();
    f.edit(
        "pathways/design-basics.md",
        "https://learn.example.com/design",
        "JavaScript:alert(document.cookie)",
    );
    let d = f
        .check()
        .expect("unsafe-url", "pathways/design-basics.md", 10, 7);
    assert_eq!(d.severity, "error");
    let f = Fixture::minimal();
    f.edit(
        "trellis.toml",
        "base_url = \"/\"\n",
        "base_url = \"/\"\nrepository = \"data:text/html,x\"\n",
    );
    f.check().expect("unsafe-url", "trellis.toml", 3, 14);
}

#[test]
fn reports_pay_bands_that_make_no_sense() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\npay = { currency = \"euro\", min = 90000, max = 70000 }\n",
    );
    let report = f.check();
    let seen = report.seen();
    let places: Vec<_> = seen
        .iter()
        .map(|s| (s.code.as_str(), s.line, s.column))
        .collect();
    assert_eq!(
        places,
        [
            ("invalid-value", Some(4), Some(20)),
            ("invalid-value", Some(4), Some(34)),
        ]
    );
}

#[test]
fn warns_when_two_roles_share_an_alias() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\naliases = [\"senior developer\"]\n",
    );
    let d = f
        .check()
        .expect("duplicate-alias", "roles/eng/senior.md", 4, 12);
    assert_eq!(d.severity, "warning");
}

#[test]
fn warns_about_a_track_without_roles() {
    let f = Fixture::minimal();
    f.write("tracks/design.md", "+++\nname = \"Design\"\n+++\n");
    let d = f.check().expect("empty-track", "tracks/design.md", 1, 1);
    assert_eq!(d.severity, "warning");
}

#[test]
fn a_level_beyond_the_scale_needs_a_name() {
    let f = Fixture::minimal();
    f.edit(
        "skills/craft/communication.md",
        "summary = \"Aligns the company.\"\n",
        "summary = \"Aligns the company.\"\n\n[[levels]]\nsummary = \"Aligns the industry.\"\n",
    );
    let d = f
        .check()
        .expect("missing-level-name", "skills/craft/communication.md", 16, 1);
    assert!(d.help.unwrap().contains("names only 4 levels"));
}

#[test]
fn reports_unknown_related_skills() {
    let f = Fixture::minimal();
    f.edit(
        "skills/craft/system-design.md",
        "related = [\"communication\"]",
        "related = [\"comunication\"]",
    );
    f.check()
        .expect("unknown-skill", "skills/craft/system-design.md", 4, 12);
}

#[test]
fn reports_files_outside_their_folder_shape() {
    let f = Fixture::minimal();
    f.write(
        "roles/lead.md",
        "+++\ntitle = \"Lead\"\ngrade = \"L3\"\n+++\n",
    );
    let report = f.check();
    let seen = report.seen();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert_eq!(seen[0].code, "misplaced-file");
    assert_eq!(seen[0].file.as_deref(), Some("roles/lead.md"));
    assert_eq!(seen[0].line, None);
}

#[test]
fn ignores_drafts_hidden_files_and_other_extensions() {
    let f = Fixture::minimal();
    f.write("roles/eng/_draft.md", "not even front matter");
    f.write("roles/eng/.senior.md.swp", "binary \u{0}");
    f.write("roles/eng/notes.txt", "notes");
    f.write("roles/_archive/old.md", "broken");
    f.write("README.md", "# About this framework");
    f.check().assert_clean();
}

#[test]
fn a_broken_file_does_not_cascade_into_unknown_references() {
    let f = Fixture::minimal();
    // The skill file is broken, so roles that need it must not also report it unknown.
    f.write("skills/craft/system-design.md", "+++\nname = \n+++\n");
    let report = f.check();
    assert_eq!(report.codes(), ["invalid-toml"], "{:#?}", report.seen());
}

#[test]
fn warns_about_a_role_that_requires_no_skills() {
    let f = Fixture::minimal();
    f.write(
        "roles/eng/intern.md",
        "+++\ntitle = \"Intern\"\ngrade = \"L1\"\nnext = [\"mid\"]\n+++\n",
    );
    let d = f
        .check()
        .expect("no-requirements", "roles/eng/intern.md", 1, 1);
    assert_eq!(d.severity, "warning");
}

#[test]
fn rejects_a_base_url_that_is_not_a_path_or_http_url() {
    let f = Fixture::minimal();
    f.edit("trellis.toml", "base_url = \"/\"", "base_url = \"careers\"");
    f.check().expect("invalid-value", "trellis.toml", 2, 12);
}
