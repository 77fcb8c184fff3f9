//! `trellis build`: the site is complete, self-contained, safe, atomic and deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use trellis::render::{RenderOptions, Theme};

use crate::harness::{Fixture, repo};

const TODAY: &str = "2026-11-28";

/// Builds `framework` into `out` through the library, as `trellis build` does.
pub(crate) fn build(framework: &Path, out: &Path, base_url: Option<&str>) -> anyhow::Result<()> {
    let checked = trellis::check_framework(framework)?;
    anyhow::ensure!(
        checked.is_ok(),
        "framework has errors: {:?}",
        checked.diagnostics
    );
    let mut theme = Theme::default();
    if framework.join("templates").is_dir() {
        theme.override_templates(&framework.join("templates"))?;
    }
    let options = RenderOptions {
        base_url: base_url.map(str::to_owned),
        today: TODAY.to_owned(),
        editions: false,
    };
    let files = trellis::render::render(&checked.framework, &theme, &options)?;
    trellis::output::write_site(out, &files, Some(&framework.join("static")))
}

/// The sample framework built once for all the tests that only read it; each test that
/// builds on its own does so because it changes the input or the options.
pub(crate) fn sample_site() -> &'static Path {
    // A static is never dropped, so the folder outlives every test that reads it (and stays
    // in the system's temp folder, like any crashed test's would).
    static SITE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, site) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        build(&repo().join("framework"), &site, None).unwrap();
        (dir, site)
    });
    site
}

/// Every file of a built site, by relative path.
fn read_site(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The values of every `href="…"` and `src="…"` in `html`, unescaped.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(
                rest[..end]
                    .replace("&amp;", "&")
                    .replace("&#x2F;", "/")
                    .replace("&#x3D;", "="),
            );
            rest = &rest[end..];
        }
    }
    out
}

fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap();
        out.insert(rest[..end].to_owned());
    }
    out
}

/// The words of `html` as a reader sees them: tags dropped, entities decoded, spaces
/// collapsed.
pub(crate) fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A statement's words without its Markdown, as [`visible`] reads them on a page.
pub(crate) fn words(statement: &str) -> String {
    visible(&trellis::render::markdown::plain_text(statement))
}

fn is_external(url: &str) -> bool {
    url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("mailto:")
        || url.starts_with("//")
}

