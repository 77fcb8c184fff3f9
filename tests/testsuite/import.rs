//! `trellis import csv`: sheets of both layouts, written by the project with the cells real
//! exports have (byte-order mark, `;`, multi-line quoted cells, invisible spaces,
//! placeholders, blank cells, duplicate names), imported into folders that must check clean
//! and build; problems reported at their file, line and column; re-imports that say what
//! they change and need `--force`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;
use trellis::model::Framework;
use trellis::render::{RenderOptions, Theme};

/// A temp folder holding the sheets and the mapping; imports write into it too.
struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    /// Runs `trellis --color never import csv ARGS` in the workspace.
    fn import(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args(["--color", "never", "import", "csv"])
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Checks the framework in `dir`, asserting no diagnostic at all, and returns the model.
fn check_clean(dir: &Path) -> Framework {
    let checked = trellis::check_framework(dir).unwrap();
    let rendered: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| trellis::diagnostic::render::human(d, &checked.sources, false))
        .collect();
    assert!(
        checked.diagnostics.is_empty(),
        "the imported framework has diagnostics:\n{}",
        rendered.join("\n")
    );
    checked.framework
}

/// Builds the framework in `dir` into `out` as `trellis build` does, and returns its pages.
fn build(dir: &Path, out: &Path) -> BTreeMap<String, String> {
    let checked = trellis::check_framework(dir).unwrap();
    assert!(checked.is_ok(), "{:?}", checked.diagnostics);
    let options = RenderOptions {
        base_url: None,
        today: "2026-11-28".to_owned(),
        editions: false,
    };
    let files = trellis::render::render(&checked.framework, &Theme::default(), &options).unwrap();
    trellis::output::write_site(out, &files, None).unwrap();
    files
        .into_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path, String::from_utf8(f.bytes).unwrap()))
        .collect()
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap()
}

const LONG_MAPPING: &str = r#"layout = "long"
title = "Fernhill ladder"

[columns]
track = "Track"
role = "Role"
grade = "Role level"
group = "Skill group"
skill = "Skill"
level = "Required level"
level_description = "Level description"
role_description = "Role description"
expectations = "Expectations"
"#;

/// A long sheet as a spreadsheet exports it: a byte-order mark, `;` between cells, a
/// multi-line role description, a no-break space and a zero-width space in titles that are
/// meant to be the same role, a line separator inside a level description, `N/A` and
/// `MISSING` cells, a blank skill cell, a blank row, "Senior engineer" in two tracks, one
/// written grade, and a last row that only describes a level.
fn long_sheet() -> String {
    [
        "\u{FEFF}Track;Role;Role level;Skill group;Skill;Required level;Level description;Role description;Expectations",
        "Engineering;Junior engineer;;Craft;Testing;1;Writes unit tests for their own changes.;\"Learns the codebase.\r\n\r\nShips small changes with support.\";",
        "Engineering;Junior engineer;;Craft;System design;N/A;;;",
        "Engineering;Senior\u{00A0}engineer;;Craft;Testing;3;\"Designs the test strategy\u{2028}of a service.\n- Chooses what to test at each layer\";;\"- Reviews the team's tests\"",
        "Engineering;Sen\u{200B}ior engineer ;;Craft;System design;Practitioner;;;",
        "Engineering;Senior engineer;;People;Mentoring;MISSING;;;",
        "Engineering;Engineer;;Craft;Testing;2;;;",
        "Engineering;Engineer;;Craft;System design;2;;;",
        "Engineering;Engineer;;Craft;;2;;;",
        ";;;;;;;;",
        "Data;Senior engineer;;Craft;Testing;3;;;",
        "Data;Lead data engineer;L4;Craft;Testing;4;;;",
        ";;;Craft;Testing;5;Sets testing practice for the company.;;",
    ]
    .join("\r\n")
        + "\r\n"
}

