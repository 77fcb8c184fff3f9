//! The data of the self-assessment page (`assess/index.html`): compact JSON files that
//! `assets/assess.js` fetches from the site itself and scores in the reader's browser.
//! Nothing about the reader is ever sent back.
//!
//! The data is a file of its own rather than embedded in the page's HTML, and compact: rows
//! are arrays rather than objects, every reference is an index into another list, and the
//! lists of level names that skills share (usually the framework's one scale) are written
//! once. Up to [`compare::LIST_ROLES`] roles it is one file, `assess/data.json`. Past them
//! that file is only the core (grades, skills, open opportunities): the roles of each group
//! of tracks the compare page lists, with those tracks, are in `assess/groups/<n>.json`,
//! fetched when the reader picks a family, and the level summaries and pathways of skills in
//! `assess/levels/<n>.json`, [`SKILLS_PER_FILE`] skills each, fetched for the skills being
//! rated. At 50,000 roles the whole was 15.5 MB. The layout is documented in `docs/theming.md`; [`FORMAT`]
//! changes with any incompatible change to it.

use anyhow::{Context, Result};
use serde::Serialize;

use super::SiteFile;
use super::compare;
use super::markdown::{self, Links};
use crate::analyze;
use crate::model::links::opportunity_folder;
use crate::model::{Framework, PathwayId, Requirement, RoleId};

/// The version of the layout of the files. 2: skills give their first level, roles their
/// choices, tracks their ids, and level summaries are inline HTML. 3: past
/// [`compare::LIST_ROLES`] roles, roles and level summaries in files of their own.
pub const FORMAT: u32 = 3;

/// Where the core goes in the site.
pub const PATH: &str = "assess/data.json";

/// The folders of a large framework's group files and level summary files.
pub const GROUPS: &str = "assess/groups";
pub const LEVELS: &str = "assess/levels";

/// The number of skills whose level summaries share one file. A reader rates the skills of
/// two roles, spread over the list of skills, so a file rarely serves more than one of them:
/// smaller files fetch fewer bytes for about as many requests. On the generated 10,000 roles
/// (2,000 skills, 23 skills to a pair of roles) files of 8 skills are 4.5 KB and a pair
/// fetches 20 of them, 91 KB; files of 16, 18 and 161 KB; of 4, 22 and 49 KB.
pub const SKILLS_PER_FILE: usize = 8;

#[derive(Serialize)]
struct Data<'a> {
    format: u32,
    title: &'a str,
    edition: Option<&'a str>,
    /// `[id, name]` per grade, lowest first.
    grades: Vec<(&'a str, &'a str)>,
    /// `[id, name]` per track; empty when they are in [`GROUPS`].
    tracks: Vec<(&'a str, &'a str)>,
    /// Skill group names.
    groups: Vec<&'a str>,
    /// Distinct lists of level names, referred to by index from `skills`.
    scales: Vec<Vec<&'a str>>,
    /// `[id, name, group, scale, [level summary, ...], first level]`; a summary is inline
    /// HTML (sanitized, links relative to `assess/`), a missing one `""`. The summaries are
    /// `null` when they are in [`LEVELS`].
    skills: Vec<Skill<'a>>,
    /// `[id, title, track, grade, [skill, level, skill, level, ...], [choice, ...]]`, each
    /// choice `[name, pick, [skill, level, ...]]`; empty when they are in [`GROUPS`].
    roles: Vec<Role<'a>>,
    /// `[id, title, skill, from, to, minutes]`; `from`/`to` are 0 when the pathway does not
    /// give them (it starts at the bottom, or reaches the top). Empty when they are in
    /// [`LEVELS`].
    pathways: Vec<Pathway<'a>>,
    /// Open opportunities only: `[id, title, kind, [skill, level, ...], page]`, `page` the
    /// folder of the page that shows it in full (`opportunities/` or `opportunities/<n>/`).
    opportunities: Vec<(&'a str, &'a str, &'a str, Vec<usize>, String)>,
    /// Where the rest is, past [`compare::LIST_ROLES`] roles; `null` below.
    parts: Option<Parts<'a>>,
}

