//! Free pages (`pages/<id>.md`, format 1.1) on the built site: each built with its body and
//! outline, listed in the navigation of every page by weight then title, found by search,
//! exported in `framework.json`, and reachable by relative links to their files; an unsafe
//! link in a page never reaches it and a broken one stops the check at its line.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::harness::{Fixture, repo};
use crate::site::{build, check_links, sample_site};

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(site: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(site, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The part of a page between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |i| i + end.len())]
}

/// The `<main>` element of a page: what the page says, without the header and footer.
fn main_of(html: &str) -> &str {
    between(html, "<main", "</main>")
}

#[test]
fn each_free_page_is_built_with_its_body_and_an_outline_of_its_sections() {
    let site = sample_site();
    let page = read(site, "pages/promotions/index.html");
    let main = main_of(&page);
    assert!(main.contains("<h1>How promotions work</h1>"), "{main}");
    assert!(
        main.contains("Who decides, what the panel reads"),
        "the summary"
    );
    assert!(main.contains("A panel of three people from outside your team"));
    // The outline links to the ids the body's headings carry.
    let toc = between(main, "<nav class=\"toc", "</nav>");
    for (id, text) in [
        ("md-who-decides", "Who decides"),
        ("md-what-changes-from-l5", "What changes from L5"),
    ] {
        assert!(
            toc.contains(&format!("<a href=\"#{id}\">{text}</a>")),
            "{toc}"
        );
        assert!(main.contains(&format!("<h2 id=\"{id}\">")), "{id}");
    }
    assert!(page.contains("<title>How promotions work · Fernhill career framework</title>"));

    let principles = read(site, "pages/principles/index.html");
    assert!(main_of(&principles).contains("Every statement describes something a colleague"));

    // The list of pages, by weight: promotions (1) before principles (2).
    let list = main_of(&read(site, "pages/index.html")).to_owned();
    let (a, b) = (
        list.find("href=\"../pages/promotions/\"")
            .expect("promotions listed"),
        list.find("href=\"../pages/principles/\"")
            .expect("principles listed"),
    );
    assert!(a < b, "by weight: {list}");
    assert!(
        list.contains("Why the framework is written the way it is"),
        "summaries"
    );
}

#[test]
fn free_pages_are_in_the_navigation_of_every_page_and_on_the_home_page() {
    let site = sample_site();
    for (rel, root) in [
        ("roles/staff-engineer/index.html", "../../"),
        ("skills/testing/index.html", "../../"),
        ("az/index.html", "../"),
        ("index.html", ""),
        ("pages/principles/index.html", "../../"),
    ] {
        let html = read(site, rel);
        let nav = between(&html, "<nav aria-label=\"Main\">", "</nav>");
        let promotions = format!("<a href=\"{root}pages/promotions/\"");
        let principles = format!("<a href=\"{root}pages/principles/\"");
        let (a, b) = (
            nav.find(&promotions)
                .unwrap_or_else(|| panic!("{rel}: {nav}")),
            nav.find(&principles)
                .unwrap_or_else(|| panic!("{rel}: {nav}")),
        );
        assert!(a < b, "{rel}: by weight");
        assert!(nav.contains(&format!("<a href=\"{root}pages/\"")), "{rel}");
    }
    // The current page is marked in the menu.
    let html = read(site, "pages/principles/index.html");
    let nav = between(&html, "<nav aria-label=\"Main\">", "</nav>");
    assert!(
        nav.contains("href=\"../../pages/principles/\" aria-current=\"page\""),
        "{nav}"
    );
    // The 404 page is served at any depth: it links from the base path.
    let not_found = read(site, "404.html");
    assert!(not_found.contains("<a href=\"/pages/promotions/\""));
    let home = main_of(&read(site, "index.html")).to_owned();
    assert!(between(&home, "<section id=\"guides\"", "</section>").contains("How promotions work"));
    let sitemap = read(site, "sitemap.xml");
    for path in ["pages/", "pages/promotions/", "pages/principles/"] {
        assert!(sitemap.contains(&format!("/{path}</loc>")), "{path}");
    }
}

