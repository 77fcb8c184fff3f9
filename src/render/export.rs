//! Machine-readable exports for HR tooling: `framework.json` (the whole model, schema in
//! `docs/framework-json.md`), `matrix.csv` and `matrix/<track>.csv` (role × skill levels)
//! and `sitemap.xml`.

use anyhow::{Context, Result};
use serde::Serialize;
use serde::ser::SerializeMap;

use super::SiteFile;
use crate::model::{DimensionText, Framework};

/// The version of the `framework.json` schema; bumped on any incompatible change. Version 2
/// (format 1.1): levels are numbered from a skill's `first_level`, which may be above 1, so
/// a reader can no longer take a requirement's `level` as an index into `levels`.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Export<'a> {
    schema: &'static str,
    schema_version: u32,
    title: &'a str,
    description: Option<&'a str>,
    edition: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    dimensions: Vec<Dimension<'a>>,
    grades: Vec<Grade<'a>>,
    scale: &'a [String],
    tracks: Vec<Track<'a>>,
    roles: Vec<Role<'a>>,
    groups: Vec<Group<'a>>,
    skills: Vec<Skill<'a>>,
    pathways: Vec<Pathway<'a>>,
    opportunities: Vec<Opportunity<'a>>,
    pages: Vec<Page<'a>>,
}

#[derive(Serialize)]
struct Dimension<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
}

/// Statements by dimension id, as the source writes them (`scope = ["…"]`): an object whose
/// keys are in the order of `dimensions`, holding only the dimensions that have text.
struct Expectations<'a>(Vec<(&'a str, &'a [String])>);

impl<'a> Expectations<'a> {
    fn of(f: &'a Framework, text: &'a DimensionText) -> Self {
        Expectations(
            f.dimensions
                .iter()
                .zip(text)
                .filter(|(_, statements)| !statements.is_empty())
                .map(|(d, statements)| (d.id.as_str(), statements.as_slice()))
                .collect(),
        )
    }
}

impl Serialize for Expectations<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, statements) in &self.0 {
            map.serialize_entry(id, statements)?;
        }
        map.end()
    }
}

/// A track's expectations by grade id, then by dimension id, grades lowest first.
struct GradeExpectations<'a>(Vec<(&'a str, Expectations<'a>)>);

impl Serialize for GradeExpectations<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (grade, text) in &self.0 {
            map.serialize_entry(grade, text)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Grade<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<&'a str>,
    expectations: Expectations<'a>,
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
    expectations: GradeExpectations<'a>,
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
    choices: Vec<Choice<'a>>,
    expectations: Expectations<'a>,
    source: &'a str,
    body: &'a str,
}

/// Any `pick` of a set of skills, each at its level.
#[derive(Serialize)]
struct Choice<'a> {
    name: &'a str,
    pick: usize,
    summary: Option<&'a str>,
    requirements: Vec<Requirement<'a>>,
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
    level: usize,
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
    first_level: usize,
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
    from_name: Option<&'a str>,
    to: Option<usize>,
    to_name: Option<&'a str>,
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

#[derive(Serialize)]
struct Page<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    weight: Option<i64>,
    /// Where the site has it, from the site root.
    path: String,
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

/// The name of level `level` of `skill`, when there is a level.
fn level_name(f: &Framework, skill: crate::model::SkillId, level: Option<usize>) -> Option<&str> {
    level
        .and_then(|n| f[skill].level(n))
        .map(|l| l.name.as_str())
}

/// A writer that only counts the bytes written to it.
struct Measure(usize);

