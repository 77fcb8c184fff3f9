//! Machine-readable exports for HR tooling: `framework.json` (the whole model, schema in
//! `docs/framework-json.md`), `matrix.csv` (role × skill levels) and `sitemap.xml`.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use serde::Serialize;

use super::SiteFile;
use crate::model::Framework;

/// The version of the `framework.json` schema; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    schema: &'static str,
    schema_version: u32,
    title: &'a str,
    description: Option<&'a str>,
    edition: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    grades: Vec<Grade<'a>>,
    scale: &'a [String],
    tracks: Vec<Track<'a>>,
    roles: Vec<Role<'a>>,
    groups: Vec<Group<'a>>,
    skills: Vec<Skill<'a>>,
    pathways: Vec<Pathway<'a>>,
    opportunities: Vec<Opportunity<'a>>,
}

#[derive(Serialize)]
struct Grade<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
}

#[derive(Serialize)]
struct Track<'a> {
    id: &'a str,
    name: &'a str,
    kind: Option<&'a str>,
    family: Option<&'a str>,
    summary: Option<&'a str>,
    owners: &'a [String],
    roles: Vec<&'a str>,
    source: &'a str,
    body: &'a str,
}

#[derive(Serialize)]
struct Requirement<'a> {
    skill: &'a str,
    level: usize,
    level_name: &'a str,
    expectations: &'a [String],
}

#[derive(Serialize)]
struct Pay<'a> {
    currency: &'a str,
    min: Option<i64>,
    max: Option<i64>,
}

#[derive(Serialize)]
struct Move<'a> {
    role: &'a str,
    default: bool,
}

#[derive(Serialize)]
struct Role<'a> {
    id: &'a str,
    title: &'a str,
    track: &'a str,
    grade: &'a str,
    summary: Option<&'a str>,
    aliases: Vec<&'a str>,
    next: Vec<Move<'a>>,
    lateral: Vec<&'a str>,
    pay: Option<Pay<'a>>,
    requirements: Vec<Requirement<'a>>,
    source: &'a str,
    body: &'a str,
}

#[derive(Serialize)]
struct Group<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
    owners: &'a [String],
    skills: Vec<&'a str>,
}

#[derive(Serialize)]
struct Level<'a> {
    name: &'a str,
    summary: Option<&'a str>,
    signals: &'a [String],
    examples: &'a [String],
}

#[derive(Serialize)]
struct Skill<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    summary: Option<&'a str>,
    aliases: &'a [String],
    related: Vec<&'a str>,
    levels: Vec<Level<'a>>,
    source: &'a str,
    body: &'a str,
}

#[derive(Serialize)]
struct Step<'a> {
    title: &'a str,
    kind: &'a str,
    url: Option<&'a str>,
    minutes: Option<u32>,
}

#[derive(Serialize)]
struct Pathway<'a> {
    id: &'a str,
    title: &'a str,
    skill: &'a str,
    from: Option<usize>,
    to: Option<usize>,
    summary: Option<&'a str>,
    steps: Vec<Step<'a>>,
    source: &'a str,
    body: &'a str,
}

#[derive(Serialize)]
struct Opportunity<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    team: Option<&'a str>,
    time: Option<&'a str>,
    contact: Option<&'a str>,
    closes: Option<crate::format::Date>,
    requirements: Vec<Requirement<'a>>,
    source: &'a str,
    body: &'a str,
}

fn requirements<'a>(
    f: &'a Framework,
    list: &'a [crate::model::Requirement],
) -> Vec<Requirement<'a>> {
    list.iter()
        .map(|r| Requirement {
            skill: &f[r.skill].id,
            level: r.level,
            level_name: f[r.skill].level(r.level).map_or("", |l| l.name.as_str()),
            expectations: &r.expectations,
        })
        .collect()
}