/// Checks that every internal link and asset of every page resolves to a file of the site
/// (and every `#fragment` to an id on its page). `base_path` maps root-absolute links
/// (`/careers/x`) into the output folder. Returns the external links found.
pub(crate) fn check_links(out: &Path, base_path: &str) -> BTreeSet<String> {
    let site = read_site(out);
    let mut external = BTreeSet::new();
    let mut broken = Vec::new();
    for (page, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        for url in references(&html) {
            if is_external(&url) {
                external.insert(url);
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p.to_owned(), Some(f.to_owned())),
                None => (url.clone(), None),
            };
            let path = path.split('?').next().unwrap().to_owned();
            let target: PathBuf = if path.is_empty() {
                out.join(page)
            } else if let Some(abs) = path.strip_prefix(base_path) {
                out.join(abs)
            } else if path.starts_with('/') {
                broken.push(format!(
                    "{page}: `{url}` is outside the base path {base_path}"
                ));
                continue;
            } else {
                out.join(page).parent().unwrap().join(&path)
            };
            let target = if path.is_empty() || path.ends_with('/') || target.is_dir() {
                if path.is_empty() {
                    target
                } else {
                    target.join("index.html")
                }
            } else {
                target
            };
            let Ok(target) = target.canonicalize() else {
                broken.push(format!("{page}: `{url}` does not resolve"));
                continue;
            };
            assert!(
                target.starts_with(out.canonicalize().unwrap()),
                "{page}: `{url}` leaves the site"
            );
            // A fragment with `=` is a parameter for the page's script, not an element id
            // (`assess/#target=staff-engineer`: fragments never reach the server).
            if let Some(fragment) = fragment.filter(|f| !f.is_empty() && !f.contains('=')) {
                let text = fs::read_to_string(&target).unwrap_or_default();
                if !ids(&text).contains(&fragment) {
                    broken.push(format!("{page}: `{url}` names no id on its page"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    external
}

/// Every framework the tests build: the sample and the real converted ones.
fn frameworks() -> Vec<PathBuf> {
    crate::harness::sample_and_real_frameworks()
}

/// All source text of a framework, to tell its own links from anything else.
fn source_text(framework: &Path) -> String {
    walkdir::WalkDir::new(framework)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_framework_builds_with_all_links_resolving_and_no_foreign_urls() {
    for framework in frameworks() {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("public");
        build(&framework, &site, None).unwrap_or_else(|e| panic!("{}: {e:#}", framework.display()));
        let files = read_site(&site);
        for must in [
            "index.html",
            "404.html",
            "compare/index.html",
            "privacy/index.html",
            "opportunities/index.html",
            "az/index.html",
            "sitemap.xml",
            "framework.json",
            "matrix.csv",
            "assets/style.css",
            "assess/index.html",
            "assess/data.json",
        ] {
            assert!(
                files.contains_key(must),
                "{}: no {must}",
                framework.display()
            );
        }
        let checked = trellis::check_framework(&framework).unwrap();
        for role in &checked.framework.roles {
            assert!(files.contains_key(&format!("roles/{}/index.html", role.id)));
        }
        for skill in &checked.framework.skills {
            assert!(files.contains_key(&format!("skills/{}/index.html", skill.id)));
        }
        // Every external URL in a page is one the framework's authors wrote (a pathway step,
        // a Markdown link, the repository) or an edit link built from `edit_url`.
        let sources = source_text(&framework);
        let edit_prefix = checked
            .framework
            .config
            .edit_url
            .as_ref()
            .map(|u| u.value.split("{path}").next().unwrap().to_owned());
        for url in check_links(&site, "/") {
            let own = sources.contains(&url)
                || edit_prefix.as_deref().is_some_and(|p| url.starts_with(p));
            assert!(
                own,
                "{}: foreign URL `{url}` in the site",
                framework.display()
            );
        }
    }
}

#[test]
fn links_resolve_under_a_subpath_base_url() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("careers");
    build(
        &repo().join("framework"),
        &site,
        Some("https://intranet.example/careers/"),
    )
    .unwrap();
    check_links(&site, "/careers/");
    let not_found = fs::read_to_string(site.join("404.html")).unwrap();
    assert!(
        not_found.contains("href=\"/careers/assets/style.css\""),
        "{not_found}"
    );
    let sitemap = fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://intranet.example/careers/roles/staff-engineer/</loc>"));
}

#[test]
fn pages_forbid_foreign_requests_and_need_no_script_to_read() {
    let site = sample_site();
    for (path, bytes) in read_site(site).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';"
            ),
            "{path}"
        );
        // Scripts only enhance: every page loads the search script, the compare page its
        // own; both come from the site itself and the pages read without them.
        let root = "../".repeat(path.matches('/').count());
        let search = format!("<script src=\"{root}assets/search.js\" defer></script>");
        let mut scripts = html.matches("<script").count();
        if path != "404.html" {
            assert!(html.contains(&search), "{path} lacks the search script");
            scripts -= 1;
        }
        if path == "compare/index.html" {
            // The compare module; what it compares is fetched from the track files.
            assert!(
                html.contains("<script type=\"module\" src=\"../assets/compare.js\"></script>")
            );
            assert!(html.contains("<noscript>"));
            assert_eq!(scripts, 1, "{path}");
        } else if path == "assess/index.html" {
            // The self-assessment's module; its data is a file of its own, fetched.
            assert!(html.contains("<script type=\"module\" src=\"../assets/assess.js\"></script>"));
            assert!(html.contains("<noscript>"));
            assert_eq!(scripts, 1, "{path}");
        } else if path != "404.html" {
            assert_eq!(scripts, 0, "{path} has another script");
        }
        for banned in [
            "<link rel=\"preconnect",
            "fonts.googleapis",
            "cdn.",
            "@import url(http",
        ] {
            assert!(!html.contains(banned), "{path}: {banned}");
        }
    }
    let css = fs::read_to_string(site.join("assets/style.css")).unwrap();
    assert!(
        !css.contains("url(http") && !css.contains("@import"),
        "the stylesheet loads nothing"
    );
}

#[test]
fn role_pages_show_requirements_gaps_and_the_pathways_that_close_them() {
    let site = sample_site();
    let role = fs::read_to_string(site.join("roles/senior-software-engineer/index.html")).unwrap();
    assert!(role.contains("<h1>Senior software engineer</h1>"));
    assert!(
        role.contains("Promotion to <a href=\"../../roles/staff-engineer/\">Staff engineer</a>"),
        "default promotion shown"
    );
    assert!(
        role.contains("<svg class=\"profile\""),
        "skill profile drawn at build time (bars: the role asks for 11 skills)"
    );
    assert!(role.contains("Propose a change to this role"));
    assert!(role.contains("https://git.fernhill.example/people/careers/-/edit/main/roles/software-engineering/senior-software-engineer.md"));
    // The system design pathway closes the gap to staff engineer only if staff raises it.
    let checked = trellis::check_framework(&repo().join("framework")).unwrap();
    let f = &checked.framework;
    let analysis = trellis::analyze::Analysis::new(f);
    let gap = analysis.gap(
        f,
        f.find_role("software-engineer-ii").unwrap(),
        f.find_role("senior-software-engineer").unwrap(),
    );
    let with_pathway = gap
        .skills
        .iter()
        .find(|s| !s.pathways.is_empty())
        .expect("a pathway closes some gap");
    let pathway = &f[with_pathway.pathways[0]];
    let page = fs::read_to_string(site.join("roles/software-engineer-ii/index.html")).unwrap();
    assert!(
        page.contains(&format!("href=\"../../pathways/{}/\"", pathway.id)),
        "pathway {} linked from the gap",
        pathway.id
    );
    let pathway_page =
        fs::read_to_string(site.join(format!("pathways/{}/index.html", pathway.id))).unwrap();
    assert!(
        pathway_page.contains("href=\"../../roles/software-engineer-ii/\""),
        "the pathway lists the move it helps with"
    );

    // Every skill of the move appears once: a changing one as a card with its levels, whose
    // Now side names the current level and links to the role's own words for it on the
    // page; an unchanged or dropped one in the lines under the cards, with its level.
    let promotion = page
        .split("<section class=\"move move-promotion\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a promotion section");
    let kept_at = promotion
        .find("<div class=\"gap-kept\">")
        .expect("kept skills");
    let (cards, kept) = promotion.split_at(kept_at);
    assert!(!gap.skills.is_empty());
    let level = |skill: &trellis::model::Skill, n: usize| {
        format!(
            "{}, level {} of {}",
            skill.level_name(n),
            n,
            skill.levels.len()
        )
    };
    let (mut changed, mut linked) = (0, 0);
    for s in &gap.skills {
        let skill = &f[s.skill];
        let link = format!("<a href=\"../../skills/{}/\">{}</a>", skill.id, skill.name);
        let name = format!("<span class=\"next-skill-name\">{}</span>", skill.name);
        assert!(
            !kept.contains(&name),
            "{} has no card under the cards",
            skill.id
        );
        match s.change {
            trellis::analyze::Change::Unchanged => {
                // A level kept in other words also has a card, of the words.
                assert_eq!(cards.contains(&name), s.text_changed, "{}", skill.id);
                assert!(kept.contains(&link), "{}", skill.id);
                let item = &kept[kept.find(&link).unwrap()..];
                assert!(
                    item[..item.find("</li>").unwrap()].contains(&level(skill, s.to)),
                    "{}",
                    skill.id
                );
            }
            trellis::analyze::Change::Dropped => {
                assert!(
                    !cards.contains(&name) && kept.contains(&link),
                    "{}",
                    skill.id
                )
            }
            _ => {
                changed += 1;
                assert!(!kept.contains(&link), "{} is not kept", skill.id);
                assert_eq!(cards.matches(&name).count(), 1, "{} named once", skill.id);
                let card = cards
                    .split("<details class=\"next-skill")
                    .find(|c| c.contains(&name))
                    .unwrap();
                assert!(
                    card.starts_with(&format!(" change-{}\"", s.change.label())),
                    "{card}"
                );
                assert!(
                    card.contains(&format!("Needed: {}", level(skill, s.to))),
                    "{card}"
                );
                if s.from > 0 {
                    // The role's own words for the skill are on the page, not in the card.
                    let now = format!(
                        "Now: {} · <a href=\"#req-{}\">what your role says</a>",
                        level(skill, s.from),
                        skill.id
                    );
                    assert!(card.contains(&now), "{card}");
                    assert!(page.contains(&format!("id=\"req-{}\"", skill.id)));
                    linked += 1;
                    let own = &skill.level(s.from).unwrap().signals;
                    assert!(
                        own.iter()
                            .all(|t| !card.contains(&trellis::render::markdown::inline(t, None))),
                        "{card}"
                    );
                } else {
                    assert!(card.contains("Now: not required in your role"), "{card}");
                }
            }
        }
    }
    assert!(
        changed > 0 && linked > 0,
        "{changed} changed, {linked} linked"
    );
    assert!(!page.contains("<table"), "no gap table on a role page");
}

/// The role page groups requirements under their skill groups with every word of the
/// level; the next step shows the target level's words beside the current ones, new ones
/// marked; pathways say what they cover; and nearby roles link to the compare page.
#[test]
fn role_pages_show_levels_whole_next_steps_coverage_and_nearby_roles() {
    let site = sample_site();
    let checked = trellis::check_framework(&repo().join("framework")).unwrap();
    let f = &checked.framework;
    let staff = f.find_role("staff-engineer").unwrap();
    let page = fs::read_to_string(site.join("roles/staff-engineer/index.html")).unwrap();
    let text = |html: &str| {
        html.replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let page_text = text(&page);

    // Groups in the model's order, each requirement under its group, with its words.
    let expects = page.split("id=\"expects-heading\"").nth(1).unwrap();
    let expects = expects.split("id=\"next-heading\"").next().unwrap();
    let mut last_group = None;
    for q in &f[staff].requirements {
        let skill = &f[q.skill];
        let group = &f[skill.group];
        let heading = expects
            .find(&format!("id=\"group-{}\"", group.id))
            .unwrap_or_else(|| panic!("group {} has a heading", group.id));
        let card = expects
            .find(&format!("id=\"req-{}\"", skill.id))
            .unwrap_or_else(|| panic!("{} has a card", skill.id));
        assert!(heading < card, "{} under its group", skill.id);
        let level = skill.level(q.level).unwrap();
        let range = format!("level {} of {}", q.level, skill.last_level());
        assert!(expects[card..].contains(&range), "{}: {range}", skill.id);
        let shown = visible(expects);
        for statement in level
            .summary
            .iter()
            .chain(&level.signals)
            .chain(&level.examples)
            .chain(&q.expectations)
        {
            assert!(shown.contains(&words(statement)), "{statement}");
        }
        last_group = Some(skill.group);
    }
    assert!(last_group.is_some());
    let mut order: Vec<usize> = Vec::new();
    for g in expects
        .split("<section class=\"requirement-group\" aria-labelledby=\"group-")
        .skip(1)
    {
        let id = g.split('"').next().unwrap();
        order.push(f.groups.iter().position(|x| x.id == id).unwrap());
    }
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "groups in model order: {order:?}"
    );
    assert!(
        !page.contains("/7<") && !page.contains("<small>3/"),
        "no ratios"
    );

    // The next step: every raised skill of the promotion with the target level's words, the
    // statements the reader has not met marked new.
    let promotion = page
        .split("<section class=\"move move-promotion\"")
        .nth(1)
        .unwrap();
    let promotion = promotion.split("</section>").next().unwrap();
    let next = f[staff].next[0].to;
    let gap = trellis::analyze::Analysis::new(f).gap(f, staff, next);
    assert!(gap.growth() > 0);
    for s in gap.skills.iter().filter(|s| s.change.is_growth()) {
        let skill = &f[s.skill];
        let level = skill.level(s.to).unwrap();
        let step = promotion
            .split("<details class=\"next-skill")
            .find(|d| {
                d.contains(&format!(
                    "<span class=\"next-skill-name\">{}</span>",
                    skill.name
                ))
            })
            .unwrap_or_else(|| panic!("a next step for {}", skill.id));
        // An option of the role's choice at the level needed: its words are in the choice
        // above, and the step compares only what each role adds.
        let offered = f[staff]
            .choices
            .iter()
            .flat_map(|c| &c.requirements)
            .any(|q| q.skill == s.skill && q.level == s.to);
        if offered {
            assert!(step.contains("no longer optional"), "{}", skill.id);
            continue;
        }
        for statement in level
            .summary
            .iter()
            .chain(&level.signals)
            .chain(&level.examples)
        {
            assert!(visible(step).contains(&words(statement)), "{statement}");
        }
        assert!(step.contains(" open>"), "a promotion's steps are unfolded");
    }
    assert!(promotion.contains("<span class=\"new-mark\">new</span>"));
    assert!(page_text.contains("The next step, skill by skill"));

    // Interviewer training (Awareness → Working) under a gap to Practitioner in hiring says
    // it covers part, and names the level nothing covers.
    let hiring = page
        .split("<details class=\"next-skill")
        .find(|card| card.contains("skills/hiring/") && card.contains("Interviewer training"))
        .expect("a hiring card offering interviewer training");
    assert!(
        hiring.contains("covers part of the gap: Working"),
        "{hiring}"
    );
    assert!(hiring.contains("Practitioner: no pathway yet"), "{hiring}");
    // A growing skill without any pathway says so.
    assert!(page.contains("<p class=\"uncovered\">Learning: no pathway yet</p>"));

    // Nearby roles: other tracks of the family, each with a compare link naming both roles.
    let nearby = page
        .split("id=\"nearby-heading\"")
        .nth(1)
        .expect("nearby roles");
    let nearby = nearby.split("</section>").next().unwrap();
    let near = trellis::analyze::nearby::Families::new(f).nearby(f, staff, usize::MAX, usize::MAX);
    assert!(!near.roles.is_empty());
    for (_, o) in &near.roles {
        let href = format!("compare/?a=staff-engineer&amp;b={}\"", f[*o].id);
        assert!(nearby.contains(&href), "{href}");
    }
}

/// A framework whose grades carry every difference (the same skills at the same levels)
/// draws no radar and says plainly that no skill level changes, showing the words that do.
#[test]
fn grades_that_differ_only_in_words_read_plainly() {
    let fixture = Fixture::minimal();
    for role in ["junior", "mid", "senior"] {
        let path = format!("roles/eng/{role}.md");
        let text = fs::read_to_string(fixture.path().join(&path)).unwrap();
        let (front, body) = text.trim_start_matches("+++\n").split_once("+++").unwrap();
        let head: Vec<&str> = front
            .lines()
            .take_while(|l| !l.starts_with("[skills]"))
            .collect();
        let skills: Vec<String> = front
            .lines()
            .skip_while(|l| !l.starts_with("[skills]"))
            .skip(1)
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
            .filter(|k| !k.is_empty())
            .map(|k| {
                format!("{k} = {{ level = 1, expectations = [\"As a {role}, uses {k} daily.\"] }}")
            })
            .collect();
        fixture.write(
            &path,
            format!(
                "+++\n{}\n[skills]\n{}\n+++{body}",
                head.join("\n"),
                skills.join("\n")
            ),
        );
    }
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let page = fs::read_to_string(out.path().join("roles/junior/index.html")).unwrap();
    assert!(
        !page.contains("class=\"radar\""),
        "no radar of equal spokes"
    );
    assert!(
        page.contains("No skill level changes between these roles"),
        "{page}"
    );
    assert!(page.contains(">text changed</span>"));
    // Every word of the next role's is new here, so the side says so once; the role's own
    // words are under its requirements, which the card links to.
    let step = page.split("<details class=\"next-skill").nth(1).unwrap();
    let step = &step[..step.find("</details>").unwrap()];
    assert!(
        step.starts_with(" change-unchanged text-changed\""),
        "{step}"
    );
    assert!(step.contains("As a mid, uses"), "{step}");
    assert!(!step.contains("As a junior, uses"), "{step}");
    assert!(step.contains("what your role says</a>"), "{step}");
    assert!(page.contains("As a junior, uses"));
    assert!(step.contains("(all new)"), "{step}");
    assert!(
        !step.contains("Learning"),
        "nothing to learn at an equal level"
    );
}

#[test]
fn opportunities_list_open_ones_first() {
    let site = sample_site();
    let page = fs::read_to_string(site.join("opportunities/index.html")).unwrap();
    let open = page.find("<h2>Open</h2>").unwrap();
    let closed = page.find("<h2>Closed</h2>").unwrap();
    let revamp = page.find("opportunity-onboarding-revamp").unwrap();
    assert!(
        open < closed && closed < revamp,
        "the closed opportunity is listed after the open ones"
    );
}

#[test]
fn past_fifty_opportunities_the_page_lists_open_ones_in_short_and_shows_all_on_pages_of_fifty() {
    let fixture = Fixture::minimal();
    // 120 more: o000 … o119, every third closed before the build's day.
    for i in 0..120 {
        let closes = if i % 3 == 0 {
            "2026-01-31"
        } else {
            "2027-06-30"
        };
        fixture.write(
            &format!("opportunities/o{i:03}.md"),
            format!("+++\ntitle = \"Opportunity {i:03}\"\nkind = \"gig\"\ncloses = {closes}\n\n[skills]\nsystem-design = 2\n+++\nThe work.\n"),
        );
    }
    // A statement's link to an opportunity leads to the page that shows it in full.
    fixture.edit(
        "roles/eng/senior.md",
        "Owns a system.",
        "Owns a system. See [a gig](../../opportunities/o075.md).",
    );
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let index = fs::read_to_string(out.path().join("opportunities/index.html")).unwrap();
    // 80 open, and the minimal framework's own; closed ones are counted, not listed.
    assert!(
        index.contains("<p class=\"muted\">81 open, in short"),
        "{index}"
    );
    assert!(
        !index.contains("Opportunity 000<"),
        "closed: not in the short list"
    );
    assert!(
        index.contains("<li><a href=\"../opportunities/1/#opportunity-o001\">Opportunity 001</a> <span class=\"badge\">gig</span> <span class=\"muted\">closes 2027-06-30 · System design</span></li>"),
        "{index}"
    );
    // In id order, o000 … o119 then queue-migration: o050 is first on page 2.
    assert!(index.contains("href=\"../opportunities/2/#opportunity-o050\""));
    assert!(index.contains("href=\"../opportunities/3/#opportunity-queue-migration\""));
    assert!(!out.path().join("opportunities/4").exists());
    assert!(
        !index.contains("class=\"prose\""),
        "no body on the short list"
    );

    let page = fs::read_to_string(out.path().join("opportunities/2/index.html")).unwrap();
    assert_eq!(page.matches("<li class=\"card opportunity\"").count(), 50);
    assert!(page.contains("id=\"opportunity-o050\"") && page.contains("id=\"opportunity-o099\""));
    assert!(!page.contains("id=\"opportunity-o100\""));
    let (open, closed) = (
        page.find("<h2>Open</h2>").unwrap(),
        page.find("<h2>Closed</h2>").unwrap(),
    );
    let first_closed = page.find("id=\"opportunity-o051\"").unwrap();
    assert!(
        open < closed && closed < first_closed,
        "open ones first on each page"
    );
    assert!(page.contains("<a rel=\"prev\" href=\"../../opportunities/1/\">"));
    assert!(
        page.contains("href=\"../../skills/system-design/\""),
        "links from two folders down"
    );
    let senior = fs::read_to_string(out.path().join("roles/senior/index.html")).unwrap();
    assert!(
        senior.contains("href=\"../../opportunities/2/#opportunity-o075\""),
        "{senior}"
    );
    // The search index's documents, in their shards, lead there too.
    let documents: String = fs::read_dir(out.path().join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("d-"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    assert!(documents.contains("\"opportunities/2/#opportunity-o075\""));
    check_links(out.path(), "/");
}

#[test]
fn exports_carry_the_whole_model() {
    let site = sample_site();
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("framework.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(json["roles"].as_array().unwrap().len(), 32);
    let staff = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "staff-engineer")
        .unwrap();
    assert_eq!(staff["grade"], "L5");
    assert!(
        staff["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["level"].as_u64().unwrap() >= 1)
    );
    // The long table: a row per requirement and option of every role.
    let csv = fs::read_to_string(site.join("matrix.csv")).unwrap();
    let asks: usize = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let options: usize = r["choices"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| c["requirements"].as_array().unwrap().len())
                .sum();
            r["requirements"].as_array().unwrap().len() + options
        })
        .sum();
    assert_eq!(csv.lines().count(), 1 + asks);
    assert!(csv.contains(
        "\nstaff-engineer,Staff engineer,software-engineering,L5,debugging,4,Advanced,Archetype\n"
    ));
    // A wide table per track, and the track page links its own.
    let wide = fs::read_to_string(site.join("matrix/software-engineering.csv")).unwrap();
    assert_eq!(
        wide.lines().count(),
        1 + 8,
        "eight software engineering roles"
    );
    let track = fs::read_to_string(site.join("tracks/software-engineering/index.html")).unwrap();
    assert!(track.contains("href=\"../../matrix/software-engineering.csv\""));
}

/// `matrix.csv` and `matrix/<track>.csv` are written by hand; a CSV reader must get back
/// every title as it is and every role's levels as `framework.json` states them, in every
/// framework: the long table one row per requirement and option, the track tables wide.
#[test]
fn matrix_csv_reads_back_as_the_framework_says() {
    for framework in crate::harness::sample_and_real_frameworks() {
        let name = framework.display();
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        build(&framework, &site, None).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(site.join("framework.json")).unwrap()).unwrap();
        let mut reader = csv::Reader::from_path(site.join("matrix.csv")).unwrap();
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            header,
            [
                "role",
                "title",
                "track",
                "grade",
                "skill",
                "level",
                "level_name",
                "choice"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let mut expected: Vec<Vec<String>> = Vec::new();
        let roles = json["roles"].as_array().unwrap();
        let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
        for role in roles {
            let head = [&role["id"], &role["title"], &role["track"], &role["grade"]].map(text);
            let mut push = |q: &serde_json::Value, choice: &str| {
                let mut line = head.to_vec();
                line.extend([
                    text(&q["skill"]),
                    q["level"].to_string(),
                    text(&q["level_name"]),
                ]);
                line.push(choice.to_owned());
                expected.push(line);
            };
            for q in role["requirements"].as_array().unwrap() {
                push(q, "");
            }
            for c in role["choices"].as_array().into_iter().flatten() {
                for q in c["requirements"].as_array().unwrap() {
                    push(q, c["name"].as_str().unwrap());
                }
            }
        }
        let got: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(got, expected, "{name}");

        // Each track's wide table: its roles, and a column per skill they require.
        let skills: Vec<&str> = json["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        for track in json["tracks"].as_array().unwrap() {
            let id = track["id"].as_str().unwrap();
            let mut reader = csv::Reader::from_path(site.join(format!("matrix/{id}.csv"))).unwrap();
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
            let members: Vec<&serde_json::Value> =
                roles.iter().filter(|r| r["track"] == id).collect();
            let mut used: Vec<&str> = skills
                .iter()
                .copied()
                .filter(|s| {
                    members.iter().any(|r| {
                        r["requirements"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|q| q["skill"] == *s)
                    })
                })
                .collect();
            assert_eq!(header[..3], ["role", "title", "grade"], "{name}: {id}");
            assert_eq!(header[3..], used[..], "{name}: columns of {id}");
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), members.len(), "{name}: rows of {id}");
            for row in &rows {
                let role = members.iter().find(|r| r["id"] == row[0]).unwrap();
                assert_eq!(&row[1], role["title"].as_str().unwrap());
                assert_eq!(&row[2], role["grade"].as_str().unwrap());
                for (i, s) in used.iter_mut().enumerate() {
                    let level = role["requirements"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|q| q["skill"] == *s)
                        .map(|q| q["level"].to_string())
                        .unwrap_or_default();
                    assert_eq!(row[3 + i], level, "{name}: {} {s}", &row[0]);
                }
            }
        }
    }
}

/// A printed page lists the skills a lateral move must grow in one line, whose cards fold on
/// screen: the list must name the new and raised cards of the move, in order, each with the
/// level the card says is needed.
#[test]
fn the_printed_list_of_a_lateral_move_matches_its_cards() {
    let out = tempfile::tempdir().unwrap();
    build(&repo().join("framework"), out.path(), None).unwrap();
    let mut checked = 0;
    for (path, bytes) in read_site(out.path()) {
        if !path.starts_with("roles/") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        for section in page.split("<section class=\"move move-lateral\"").skip(1) {
            let section = section.split("</section>").next().unwrap();
            let Some(brief) = section
                .split("<p class=\"print-only gap-brief\">To grow: ")
                .nth(1)
            else {
                continue;
            };
            let brief = brief.split(".</p>").next().unwrap();
            let mut expected = Vec::new();
            for card in section.split("<details class=\"next-skill change-").skip(1) {
                if !(card.starts_with("new\"") || card.starts_with("raised\"")) {
                    continue;
                }
                let name = card
                    .split("<span class=\"next-skill-name\">")
                    .nth(1)
                    .unwrap()
                    .split("</span>")
                    .next()
                    .unwrap();
                // "Needed: Practitioner, level 3 of 5"
                let needed = card
                    .split("<p class=\"next-label\">Needed: ")
                    .nth(1)
                    .unwrap();
                let needed = needed.split(['<', ' ']).collect::<Vec<_>>();
                let (level_name, rest) = needed.split_first().unwrap();
                let level = rest.iter().take(4).copied().collect::<Vec<_>>().join(" ");
                expected.push(format!(
                    "{name} to {} ({level})",
                    level_name.trim_end_matches(',')
                ));
            }
            assert_eq!(brief, expected.join("; "), "{path}");
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "the sample has a lateral move with skills to grow"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    build(&repo().join("framework"), &out.path().join("a"), None).unwrap();
    build(&repo().join("framework"), &out.path().join("b"), None).unwrap();
    let a = read_site(&out.path().join("a"));
    let b = read_site(&out.path().join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn the_binary_writes_the_same_site_as_the_library() {
    // `trellis build` writes each file as soon as it is rendered; the library renders the
    // whole site first. Both must give the same bytes.
    let out = tempfile::tempdir().unwrap();
    let framework = repo().join("framework");
    build(&framework, &out.path().join("lib"), None).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["build", "--today", TODAY, "-o"])
        .arg(out.path().join("bin"))
        .arg(&framework)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let lib = read_site(&out.path().join("lib"));
    let bin = read_site(&out.path().join("bin"));
    assert_eq!(
        lib.keys().collect::<Vec<_>>(),
        bin.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &lib {
        assert!(bytes == &bin[path], "{path} differs");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let fixture = Fixture::minimal();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(fixture.path(), &site, None).unwrap();
    let before = read_site(&site);

    // A framework error: nothing is rendered.
    fixture.edit("roles/eng/mid.md", "system-design = 2", "sytem-design = 2");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args([
            "build",
            fixture.path().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("nothing was written"));
    assert_eq!(read_site(&site), before);

    // A template error half-way through rendering: still nothing changes.
    fixture.edit("roles/eng/mid.md", "sytem-design = 2", "system-design = 2");
    fixture.write(
        "templates/partials/requirement.html",
        "{{ req.skill.name | no_such_filter }}",
    );
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args([
            "build",
            fixture.path().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    assert_eq!(read_site(&site), before);
    let leftovers: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["public"], "no staging folder is left behind");
}

#[test]
fn template_errors_name_the_template_and_the_page() {
    let fixture = Fixture::minimal();
    fixture.write("templates/role.html", "{% extends \"base.html\" %}{% block content %}{{ role.nope.deeper }}{% endblock content %}");
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args([
            "build",
            fixture.path().to_str().unwrap(),
            "-o",
            out.path().join("p").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("cannot render `roles/"), "{stderr}");
    assert!(stderr.contains("with template `role.html`"), "{stderr}");
}

/// The four fragments (partials rendered once per distinct item) are overridable like any
/// template, every place they appear shows the override, and one reading a page variable
/// fails the build naming the partial and the page.
#[test]
fn fragments_can_be_overridden_and_see_only_their_item() {
    let fixture = Fixture::minimal();
    // Senior keeps communication at 2, so the move from mid has an unchanged skill.
    fixture.edit(
        "roles/eng/senior.md",
        "communication = \"Practitioner\"",
        "communication = 2",
    );
    for (name, body) in [
        (
            "requirement",
            "<i class=\"f-req\">{{ root }}{{ req.skill.url }}={{ req.level }}</i>",
        ),
        (
            "step",
            "<i class=\"f-step\">{{ st.skill.name }} {% if st.now %}{{ st.now.level }}{% endif %}-{{ st.next.level }}</i>",
        ),
        (
            "kept_skill",
            "<i class=\"f-kept\">{{ k.skill.name }} {{ k.level }}{% if k.dropped %} dropped{% endif %}</i>",
        ),
        (
            "role_link",
            "<i class=\"f-link\">{{ root }}{{ link.url }}</i>",
        ),
    ] {
        fixture.write(&format!("templates/partials/{name}.html"), body);
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(fixture.path(), &site, None).unwrap();
    let page = |rel: &str| fs::read_to_string(site.join(rel)).unwrap();
    let mid = page("roles/mid/index.html");
    assert!(
        mid.contains("<i class=\"f-req\">../../skills/system-design/=2</i>"),
        "{mid}"
    );
    assert!(
        mid.contains("<i class=\"f-step\">System design 2-3</i>"),
        "{mid}"
    );
    assert!(
        mid.contains("<i class=\"f-kept\">Communication 2</i>"),
        "{mid}"
    );
    assert!(
        mid.contains("Promotion from <i class=\"f-link\">../../roles/junior/</i>"),
        "{mid}"
    );
    let skill = page("skills/system-design/index.html");
    for role in ["junior", "mid", "senior"] {
        let link = format!("<li><i class=\"f-link\">../../roles/{role}/</i></li>");
        assert!(skill.contains(&link), "{link} in {skill}");
    }

    fixture.write("templates/partials/role_link.html", "{{ role.title }}");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["build", fixture.path().to_str().unwrap(), "-o"])
        .arg(out.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("cannot render `"), "{stderr}");
    assert!(
        stderr.contains("template `partials/role_link.html`"),
        "{stderr}"
    );
}

#[test]
fn a_framework_can_override_a_single_template_and_add_static_files() {
    let fixture = Fixture::minimal();
    fixture.write(
        "templates/partials/footer.html",
        "<footer class=\"custom\">Acme people team</footer>",
    );
    fixture.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(fixture.path(), &site, None).unwrap();
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("Acme people team"));
    assert!(
        home.contains("class=\"site-header\""),
        "the rest of the theme is still the default"
    );
    assert!(site.join("logo.svg").is_file());
}

const PAYLOADS: &[&str] = &[
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "<a href=\"javascript:alert(3)\">click</a>",
    "[md link](javascript:alert(4))",
    "<svg onload=alert(5)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "' onmouseover='alert(6)",
];

#[test]
fn contributor_html_and_script_payloads_come_out_inert_in_every_field() {
    let fixture = Fixture::minimal();
    let all = PAYLOADS.join(" ");
    let toml_str = |s: &str| format!("{s:?}").replace("\\'", "'");
    let q = toml_str(&all);
    fixture.write("trellis.toml", format!(
        "title = {q}\ndescription = {q}\nversion = {q}\nowners = [{q}]\n[scale]\nlevels = [\"A\", \"B\", \"C\"]\n[[grades]]\nid = \"L1\"\nname = {q}\n[[grades]]\nid = \"L2\"\nname = {q}\n"
    ));
    fixture.write(
        "tracks/eng.md",
        format!(
            "+++\nname = {q}\nkind = {q}\nfamily = {q}\nsummary = {q}\nowners = [{q}]\n+++\n{all}\n"
        ),
    );
    fixture.write("roles/eng/junior.md", format!(
        "+++\ntitle = {q}\ngrade = \"L1\"\nsummary = {q}\naliases = [{q}]\npay = {{ currency = \"EUR\", min = 1, max = 2 }}\n[skills]\nsystem-design = {{ level = 1, expectations = [{q}] }}\ncommunication = 1\n+++\n{all}\n"
    ));
    fixture.write("roles/eng/mid.md", format!("+++\ntitle = {q}\ngrade = \"L2\"\n[skills]\nsystem-design = 2\ncommunication = 2\n+++\n{all}\n"));
    fixture.remove("roles/eng/senior.md");
    fixture.write(
        "skills/craft/_group.md",
        format!("+++\nname = {q}\nsummary = {q}\n+++\n{all}\n"),
    );
    fixture.write("skills/craft/system-design.md", format!(
        "+++\nname = {q}\nsummary = {q}\naliases = [{q}]\n[[levels]]\nsummary = {q}\nsignals = [{q}]\nexamples = [{q}]\n[[levels]]\nname = \"Two\"\n[[levels]]\nname = \"Three\"\n+++\n{all}\n"
    ));
    fixture.write(
        "skills/craft/communication.md",
        format!("+++\nname = {q}\n+++\n{all}\n"),
    );
    fixture.write("pathways/design-basics.md", format!(
        "+++\ntitle = {q}\nskill = \"system-design\"\nfrom = 1\nto = 2\nsummary = {q}\n[[steps]]\ntitle = {q}\nkind = \"reading\"\nurl = \"https://learn.example.com/a?b=<c>\"\n+++\n{all}\n"
    ));
    fixture.write("opportunities/queue-migration.md", format!(
        "+++\ntitle = {q}\nkind = \"gig\"\nteam = {q}\ntime = {q}\ncontact = {q}\n[skills]\nsystem-design = 1\n+++\n{all}\n"
    ));
    let checked = trellis::check_framework(fixture.path()).unwrap();
    assert!(checked.is_ok(), "{:?}", checked.diagnostics);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(fixture.path(), &site, None).unwrap();
    let mut pages = 0;
    for (path, bytes) in read_site(&site) {
        let text = String::from_utf8(bytes).unwrap();
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        for tag in tags(&text) {
            let name = tag.name.as_str();
            assert!(
                !["iframe", "object", "embed", "frame"].contains(&name),
                "{path}: contributor <{name}> survived"
            );
            if name == "img" {
                // An image may stay, but only one the site itself serves.
                let src = tag.attr("src").unwrap_or_default();
                assert!(
                    !src.contains("://") && !src.starts_with("//"),
                    "{path}: foreign image `{src}`"
                );
            }
            if name == "script" {
                let ours = tag.attr("src") == Some("../assets/compare.js")
                    || tag.attr("src") == Some("../assets/assess.js")
                    || tag.attr("src").is_some_and(|src| {
                        let rest = src.trim_start_matches("../");
                        rest == "assets/search.js" || rest == "/assets/search.js"
                    });
                assert!(ours, "{path}: a contributor script survived: {tag:?}");
            }
            for (attr, value) in &tag.attrs {
                assert!(
                    !attr.starts_with("on"),
                    "{path}: event handler `{attr}` on <{name}>"
                );
                let v = value.to_lowercase();
                assert!(
                    !v.trim_start().starts_with("javascript:")
                        && !v.trim_start().starts_with("data:"),
                    "{path}: `{attr}={value}`"
                );
            }
        }
    }
    assert!(pages >= 10);
    // The compare page's track data: names stay text for `textContent`, and statements are
    // HTML the build sanitized, which the scripts insert as it is.
    let track: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("compare/tracks/eng.json")).unwrap()).unwrap();
    assert!(
        track["roles"]["junior"]["title"]
            .as_str()
            .unwrap()
            .contains("</script>"),
        "titles round-trip as text"
    );
    let level = &track["skills"]["system-design"]["levels"]["1"];
    let statements = [
        &level["summary"],
        &level["signals"][0],
        &level["examples"][0],
        &track["roles"]["junior"]["requirements"][0][2][0],
    ];
    for html in statements {
        let html = html.as_str().unwrap();
        assert!(
            html.contains("&lt;script&gt;alert"),
            "markup in text is escaped: {html}"
        );
        for tag in tags(html) {
            assert!(
                ["a", "img", "em", "strong", "code", "del", "br"].contains(&tag.name.as_str()),
                "<{}> in a statement: {html}",
                tag.name
            );
            for (attr, value) in &tag.attrs {
                assert!(!attr.starts_with("on"), "`{attr}` in {html}");
                assert!(!value.to_lowercase().contains("javascript:"), "{html}");
            }
        }
    }
    // The assessment's data: names stay text, level summaries are HTML the build sanitized.
    let data: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("assess/data.json")).unwrap()).unwrap();
    assert!(data["roles"][0][1].as_str().unwrap().contains("</script>"));
    let skill = data["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[0] == "system-design")
        .unwrap();
    let summary = skill[4][0].as_str().unwrap();
    assert!(summary.contains("&lt;script&gt;alert"), "{summary}");
    for tag in tags(summary) {
        assert!(
            ["a", "img", "em", "strong", "code", "del", "br"].contains(&tag.name.as_str()),
            "<{}> in a level summary: {summary}",
            tag.name
        );
        for (attr, value) in &tag.attrs {
            assert!(!attr.starts_with("on"), "`{attr}` in {summary}");
            assert!(!value.to_lowercase().contains("javascript:"), "{summary}");
        }
    }
}

#[test]
fn the_binary_builds_into_public_by_default() {
    let fixture = Fixture::minimal();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["build", "."])
        .current_dir(fixture.path())
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(fixture.path().join("public/index.html").is_file());
    assert!(String::from_utf8_lossy(&status.stderr).contains("built `.` into `public`"));
    // A second build replaces the first; a folder that is not a site is never replaced.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["build", ".", "-o", "roles"])
        .current_dir(fixture.path())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    assert!(fixture.path().join("roles/eng/mid.md").is_file());
}

/// A start tag as a browser would parse it from the page.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag in `html`. Text and attribute values are escaped by the renderer, so a
/// literal `<` only ever starts a real tag — which is exactly what this test relies on to
/// find contributor markup that was not neutralized. JSON data blocks escape `<` too.
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset + 1;
        i = start;
        if start >= bytes.len() || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let mut j = start;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j] as char).is_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' || bytes[j] == b'/' {
                break;
            }
            let a = j;
            while j < bytes.len()
                && !(bytes[j] as char).is_whitespace()
                && bytes[j] != b'='
                && bytes[j] != b'>'
            {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                let quote = bytes[j];
                if quote == b'"' || quote == b'\'' {
                    let end = html[j + 1..]
                        .find(quote as char)
                        .map_or(bytes.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_owned();
                    j = end + 1;
                } else {
                    let v = j;
                    while j < bytes.len() && !(bytes[j] as char).is_whitespace() && bytes[j] != b'>'
                    {
                        j += 1;
                    }
                    value = html[v..j].to_owned();
                }
            }
            attrs.push((
                attr,
                value
                    .replace("&amp;", "&")
                    .replace("&#39;", "'")
                    .replace("&quot;", "\""),
            ));
        }
        out.push(Tag { name, attrs });
        i = j.min(bytes.len());
    }
    out
}