impl std::io::Write for Measure {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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
        dimensions: f
            .dimensions
            .iter()
            .map(|d| Dimension {
                id: &d.id,
                name: &d.name,
                summary: d.summary.as_deref(),
            })
            .collect(),
        grades: f
            .grades
            .iter()
            .map(|g| Grade {
                id: &g.id,
                name: &g.name,
                summary: g.summary.as_deref(),
                expectations: Expectations::of(f, &g.expectations),
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
                expectations: GradeExpectations(
                    t.expectations
                        .iter()
                        .map(|(g, text)| (f[*g].id.as_str(), Expectations::of(f, text)))
                        .filter(|(_, text)| !text.0.is_empty())
                        .collect(),
                ),
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
                choices: r
                    .choices
                    .iter()
                    .map(|c| Choice {
                        name: &c.name,
                        pick: c.pick,
                        summary: c.summary.as_deref(),
                        requirements: requirements(f, &c.requirements),
                    })
                    .collect(),
                expectations: Expectations::of(f, &r.expectations),
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
                first_level: s.first_level,
                levels: s
                    .numbered_levels()
                    .map(|(level, l)| Level {
                        level,
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
                from_name: level_name(f, p.skill, p.from.as_ref().map(|l| l.value)),
                to: p.to.as_ref().map(|l| l.value),
                to_name: level_name(f, p.skill, p.to.as_ref().map(|l| l.value)),
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
        pages: f
            .pages
            .iter()
            .map(|p| Page {
                id: &p.id,
                title: &p.title,
                summary: p.summary.as_deref(),
                weight: p.weight,
                path: format!("pages/{}/", p.id),
                source: &p.origin.path,
                body: &p.body,
            })
            .collect(),
    };
    // Compact: at 10,000 roles the indentation alone would be half the file. `jq .` shows
    // it indented. Measured first and written into a buffer of its exact size: at 50,000
    // roles the file is 260 MB, and a buffer doubling its way there held twice that while
    // it last grew, the build's peak of memory.
    let mut size = Measure(0);
    serde_json::to_writer(&mut size, &export).context("serialize framework.json")?;
    let mut bytes = Vec::with_capacity(size.0 + 1);
    serde_json::to_writer(&mut bytes, &export).context("serialize framework.json")?;
    bytes.push(b'\n');
    Ok(SiteFile {
        path: "framework.json".to_owned(),
        bytes,
    })
}

/// The role × skill tables: `matrix.csv` in long form, one row per role and skill it asks
/// for (options of a choice named in `choice`), so it grows with the requirements rather
/// than with roles times skills; and `matrix/<track>.csv` per track, the wide table of its
/// roles and the skills they require, for a spreadsheet.
///
/// Written by hand rather than through the csv crate: at 10,000 roles the files hold about
/// a million fields, and only the text columns can need quotes; levels are digits.
pub fn matrix(f: &Framework) -> Result<Vec<SiteFile>> {
    let mut files = Vec::with_capacity(f.tracks.len() + 1);
    let mut out = String::new();
    row(
        &mut out,
        &[
            "role",
            "title",
            "track",
            "grade",
            "skill",
            "level",
            "level_name",
            "choice",
        ],
    );
    for role in &f.roles {
        let asks = role.requirements.iter().map(|q| (q, "")).chain(
            role.choices
                .iter()
                .flat_map(|c| c.requirements.iter().map(move |q| (q, c.name.as_str()))),
        );
        for (q, choice) in asks {
            let skill = &f[q.skill];
            let level = q.level.to_string();
            row(
                &mut out,
                &[
                    &role.id,
                    &role.title,
                    &f[role.track].id,
                    &f.grades[role.grade.0].id,
                    &skill.id,
                    &level,
                    &skill.level_name(q.level),
                    choice,
                ],
            );
        }
    }
    files.push(SiteFile {
        path: "matrix.csv".to_owned(),
        bytes: out.into_bytes(),
    });

    // Per track: the skills its roles require, in the framework's order.
    let mut column = vec![usize::MAX; f.skills.len()];
    for track in &f.tracks {
        let mut skills: Vec<usize> = track
            .roles
            .iter()
            .flat_map(|r| f[*r].requirements.iter().map(|q| q.skill.0))
            .collect();
        skills.sort_unstable();
        skills.dedup();
        for (i, s) in skills.iter().enumerate() {
            column[*s] = i;
        }
        let mut out = String::new();
        let head: Vec<&str> = ["role", "title", "grade"]
            .into_iter()
            .chain(skills.iter().map(|s| f.skills[*s].id.as_str()))
            .collect();
        row(&mut out, &head);
        let mut levels = vec![String::new(); skills.len()];
        for r in &track.roles {
            let role = &f[*r];
            levels.iter_mut().for_each(String::clear);
            for q in &role.requirements {
                levels[column[q.skill.0]] = q.level.to_string();
            }
            let fields: Vec<&str> = [
                role.id.as_str(),
                role.title.as_str(),
                f.grades[role.grade.0].id.as_str(),
            ]
            .into_iter()
            .chain(levels.iter().map(String::as_str))
            .collect();
            row(&mut out, &fields);
        }
        files.push(SiteFile {
            path: format!("matrix/{}.csv", track.id),
            bytes: out.into_bytes(),
        });
    }
    Ok(files)
}

/// Appends one CSV record of `fields` and its line break.
fn row(out: &mut String, fields: &[&str]) {
    for (i, text) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, text);
    }
    out.push('\n');
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
