//! The built site in a real browser: `tests/browser/check.mjs` opens the home, a track, two
//! roles, a skill, a group, a pathway, opportunities, compare (with two roles picked from the
//! address), A–Z, privacy and the 404 page in headless Chromium — at desktop width, at phone
//! width and in dark mode — and fails on any console error, any request outside the site and
//! any serious or critical axe-core accessibility violation.
//!
//! Needs Debian's `chromium` (`/usr/bin/chromium`, or `CHROMIUM=/path`), Node and
//! `npm ci --prefix tests/browser`. Without them the test is skipped with a note, except
//! under CI (`CI` set), where it fails and says what to install.

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

#[test]
fn the_site_works_in_a_browser_without_errors_foreign_requests_or_serious_axe_violations() {
    let browser_dir = repo().join("tests/browser");
    let missing = missing_tools(&browser_dir);
    if !missing.is_empty() {
        let list = missing.join("\n  - ");
        if std::env::var_os("CI").is_some() {
            panic!(
                "the browser test cannot run under CI; install:\n  - {list}\n\
                 (.ci/run installs them: `apt-get install chromium` and `npm ci --prefix tests/browser`)"
            );
        }
        eprintln!(
            "browser test skipped: run `npm ci --prefix tests/browser` and install chromium. Missing:\n  - {list}"
        );
        return;
    }

    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .arg("build")
        .arg(repo().join("framework"))
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

    let run = Command::new("node")
        .arg(browser_dir.join("check.mjs"))
        .arg(&site)
        .current_dir(&browser_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the browser check failed ({}):\n{stdout}\n{stderr}",
        run.status
    );
    assert!(
        stdout.lines().any(|l| l.ends_with(" 0 failed")),
        "no summary line:\n{stdout}"
    );
}