/// A framework of more names than one A–Z page holds is listed on pages of
/// `AZ_PART` names under an index of letters; every name is on exactly one page, in order,
/// and the pages link to each other. A framework that fits keeps its one page.
#[test]
fn a_long_a_to_z_is_paged_under_an_index_of_letters() {
    let small = sample_site();
    assert!(!small.join("az/1").exists(), "the sample fits one page");

    let fixture = Fixture::minimal();
    let aliases: Vec<String> = (0..1500)
        .map(|i| {
            format!(
                "\"{} engineer {i:04}\"",
                ["Apprentice", "Beginner", "Cadet"][i % 3]
            )
        })
        .collect();
    fixture.write(
        "roles/eng/junior.md",
        format!(
            "+++\ntitle = \"Junior engineer\"\ngrade = \"L1\"\naliases = [{}]\n[skills]\nsystem-design = 1\ncommunication = \"Awareness\"\n+++\nLearns the codebase.\n",
            aliases.join(", ")
        ),
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    build(fixture.path(), &site, None).unwrap();
    let read = |path: &str| fs::read_to_string(site.join(path)).unwrap();
    let index = read("az/index.html");
    assert!(
        index.contains("href=\"../az/1/#letter-A\""),
        "A is on page 1"
    );
    assert!(
        index.contains("href=\"../az/2/#letter-C\""),
        "C runs onto page 2"
    );
    assert!(
        !site.join("az/3").exists(),
        "1,500 aliases and a few names: two pages"
    );
    assert!(
        !index.contains("<li class=\"az-alias\">"),
        "the index lists pages, not names"
    );

    let mut names = Vec::new();
    for part in [1, 2] {
        let page = read(&format!("az/{part}/index.html"));
        let on_page: Vec<String> = page
            .split("<li class=\"az-")
            .skip(1)
            .map(|li| visible(li.split("</a>").next().unwrap().split_once('>').unwrap().1))
            .collect();
        assert!(on_page.len() <= 1000, "page {part}: {}", on_page.len());
        names.extend(on_page);
        assert!(page.contains(&format!("Page {part} of 2")));
    }
    assert!(read("az/1/index.html").contains("rel=\"next\" href=\"../../az/2/\""));
    assert!(read("az/2/index.html").contains("rel=\"prev\" href=\"../../az/1/\""));
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "in order across the pages");
    for alias in [
        "Apprentice engineer 0000",
        "Cadet engineer 1499",
        "Junior engineer",
    ] {
        assert_eq!(names.iter().filter(|n| *n == alias).count(), 1, "{alias}");
    }
    check_links(&site, "/");
}

