//! Every class of bad input is reported, at its place, never panics and is never silently
//! accepted; valid but unusual input is accepted.

use crate::harness::Fixture;

#[test]
fn reports_invalid_toml_at_the_line_of_the_file() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "title = \"Engineer\"",
        "title = \"Engineer",
    );
    let d = f.check().expect("invalid-toml", "roles/eng/mid.md", 2, 18);
    assert!(d.message.starts_with("invalid TOML"), "{}", d.message);
}

#[test]
fn reports_a_file_without_front_matter() {
    let f = Fixture::minimal();
    f.write("tracks/design.md", "name = \"Design\"\n");
    let d = f
        .check()
        .expect("missing-front-matter", "tracks/design.md", 1, 1);
    assert!(d.help.unwrap().contains("`+++`"));
}

#[test]
fn reports_unclosed_front_matter_at_the_opening_line() {
    let f = Fixture::minimal();
    f.write(
        "tracks/design.md",
        "\n+++\nname = \"Design\"\n\nWhat design does.\n",
    );
    f.check()
        .expect("unclosed-front-matter", "tracks/design.md", 2, 1);
}

#[test]
fn reports_empty_files() {
    let f = Fixture::minimal();
    f.write("pathways/empty.md", "");
    f.write("pathways/blank.md", "  \n\n");
    let report = f.check();
    let seen = report.seen();
    assert_eq!(report.codes(), ["empty-file", "empty-file"], "{seen:#?}");
    assert_eq!(seen[0].file.as_deref(), Some("pathways/blank.md"));
    assert_eq!(seen[1].file.as_deref(), Some("pathways/empty.md"));
}

#[test]
fn reports_every_unknown_key_of_a_file_at_once() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\nsumary = \"x\"\nalias = [\"y\"]\n",
    );
    f.edit(
        "skills/craft/communication.md",
        "summary = \"Explains clearly.\"",
        "sumary = \"Explains clearly.\"",
    );
    let report = f.check();
    let seen: Vec<_> = report
        .seen()
        .into_iter()
        .filter(|s| s.code == "unknown-key")
        .collect();
    assert_eq!(seen.len(), 3, "{:#?}", report.seen());
    assert_eq!(
        (
            seen[0].file.as_deref(),
            seen[0].line,
            seen[0].column,
            seen[0].help.as_deref()
        ),
        (
            Some("roles/eng/mid.md"),
            Some(4),
            Some(1),
            Some("did you mean `summary`?")
        )
    );
    assert_eq!(
        (seen[1].line, seen[1].column, seen[1].help.as_deref()),
        (Some(5), Some(1), Some("did you mean `aliases`?"))
    );
    assert_eq!(
        (
            seen[2].file.as_deref(),
            seen[2].line,
            seen[2].message.as_str()
        ),
        (
            Some("skills/craft/communication.md"),
            Some(8),
            "unknown key `sumary` in a skill level"
        )
    );
}

#[test]
fn reports_wrong_types_with_the_expected_type() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"",
        "grade = 2\naliases = \"SWE II\"",
    );
    f.edit(
        "pathways/design-basics.md",
        "minutes = 90",
        "minutes = \"90\"",
    );
    f.edit(
        "opportunities/queue-migration.md",
        "closes = 2027-03-31",
        "closes = \"2027-03-31\"",
    );
    let report = f.check();
    let seen: Vec<_> = report
        .seen()
        .into_iter()
        .filter(|s| s.code == "wrong-type")
        .collect();
    let summary: Vec<_> = seen
        .iter()
        .map(|s| {
            (
                s.file.clone().unwrap(),
                s.line.unwrap(),
                s.column.unwrap(),
                s.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "roles/eng/mid.md".to_owned(),
                3,
                9,
                "`grade` must be a string, found an integer".to_owned()
            ),
            (
                "roles/eng/mid.md".to_owned(),
                4,
                11,
                "`aliases` must be a list of strings, found a string".to_owned()
            ),
            (
                "pathways/design-basics.md".to_owned(),
                11,
                11,
                "`minutes` must be an integer, found a string".to_owned()
            ),
            (
                "opportunities/queue-migration.md".to_owned(),
                4,
                10,
                "`closes` must be a date, found a string".to_owned()
            ),
        ]
    );
    assert_eq!(
        seen[0].help.as_deref(),
        Some("put the value in double quotes")
    );
    assert_eq!(
        seen[2].help.as_deref(),
        Some("remove the quotes: `minutes = 90`")
    );
}

