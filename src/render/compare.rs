//! The words of each track's roles as data: `compare/tracks/<track>.json`, one file per
//! track, which the compare page (`assets/compare.js`) fetches for the two roles it
//! compares and the self-assessment (`assets/assess.js`) for its target's next step.
//!
//! The page itself carries only the list of roles to pick from. Every statement a role's
//! next step can show (its levels' summary, signals and examples, its own expectations,
//! its choices, the dimension text of its grade, its track and itself) grows with the
//! framework, so it is split by track: a comparison loads one or two files of a few
//! kilobytes, whatever the size of the framework. Each file holds everything its roles
//! need, so the files do not depend on one another.
//!
//! Statements are inline HTML, rendered and sanitized here by [`markdown::inline`] with
//! links to framework files made links to their pages, written for a page one folder below
//! the site root (`compare/`, `assess/`): the scripts insert that HTML as it is and build
//! nothing from contributor text themselves. Names and titles are plain text, for
//! `textContent`. The layout is documented in `docs/theming.md`; [`FORMAT`] changes with any
//! incompatible change to it.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;

use super::SiteFile;
use super::markdown::{self, Links};
use crate::model::{Framework, PathwayId, Requirement, RoleId, SkillId, TrackId};

/// The version of the layout of `compare/tracks/<track>.json`.
pub const FORMAT: u32 = 1;

/// The folder of the files in the site.
pub const FOLDER: &str = "compare/tracks";

/// The way back to the site root from the pages that read the files.
const ROOT: &str = "../";

#[derive(Serialize)]
struct TrackData<'a> {
    format: u32,
    track: Named<'a>,
    /// Every dimension of the framework, in order: the lists of `expectations` below have
    /// one entry per dimension, in this order.
    dimensions: Vec<DimensionData<'a>>,
    /// The grades of the track's roles, by id.
    grades: BTreeMap<&'a str, GradeData<'a>>,
    /// Every skill the track's roles ask for, by id.
    skills: BTreeMap<&'a str, SkillData<'a>>,
    /// The track's roles, by id.
    roles: BTreeMap<&'a str, RoleData<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct DimensionData<'a> {
    id: &'a str,
    name: &'a str,
    summary: Option<String>,
}

#[derive(Serialize)]
struct GradeData<'a> {
    name: &'a str,
    /// What the grade says in each dimension, in every track.
    expectations: Vec<Vec<String>>,
    /// What this track adds at the grade.
    track: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct SkillData<'a> {
    name: &'a str,
    /// Its position in the framework, for ordering rows as the role pages do.
    order: usize,
    /// The number of its lowest level.
    first: usize,
    /// The names of all its levels, lowest (`first`) first.
    names: Vec<&'a str>,
    /// The words of the levels the track's roles ask for, by level number.
    levels: BTreeMap<usize, &'a LevelData>,
    /// `[id, title, from, to]` per pathway of the skill; `from`/`to` 0 when open-ended.
    pathways: Vec<(&'a str, &'a str, usize, usize)>,
}

#[derive(Serialize)]
struct LevelData {
    summary: Option<String>,
    signals: Vec<String>,
    examples: Vec<String>,
}

/// `[skill id, level, [expectation, …]]`.
type RequirementData<'a> = (&'a str, usize, Vec<String>);

#[derive(Serialize)]
struct RoleData<'a> {
    title: &'a str,
    grade: &'a str,
    requirements: Vec<RequirementData<'a>>,
    choices: Vec<ChoiceData<'a>>,
    /// What the role itself adds in each dimension.
    expectations: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct ChoiceData<'a> {
    name: &'a str,
    pick: usize,
    summary: Option<String>,
    requirements: Vec<RequirementData<'a>>,
}

/// Renders statements written in the file at `from`.
struct Statements<'a> {
    framework: &'a Framework,
    from: &'a str,
}

impl Statements<'_> {
    fn one(&self, text: &str) -> String {
        let links = Links {
            targets: &self.framework.links,
            from: self.from,
            root: ROOT,
        };
        markdown::inline(text, Some(links))
    }

    fn all(&self, texts: &[String]) -> Vec<String> {
        texts.iter().map(|t| self.one(t)).collect()
    }

    /// One list per dimension of the framework, from a table indexed like it.
    fn per_dimension(&self, text: Option<&Vec<Vec<String>>>) -> Vec<Vec<String>> {
        (0..self.framework.dimensions.len())
            .map(|i| {
                text.and_then(|t| t.get(i))
                    .map_or_else(Vec::new, |list| self.all(list))
            })
            .collect()
    }
}

/// Where `trellis.toml` sits, for the links of the grades' statements.
const CONFIG_PATH: &str = "trellis.toml";

/// What every track file draws on, made once: each skill's pathways, and the words of each
/// level of each skill rendered (a skill is asked for in many tracks).
struct Shared {
    pathways_of: Vec<Vec<PathwayId>>,
    /// By skill, then by position among its levels.
    levels: Vec<Vec<LevelData>>,
}