/// What the core of a large framework leaves to other files.
#[derive(Serialize)]
struct Parts<'a> {
    /// The number of roles of the framework: the roles are numbered `0..roles` in every file.
    roles: usize,
    /// `[name, number of roles]` per group of tracks, numbered as `compare/groups/`: group
    /// `n`'s roles are in `assess/groups/<n>.json`.
    groups: Vec<(&'a str, usize)>,
    /// The number of files of `compare/roles/`, which give a role id's group.
    shards: usize,
    /// [`SKILLS_PER_FILE`]: skill `s`'s summaries are in `assess/levels/<s / this>.json`.
    skills_per_file: usize,
}

/// `assess/groups/<n>.json`: the roles of one group, each row a role of `roles` above
/// preceded by its number in the framework.
#[derive(Serialize)]
struct GroupRoles<'a> {
    format: u32,
    /// `[number, id, name]` of the group's tracks, numbered as in the framework.
    tracks: Vec<(usize, &'a str, &'a str)>,
    roles: Vec<NumberedRole<'a>>,
}

/// `assess/levels/<n>.json`: the level summaries of skills `first..first + summaries.len()`,
/// and the pathways of those skills, each preceded by its number.
#[derive(Serialize)]
struct LevelSummaries<'a> {
    format: u32,
    first: usize,
    summaries: Vec<Vec<String>>,
    pathways: Vec<(usize, Pathway<'a>)>,
}

type Pathway<'a> = (&'a str, &'a str, usize, usize, usize, u64);

type Skill<'a> = (&'a str, &'a str, usize, usize, Option<Vec<String>>, usize);
type Role<'a> = (&'a str, &'a str, usize, usize, Vec<usize>, Vec<Choice<'a>>);
type Choice<'a> = (&'a str, usize, Vec<usize>);
/// A [`Role`] row preceded by the role's number.
type NumberedRole<'a> = (
    usize,
    &'a str,
    &'a str,
    usize,
    usize,
    Vec<usize>,
    Vec<Choice<'a>>,
);

/// Requirements as one flat list of `skill, level` pairs: half the brackets of a list of pairs.
fn flat(requirements: &[Requirement]) -> Vec<usize> {
    requirements
        .iter()
        .flat_map(|q| [q.skill.0, q.level])
        .collect()
}

fn role_row(f: &Framework, r: RoleId) -> Role<'_> {
    let role = &f[r];
    let choices = role
        .choices
        .iter()
        .map(|c| (c.name.as_str(), c.pick, flat(&c.requirements)))
        .collect();
    (
        role.id.as_str(),
        role.title.as_str(),
        role.track.0,
        role.grade.0,
        flat(&role.requirements),
        choices,
    )
}

/// Each skill's level summaries as inline HTML, `""` for a level without one.
fn summaries(f: &Framework) -> Vec<Vec<String>> {
    use rayon::prelude::*;
    f.skills
        .par_iter()
        .map(|s| {
            let links = Links {
                targets: &f.links,
                from: &s.origin.path,
                root: "../",
            };
            s.levels
                .iter()
                .map(|l| {
                    l.summary
                        .as_deref()
                        .map_or_else(String::new, |t| markdown::inline(t, Some(links)))
                })
                .collect()
        })
        .collect()
}

fn pathway_row(f: &Framework, p: PathwayId) -> Pathway<'_> {
    let pathway = &f[p];
    (
        pathway.id.as_str(),
        pathway.title.as_str(),
        pathway.skill.0,
        pathway.from.as_ref().map_or(0, |l| l.value),
        pathway.to.as_ref().map_or(0, |l| l.value),
        analyze::total_minutes(f, p),
    )
}

fn json(path: String, value: &impl Serialize) -> Result<SiteFile> {
    let bytes = serde_json::to_vec(value).with_context(|| format!("serialize {path}"))?;
    Ok(SiteFile { path, bytes })
}