/// Past seven tracks the home page's map would shrink its labels below reading size: the
/// home shows an overview table instead, a row per track with its roles at their grades
/// (or, in a framework of hundreds of roles, the span of grades), and no map.
#[test]
fn a_home_of_many_tracks_shows_an_overview_table_instead_of_the_map() {
    let small = fs::read_to_string(sample_site().join("index.html")).unwrap();
    assert!(
        small.contains("class=\"map-scroll\""),
        "six tracks: the map"
    );
    assert!(!small.contains("<table class=\"overview"));

    let fixture = Fixture::minimal();
    for i in 1..=9 {
        fixture.write(
            &format!("tracks/t{i}.md"),
            format!(
                "+++\nname = \"Track {i}\"\nfamily = \"Family {}\"\n+++\n",
                i % 2
            ),
        );
        fixture.write(
            &format!("roles/t{i}/lead-{i}.md"),
            format!(
                "+++\ntitle = \"Lead of track {i}\"\ngrade = \"L{}\"\n[skills]\nsystem-design = 1\n+++\n",
                1 + i % 3
            ),
        );
    }
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(!home.contains("class=\"map-scroll\""), "ten tracks: no map");
    let table = home
        .split("<table class=\"overview\">")
        .nth(1)
        .expect("an overview table")
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(
        table
            .matches("<th scope=\"row\" class=\"overview-track\">")
            .count(),
        10
    );
    for family in ["Family 0", "Family 1"] {
        assert!(
            table.contains(&format!("colspan=\"4\">{family}</th>")),
            "{family}"
        );
    }
    // Track 4's lead is at L2: the second grade column of its row.
    let row = table
        .split("<tr>")
        .find(|r| r.contains(">Track 4</a>"))
        .unwrap();
    let cells: Vec<&str> = row.split("<td>").skip(1).collect();
    assert_eq!(cells.len(), 3);
    assert!(cells[1].contains(">Lead of track 4</a>"), "{row}");
    assert!(!cells[0].contains("<a") && !cells[2].contains("<a"));
    assert!(
        !row.contains("Sideways"),
        "no lateral move out of track 4 yet"
    );
    check_links(out.path(), "/");

    // A lateral move is named under its track, so it can be followed from the overview.
    fixture.edit(
        "roles/t4/lead-4.md",
        "grade = ",
        "lateral = [\"lead-7\", \"lead-1\"]\ngrade = ",
    );
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    let row = home
        .split("<tr>")
        .find(|r| r.contains(">Track 4</a>"))
        .unwrap();
    assert!(
        row.contains("<span class=\"overview-sideways\">Sideways to <a href=\"tracks/t1/\">Track 1</a>, <a href=\"tracks/t7/\">Track 7</a></span></th>"),
        "{row}"
    );

    // Past 400 roles a row gives the track's span of grades, not each role.
    for i in 1..=9 {
        for j in 0..45 {
            fixture.write(
                &format!("roles/t{i}/r-{i}-{j}.md"),
                format!(
                    "+++\ntitle = \"Role {j} of track {i}\"\ngrade = \"L{}\"\n[skills]\nsystem-design = 1\n+++\n",
                    1 + j % 3
                ),
            );
        }
    }
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(home.contains("<table class=\"overview overview-spans\">"));
    assert!(
        !home.contains("class=\"overview-role\""),
        "no role is named"
    );
    let row = home
        .split("<tr>")
        .find(|r| r.contains(">Track 4</a>"))
        .unwrap();
    assert!(
        row.contains("<td colspan=\"3\" class=\"overview-span\">L1–L3 · 46 roles</td>"),
        "{row}"
    );
}

