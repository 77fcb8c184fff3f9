//! The built site in a real browser: `tests/browser/check.mjs` opens the home, a track, two
//! roles, a skill, a group, a pathway, opportunities, compare (with two roles picked from the
//! address), the self-assessment, A–Z, privacy and the 404 page in headless Chromium — at
//! desktop width, at phone width and in dark mode — and fails on any console error, any
//! request outside the site and any serious or critical axe-core accessibility violation.
//! `tests/browser/assess.mjs` works through the self-assessment page on a fixture whose
//! scores are known, `tests/browser/assess-large.mjs` through the same page past 2,000 roles,
//! one family at a time, and `node --test` runs the unit tests of its scoring and input checks.
//!
//! Needs Debian's `chromium` (`/usr/bin/chromium`, or `CHROMIUM=/path`), Node and
//! `npm ci --prefix tests/browser` (the unit tests need only Node). Without them a test is
//! skipped with a note, except under CI (`CI` set), where it fails and says what to install.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::repo;

/// What is missing to run the browser test, if anything.
pub(crate) fn missing_tools(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium at {} (Debian: `apt-get install chromium`)",
            chromium.display()
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js (`node` on the PATH)".to_owned());
    }
    for package in ["playwright-core", "axe-core"] {
        if !browser_dir.join("node_modules").join(package).is_dir() {
            missing.push(format!(
                "tests/browser/node_modules/{package} (`npm ci --prefix tests/browser`)"
            ));
        }
    }
    missing
}

/// True when the tools are there; otherwise notes the skip, or fails under CI.
fn tools_ready(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let list = missing.join("\n  - ");
    if std::env::var_os("CI").is_some() {
        panic!(
            "the {test} cannot run under CI; install:\n  - {list}\n\
             (.ci/run installs them: `apt-get install chromium` and `npm ci --prefix tests/browser`)"
        );
    }
    eprintln!(
        "{test} skipped: run `npm ci --prefix tests/browser` and install chromium. Missing:\n  - {list}"
    );
    false
}

/// Builds `framework` into a temp dir as the binary does, for the day the tests assume.
fn build_site(framework: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .arg("build")
        .arg(framework)
        .arg("-o")
        .arg(&site)
        .args(["--today", "2026-11-28", "--color", "never"])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "trellis build failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    (out, site)
}

/// Runs `node ARGS` in `tests/browser`, fails with its output unless it succeeds, and returns
/// what it printed.
fn run_node(browser_dir: &Path, args: &[&std::ffi::OsStr]) -> String {
    let run = Command::new("node")
        .args(args)
        .current_dir(browser_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "node {:?} failed ({}):\n{stdout}\n{stderr}",
        args,
        run.status
    );
    stdout.into_owned()
}

#[test]
fn the_site_works_in_a_browser_without_errors_foreign_requests_or_serious_axe_violations() {
    let browser_dir = repo().join("tests/browser");
    if !tools_ready("browser test", &missing_tools(&browser_dir)) {
        return;
    }
    let (_out, site) = build_site(&repo().join("framework"));
    let stdout = run_node(&browser_dir, &["check.mjs".as_ref(), site.as_os_str()]);
    assert!(
        stdout.lines().any(|l| l.ends_with(" 0 failed")),
        "no summary line:\n{stdout}"
    );
}

#[test]
fn the_self_assessment_rates_ranks_explains_keeps_and_shares_in_a_browser() {
    let browser_dir = repo().join("tests/browser");
    if !tools_ready("self-assessment browser test", &missing_tools(&browser_dir)) {
        return;
    }
    let (_out, site) = build_site(&repo().join("tests/fixtures/assess"));
    let stdout = run_node(&browser_dir, &["assess.mjs".as_ref(), site.as_os_str()]);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("assess: ") && l.ends_with(" 0 failed")),
        "no summary line:\n{stdout}"
    );
}

#[test]
fn past_two_thousand_roles_the_self_assessment_works_one_family_at_a_time_in_a_browser() {
    let browser_dir = repo().join("tests/browser");
    if !tools_ready(
        "large self-assessment browser test",
        &missing_tools(&browser_dir),
    ) {
        return;
    }
    let framework = crate::assess::large();
    let (_out, site) = build_site(framework.path());
    let stdout = run_node(
        &browser_dir,
        &["assess-large.mjs".as_ref(), site.as_os_str()],
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("assess-large: ") && l.ends_with(" 0 failed")),
        "no summary line:\n{stdout}"
    );
}

#[test]
fn the_assessment_scoring_and_input_checks_pass_their_node_unit_tests() {
    let browser_dir = repo().join("tests/browser");
    let node = Command::new("node").arg("--version").output();
    let missing: Vec<String> = match node {
        Ok(_) => Vec::new(),
        Err(_) => vec!["Node.js (`node` on the PATH)".to_owned()],
    };
    if !tools_ready("scoring unit test", &missing) {
        return;
    }
    // TAP output names the counts the same way in every Node version since 18.
    let stdout = run_node(
        &browser_dir,
        &[
            "--test".as_ref(),
            "--test-reporter=tap".as_ref(),
            "score.test.mjs".as_ref(),
            "assess-io.test.mjs".as_ref(),
        ],
    );
    let count = |name: &str| -> usize {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no `{name}` line:\n{stdout}"))
    };
    assert_eq!(count("# fail "), 0, "{stdout}");
    assert!(
        count("# pass ") >= 20,
        "fewer unit tests ran than written:\n{stdout}"
    );
}
