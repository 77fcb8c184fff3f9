//! The data of the self-assessment page (`assess/index.html`): one compact JSON file,
//! `assess/data.json`, that `assets/assess.js` fetches from the site itself and scores in the
//! reader's browser. Nothing about the reader is ever sent back.
//!
//! A framework of 10,000 roles would make the page heavy if the data were embedded in its
//! HTML, so it is a file of its own, and compact: rows are arrays rather than objects, every
//! reference is an index into another list, and the lists of level names that skills share
//! (usually the framework's one scale) are written once. The layout is documented in
//! `docs/theming.md`; [`FORMAT`] changes with any incompatible change to it.

use anyhow::{Context, Result};
use serde::Serialize;

use super::SiteFile;
use super::markdown::{self, Links};
use crate::analyze;
use crate::model::links::opportunity_folder;
use crate::model::{Framework, PathwayId, Requirement};

/// The version of the layout of `assess/data.json`. 2: skills give their first level,
/// roles their choices, tracks their ids, and level summaries are inline HTML.
pub const FORMAT: u32 = 2;

/// Where the file goes in the site.
pub const PATH: &str = "assess/data.json";

#[derive(Serialize)]
struct Data<'a> {
    format: u32,
    title: &'a str,
    edition: Option<&'a str>,
    /// `[id, name]` per grade, lowest first.
    grades: Vec<(&'a str, &'a str)>,
    /// `[id, name]` per track.
    tracks: Vec<(&'a str, &'a str)>,
    /// Skill group names.
    groups: Vec<&'a str>,
    /// Distinct lists of level names, referred to by index from `skills`.
    scales: Vec<Vec<&'a str>>,
    /// `[id, name, group, scale, [level summary, ...], first level]`; a summary is inline
    /// HTML (sanitized, links relative to `assess/`), a missing one `""`.
    skills: Vec<Skill<'a>>,
    /// `[id, title, track, grade, [skill, level, skill, level, ...], [choice, ...]]`, each
    /// choice `[name, pick, [skill, level, ...]]`.
    roles: Vec<Role<'a>>,
    /// `[id, title, skill, from, to, minutes]`; `from`/`to` are 0 when the pathway does not
    /// give them (it starts at the bottom, or reaches the top).
    pathways: Vec<(&'a str, &'a str, usize, usize, usize, u64)>,
    /// Open opportunities only: `[id, title, kind, [skill, level, ...], page]`, `page` the
    /// folder of the page that shows it in full (`opportunities/` or `opportunities/<n>/`).
    opportunities: Vec<(&'a str, &'a str, &'a str, Vec<usize>, String)>,
}

type Skill<'a> = (&'a str, &'a str, usize, usize, Vec<String>, usize);
type Role<'a> = (&'a str, &'a str, usize, usize, Vec<usize>, Vec<Choice<'a>>);
type Choice<'a> = (&'a str, usize, Vec<usize>);

/// Requirements as one flat list of `skill, level` pairs: half the brackets of a list of pairs.
fn flat(requirements: &[Requirement]) -> Vec<usize> {
    requirements
        .iter()
        .flat_map(|q| [q.skill.0, q.level])
        .collect()
}

/// Builds `assess/data.json`. `today` decides which opportunities are still open, as on the
/// opportunities page.
pub fn data(framework: &Framework, today: &str) -> Result<SiteFile> {
    let f = framework;
    let mut scales: Vec<Vec<&str>> = Vec::new();
    let skills = f
        .skills
        .iter()
        .map(|s| {
            let names: Vec<&str> = s.levels.iter().map(|l| l.name.as_str()).collect();
            let scale = match scales.iter().position(|known| *known == names) {
                Some(i) => i,
                None => {
                    scales.push(names);
                    scales.len() - 1
                }
            };
            let links = Links {
                targets: &f.links,
                from: &s.origin.path,
                root: "../",
            };
            let summaries = s
                .levels
                .iter()
                .map(|l| {
                    l.summary
                        .as_deref()
                        .map_or_else(String::new, |t| markdown::inline(t, Some(links)))
                })
                .collect();
            let (id, name) = (s.id.as_str(), s.name.as_str());
            (id, name, s.group.0, scale, summaries, s.first_level)
        })
        .collect();
    let data = Data {
        format: FORMAT,
        title: &f.config.title,
        edition: f.config.version.as_deref(),
        grades: f
            .grades
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect(),
        tracks: f
            .tracks
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect(),
        groups: f.groups.iter().map(|g| g.name.as_str()).collect(),
        scales,
        skills,
        roles: f
            .roles
            .iter()
            .map(|r| {
                let reqs = flat(&r.requirements);
                let choices = r
                    .choices
                    .iter()
                    .map(|c| (c.name.as_str(), c.pick, flat(&c.requirements)))
                    .collect();
                (
                    r.id.as_str(),
                    r.title.as_str(),
                    r.track.0,
                    r.grade.0,
                    reqs,
                    choices,
                )
            })
            .collect(),
        pathways: f
            .pathways
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p.id.as_str(),
                    p.title.as_str(),
                    p.skill.0,
                    p.from.as_ref().map_or(0, |l| l.value),
                    p.to.as_ref().map_or(0, |l| l.value),
                    analyze::total_minutes(f, PathwayId(i)),
                )
            })
            .collect(),
        opportunities: f
            .opportunities
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_open_on(today))
            .map(|(i, o)| {
                let reqs = flat(&o.requirements);
                let page = opportunity_folder(i, f.opportunities.len());
                (o.id.as_str(), o.title.as_str(), o.kind.as_str(), reqs, page)
            })
            .collect(),
    };
    let bytes = serde_json::to_vec(&data).context("serialize assess/data.json")?;
    Ok(SiteFile {
        path: PATH.to_owned(),
        bytes,
    })
}