#[test]
fn long_sheet_with_awkward_cells_imports_checks_and_builds() {
    let w = Workspace::new();
    w.write("ladder.csv", long_sheet())
        .write("mapping.toml", LONG_MAPPING);
    let out = w.import(&["ladder.csv", "--mapping", "mapping.toml", "--output", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let fw = w.path().join("fw");

    let files: Vec<String> = tree(&fw).into_keys().collect();
    assert_eq!(
        files,
        [
            "roles/data/lead-data-engineer.md",
            "roles/data/senior-engineer-data.md",
            "roles/engineering/engineer.md",
            "roles/engineering/junior-engineer.md",
            "roles/engineering/senior-engineer-engineering.md",
            "skills/craft/_group.md",
            "skills/craft/system-design.md",
            "skills/craft/testing.md",
            "skills/people/_group.md",
            "skills/people/mentoring.md",
            "tracks/data.md",
            "tracks/engineering.md",
            "trellis.toml",
        ]
    );

    // The written files, read back through the real loader, with no diagnostic at all.
    let f = check_clean(&fw);
    assert_eq!(f.config.title, "Fernhill ladder");
    let grades: Vec<&str> = f.grades.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        grades,
        ["L1", "L2", "L3", "L4"],
        "only the grades roles use"
    );
    let role = |id: &str| &f.roles[f.find_role(id).unwrap_or_else(|| panic!("no role {id}")).0];
    let grade_of = |id: &str| f.grades[role(id).grade.0].id.as_str();
    // Level words in the titles, and the one written grade.
    assert_eq!(grade_of("junior-engineer"), "L1");
    assert_eq!(grade_of("engineer"), "L2");
    assert_eq!(grade_of("senior-engineer-engineering"), "L3");
    assert_eq!(grade_of("senior-engineer-data"), "L3");
    assert_eq!(grade_of("lead-data-engineer"), "L4");

    // Three spellings of "Senior engineer" in Engineering are one role, with one title.
    let senior = role("senior-engineer-engineering");
    assert_eq!(senior.title, "Senior engineer");
    let levels: Vec<(String, usize, Vec<String>)> = senior
        .requirements
        .iter()
        .map(|r| {
            (
                f.skills[r.skill.0].id.clone(),
                r.level,
                r.expectations.clone(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            (
                "testing".to_owned(),
                3,
                vec!["Reviews the team's tests".to_owned()]
            ),
            ("system-design".to_owned(), 3, vec![]),
        ],
        "the MISSING mentoring level is left out"
    );
    // The N/A requirement is left out; the blank skill cell adds nothing.
    assert_eq!(role("junior-engineer").requirements.len(), 1);
    assert_eq!(role("engineer").requirements.len(), 2);
    assert_eq!(
        role("junior-engineer").body.trim(),
        "Learns the codebase.\n\nShips small changes with support."
    );

    // Level descriptors, from role rows and from the row that only describes a level.
    let testing = &f.skills[f.find_skill("testing").unwrap().0];
    let summaries: Vec<Option<&str>> = testing
        .levels
        .iter()
        .map(|l| l.summary.as_deref())
        .collect();
    assert_eq!(
        summaries,
        [
            Some("Writes unit tests for their own changes."),
            None,
            Some("Designs the test strategy of a service."),
            None,
            Some("Sets testing practice for the company."),
        ]
    );
    assert_eq!(
        testing.levels[2].signals,
        ["Chooses what to test at each layer"]
    );
    assert_eq!(
        f.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["Craft", "People"]
    );

    // Each skipped cell is a warning that names the row, at the cell's line and column.
    for expected in [
        "warning[skipped-cell]: row 3, column F (`Required level`) holds the placeholder `N/A`; the row's skill requirement is skipped\n --> ladder.csv:5:50",
        "warning[skipped-cell]: row 6, column F (`Required level`) holds the placeholder `MISSING`",
        "warning[skipped-cell]: row 9, column E (`Skill`) is blank; the row's skill requirement is skipped\n  --> ladder.csv:12:29",
        "warning[skipped-cell]: row 2, column C (`Role level`) is blank; the grade of `Junior engineer` is L1 (Entry), inferred from `junior` in the title",
        "the grade of `Engineer` is L2 (Mid), inferred as the grade of titles without a level word",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
    assert!(
        !report.contains("row 10"),
        "a blank row is no problem:\n{report}"
    );
    assert!(
        report.contains("imported `ladder.csv` into `fw`: 2 tracks, 5 roles, 3 skills"),
        "{report}"
    );

    // And it builds: the multi-line description is two paragraphs on the role's page.
    let site = w.path().join("site");
    let pages = build(&fw, &site);
    let junior = &pages["roles/junior-engineer/index.html"];
    assert!(junior.contains("<p>Learns the codebase.</p>"), "{junior}");
    assert!(
        junior.contains("<p>Ships small changes with support.</p>"),
        "{junior}"
    );
    assert!(pages.contains_key("roles/senior-engineer-data/index.html"));
    assert!(pages["skills/testing/index.html"].contains("Sets testing practice for the company."));
}

const WIDE_MAPPING: &str = r#"layout = "wide"
title = "Matrix"
fill_down = ["track"]

[columns]
track = "Track"
role = "Role"
grade = "Grade"
role_summary = "Summary"
ignore = ["Notes"]

[scale]
levels = ["Aware", "Working", "Practitioner", "Expert"]

[groups]
"Craft" = ["Testing", "System design"]
"#;

/// A wide matrix: `,` and CRLF, grades written as numbered codes (so `L10` is the highest),
/// levels by number, by name in any case and as `2.0`, `0` for not required, a track named
/// on the first row of its block only, two columns with one name, one title twice in a
/// track, a blank and an `N/A` skill cell, and an ignored column.
fn wide_sheet() -> String {
    [
        "Track,Role,Grade,Summary,Testing,System design,Communication,Communication,Notes",
        "Engineering,Engineer I,L1,Learns the craft.,1,aware,Working,1,",
        ",Engineer II,L2,\"Owns features, end to end.\",2,2.0,2,0,likes tea",
        ",Engineer II,L10,,3,3,3,N/A,",
        "Design,Designer,L2,,0,,Practitioner,2,",
    ]
    .join("\r\n")
}

#[test]
fn wide_matrix_imports_with_numbered_grades_and_level_names() {
    let w = Workspace::new();
    w.write("matrix.csv", wide_sheet())
        .write("mapping.toml", WIDE_MAPPING);
    let out = w.import(&["matrix.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let fw = w.path().join("fw");
    let f = check_clean(&fw);

    let grades: Vec<&str> = f.grades.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(grades, ["L1", "L2", "L10"]);
    let mut roles: Vec<(&str, &str, &str)> = f
        .roles
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                f.tracks[r.track.0].id.as_str(),
                f.grades[r.grade.0].id.as_str(),
            )
        })
        .collect();
    roles.sort();
    assert_eq!(
        roles,
        [
            ("designer", "design", "L2"),
            ("engineer-i", "engineering", "L1"),
            ("engineer-ii-l10", "engineering", "L10"),
            ("engineer-ii-l2", "engineering", "L2"),
        ],
        "the repeated title gets ids told apart by grade"
    );
    let levels = |id: &str| -> Vec<(String, usize)> {
        let role = &f.roles[f.find_role(id).unwrap().0];
        role.requirements
            .iter()
            .map(|r| (f.skills[r.skill.0].id.clone(), r.level))
            .collect()
    };
    assert_eq!(
        levels("engineer-i"),
        [
            ("testing".to_owned(), 1),
            ("system-design".to_owned(), 1),
            ("communication".to_owned(), 2),
            ("communication-2".to_owned(), 1),
        ]
    );
    assert_eq!(
        levels("engineer-ii-l2"),
        [
            ("testing".to_owned(), 2),
            ("system-design".to_owned(), 2),
            ("communication".to_owned(), 2),
        ],
        "`0` means not required"
    );
    assert_eq!(levels("designer").len(), 2);
    assert_eq!(
        f.roles[f.find_role("engineer-ii-l2").unwrap().0]
            .summary
            .as_deref(),
        Some("Owns features, end to end.")
    );
    let group_of = |id: &str| {
        f.groups[f.skills[f.find_skill(id).unwrap().0].group.0]
            .id
            .as_str()
    };
    assert_eq!(group_of("testing"), "craft");
    assert_eq!(group_of("communication"), "skills");
    assert!(
        f.find_skill("notes").is_none(),
        "an ignored column is no skill"
    );

    for expected in [
        "warning[duplicate-entry]: two columns of the header are called `Communication`",
        "warning[duplicate-entry]: row 4: track `Engineering` has a role `Engineer II` already, on row 3",
        "warning[skipped-cell]: row 4: 1 skill cell of `Engineer II` skipped: `Communication` (`N/A`)",
        "warning[skipped-cell]: row 5: 1 skill cell of `Designer` skipped: `System design` (blank)",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
    build(&fw, &w.path().join("site"));
}

#[test]
fn cell_text_cannot_break_out_of_toml_or_into_a_page() {
    let w = Workspace::new();
    let description = "+++\ntitle = \"hijack\"\n+++\n<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n'''\n\"\"\"\\";
    let title = "Senior \"quoted\" \\ engineer +++";
    let sheet = format!(
        "Role,Skill,Level,Description,Expectations\n\"{}\",\"C++ & \"\"Rust\"\"\",2,\"{}\",\"- Says \"\"no\"\" = fine\\n\"\n",
        title.replace('"', "\"\""),
        description.replace('"', "\"\"")
    );
    w.write("s.csv", sheet).write(
        "mapping.toml",
        "layout = \"long\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"\nrole_description = \"Description\"\nexpectations = \"Expectations\"\n",
    );
    let out = w.import(&["s.csv", "-m", "mapping.toml", "-o", "fw"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fw = w.path().join("fw");
    let checked = trellis::check_framework(&fw).unwrap();
    let codes: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {}", d.severity, d.code))
        .collect();
    assert_eq!(
        codes,
        ["Warning unsafe-url"],
        "the body's `javascript:` link is named, and removed from the page"
    );
    let f = checked.framework;
    assert_eq!(f.roles.len(), 1);
    let role = &f.roles[0];
    assert_eq!(role.title, title, "the title round-trips exactly");
    assert_eq!(
        role.body.trim_end(),
        description,
        "the body is kept as written"
    );
    assert_eq!(f.skills[0].name, "C++ & \"Rust\"");
    assert_eq!(f.skills[0].id, "c-plus-plus-and-rust");
    assert_eq!(role.requirements[0].expectations, ["Says \"no\" = fine\\n"]);
    assert_eq!(f.tracks[0].name, "S", "the track is named after the file");

    let pages = build(&fw, &w.path().join("site"));
    let page = &pages[&format!("roles/{}/index.html", role.id)];
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("javascript:"), "{page}");
    assert!(page.contains("Senior &quot;quoted&quot;"), "{page}");
}

#[test]
fn problems_are_reported_at_their_file_line_and_column_and_nothing_is_written() {
    let w = Workspace::new();
    w.write(
        "mapping.toml",
        "layout = \"long\"\nseperator = \";\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"\ngrade = \"Grade\"\n[[grades]]\nid = \"IC1\"\nwords = [\"junior\"]\n[[grades]]\nid = \"IC2\"\n",
    )
    .write(
        "a.csv",
        "Role;Skill;Level;Grade\nJunior dev;Testing;Guru;\nDev;Testing;9;IC7\nDev;Design;1;IC2\n",
    )
    .write("b.csv", "Role,Skil,Level,Grade\nOps,Testing,1,IC1\n")
    .write("c.csv", "Role,Skill,Level,Grade\nOps,Testing,\"2,\n");
    let out = w.import(&["a.csv", "b.csv", "c.csv", "-m", "mapping.toml", "-o", "fw"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!w.path().join("fw").exists(), "nothing is written");
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn grades_a_role_cannot_be_given_are_errors_with_the_fix() {
    let w = Workspace::new();
    w.write(
        "mapping.toml",
        "layout = \"wide\"\n[columns]\nrole = \"Role\"\n[[grades]]\nid = \"P1\"\nwords = [\"junior\"]\n[[grades]]\nid = \"P2\"\nwords = [\"senior\"]\n",
    )
    .write("m.csv", "Role,Testing\nJunior tester,1\nTester,2\n");
    let out = w.import(&["m.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(
            "error[unknown-grade]: row 3: cannot tell the grade of `Tester`\n --> m.csv:3:1"
        ),
        "{report}"
    );
    assert!(
        report.contains("mark one grade `default = true`"),
        "{report}"
    );
    // With a default grade the same sheet imports.
    w.write(
        "mapping.toml",
        "layout = \"wide\"\n[columns]\nrole = \"Role\"\n[[grades]]\nid = \"P1\"\nwords = [\"junior\"]\ndefault = true\n[[grades]]\nid = \"P2\"\nwords = [\"senior\"]\n",
    );
    let out = w.import(&["m.csv", "-m", "mapping.toml", "-o", "fw"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let f = check_clean(&w.path().join("fw"));
    let grades: Vec<&str> = f.grades.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(grades, ["P1", "P2"], "a mapping's axis is written whole");
}

#[test]
fn a_csv_that_is_not_utf8_is_an_error_with_the_fix() {
    let w = Workspace::new();
    // "Ingénieur" saved as Latin-1, as old spreadsheet exports do.
    w.write("l.csv", b"Role,Testing\nIng\xe9nieur,2\n".as_slice())
        .write(
            "mapping.toml",
            "layout = \"wide\"\n[columns]\nrole = \"Role\"\n",
        );
    let out = w.import(&["l.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        report.contains("error[invalid-utf8]: the file is not valid UTF-8\n --> l.csv:2:4"),
        "{report}"
    );
    assert!(report.contains("CSV UTF-8"), "{report}");
}

#[test]
fn reimport_lists_its_changes_and_needs_force() {
    let w = Workspace::new();
    w.write("ladder.csv", long_sheet())
        .write("mapping.toml", LONG_MAPPING);
    let args = ["ladder.csv", "-m", "mapping.toml", "-o", "fw"];
    assert_eq!(w.import(&args).status.code(), Some(0));
    let fw = w.path().join("fw");
    // What people add by hand beside the imported files is theirs.
    w.write(
        "fw/pathways/testing-basics.md",
        "+++\ntitle = \"Testing basics\"\nskill = \"testing\"\n[[steps]]\ntitle = \"Pair on tests\"\nkind = \"practice\"\n+++\n",
    )
    .write("fw/README.md", "Our ladder.\n");

    let out = w.import(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("`fw` is already what the sheet describes (13 files)"));

    // Rename a role, change a level, drop a row.
    let changed = long_sheet()
        .replace("Data;Lead data engineer", "Data;Staff data engineer")
        .replace(
            "Engineering;Engineer;;Craft;System design;2",
            "Engineering;Engineer;;Craft;System design;3",
        )
        .replace(
            "Engineering;Senior engineer;;People;Mentoring;MISSING;;;\r\n",
            "",
        );
    w.write("ladder.csv", changed);
    let before = tree(&fw);
    let out = w.import(&args);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for line in [
        "1 added, 1 changed, 3 removed, 9 unchanged:",
        "  removed  roles/data/lead-data-engineer.md",
        "  added    roles/data/staff-data-engineer.md",
        "  changed  roles/engineering/engineer.md (+1 -1 lines)",
        "  removed  skills/people/_group.md",
        "  removed  skills/people/mentoring.md",
        "error: `fw` already holds a framework; nothing was written. Run again with `--force`",
    ] {
        assert!(report.contains(line), "`{line}` not in:\n{report}");
    }
    assert_eq!(tree(&fw), before, "without --force nothing changes");

    let mut forced = args.to_vec();
    forced.push("--force");
    let out = w.import(&forced);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fw.join("roles/data/staff-data-engineer.md").is_file());
    assert!(!fw.join("roles/data/lead-data-engineer.md").exists());
    assert!(!fw.join("skills/people").exists());
    assert_eq!(read(&fw, "README.md"), "Our ladder.\n");
    assert!(fw.join("pathways/testing-basics.md").is_file());
    let f = check_clean(&fw);
    let engineer = &f.roles[f.find_role("engineer").unwrap().0];
    let design = f.find_skill("system-design").unwrap();
    let level = engineer.requirements.iter().find(|r| r.skill == design);
    assert_eq!(
        level.map(|r| r.level),
        Some(3),
        "the changed level is written"
    );
    let leftovers: Vec<String> = fs::read_dir(w.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder is left: {leftovers:?}"
    );
}

#[test]
fn a_reimport_that_would_break_a_kept_pathway_writes_nothing() {
    let w = Workspace::new();
    w.write("ladder.csv", long_sheet())
        .write("mapping.toml", LONG_MAPPING);
    let args = ["ladder.csv", "-m", "mapping.toml", "-o", "fw", "--force"];
    assert_eq!(w.import(&args).status.code(), Some(0));
    w.write(
        "fw/pathways/mentoring-basics.md",
        "+++\ntitle = \"Mentoring basics\"\nskill = \"mentoring\"\n[[steps]]\ntitle = \"Shadow a mentor\"\nkind = \"mentoring\"\n+++\n",
    );
    let fw = w.path().join("fw");
    let before = tree(&fw);
    w.write(
        "ladder.csv",
        long_sheet().replace(
            "Engineering;Senior engineer;;People;Mentoring;MISSING;;;\r\n",
            "",
        ),
    );
    let out = w.import(&args);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("error[unknown-skill]: unknown skill `mentoring`"),
        "{report}"
    );
    assert!(report.contains("pathways/mentoring-basics.md"), "{report}");
    assert!(
        report.contains("nothing was written and `fw` is as it was"),
        "{report}"
    );
    assert_eq!(tree(&fw), before);
}

#[test]
fn imports_are_byte_for_byte_repeatable() {
    let w = Workspace::new();
    w.write("ladder.csv", long_sheet())
        .write(
            "matrix.csv",
            wide_sheet().replace("Engineering", "Platform"),
        )
        .write("mapping.toml", LONG_MAPPING)
        .write("wide.toml", WIDE_MAPPING);
    for out in ["one", "two"] {
        assert_eq!(
            w.import(&["ladder.csv", "-m", "mapping.toml", "-o", out])
                .status
                .code(),
            Some(0)
        );
        assert_eq!(
            w.import(&[
                "matrix.csv",
                "-m",
                "wide.toml",
                "-o",
                &format!("{out}-wide")
            ])
            .status
            .code(),
            Some(0)
        );
    }
    assert_eq!(tree(&w.path().join("one")), tree(&w.path().join("two")));
    assert_eq!(
        tree(&w.path().join("one-wide")),
        tree(&w.path().join("two-wide"))
    );
}

#[test]
fn several_files_are_one_sheet_with_a_track_each() {
    let w = Workspace::new();
    w.write(
        "engineering.csv",
        "Role,Testing\nJunior engineer,1\nSenior engineer,3\n",
    )
    .write("data_science.csv", "Role,Testing\nSenior engineer,2\n")
    .write(
        "mapping.toml",
        "layout = \"wide\"\n[columns]\nrole = \"Role\"\n",
    );
    let out = w.import(&[
        "engineering.csv",
        "data_science.csv",
        "-m",
        "mapping.toml",
        "-o",
        "fw",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let f = check_clean(&w.path().join("fw"));
    let tracks: Vec<(&str, &str)> = f
        .tracks
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        tracks,
        [
            ("engineering", "Engineering"),
            ("data-science", "Data science")
        ]
    );
    assert!(f.find_role("senior-engineer-engineering").is_some());
    assert!(f.find_role("senior-engineer-data-science").is_some());
    assert!(f.find_role("junior-engineer").is_some());
}

#[test]
fn skills_are_told_apart_by_group_and_a_blank_group_joins_the_named_one() {
    let w = Workspace::new();
    w.write(
        "s.csv",
        "Role,Group,Skill,Level\n\
         Junior engineer,,Testing,1\n\
         Junior engineer,Craft,Testing,1\n\
         Junior engineer,Craft,Communication,1\n\
         Engineering manager,Leadership,Communication,3\n",
    )
    .write(
        "mapping.toml",
        "layout = \"long\"\n[columns]\nrole = \"Role\"\ngroup = \"Group\"\nskill = \"Skill\"\nlevel = \"Level\"\n",
    );
    let out = w.import(&["s.csv", "-m", "mapping.toml", "-o", "fw"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let f = check_clean(&w.path().join("fw"));
    let mut skills: Vec<(&str, &str)> = f
        .skills
        .iter()
        .map(|s| (s.id.as_str(), f.groups[s.group.0].id.as_str()))
        .collect();
    skills.sort();
    assert_eq!(
        skills,
        [
            ("communication-craft", "craft"),
            ("communication-leadership", "leadership"),
            ("testing", "craft"),
        ]
    );
    assert!(
        !w.path().join("fw/skills/skills").exists(),
        "no empty default group is written"
    );
}

#[test]
fn warnings_of_the_new_framework_are_counted_not_hidden() {
    let w = Workspace::new();
    // Two senior roles: the junior one has no single promotion.
    w.write(
        "m.csv",
        "Role,Testing\nJunior engineer,1\nSenior engineer,2\nSenior tester,2\n",
    )
    .write(
        "mapping.toml",
        "layout = \"wide\"\n[columns]\nrole = \"Role\"\n",
    );
    let out = w.import(&["m.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("`trellis check fw` reports 1 warning about the framework"),
        "{report}"
    );
    let checked = trellis::check_framework(&w.path().join("fw")).unwrap();
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["ambiguous-promotion"]);
}

#[test]
fn refuses_to_write_into_a_folder_that_is_not_a_framework() {
    let w = Workspace::new();
    w.write("m.csv", "Role,Testing\nJunior engineer,1\n")
        .write(
            "mapping.toml",
            "layout = \"wide\"\n[columns]\nrole = \"Role\"\n",
        )
        .write("src/main.rs", "fn main() {}\n");
    let out = w.import(&["m.csv", "-m", "mapping.toml", "-o", "src", "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refusing to write into `src`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&w.path().join("src")).len(), 1);
    // An empty folder is fine.
    fs::create_dir(w.path().join("empty")).unwrap();
    let out = w.import(&["m.csv", "-m", "mapping.toml", "-o", "empty"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_clean(&w.path().join("empty"));
}

#[test]
fn import_csv_has_help() {
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["import", "csv", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--mapping <MAPPING.toml>",
        "--output <DIR>",
        "--force",
        "<FILE>...",
    ] {
        assert!(help.contains(flag), "`{flag}` not in:\n{help}");
    }
}

/// A workspace holding a copy of `tests/fixtures/import/<name>`.
fn fixture(name: &str) -> Workspace {
    let w = Workspace::new();
    let from = crate::harness::repo()
        .join("tests/fixtures/import")
        .join(name);
    for entry in fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        w.write(
            &entry.file_name().to_string_lossy(),
            fs::read(entry.path()).unwrap(),
        );
    }
    w
}

/// The names of a skill's levels, as the loader reads them.
fn level_names(f: &Framework, skill: &str) -> Vec<String> {
    f.skills[f.find_skill(skill).unwrap().0]
        .levels
        .iter()
        .map(|l| l.name.clone())
        .collect()
}

#[test]
fn a_levels_sheet_and_a_scale_column_give_skills_their_own_levels() {
    let w = fixture("long");
    let out = w.import(&["ladder.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("3 roles, 4 skills in 1 group, 3 grades; 0 warnings"),
        "the ignored notes column and the row holding only a note say nothing:\n{report}"
    );
    let fw = w.path().join("fw");

    // The levels sheet's rows come in any order; the file lists them by number, each named.
    assert_eq!(
        read(&fw, "skills/skills/testing.md"),
        "+++\nname = \"Testing\"\nweight = 1\n\n[[levels]]\nname = \"Aware\"\nsummary = \"Knows why the team tests.\"\n\n[[levels]]\nname = \"Working\"\nsummary = \"Writes tests for their own changes.\"\nsignals = [\"Runs the suite before asking for review\"]\n\n[[levels]]\nname = \"Fluent\"\nsummary = \"Plans how a service is tested.\"\n+++\n"
    );
    // A scale cell gives `Delivery` the three levels of its `[scales]` entry.
    assert_eq!(
        read(&fw, "skills/skills/delivery.md"),
        "+++\nname = \"Delivery\"\nweight = 2\n\n[[levels]]\nname = \"Learning\"\n\n[[levels]]\nname = \"Doing\"\n\n[[levels]]\nname = \"Leading\"\n+++\n"
    );
    assert_eq!(
        read(&fw, "roles/management/engineering-manager.md"),
        "+++\ntitle = \"Engineering manager\"\ngrade = \"4\"\naliases = [\"EM\", \"Manager\"]\n\n[skills]\ndelivery = \"Leading\"\ncoaching = \"Grows leaders\"\n+++\n"
    );
    assert_eq!(
        read(&fw, "tracks/backend.md"),
        "+++\nname = \"Backend\"\nkind = \"individual contributor\"\nfamily = \"Engineering\"\nowners = [\"@acme/backend\", \"lead@acme.example\"]\nweight = 1\n+++\n"
    );

    let f = check_clean(&fw);
    assert_eq!(level_names(&f, "testing"), ["Aware", "Working", "Fluent"]);
    assert_eq!(
        level_names(&f, "coaching"),
        ["Listens", "Guides", "Develops", "Grows leaders"],
        "longer than the scale"
    );
    assert_eq!(
        level_names(&f, "delivery"),
        ["Learning", "Doing", "Leading"]
    );
    assert_eq!(
        level_names(&f, "hiring"),
        ["Interviews", "Designs loops"],
        "a skill only the levels sheet names is imported too"
    );
    let levels = |id: &str| -> Vec<(String, usize)> {
        let role = &f.roles[f.find_role(id).unwrap().0];
        role.requirements
            .iter()
            .map(|r| (f.skills[r.skill.0].id.clone(), r.level))
            .collect()
    };
    assert_eq!(
        levels("engineer"),
        [("testing".to_owned(), 2), ("delivery".to_owned(), 2)],
        "level names are the skill's own: `Working` of Testing, `Doing` of Delivery"
    );
    assert_eq!(
        levels("engineering-manager"),
        [("delivery".to_owned(), 3), ("coaching".to_owned(), 4)]
    );
    let aliases: Vec<&str> = f.roles[f.find_role("engineer").unwrap().0]
        .aliases
        .iter()
        .map(|a| a.value.as_str())
        .collect();
    assert_eq!(aliases, ["Developer", "SWE"]);
    let grades: Vec<(&str, &str)> = f
        .grades
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    assert_eq!(grades, [("2", "Mid"), ("3", "Senior"), ("4", "Lead")]);
    let backend = &f.tracks[f.find_track("backend").unwrap().0];
    assert_eq!(backend.kind.as_deref(), Some("individual contributor"));
    assert_eq!(backend.family.as_deref(), Some("Engineering"));
    let orders: Vec<(&str, Option<i64>)> =
        f.tracks.iter().map(|t| (t.id.as_str(), t.order)).collect();
    assert_eq!(
        orders,
        [("backend", Some(1)), ("management", Some(2))],
        "tracks keep the sheet's order"
    );
    assert_eq!(
        f.tracks[f.find_track("management").unwrap().0].owners,
        ["@acme/managers"],
        "owners from the track's first row"
    );

    let pages = build(&fw, &w.path().join("site"));
    let coaching = &pages["skills/coaching/index.html"];
    assert!(coaching.contains("Grows leaders"), "{coaching}");
    assert!(coaching.contains("Builds the next managers."), "{coaching}");
}

#[test]
fn a_wide_matrix_reads_each_skills_levels_from_the_levels_sheet() {
    let w = fixture("wide");
    let out = w.import(&["matrix.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        !report.contains("row 4"),
        "a row with only a note in an ignored column is no role:\n{report}"
    );
    let fw = w.path().join("fw");
    assert_eq!(
        read(&fw, "roles/engineering/senior-engineer.md"),
        "+++\ntitle = \"Senior engineer\"\ngrade = \"L3\"\naliases = [\"Senior developer\", \"Senior SWE\"]\n\n[skills]\ntesting = \"Fluent\"\ncoaching = \"Guides\"\n+++\n"
    );
    let f = check_clean(&fw);
    assert!(
        f.find_skill("notes").is_none(),
        "an ignored column is no skill"
    );
    assert_eq!(level_names(&f, "coaching").len(), 4);
    let grades: Vec<(&str, &str)> = f
        .grades
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    assert_eq!(grades, [("L2", "Mid"), ("L3", "Senior")]);
    build(&fw, &w.path().join("site"));
}

#[test]
fn levels_sheet_and_scale_cell_problems_are_all_reported_at_their_cells() {
    let w = fixture("errors");
    let out = w.import(&["ladder.csv", "-m", "mapping.toml", "-o", "fw"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!w.path().join("fw").exists(), "nothing is written");
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn mapping_problems_with_scales_and_the_levels_sheet_name_the_key() {
    let w = Workspace::new();
    w.write(
        "mapping.toml",
        "layout = \"long\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"\nscale = \"Scale\"\n[level_sheet]\nfile = \"missing.csv\"\nskill = \"Skill\"\nlevel = \"Level\"\n",
    )
    .write("s.csv", "Role,Skill,Level,Scale\nEngineer,Testing,1,\n");
    let out = w.import(&["s.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for expected in [
        "error[missing-key]: the `scale` column names scales, but the mapping has no `[scales]`\n --> mapping.toml:6:9",
        "error[missing-key]: `[level_sheet]` needs `name`\n --> mapping.toml:7:1",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
    w.write(
        "mapping.toml",
        "layout = \"long\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"\n[level_sheet]\nfile = \"missing.csv\"\nskill = \"Skill\"\nlevel = \"Level\"\nname = \"Name\"\n",
    );
    let report = stderr(&w.import(&["s.csv", "-m", "mapping.toml", "-o", "fw"]));
    assert!(
        report.contains(
            "error[io-error]: the levels sheet `missing.csv` does not exist\n --> mapping.toml:7:8"
        ),
        "{report}"
    );

    // A levels sheet without a column the mapping names.
    w.write(
        "mapping.toml",
        "layout = \"long\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"\n[scales]\nDelivery = [\"Doing\", \"doing\"]\n[level_sheet]\nfile = \"levels.csv\"\nskill = \"Skill\"\nlevel = \"Level\"\nname = \"Name\"\n",
    )
    .write("levels.csv", "Skill,Level,Level name\nTesting,1,Aware\n");
    let out = w.import(&["s.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for expected in [
        "error[duplicate-entry]: the scale `Delivery` names the level `doing` twice\n --> mapping.toml:7:22",
        "error[unknown-column]: `levels.csv` has no column `Name`\n  --> mapping.toml:12:8",
        "did you mean `Level name`?",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
}

#[test]
fn grade_names_from_a_column_give_way_to_the_mappings_grades() {
    let w = Workspace::new();
    w.write(
        "mapping.toml",
        "layout = \"wide\"\n[columns]\nrole = \"Role\"\ngrade = \"Grade\"\ngrade_name = \"Band\"\n[[grades]]\nid = \"P1\"\nname = \"Associate\"\n[[grades]]\nid = \"P2\"\n",
    )
    .write(
        "m.csv",
        "Role,Grade,Band,Testing\nTester,P1,Junior,1\nLead tester,P2,Lead,2\n",
    );
    let out = w.import(&["m.csv", "-m", "mapping.toml", "-o", "fw"]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    for expected in [
        "warning[conflicting-cells]: row 2, column C (`Band`): the grade name `Junior` differs from the mapping's name of P1, `Associate`; the mapping's is kept\n --> m.csv:2:11",
        "warning[conflicting-cells]: row 3, column C (`Band`): the grade name `Lead` differs from the mapping's name of P2, `P2`; the mapping's is kept",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
    let f = check_clean(&w.path().join("fw"));
    assert_eq!(f.grades[0].name, "Associate");
}

mod properties {
    //! Sheets made of awkward cells in random order: the import never panics, points only
    //! inside its files, and whenever it writes a framework, that framework checks without
    //! an error.

    use proptest::prelude::*;

    use super::*;

    const TITLES: &[&str] = &[
        "Junior engineer",
        "Senior engineer",
        "Engineer",
        "Lead designer",
        "",
        "N/A",
        "Sen\u{200B}ior engineer",
        "Senior\u{00A0}engineer",
        "\"Quoted\" \\ lead",
        "+++",
        "Инженер",
        "C++ & Rust",
        "a;b,c",
        "line\nbreak",
        "  ",
    ];
    const TRACKS: &[&str] = &["Engineering", "Design", "", "MISSING", "R&D", "r and d"];
    const GRADES: &[&str] = &["", "", "L1", "L2", "L10", "Senior", "IC 3", "MISSING", "x"];
    const LEVELS: &[&str] = &[
        "", "0", "1", "2", "2", "3.0", "Working", "expert", "9", "N/A", "-", "lots", "1,0",
    ];
    const TEXTS: &[&str] = &[
        "",
        "para one\r\n\r\npara two",
        "<script>alert(1)</script>",
        "- a\n- b",
        "+++\nx = 1\n+++",
        "tab\there\u{2028}and",
    ];
    const SKILLS: &[&str] = &["Testing", "testing ", "Design", "", "TBD", "Ünïcode"];

    fn quote(cell: &str, separator: char) -> String {
        if cell.contains([separator, '"', '\n', '\r']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_owned()
        }
    }

    fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
        prop::sample::select(list)
    }

    fn row() -> impl Strategy<Value = Vec<&'static str>> {
        (
            pick(TRACKS),
            pick(TITLES),
            pick(GRADES),
            pick(SKILLS),
            pick(LEVELS),
            pick(TEXTS),
            pick(LEVELS),
        )
            .prop_map(|(t, r, g, s, l, d, l2)| vec![t, r, g, s, l, d, l2])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn an_import_is_sound_and_what_it_writes_checks(
            rows in prop::collection::vec(row(), 1..8),
            wide in any::<bool>(),
            semicolon in any::<bool>(),
            bom in any::<bool>(),
        ) {
            let separator = if semicolon { ';' } else { ',' };
            let header = if wide {
                ["Track", "Role", "Grade", "Testing", "Design", "Notes", "Ünïcode"]
            } else {
                ["Track", "Role", "Grade", "Skill", "Level", "Description", "Other"]
            };
            let mut text = if bom { "\u{FEFF}".to_owned() } else { String::new() };
            for cells in std::iter::once(header.to_vec()).chain(rows) {
                let line: Vec<String> = cells.iter().map(|c| quote(c, separator)).collect();
                text.push_str(&line.join(&separator.to_string()));
                text.push_str("\r\n");
            }
            let mapping = if wide {
                "layout = \"wide\"\n[columns]\ntrack = \"Track\"\nrole = \"Role\"\ngrade = \"Grade\"\nignore = [\"Notes\"]\n"
            } else {
                "layout = \"long\"\n[columns]\ntrack = \"Track\"\nrole = \"Role\"\ngrade = \"Grade\"\nskill = \"Skill\"\nlevel = \"Level\"\nrole_description = \"Description\"\n"
            };
            let w = Workspace::new();
            w.write("sheet.csv", &text).write("mapping.toml", mapping);
            let imported = trellis::import::read_csv(
                &[w.path().join("sheet.csv")],
                &w.path().join("mapping.toml"),
            );
            for d in &imported.diagnostics {
                if let (Some(source), Some(span)) = (d.source, &d.span) {
                    let len = imported.sources.text(source).len();
                    prop_assert!(span.start <= span.end && span.end <= len, "{d:?}");
                }
                let _ = trellis::diagnostic::render::human(d, &imported.sources, false);
            }
            prop_assert_eq!(imported.draft.is_some(), !imported.diagnostics.has_errors());
            if let Some(draft) = &imported.draft {
                let out = w.path().join("fw");
                for file in trellis::import::write::files(draft) {
                    w.write(&format!("fw/{}", file.path), &file.text);
                }
                let checked = trellis::check_framework(&out).unwrap();
                let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
                prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
            }
        }
    }
}
