//! `trellis build --editions`: a real git repository with three tagged editions, the tree
//! it builds, the switcher links, the changelogs, the feed, and the cache that a second
//! build reuses.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::harness::{Repo, git_command, repo};
use crate::site::check_links;

fn trellis(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("trellis runs")
}

fn build(repo: &Repo) -> String {
    let out = trellis(
        &[
            "build",
            "framework",
            "-o",
            "public",
            "--editions",
            "--today",
            "2026-11-28",
        ],
        repo.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// An annotated tag on HEAD, made on `date`.
fn tag(repo: &Repo, name: &str, date: &str) {
    let out = git_command(repo.path())
        .env("GIT_COMMITTER_DATE", date)
        .args(["tag", "-a", name, "-m", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const TESTING: &str = "+++\nname = \"Testing\"\n\n[[levels]]\nsummary = \"Writes tests.\"\n\n[[levels]]\nsummary = \"Designs test plans.\"\n+++\n";

/// Three editions: the first; a second that raises the bar of the senior role and rewords
/// the junior one; a third that adds a skill. The working tree then rewords the senior role.
fn three_editions() -> Repo {
    let repo = Repo::with_framework(&repo().join("tests/fixtures/minimal"));
    repo.edit(
        "trellis.toml",
        "title = \"Minimal framework\"",
        "title = \"R&D <framework>\"",
    );
    fs::write(
        repo.path().join(".gitignore"),
        "/public/\n/.public.trellis-cache/\n",
    )
    .unwrap();
    let config = repo.framework().join("trellis.toml");
    let text = read(&config);
    fs::write(&config, format!("{text}\n[editions]\ntags = \"v*\"\n")).unwrap();
    repo.commit("Editions");
    tag(&repo, "v2026.1", "2026-01-15T09:00:00Z");
    repo.edit(
        "roles/eng/senior.md",
        "system-design = 3",
        "system-design = 4",
    );
    repo.edit(
        "roles/eng/junior.md",
        "Learns the codebase.",
        "Learns the codebase fast.",
    );
    repo.commit("Raise the senior bar, reword the junior role");
    tag(&repo, "v2026.2", "2026-04-15T09:00:00Z");
    repo.write("skills/craft/testing.md", TESTING);
    repo.commit("A testing skill");
    tag(&repo, "v2026.3", "2026-07-15T09:00:00Z");
    repo.edit(
        "roles/eng/senior.md",
        "Owns a system.",
        "Owns a system and its roadmap.",
    );
    repo
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The hrefs of the version switcher of a page.
fn switcher(page: &str) -> Vec<String> {
    let start = page
        .find("<details class=\"edition-switch\">")
        .expect("a switcher");
    let end = start + page[start..].find("</details>").unwrap();
    page[start..end]
        .split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

#[test]
fn three_editions_build_a_complete_tree_whose_links_all_resolve() {
    let repo = three_editions();
    let summary = build(&repo);
    assert!(
        summary.contains("editions: 3 built under `editions/`, 0 from cache, 3 rendered"),
        "{summary}"
    );
    let out = repo.path().join("public");
    for tag in ["v2026.1", "v2026.2", "v2026.3"] {
        let edition = out.join("editions").join(tag);
        for page in [
            "index.html",
            "roles/senior/index.html",
            "skills/system-design/index.html",
            "framework.json",
            "assets/style.css",
            "changes/index.html",
        ] {
            assert!(edition.join(page).is_file(), "{tag}: no {page}");
        }
        let home = read(&edition.join("index.html"));
        assert!(
            home.contains(&format!("You are reading edition <strong>{tag}</strong>")),
            "{tag}: no banner"
        );
    }
    let banner = read(&out.join("editions/v2026.2/roles/senior/index.html"));
    assert!(banner.contains("published on 2026-04-15"), "the tag's date");
    assert!(
        banner.contains("<a href=\"../../../../roles/senior/\">Go to the current framework</a>"),
        "a relative link to the same page of the current site"
    );
    // Each edition is the framework as it was at its tag.
    let json = |tag: &str| read(&out.join("editions").join(tag).join("framework.json"));
    assert!(!json("v2026.2").contains("\"testing\""));
    assert!(json("v2026.3").contains("\"testing\""));
    assert!(!out.join("editions/v2026.2/skills/testing").exists());
    assert!(!read(&out.join("index.html")).contains("You are reading edition"));
    check_links(&out, "/");
}

#[test]
fn the_switcher_goes_to_the_same_page_or_to_the_edition_home() {
    let repo = three_editions();
    build(&repo);
    let out = repo.path().join("public");
    let senior = read(&out.join("editions/v2026.1/roles/senior/index.html"));
    assert_eq!(
        switcher(&senior),
        [
            "../../../../roles/senior/",
            "../../../../editions/v2026.3/roles/senior/",
            "../../../../editions/v2026.2/roles/senior/",
            "../../../../editions/v2026.1/roles/senior/",
            "../../../../editions/",
        ]
    );
    // The testing skill is new in v2026.3: the earlier editions' entries go to their home.
    let testing = read(&out.join("skills/testing/index.html"));
    assert_eq!(
        switcher(&testing),
        [
            "../../skills/testing/",
            "../../editions/v2026.3/skills/testing/",
            "../../editions/v2026.2/",
            "../../editions/v2026.1/",
            "../../editions/",
        ]
    );
    for (page, links) in [
        (
            "editions/v2026.1/roles/senior/index.html",
            switcher(&senior),
        ),
        ("skills/testing/index.html", switcher(&testing)),
    ] {
        let dir = out.join(page).parent().unwrap().to_owned();
        for link in links {
            assert!(
                dir.join(&link).join("index.html").is_file(),
                "{page}: {link}"
            );
        }
    }
}

#[test]
fn changelogs_and_pages_say_what_changed_raises_first() {
    let repo = three_editions();
    build(&repo);
    let out = repo.path().join("public");
    let second = read(&out.join("editions/v2026.2/changes/index.html"));
    assert!(
        second.contains("What changed in edition v2026.2"),
        "{second}"
    );
    assert!(second.contains("Compared with edition v2026.1"));
    assert!(
        second.contains("Requires System design at 4 (Expert), up from 3 (Practitioner)."),
        "{second}"
    );
    // The raise of the senior bar comes before the rewording of the junior role, though
    // `junior` sorts first.
    let raise = second.find("up from 3").unwrap();
    let reword = second
        .find("Junior engineer")
        .expect("the editorial change is listed");
    assert!(raise < reword, "raises of the bar first: {second}");
    let third = read(&out.join("editions/v2026.3/changes/index.html"));
    assert!(third.contains("Testing"), "the new skill: {third}");
    assert!(
        !third.contains("up from 3"),
        "only the changes since v2026.2"
    );
    // The role page of v2026.2 shows its own change since v2026.1.
    let senior = read(&out.join("editions/v2026.2/roles/senior/index.html"));
    assert!(senior.contains("Changed since edition v2026.1"));
    assert!(senior.contains("raises the bar</span> Requires System design at 4"));
    // The current site: the uncommitted rewording, since the latest edition.
    let current = read(&out.join("roles/senior/index.html"));
    assert!(
        current.contains("Changed since edition v2026.3"),
        "{current}"
    );
    assert!(!current.contains("up from 3"));
    let unchanged = read(&out.join("editions/v2026.3/roles/senior/index.html"));
    assert!(
        !unchanged.contains("Changed since"),
        "nothing changed there"
    );
    let index = read(&out.join("editions/index.html"));
    let positions: Vec<usize> = ["v2026.3", "v2026.2", "v2026.1"]
        .iter()
        .map(|t| index.find(&format!("Edition {t}</a>")).expect(t))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "newest first");
}

#[test]
fn the_feed_lists_the_editions_with_escaped_text() {
    let repo = three_editions();
    build(&repo);
    let feed = read(&repo.path().join("public/editions.xml"));
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(feed.contains("<title>R&amp;D &lt;framework&gt; — editions</title>"));
    assert!(!feed.contains("R&D"), "no raw ampersand");
    assert_eq!(feed.matches("<entry>").count(), 3);
    assert!(feed.contains("<id>tag:trellis,2026-04-15:editions/v2026.2</id>"));
    assert!(feed.contains("<updated>2026-07-15T09:00:00Z</updated>"));
    assert!(feed.contains("1 raises the bar"));
    assert!(
        !feed.contains("href=\"http") && !feed.contains("<id>http"),
        "no absolute URL without an absolute base_url"
    );
    // With one, the ids and links are absolute.
    let out = trellis(
        &[
            "build",
            "framework",
            "-o",
            "public",
            "--editions",
            "--base-url",
            "https://careers.example/fw/",
        ],
        repo.path(),
    );
    assert!(out.status.success());
    let feed = read(&repo.path().join("public/editions.xml"));
    assert!(feed.contains("<id>https://careers.example/fw/editions/v2026.1/</id>"));
    assert!(feed.contains("href=\"https://careers.example/fw/editions/v2026.1/changes/\""));
}

#[cfg(unix)]
#[test]
fn a_second_build_takes_the_editions_from_the_cache() {
    use std::os::unix::fs::MetadataExt;
    let repo = three_editions();
    build(&repo);
    let cached = repo
        .path()
        .join(".public.trellis-cache/editions/v2026.1/site/roles/senior/index.html");
    let before = fs::metadata(&cached).unwrap();
    let page = repo
        .path()
        .join("public/editions/v2026.1/roles/senior/index.html");
    let first = read(&page);
    let summary = build(&repo);
    assert!(
        summary.contains("3 from cache, 0 rendered"),
        "nothing re-rendered: {summary}"
    );
    let after = fs::metadata(&cached).unwrap();
    assert_eq!(
        (before.ino(), before.mtime_nsec()),
        (after.ino(), after.mtime_nsec())
    );
    assert_eq!(read(&page), first, "the same pages");
    // A new tag renders only the new edition; the older ones get the longer switcher.
    repo.commit("Reword");
    tag(&repo, "v2026.4", "2026-10-15T09:00:00Z");
    let summary = build(&repo);
    assert!(
        summary.contains("4 built under `editions/`, 3 from cache, 1 rendered"),
        "{summary}"
    );
    let page = read(&page);
    assert!(
        page.contains("editions/v2026.4/roles/senior/"),
        "the new edition is listed"
    );
    // A tag moved to another tree is rendered again.
    git_command(repo.path())
        .args(["tag", "-d", "v2026.1"])
        .output()
        .unwrap();
    repo.git(&["checkout", "--quiet", "v2026.2"]);
    tag(&repo, "v2026.1", "2026-01-15T09:00:00Z");
    repo.git(&["checkout", "--quiet", "main"]);
    let summary = build(&repo);
    assert!(summary.contains("1 rendered"), "{summary}");
}

#[test]
fn an_edition_that_does_not_check_fails_the_build_naming_its_tag() {
    let repo = three_editions();
    build(&repo);
    let index = repo.path().join("public/index.html");
    let before = read(&index);
    repo.write(
        "roles/eng/broken.md",
        "+++\ntitle = \"Broken\"\ngrade = \"L9\"\n+++\n",
    );
    repo.commit("Broken");
    tag(&repo, "v2026.5", "2026-11-01T09:00:00Z");
    repo.remove("roles/eng/broken.md");
    let out = trellis(
        &["build", "framework", "-o", "public", "--editions"],
        repo.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("edition `v2026.5` does not check"),
        "{stderr}"
    );
    assert!(stderr.contains("L9"), "the error itself: {stderr}");
    assert_eq!(read(&index), before, "the site is as it was");
}

#[test]
fn editions_need_a_tag_pattern() {
    let repo = Repo::with_framework(&repo().join("tests/fixtures/minimal"));
    let out = trellis(
        &["build", "framework", "-o", "public", "--editions"],
        repo.path(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("[editions]"));
    assert!(!repo.path().join("public").exists());
}