/// Builds `assess/data.json` and, past [`compare::LIST_ROLES`] roles, the group and level
/// files. `today` decides which opportunities are still open, as on the opportunities page.
pub fn files(framework: &Framework, today: &str) -> Result<Vec<SiteFile>> {
    let f = framework;
    let groups = compare::groups(f);
    let split = !groups.is_empty();
    let mut summaries = summaries(f);
    let mut scales: Vec<Vec<&str>> = Vec::new();
    let skills = f
        .skills
        .iter()
        .zip(summaries.iter_mut())
        .map(|(s, summaries)| {
            let names: Vec<&str> = s.levels.iter().map(|l| l.name.as_str()).collect();
            let scale = match scales.iter().position(|known| *known == names) {
                Some(i) => i,
                None => {
                    scales.push(names);
                    scales.len() - 1
                }
            };
            let inline = (!split).then(|| std::mem::take(summaries));
            let (id, name) = (s.id.as_str(), s.name.as_str());
            (id, name, s.group.0, scale, inline, s.first_level)
        })
        .collect();
    let parts = split.then(|| Parts {
        roles: f.roles.len(),
        groups: groups
            .iter()
            .map(|g| {
                let roles = g.tracks.iter().map(|t| f[*t].roles.len()).sum();
                (g.name.as_str(), roles)
            })
            .collect(),
        shards: compare::shards(f),
        skills_per_file: SKILLS_PER_FILE,
    });
    let data = Data {
        format: FORMAT,
        title: &f.config.title,
        edition: f.config.version.as_deref(),
        grades: f
            .grades
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect(),
        tracks: if split {
            Vec::new()
        } else {
            f.tracks
                .iter()
                .map(|t| (t.id.as_str(), t.name.as_str()))
                .collect()
        },
        groups: f.groups.iter().map(|g| g.name.as_str()).collect(),
        scales,
        skills,
        roles: if split {
            Vec::new()
        } else {
            (0..f.roles.len()).map(|r| role_row(f, RoleId(r))).collect()
        },
        pathways: if split {
            Vec::new()
        } else {
            (0..f.pathways.len())
                .map(|i| pathway_row(f, PathwayId(i)))
                .collect()
        },
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
        parts,
    };
    let mut files = vec![json(PATH.to_owned(), &data)?];
    for (n, group) in groups.iter().enumerate() {
        let mut members: Vec<RoleId> = group
            .tracks
            .iter()
            .flat_map(|t| f[*t].roles.iter().copied())
            .collect();
        members.sort_unstable();
        let data = GroupRoles {
            format: FORMAT,
            tracks: group
                .tracks
                .iter()
                .map(|t| (t.0, f[*t].id.as_str(), f[*t].name.as_str()))
                .collect(),
            roles: members
                .into_iter()
                .map(|r| {
                    let (id, title, track, grade, requirements, choices) = role_row(f, r);
                    (r.0, id, title, track, grade, requirements, choices)
                })
                .collect(),
        };
        files.push(json(format!("{GROUPS}/{n}.json"), &data)?);
    }
    if split {
        let mut pathways: Vec<Vec<(usize, Pathway<'_>)>> =
            vec![Vec::new(); f.skills.len().div_ceil(SKILLS_PER_FILE)];
        for (i, p) in f.pathways.iter().enumerate() {
            pathways[p.skill.0 / SKILLS_PER_FILE].push((i, pathway_row(f, PathwayId(i))));
        }
        for (n, (chunk, pathways)) in summaries.chunks(SKILLS_PER_FILE).zip(pathways).enumerate() {
            let data = LevelSummaries {
                format: FORMAT,
                first: n * SKILLS_PER_FILE,
                summaries: chunk.to_vec(),
                pathways,
            };
            files.push(json(format!("{LEVELS}/{n}.json"), &data)?);
        }
    }
    Ok(files)
}