#[test]
fn reports_missing_required_keys() {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "title = \"Engineer\"\n", "");
    let d = f.check().expect("missing-key", "roles/eng/mid.md", 1, 1);
    assert_eq!(d.message, "a role needs `title`");
}

#[test]
fn reports_invalid_utf8_at_the_first_bad_byte() {
    let f = Fixture::minimal();
    f.write("tracks/design.md", b"+++\nname = \"Caf\xe9\"\n+++\n");
    let d = f.check().expect("invalid-utf8", "tracks/design.md", 2, 12);
    assert!(d.help.unwrap().contains("UTF-8"));
}

#[test]
fn reports_a_missing_trellis_toml_without_a_position() {
    let f = Fixture::minimal();
    f.remove("trellis.toml");
    let report = f.check();
    let seen = report.seen();
    let missing: Vec<_> = seen.iter().filter(|s| s.code == "missing-config").collect();
    assert_eq!(missing.len(), 1, "{seen:#?}");
    assert_eq!(missing[0].file.as_deref(), Some("trellis.toml"));
    assert_eq!((missing[0].line, missing[0].column), (None, None));
    // Grades and level names live in trellis.toml: their references must not cascade.
    assert_eq!(report.codes(), ["missing-config"]);
}

#[test]
fn reports_a_broken_trellis_toml() {
    let f = Fixture::minimal();
    f.write(
        "trellis.toml",
        "title = \"X\"\n[[grades]]\nid = \"L1\"\nnmae = \"Entry\"\n[scale\n",
    );
    let report = f.check();
    report.expect("invalid-toml", "trellis.toml", 5, 7);

    let f = Fixture::minimal();
    f.write(
        "trellis.toml",
        "titel = \"X\"\n[[grades]]\nid = \"L1\"\nnmae = \"Entry\"\n",
    );
    let report = f.check();
    let seen = report.seen();
    let keys: Vec<_> = seen
        .iter()
        .map(|s| (s.code.as_str(), s.line, s.help.as_deref()))
        .collect();
    assert!(
        keys.contains(&("unknown-key", Some(1), Some("did you mean `title`?"))),
        "{seen:#?}"
    );
    assert!(
        keys.contains(&("unknown-key", Some(4), Some("did you mean `name`?"))),
        "{seen:#?}"
    );
    assert!(keys.iter().any(|k| k.0 == "missing-key"), "{seen:#?}");

    let f = Fixture::minimal();
    f.write("trellis.toml", "\u{feff}\n");
    f.check().expect("empty-file", "trellis.toml", 1, 1);
}

#[test]
fn reports_every_problem_of_every_file_in_one_run() {
    let f = Fixture::minimal();
    f.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    f.edit("roles/eng/senior.md", "grade = \"L3\"", "grade = \"L9\"");
    f.write("tracks/design.md", "name = \"Design\"\n");
    f.write("pathways/empty.md", "");
    f.edit(
        "pathways/design-basics.md",
        "kind = \"reading\"",
        "kind = 3",
    );
    let report = f.check();
    let mut codes = report.codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            "empty-file",
            "missing-front-matter",
            "unknown-grade",
            "unknown-skill",
            "wrong-type"
        ]
    );
}

#[test]
fn accepts_a_byte_order_mark_and_crlf_line_endings() {
    let f = Fixture::minimal();
    let text = "\u{feff}+++\r\ntitle = \"Engineer\"\r\ngrade = \"L2\"\r\n\r\n[skills]\r\nsystem-design = 2\r\ncommunication = 2\r\n+++\r\nBody.\r\n";
    f.write("roles/eng/mid.md", text);
    f.write(
        "trellis.toml",
        format!(
            "\u{feff}{}",
            std::fs::read_to_string(
                crate::harness::repo().join("tests/fixtures/minimal/trellis.toml")
            )
            .unwrap()
            .replace('\n', "\r\n")
        ),
    );
    f.check().assert_clean();
    // Positions stay right: the BOM is not a column and `\r` is not a character of the line.
    f.edit("roles/eng/mid.md", "system-design = 2", "system-design = 7");
    f.check()
        .expect("level-out-of-range", "roles/eng/mid.md", 6, 17);
}

