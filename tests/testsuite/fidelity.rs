//! Fidelity: a reader sees the framework's words where they need them.
//!
//! The measure of `bench/fidelity.sh`, computed here from `framework.json` and the built
//! pages alone, so the test needs nothing outside the repository but the fixtures:
//!
//! - role page: for every requirement of a role (skill S at level n), the statements of S's
//!   level n (summary, signals, examples) and the requirement's own expectations; the share
//!   that appear as text on the role's page;
//! - next step: for every promotion R → T, the same statements of every skill T raises above
//!   R (or newly requires), at T's level and with T's expectations; the share that appear on
//!   R's page, or on a page it links to whose address names both roles.
//!
//! Statements of 12 characters or fewer are left out (they match anywhere), and text is
//! compared without tags, entities, Markdown emphasis marks, case or runs of whitespace.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trellis::render::{RenderOptions, Theme};

use crate::harness::{real_fixtures, repo};

/// The share of a role's own statements its page must show.
const ROLE_PAGE: f64 = 0.95;
/// The share of the next role's raised statements the role page must show.
const NEXT_STEP: f64 = 0.90;

fn build(framework: &Path, out: &Path) {
    let checked = trellis::check_framework(framework).unwrap();
    assert!(checked.is_ok(), "{}", framework.display());
    let options = RenderOptions {
        base_url: None,
        today: "2026-11-28".to_owned(),
        editions: false,
    };
    let files = trellis::render::render(&checked.framework, &Theme::default(), &options).unwrap();
    trellis::output::write_site(out, &files, None).unwrap();
}

/// Text as a reader sees it: tags become spaces, entities their characters, and emphasis
/// marks, case and runs of whitespace are ignored.
fn norm(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = unescape(&plain);
    plain
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Decodes the entities an HTML page of the site can hold: numeric ones and the few names
/// the escaper and the sanitizer write.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The measured shares of one built site.
struct Fidelity {
    role_page: (usize, usize),
    next_step: (usize, usize),
}

fn measure(site: &Path) -> Fidelity {
    let json: Value =
        serde_json::from_slice(&fs::read(site.join("framework.json")).unwrap()).unwrap();
    let skills: BTreeMap<&str, &Value> = json["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    let roles: BTreeMap<&str, &Value> = json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(norm).collect())
            .unwrap_or_default()
    };
    // The statements of a requirement: its level's words and its own expectations.
    let statements = |q: &Value| -> Vec<String> {
        let mut out = Vec::new();
        let level = q["level"].as_u64().unwrap_or(0) as usize;
        if let Some(l) = skills
            .get(q["skill"].as_str().unwrap_or(""))
            .and_then(|s| s["levels"].as_array())
            .and_then(|levels| levels.get(level.wrapping_sub(1)))
        {
            out.extend(l["summary"].as_str().map(norm));
            out.extend(strings(&l["signals"]));
            out.extend(strings(&l["examples"]));
        }
        out.retain(|s| s.chars().count() > 12);
        out.extend(strings(&q["expectations"]));
        out
    };
    let mut pages: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut text_of = |path: &Path| -> String {
        pages
            .entry(path.to_owned())
            .or_insert_with(|| {
                fs::read_to_string(path)
                    .map(|t| norm(&t))
                    .unwrap_or_default()
            })
            .clone()
    };
    let mut fidelity = Fidelity {
        role_page: (0, 0),
        next_step: (0, 0),
    };
    for (id, role) in &roles {
        let page = site.join("roles").join(id).join("index.html");
        let raw = fs::read_to_string(&page).unwrap();
        let text = text_of(&page);
        let reqs = role["requirements"].as_array().unwrap();
        for q in reqs {
            for s in statements(q) {
                fidelity.role_page.1 += 1;
                fidelity.role_page.0 += usize::from(text.contains(&s));
            }
        }
        for next in role["next"].as_array().unwrap() {
            let target_id = next["role"].as_str().unwrap();
            let Some(target) = roles.get(target_id) else {
                continue;
            };
            let mut texts = vec![text.clone()];
            for href in raw.split("href=\"").skip(1) {
                let href = href.split(['"', '#', '?']).next().unwrap();
                if href.contains(id) && href.contains(target_id) {
                    let mut linked = page.parent().unwrap().join(href);
                    if linked.is_dir() {
                        linked = linked.join("index.html");
                    }
                    if linked.is_file() {
                        texts.push(text_of(&linked));
                    }
                }
            }
            for q in target["requirements"].as_array().unwrap() {
                let have = reqs
                    .iter()
                    .find(|r| r["skill"] == q["skill"])
                    .and_then(|r| r["level"].as_u64())
                    .unwrap_or(0);
                if q["level"].as_u64().unwrap_or(0) <= have {
                    continue;
                }
                for s in statements(q) {
                    fidelity.next_step.1 += 1;
                    fidelity.next_step.0 += usize::from(texts.iter().any(|t| t.contains(&s)));
                }
            }
        }
    }
    fidelity
}

fn share((found, total): (usize, usize)) -> f64 {
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}

#[test]
fn the_measure_reads_text_as_a_reader_sees_it() {
    assert_eq!(
        norm(
            "<li><ins><span>new</span> Writes the\n  <b>design</b> note &amp; it&#39;s *done*</ins></li>"
        ),
        "new writes the design note & it's done"
    );
    assert_eq!(unescape("a &unknown; &#x41;&#66; &"), "a &unknown; AB &");
}

/// Every role page of the sample and of every real framework shows the words that apply to
/// the role and the words of the next role's raised levels.
#[test]
fn role_pages_show_every_word_of_their_levels_and_of_the_next_step() {
    let mut frameworks = vec![repo().join("framework")];
    let mut real: Vec<PathBuf> = fs::read_dir(real_fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("trellis.toml").is_file())
        .collect();
    real.sort();
    frameworks.extend(real);
    let mut measured = Vec::new();
    for framework in &frameworks {
        let out = tempfile::tempdir().unwrap();
        build(framework, out.path());
        let f = measure(out.path());
        let name = framework
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            share(f.role_page) >= ROLE_PAGE && share(f.next_step) >= NEXT_STEP,
            "{name}: role page {:?}, next step {:?} (found, total)",
            f.role_page,
            f.next_step
        );
        measured.push((name, f.role_page, f.next_step));
    }
    // The sample, Snowflake and FT engineering all have words to measure.
    for name in ["framework", "snowflake", "ft-engineering"] {
        let (_, role_page, next_step) = measured
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} measured"));
        assert!(role_page.1 > 0 && next_step.1 > 0, "{name} has statements");
    }
}