impl Shared {
    fn new(f: &Framework) -> Self {
        use rayon::prelude::*;
        let mut pathways_of = vec![Vec::new(); f.skills.len()];
        for (i, p) in f.pathways.iter().enumerate() {
            pathways_of[p.skill.0].push(PathwayId(i));
        }
        let levels = f
            .skills
            .par_iter()
            .map(|skill| {
                let words = Statements {
                    framework: f,
                    from: &skill.origin.path,
                };
                skill
                    .levels
                    .iter()
                    .map(|l| LevelData {
                        summary: l.summary.as_deref().map(|t| words.one(t)),
                        signals: words.all(&l.signals),
                        examples: words.all(&l.examples),
                    })
                    .collect()
            })
            .collect();
        Shared {
            pathways_of,
            levels,
        }
    }
}

/// The file of track `t`.
fn track_file(framework: &Framework, shared: &Shared, t: TrackId) -> Result<SiteFile> {
    let f = framework;
    let track = &f[t];
    let track_words = Statements {
        framework: f,
        from: &track.origin.path,
    };
    let config_words = Statements {
        framework: f,
        from: CONFIG_PATH,
    };
    let mut grades = BTreeMap::new();
    let mut levels: BTreeMap<SkillId, Vec<usize>> = BTreeMap::new();
    let mut roles = BTreeMap::new();
    for &r in &track.roles {
        let role = &f[r];
        let grade = &f[role.grade];
        grades
            .entry(grade.id.as_str())
            .or_insert_with(|| GradeData {
                name: &grade.name,
                expectations: config_words.per_dimension(Some(&grade.expectations)),
                track: track_words.per_dimension(
                    track
                        .expectations
                        .iter()
                        .find(|(g, _)| *g == role.grade)
                        .map(|(_, text)| text),
                ),
            });
        for q in role
            .requirements
            .iter()
            .chain(role.choices.iter().flat_map(|c| &c.requirements))
        {
            levels.entry(q.skill).or_default().push(q.level);
        }
        roles.insert(role.id.as_str(), role_data(f, r));
    }
    let skills = levels
        .into_iter()
        .map(|(s, wanted)| (f[s].id.as_str(), skill_data(f, shared, s, &wanted)))
        .collect();
    let data = TrackData {
        format: FORMAT,
        track: Named {
            id: &track.id,
            name: &track.name,
        },
        dimensions: f
            .dimensions
            .iter()
            .map(|d| DimensionData {
                id: &d.id,
                name: &d.name,
                summary: d.summary.as_deref().map(|s| config_words.one(s)),
            })
            .collect(),
        grades,
        skills,
        roles,
    };
    let bytes = serde_json::to_vec(&data)
        .with_context(|| format!("serialize {FOLDER}/{}.json", track.id))?;
    Ok(SiteFile {
        path: format!("{FOLDER}/{}.json", track.id),
        bytes,
    })
}

fn role_data(f: &Framework, r: RoleId) -> RoleData<'_> {
    let role = &f[r];
    let words = Statements {
        framework: f,
        from: &role.origin.path,
    };
    let requirements = |list: &'_ [Requirement]| -> Vec<RequirementData<'_>> {
        list.iter()
            .map(|q| (f[q.skill].id.as_str(), q.level, words.all(&q.expectations)))
            .collect()
    };
    RoleData {
        title: &role.title,
        grade: &f[role.grade].id,
        requirements: requirements(&role.requirements),
        choices: role
            .choices
            .iter()
            .map(|c| ChoiceData {
                name: &c.name,
                pick: c.pick,
                summary: c.summary.as_deref().map(|s| words.one(s)),
                requirements: requirements(&c.requirements),
            })
            .collect(),
        expectations: words.per_dimension(Some(&role.expectations)),
    }
}

/// Skill `s` with the words of its levels numbered in `wanted`.
fn skill_data<'a>(
    f: &'a Framework,
    shared: &'a Shared,
    s: SkillId,
    wanted: &[usize],
) -> SkillData<'a> {
    let skill = &f[s];
    let mut wanted = wanted.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let levels = wanted
        .into_iter()
        .filter_map(|n| {
            let words = n
                .checked_sub(skill.first_level)
                .and_then(|i| shared.levels[s.0].get(i))?;
            Some((n, words))
        })
        .collect();
    let pathways = shared.pathways_of[s.0]
        .iter()
        .map(|&p| {
            let p = &f[p];
            (
                p.id.as_str(),
                p.title.as_str(),
                p.from.as_ref().map_or(0, |l| l.value),
                p.to.as_ref().map_or(0, |l| l.value),
            )
        })
        .collect();
    SkillData {
        name: &skill.name,
        order: s.0,
        first: skill.first_level,
        names: skill.levels.iter().map(|l| l.name.as_str()).collect(),
        levels,
        pathways,
    }
}

/// Every track's file, in track order.
pub fn files(framework: &Framework) -> Result<Vec<SiteFile>> {
    use rayon::prelude::*;
    let shared = Shared::new(framework);
    (0..framework.tracks.len())
        .into_par_iter()
        .map(|t| track_file(framework, &shared, TrackId(t)))
        .collect()
}