#[test]
fn accepts_unicode_and_emoji_in_names() {
    let f = Fixture::minimal();
    f.edit(
        "roles/eng/mid.md",
        "title = \"Engineer\"",
        "title = \"Ingénieure 👩🏽‍💻 — 開発者\"",
    );
    f.edit(
        "tracks/eng.md",
        "name = \"Engineering\"",
        "name = \"🛠️ Ingeniería\"",
    );
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    assert_eq!(
        fw[fw.find_role("mid").unwrap()].title,
        "Ingénieure 👩🏽‍💻 — 開発者"
    );
    // Columns count characters (Unicode scalar values, as rustc does): the four code points
    // of the emoji are four columns, so `3` is column 20.
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"",
        "grade = \"L2\"\naliases = [\"👩🏽‍💻\", 3]",
    );
    let d = f.check().expect("wrong-type", "roles/eng/mid.md", 4, 20);
    assert_eq!(
        d.message,
        "`aliases` must be a list of strings, found an integer"
    );
}

#[test]
fn accepts_a_body_of_several_megabytes() {
    let f = Fixture::minimal();
    let paragraph =
        "Owns the design of a system and explains its trade-offs to the team. ".repeat(20);
    let body = format!("{paragraph}\n\n").repeat(2_500);
    assert!(body.len() > 3_000_000);
    f.write(
        "roles/eng/mid.md",
        format!("+++\ntitle = \"Engineer\"\ngrade = \"L2\"\n[skills]\nsystem-design = 2\ncommunication = 2\n+++\n{body}"),
    );
    let report = f.check();
    report.assert_clean();
    let fw = &report.0.framework;
    assert_eq!(fw[fw.find_role("mid").unwrap()].body.len(), body.len());
}

#[test]
fn a_missing_folder_is_an_error_not_a_diagnostic() {
    let error = trellis::check_framework(std::path::Path::new("/definitely/not/here")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "framework folder `/definitely/not/here` does not exist"
    );
}

#[test]
fn an_empty_grade_list_is_an_error() {
    let f = Fixture::minimal();
    let toml = "title = \"X\"\ngrades = []\n";
    f.write("trellis.toml", toml);
    let d = f.check().expect("missing-key", "trellis.toml", 2, 1);
    assert_eq!(d.message, "`trellis.toml` needs at least one grade");
}

#[test]
fn a_pathway_with_an_empty_step_list_is_an_error() {
    let f = Fixture::minimal();
    f.write(
        "pathways/empty-steps.md",
        "+++\ntitle = \"Nothing to do\"\nskill = \"system-design\"\nsteps = []\n+++\n",
    );
    f.check()
        .expect("missing-key", "pathways/empty-steps.md", 1, 1);
}

#[test]
fn value_rules_hold_in_files_that_cannot_be_placed() {
    // The pathway's skill is unknown, so it is left out of the model; its unsafe link must
    // still be reported in the same run.
    let f = Fixture::minimal();
    f.edit(
        "pathways/design-basics.md",
        "skill = \"system-design\"",
        "skill = \"nope\"",
    );
    f.edit(
        "pathways/design-basics.md",
        "https://learn.example.com/design",
        "javascript:alert(1)",
    );
    let report = f.check();
    report.expect("unknown-skill", "pathways/design-basics.md", 3, 9);
    report.expect("unsafe-url", "pathways/design-basics.md", 10, 7);
}

#[test]
fn a_role_left_out_is_not_reported_unknown_where_it_is_referenced() {
    let f = Fixture::minimal();
    f.edit("roles/eng/senior.md", "grade = \"L3\"", "grade = \"L9\"");
    f.edit(
        "roles/eng/mid.md",
        "grade = \"L2\"\n",
        "grade = \"L2\"\nnext = [\"senior\"]\n",
    );
    let report = f.check();
    assert_eq!(report.codes(), ["unknown-grade"], "{:#?}", report.seen());
}

#[test]
fn config_problems_come_first() {
    let f = Fixture::minimal();
    f.edit("trellis.toml", "title = ", "titel = ");
    f.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    let report = f.check();
    let files: Vec<_> = report.seen().into_iter().filter_map(|s| s.file).collect();
    assert_eq!(
        files.first().map(String::as_str),
        Some("trellis.toml"),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f == "roles/eng/mid.md"));
}