#[test]
fn a_home_of_more_than_five_hundred_tracks_lists_families_each_with_a_page() {
    let fixture = Fixture::minimal();
    // 600 tracks in three families, and a family whose name makes the same id as another's.
    let family = |i: usize| match i % 4 {
        0 => "Data",
        1 => "Design",
        2 => "Engineering",
        _ => "data",
    };
    for i in 1..=600 {
        fixture.write(
            &format!("tracks/t{i}.md"),
            format!(
                "+++\nname = \"Track {i}\"\nfamily = \"{}\"\n+++\n",
                family(i)
            ),
        );
        fixture.write(
            &format!("roles/t{i}/lead-{i}.md"),
            format!(
                "+++\ntitle = \"Lead of track {i}\"\ngrade = \"L{}\"\n[skills]\nsystem-design = 1\n+++\n",
                1 + i % 3
            ),
        );
    }
    let out = tempfile::tempdir().unwrap();
    build(fixture.path(), out.path(), None).unwrap();
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        !home.contains(">Track 1</a>"),
        "no track is listed on the home"
    );
    let row = home
        .split("<tr>")
        .find(|r| r.contains(">Engineering</a>"))
        .expect("a row for the family");
    assert!(row.contains("href=\"families/engineering/\""), "{row}");
    assert!(
        row.contains("class=\"overview-span\">L1–L3 · 150 tracks · 150 roles</td>"),
        "{row}"
    );
    assert!(home.contains("href=\"families/data/\">Data</a>"));
    assert!(home.contains("href=\"families/data-2/\">data</a>"));

    // A family's page: the overview of its tracks, each of its roles named (150 roles).
    let page = fs::read_to_string(out.path().join("families/engineering/index.html")).unwrap();
    assert!(page.contains("<h1>Engineering</h1>"));
    assert_eq!(
        page.matches("<th scope=\"row\" class=\"overview-track\">")
            .count(),
        150
    );
    assert!(page.contains(">Track 2</a>") && !page.contains(">Track 1</a>"));
    assert!(
        page.contains("class=\"overview-role\" href=\"../../roles/lead-2/\">Lead of track 2</a>")
    );
    // The track's breadcrumb leads back to its family.
    let track = fs::read_to_string(out.path().join("tracks/t2/index.html")).unwrap();
    assert!(track.contains("<a href=\"../../families/engineering/\">Engineering</a> ›"));
    check_links(out.path(), "/");
}
