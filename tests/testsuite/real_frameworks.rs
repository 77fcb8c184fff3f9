//! The sample framework and every real framework converted into the format check clean.

use crate::harness::{Fixture, real_fixtures, repo};

fn real_dirs() -> Vec<std::path::PathBuf> {
    let root = real_fixtures();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("real fixtures at {}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("trellis.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_real_framework_checks_without_errors() {
    let dirs = real_dirs();
    assert!(
        dirs.len() >= 3,
        "expected the real fixtures, found {dirs:?}"
    );
    for dir in dirs {
        let checked = trellis::check_framework(&dir).unwrap();
        let human: Vec<String> = checked
            .diagnostics
            .iter()
            .map(|d| trellis::diagnostic::render::human(d, &checked.sources, false))
            .collect();
        assert_eq!(
            checked.diagnostics.errors(),
            0,
            "{}:\n{}",
            dir.display(),
            human.join("\n")
        );
        assert!(
            !checked.framework.roles.is_empty(),
            "{} has no roles",
            dir.display()
        );
        assert!(
            !checked.framework.skills.is_empty(),
            "{} has no skills",
            dir.display()
        );
    }
}

#[test]
fn real_frameworks_load_every_file_they_hold() {
    // Counted from the folders, so a file silently skipped by the loader fails the test.
    for dir in real_dirs() {
        let checked = trellis::check_framework(&dir).unwrap();
        let count = |sub: &str| {
            walkdir::WalkDir::new(dir.join(sub))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    let name = e.file_name().to_string_lossy();
                    e.file_type().is_file() && name.ends_with(".md") && !name.starts_with('_')
                })
                .count()
        };
        let f = &checked.framework;
        assert_eq!(f.roles.len(), count("roles"), "{}", dir.display());
        assert_eq!(f.skills.len(), count("skills"), "{}", dir.display());
        assert_eq!(f.tracks.len(), count("tracks"), "{}", dir.display());
    }
}

#[test]
fn ft_engineering_resolves_named_levels_and_cross_track_promotions() {
    let checked = trellis::check_framework(&real_fixtures().join("ft-engineering")).unwrap();
    let f = &checked.framework;
    let senior = &f[f.find_role("senior-1").unwrap()];
    let next: Vec<&str> = senior.next.iter().map(|m| f[m.to].id.as_str()).collect();
    assert_eq!(next, ["senior-2-ic", "senior-2-pm"]);
    let technical = f.find_skill("technical").unwrap();
    let req = senior
        .requirements
        .iter()
        .find(|r| r.skill == technical)
        .unwrap();
    // "Working knowledge" is the third level of the FT scale.
    assert_eq!(req.level, 3);
    assert_eq!(f[technical].level_name(req.level), "Working knowledge");
}

#[test]
fn unidays_keeps_emoji_names_and_per_skill_level_names() {
    let checked = trellis::check_framework(&real_fixtures().join("unidays")).unwrap();
    let f = &checked.framework;
    assert!(
        f.groups.iter().any(|g| g.name.contains('☯')),
        "emoji group names survive"
    );
    assert!(f.skills.iter().all(|s| !s.levels.is_empty()));
    assert!(f.tracks.iter().filter_map(|t| t.family.as_deref()).count() > 0);
}

#[test]
fn the_sample_framework_is_complete_and_clean() {
    let checked = trellis::check_framework(&repo().join("framework")).unwrap();
    let seen: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| trellis::diagnostic::render::human(d, &checked.sources, false))
        .collect();
    assert!(seen.is_empty(), "{}", seen.join("\n"));
    let f = &checked.framework;
    assert!(f.tracks.len() >= 4);
    assert!(f.roles.len() >= 30);
    assert!(f.skills.len() >= 40);
    assert!(f.groups.len() >= 5);
    assert!(f.pathways.len() >= 12);
    assert!(f.pathways.iter().all(|p| !p.steps.is_empty()));
    assert!(f.opportunities.len() >= 5);
    assert!(
        f.tracks
            .iter()
            .any(|t| t.kind.as_deref() == Some("management"))
    );
    assert!(
        f.tracks
            .iter()
            .any(|t| t.family.as_deref() == Some("People"))
    );
    assert!(
        f.skills
            .iter()
            .any(|s| s.id == "finance-for-non-financial-managers")
    );
    // The management track lines up with the IC track on shared grades.
    let em = &f[f.find_role("engineering-manager").unwrap()];
    let staff = &f[f.find_role("staff-engineer").unwrap()];
    assert_eq!(em.grade, staff.grade);
    assert!(
        staff
            .lateral
            .iter()
            .any(|m| f[m.to].id == "engineering-manager")
    );
}

#[test]
fn checking_twice_gives_the_same_diagnostics() {
    let fixture = Fixture::minimal();
    fixture.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    fixture.edit("roles/eng/senior.md", "grade = \"L3\"", "grade = \"L9\"");
    let a = fixture.check().seen();
    let b = fixture.check().seen();
    assert_eq!(a, b);
    assert_eq!(a.len(), 2);
}