/// `framework.json`: the whole checked model, references as ids.
pub fn framework_json(f: &Framework, base_url: &str) -> Result<SiteFile> {
    let export = Export {
        schema: "trellis-framework",
        schema_version: SCHEMA_VERSION,
        title: &f.config.title,
        description: f.config.description.as_deref(),
        edition: f.config.version.as_deref(),
        language: &f.config.language,
        base_url,
        grades: f
            .grades
            .iter()
            .map(|g| Grade {
                id: &g.id,
                name: &g.name,
                summary: g.summary.as_deref(),
            })
            .collect(),
        scale: &f.scale,
        tracks: f
            .tracks
            .iter()
            .map(|t| Track {
                id: &t.id,
                name: &t.name,
                kind: t.kind.as_deref(),
                family: t.family.as_deref(),
                summary: t.summary.as_deref(),
                owners: &t.owners,
                roles: t.roles.iter().map(|r| f[*r].id.as_str()).collect(),
                source: &t.origin.path,
                body: &t.body,
            })
            .collect(),
        roles: f
            .roles
            .iter()
            .map(|r| Role {
                id: &r.id,
                title: &r.title,
                track: &f[r.track].id,
                grade: &f.grades[r.grade.0].id,
                summary: r.summary.as_deref(),
                aliases: r.aliases.iter().map(|a| a.value.as_str()).collect(),
                next: r
                    .next
                    .iter()
                    .map(|m| Move {
                        role: &f[m.to].id,
                        default: m.is_default(),
                    })
                    .collect(),
                lateral: r.lateral.iter().map(|m| f[m.to].id.as_str()).collect(),
                pay: r.pay.as_ref().map(|p| Pay {
                    currency: &p.currency.value,
                    min: p.min.as_ref().map(|v| v.value),
                    max: p.max.as_ref().map(|v| v.value),
                }),
                requirements: requirements(f, &r.requirements),
                source: &r.origin.path,
                body: &r.body,
            })
            .collect(),
        groups: f
            .groups
            .iter()
            .map(|g| Group {
                id: &g.id,
                name: &g.name,
                summary: g.summary.as_deref(),
                owners: &g.owners,
                skills: g.skills.iter().map(|s| f[*s].id.as_str()).collect(),
            })
            .collect(),
        skills: f
            .skills
            .iter()
            .map(|s| Skill {
                id: &s.id,
                name: &s.name,
                group: &f[s.group].id,
                summary: s.summary.as_deref(),
                aliases: &s.aliases,
                related: s.related.iter().map(|r| f[*r].id.as_str()).collect(),
                levels: s
                    .levels
                    .iter()
                    .map(|l| Level {
                        name: &l.name,
                        summary: l.summary.as_deref(),
                        signals: &l.signals,
                        examples: &l.examples,
                    })
                    .collect(),
                source: &s.origin.path,
                body: &s.body,
            })
            .collect(),
        pathways: f
            .pathways
            .iter()
            .map(|p| Pathway {
                id: &p.id,
                title: &p.title,
                skill: &f[p.skill].id,
                from: p.from.as_ref().map(|l| l.value),
                to: p.to.as_ref().map(|l| l.value),
                summary: p.summary.as_deref(),
                steps: p
                    .steps
                    .iter()
                    .map(|s| Step {
                        title: &s.title,
                        kind: s.kind.as_str(),
                        url: s.url.as_ref().map(|u| u.value.as_str()),
                        minutes: s.minutes,
                    })
                    .collect(),
                source: &p.origin.path,
                body: &p.body,
            })
            .collect(),
        opportunities: f
            .opportunities
            .iter()
            .map(|o| Opportunity {
                id: &o.id,
                title: &o.title,
                kind: o.kind.as_str(),
                team: o.team.as_deref(),
                time: o.time.as_deref(),
                contact: o.contact.as_deref(),
                closes: o.closes,
                requirements: requirements(f, &o.requirements),
                source: &o.origin.path,
                body: &o.body,
            })
            .collect(),
    };
    // Compact: at 10,000 roles the indentation alone would be half the file. `jq .` shows
    // it indented.
    let mut bytes = serde_json::to_vec(&export).context("serialize framework.json")?;
    bytes.push(b'\n');
    Ok(SiteFile {
        path: "framework.json".to_owned(),
        bytes,
    })
}

/// `matrix.csv`: one row per role (id, title, track, grade), one column per skill id, the
/// required level as a number, empty where the role does not require the skill.
///
/// Written by hand rather than through the csv crate: at 10,000 roles and 2,000 skills the
/// table has 20 million cells, nearly all empty, and a writer deciding the quoting of each
/// took a quarter of a second. Only the text columns can need quotes; levels are digits.
pub fn matrix_csv(f: &Framework) -> Result<SiteFile> {
    let mut out = String::with_capacity((f.roles.len() + 1) * (f.skills.len() + 64));
    for (i, name) in ["role", "title", "track", "grade"]
        .into_iter()
        .chain(f.skills.iter().map(|s| s.id.as_str()))
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        csv_field(&mut out, name);
    }
    out.push('\n');
    let mut levels = vec![0usize; f.skills.len()];
    for role in &f.roles {
        levels.fill(0);
        for r in &role.requirements {
            levels[r.skill.0] = r.level;
        }
        for (i, text) in [
            role.id.as_str(),
            role.title.as_str(),
            f[role.track].id.as_str(),
            f.grades[role.grade.0].id.as_str(),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, text);
        }
        for &level in &levels {
            out.push(',');
            if level > 0 {
                let _ = write!(out, "{level}");
            }
        }
        out.push('\n');
    }
    Ok(SiteFile {
        path: "matrix.csv".to_owned(),
        bytes: out.into_bytes(),
    })
}

/// Appends `text` as one CSV field (RFC 4180): in double quotes, with quotes doubled, when
/// it holds a comma, a quote or a line break, or starts or ends with a space that a reader
/// might trim; as it is otherwise.
fn csv_field(out: &mut String, text: &str) {
    let quote = text.contains([',', '"', '\n', '\r'])
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace);
    if !quote {
        out.push_str(text);
        return;
    }
    out.push('"');
    for part in text.split_inclusive('"') {
        out.push_str(part);
        if part.ends_with('"') {
            out.push('"');
        }
    }
    out.push('"');
}

/// `sitemap.xml` listing every page under `base_url`.
pub fn sitemap(base_url: &str, pages: &[&str]) -> SiteFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> = pages.to_vec();
    pages.sort_unstable();
    for page in pages {
        let path = page.strip_suffix("index.html").unwrap_or(page);
        xml.push_str("  <url><loc>");
        xml.push_str(&super::svg::escape(&format!("{base_url}{path}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    SiteFile {
        path: "sitemap.xml".to_owned(),
        bytes: xml.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;
    use proptest::prelude::*;

    /// A row of fields written with `csv_field`, read back with the csv crate.
    fn round_trip(fields: &[String]) -> Vec<String> {
        let mut line = String::new();
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            csv_field(&mut line, field);
        }
        line.push('\n');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        record.iter().map(str::to_owned).collect()
    }

    #[test]
    fn awkward_titles_come_back_whole() {
        let fields: Vec<String> = [
            "Engineer, Platform",
            "The \"Staff\" engineer",
            "two\nlines",
            " padded ",
            "plain",
            "\"",
            "a,\"b\"\r\nc",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(round_trip(&fields), fields);
    }

    proptest! {
        #[test]
        fn any_text_comes_back_whole(fields in proptest::collection::vec("[a-z ,\"\r\n]{1,12}", 1..5)) {
            prop_assert_eq!(round_trip(&fields), fields);
        }
    }
}