#[test]
fn ordering_goes_by_weight_then_title_and_a_framework_without_pages_has_no_menu() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    fixture
        .edit("pages/principles.md", "weight = 2", "weight = 0")
        .write(
            "pages/zebra.md",
            "+++\ntitle = \"A page without weight\"\n+++\nText.\n",
        )
        .write(
            "pages/apple.md",
            "+++\ntitle = \"Another without weight\"\n+++\nText.\n",
        );
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let html = read(out.path(), "roles/staff-engineer/index.html");
    let nav = between(&html, "<nav aria-label=\"Main\">", "</nav>");
    let order: Vec<usize> = ["principles", "promotions", "zebra", "apple"]
        .iter()
        .map(|id| nav.find(&format!("pages/{id}/")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{nav}");

    for id in ["principles", "promotions", "zebra", "apple"] {
        fixture.remove(&format!("pages/{id}.md"));
    }
    // Nothing may link to the removed pages any more.
    fixture
        .edit(
            "trellis.toml",
            "[how promotions work](pages/promotions.md#what-changes-from-l5)",
            "how promotions work",
        )
        .edit(
            "roles/software-engineering/staff-engineer.md",
            "[what changes from L5](../../pages/promotions.md#what-changes-from-l5)",
            "what changes from L5",
        )
        .edit(
            "tracks/software-engineering.md",
            "[how promotions work](../pages/promotions.md#what-changes-from-l5)",
            "how promotions work",
        )
        .edit(
            "skills/engineering/testing.md",
            "[a promotion case at L5](../../pages/promotions.md#what-changes-from-l5)",
            "a promotion case at L5",
        );
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    assert!(!out.path().join("pages").exists());
    let html = read(out.path(), "index.html");
    assert!(!html.contains("Guides"), "no menu and no section");
    check_links(out.path(), "/");
}

#[test]
fn free_pages_are_found_by_search() {
    let site = sample_site();
    let meta = json(site, "search/meta.json");
    let kinds: Vec<&str> = meta["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let guide = kinds
        .iter()
        .position(|k| *k == "guide")
        .expect("a guide kind");
    let range = &meta["ranges"][guide];
    let (start, end) = (
        range[0].as_u64().unwrap() as usize,
        range[1].as_u64().unwrap() as usize,
    );
    assert_eq!(end - start, 2, "two free pages");
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let doc = |n: usize| json(site, &format!("search/d-{}.json", n / chunk))[n % chunk].clone();
    let docs: Vec<Value> = (start..end).map(doc).collect();
    assert_eq!(docs[0]["t"], "How promotions work");
    assert_eq!(docs[0]["u"], "pages/promotions/");
    assert_eq!(
        docs[0]["s"],
        "Who decides, what the panel reads, and what changes at each step."
    );
    assert_eq!(docs[1]["u"], "pages/principles/");

    // A word of the title, of a heading and of the body each find the page.
    let postings = |term: &str| -> Vec<usize> {
        let shard = json(site, &format!("search/t-{}.json", &term[..2]));
        shard[term]
            .as_array()
            .unwrap_or_else(|| panic!("`{term}` is not indexed"))
            .iter()
            .map(|p| p[0].as_u64().unwrap() as usize)
            .collect()
    };
    for term in ["promotions", "successful", "panel", "surprise"] {
        assert!(postings(term).contains(&start), "`{term}` finds the page");
    }
    assert!(postings("checklist").contains(&(start + 1)));

    // Without JavaScript the search box leads to the A–Z, which lists the guides too.
    let az = fs::read_to_string(site.join("az/index.html")).unwrap();
    for url in ["pages/promotions/", "pages/principles/"] {
        let entry = format!("<li class=\"az-guide\"><a href=\"../{url}\">");
        assert!(az.contains(&entry), "{url} is not in the A–Z");
    }
    assert_eq!(az.matches("<li class=\"az-guide\">").count(), 2);
}

#[test]
fn framework_json_carries_pages_dimensions_expectations_and_choices() {
    let site = sample_site();
    let json = json(site, "framework.json");
    assert_eq!(json["schema_version"], 2);
    let pages = json["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 2);
    let promotions = &pages[0];
    assert_eq!(promotions["id"], "promotions");
    assert_eq!(promotions["title"], "How promotions work");
    assert_eq!(promotions["weight"], 1);
    assert_eq!(promotions["path"], "pages/promotions/");
    assert_eq!(promotions["source"], "pages/promotions.md");
    let body = promotions["body"].as_str().unwrap();
    assert!(body.starts_with("A promotion at Fernhill"), "{body}");
    assert!(
        body.contains("[the ladders](../tracks/software-engineering.md)"),
        "as written"
    );

    let dimensions: Vec<&str> = json["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(dimensions, ["scope", "autonomy", "impact"]);
    let senior = json["grades"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "L4")
        .unwrap();
    assert!(senior["expectations"]["scope"][0].is_string(), "{senior}");
    let track = json["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "software-engineering")
        .unwrap();
    assert!(
        track["expectations"]["L5"]["autonomy"][0]
            .as_str()
            .unwrap()
            .contains("(../pages/promotions.md#what-changes-from-l5)")
    );
    let staff = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "staff-engineer")
        .unwrap();
    assert!(staff["expectations"]["impact"][0].is_string(), "{staff}");
    let choice = &staff["choices"][0];
    assert_eq!(choice["name"], "Archetype");
    assert_eq!(choice["pick"], 1);
    let options = choice["requirements"].as_array().unwrap();
    assert!(options.len() >= 2);
    for q in options {
        // The level's name as the skill has it.
        let skill = json["skills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == q["skill"])
            .unwrap();
        let level = skill["levels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["level"] == q["level"])
            .unwrap();
        assert_eq!(q["level_name"], level["name"]);
    }
    // A pathway names the levels it runs between.
    let pathway = &json["pathways"][0];
    assert!(
        pathway["from"].is_u64() && pathway["from_name"].is_string(),
        "{pathway}"
    );
}

#[test]
fn a_skill_that_starts_above_level_one_exports_its_levels_by_number() {
    let f = Fixture::minimal();
    f.write(
        "skills/craft/mentoring.md",
        "+++\nname = \"Mentoring\"\nfirst_level = 2\n+++\n",
    )
    .edit("roles/eng/senior.md", "[skills]", "[skills]\nmentoring = 4");
    let report = f.check();
    report.assert_clean();
    let file = trellis::render::export::framework_json(&report.0.framework, "/").unwrap();
    let json: Value = serde_json::from_slice(&file.bytes).unwrap();
    let skill = json["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "mentoring")
        .unwrap();
    assert_eq!(skill["first_level"], 2);
    let numbers: Vec<u64> = skill["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 3, 4]);
    let senior = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "senior")
        .unwrap();
    let q = senior["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["skill"] == "mentoring")
        .unwrap();
    // Level 4 is the skill's last: its name, not the one past the end of the list.
    assert_eq!(q["level"], 4);
    assert_eq!(q["level_name"], skill["levels"][2]["name"]);
}

#[test]
fn links_to_framework_files_lead_to_their_pages() {
    let site = sample_site();
    // From a free page to a track and a role.
    let page = read(site, "pages/promotions/index.html");
    assert!(page.contains("<a href=\"../../tracks/software-engineering/\""));
    assert!(page.contains("<a href=\"../../roles/staff-engineer/\""));
    // From a free page to a section of another, in the same folder.
    let principles = read(site, "pages/principles/index.html");
    assert!(
        principles.contains("<a href=\"../../pages/promotions/#md-who-decides\""),
        "{}",
        main_of(&principles)
    );
    // From a role's body to a section of a free page.
    let role = read(site, "roles/staff-engineer/index.html");
    assert!(
        role.contains("<a href=\"../../pages/promotions/#md-what-changes-from-l5\""),
        "role body"
    );

    // From a skill's body, and from a track's, in a copy.
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let skill = "skills/engineering/testing.md";
    let text = fs::read_to_string(fixture.path().join(skill)).unwrap();
    fixture.write(
        skill,
        format!("{text}\nSee [the principles](../../pages/principles.md#not-a-checklist).\n"),
    );
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let html = read(out.path(), "skills/testing/index.html");
    assert!(
        html.contains("<a href=\"../../pages/principles/#md-not-a-checklist\""),
        "skill body"
    );
    check_links(out.path(), "/");
}

#[test]
fn an_unsafe_link_or_markup_in_a_free_page_never_reaches_it() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    fixture.write(
        "pages/faq.md",
        "+++\ntitle = \"Questions <script>alert(1)</script>\"\nsummary = \"\\\" onmouseover=\\\"alert(2)\"\n+++\n\
         ## Who <em onclick=\"alert(3)\">decides</em>\n\n\
         Never [click](javascript:alert(4)) or <a href=\"javascript:alert(5)\">this</a>.\n\n\
         <script>alert(6)</script><img src=\"x\" onerror=\"alert(7)\">\n\n\
         ## Two\n\n## Three\n",
    );
    let report = fixture.check();
    assert_eq!(report.errors(), 0, "{}", report.human());
    assert!(
        report.codes().contains(&"unsafe-url".to_owned()),
        "{}",
        report.human()
    );
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    for rel in [
        "pages/faq/index.html",
        "pages/index.html",
        "index.html",
        "roles/staff-engineer/index.html",
    ] {
        let html = read(out.path(), rel);
        for bad in [
            "javascript:",
            "<script>alert",
            "onerror",
            "onclick",
            "onmouseover=\"",
        ] {
            assert!(!html.contains(bad), "{rel} carries `{bad}`");
        }
    }
    let page = read(out.path(), "pages/faq/index.html");
    assert!(
        page.contains("Questions &lt;script&gt;"),
        "the title is text"
    );
    // The search index and the export hold text only; the script shows it as text.
    let meta = json(out.path(), "search/meta.json");
    assert_eq!(
        meta["ranges"][5][1].as_u64().unwrap() - meta["ranges"][5][0].as_u64().unwrap(),
        3
    );
}

#[test]
fn a_broken_link_in_a_free_page_stops_the_check_at_its_line() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    fixture.edit(
        "pages/principles.md",
        "## Not a checklist\n",
        "## Not a checklist\n\nSee [the ladder](../tracks/no-such-track.md) and [who](promotions.md#who-decide).\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .arg("check")
        .arg(fixture.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let text = format!("{stdout}{stderr}");
    assert!(text.contains("error[broken-link]"), "{text}");
    assert!(text.contains("--> pages/principles.md:21:5"), "{text}");
    assert!(text.contains("tracks/no-such-track.md"), "{text}");
    // The anchor is checked too, with the nearest the page has.
    assert!(text.contains("who-decides"), "{text}");
    let report = fixture.check();
    assert_eq!(
        report
            .seen()
            .iter()
            .filter(|s| s.code == "broken-link")
            .map(|s| (s.file.as_deref().unwrap_or(""), s.line.unwrap_or(0)))
            .collect::<Vec<_>>(),
        [("pages/principles.md", 21), ("pages/principles.md", 21)]
    );
}
