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

/// Every track's file, then the group and lookup files of a large framework
/// ([`index_files`]), each handed to `sink` as soon as it is made, from several threads:
/// together they are 300 MB at 50,000 roles.
pub fn each(framework: &Framework, sink: &(dyn Fn(SiteFile) -> Result<()> + Sync)) -> Result<()> {
    use rayon::prelude::*;
    let shared = Shared::new(framework);
    (0..framework.tracks.len())
        .into_par_iter()
        .try_for_each(|t| sink(track_file(framework, &shared, TrackId(t))?))?;
    for file in index_files(framework)? {
        sink(file)?;
    }
    Ok(())
}

/// The most roles the compare page lists in its pickers itself. Past them it lists groups
/// of tracks (the families, split where one is large), and the script fetches a group's
/// tracks and roles when the reader picks it: at 10,000 roles the one list is 1 MB.
pub const LIST_ROLES: usize = 2000;

/// The most roles in one group of tracks. The self-assessment's file of a group carries
/// every role's requirements, about 190 bytes a role on the generated frameworks: 5,000
/// roles made 944 KB at 50,000 roles, too close to the 1 MB a page may fetch for a
/// framework whose titles and ids are longer.
const GROUP_ROLES: usize = 4000;

/// About the number of roles in each file of the lookup from a role to its group and
/// track, which a link naming two roles (`?a=…&b=…`) needs.
const SHARD_ROLES: usize = 2000;

/// The folders of the group files and the lookup files.
pub const GROUPS: &str = "compare/groups";
pub const LOOKUP: &str = "compare/roles";

/// A group of tracks in the compare page's first picker.
pub struct Group {
    /// The family's name, with "(part 2 of 3)" when it is split.
    pub name: String,
    pub tracks: Vec<TrackId>,
}

/// The groups of tracks that have roles, in the home page's order of families; empty when
/// the page lists every role itself ([`LIST_ROLES`]).
pub fn groups(f: &Framework) -> Vec<Group> {
    if f.roles.len() <= LIST_ROLES {
        return Vec::new();
    }
    let mut groups = Vec::new();
    for (family, tracks) in super::views::families_of(f) {
        let mut parts: Vec<Vec<TrackId>> = vec![Vec::new()];
        let mut roles = 0;
        for t in tracks.into_iter().filter(|t| !f[*t].roles.is_empty()) {
            let n = f[t].roles.len();
            if roles + n > GROUP_ROLES && roles > 0 {
                parts.push(Vec::new());
                roles = 0;
            }
            roles += n;
            parts.last_mut().expect("one part at least").push(t);
        }
        let count = parts.len();
        for (i, tracks) in parts.into_iter().enumerate() {
            if tracks.is_empty() {
                continue;
            }
            let name = if count == 1 {
                family.to_owned()
            } else {
                format!("{family} (part {} of {count})", i + 1)
            };
            groups.push(Group { name, tracks });
        }
    }
    groups
}

/// The number of lookup files: 0 when the page lists every role.
pub fn shards(f: &Framework) -> usize {
    if f.roles.len() <= LIST_ROLES {
        0
    } else {
        f.roles.len().div_ceil(SHARD_ROLES)
    }
}

/// The lookup file a role id is in: FNV-1a (32 bits) of its UTF-8 bytes, modulo the number
/// of files. `assets/families.js` computes the same.
pub fn shard_of(id: &str, shards: usize) -> usize {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash as usize % shards.max(1)
}

/// A group's file: `[track id, track name, [[role id, title, grade id], ...]]` per track,
/// roles by grade then title.
#[derive(Serialize)]
struct GroupData<'a> {
    format: u32,
    name: &'a str,
    tracks: Vec<(&'a str, &'a str, Vec<PickerRole<'a>>)>,
}

/// `[role id, title, grade id]`.
type PickerRole<'a> = (&'a str, &'a str, &'a str);

/// The roles of track `t` in the order the pickers list them: by grade, then title.
pub fn picker_order(f: &Framework, t: TrackId) -> Vec<RoleId> {
    let mut roles = f[t].roles.clone();
    roles.sort_by(|a, b| (f[*a].grade, &f[*a].title).cmp(&(f[*b].grade, &f[*b].title)));
    roles
}

/// The group files (`compare/groups/<n>.json`) and the lookup files
/// (`compare/roles/<n>.json`: role id → `[group, track id]`), when the page lists groups.
pub fn index_files(f: &Framework) -> Result<Vec<SiteFile>> {
    let groups = groups(f);
    let mut files = Vec::new();
    let shards = shards(f);
    let mut lookup: Vec<BTreeMap<&str, (usize, &str)>> = vec![BTreeMap::new(); shards];
    for (g, group) in groups.iter().enumerate() {
        let tracks = group
            .tracks
            .iter()
            .map(|&t| {
                let roles = picker_order(f, t)
                    .into_iter()
                    .map(|r| {
                        let role = &f[r];
                        lookup[shard_of(&role.id, shards)].insert(&role.id, (g, &f[t].id));
                        (
                            role.id.as_str(),
                            role.title.as_str(),
                            f.grades[role.grade.0].id.as_str(),
                        )
                    })
                    .collect();
                (f[t].id.as_str(), f[t].name.as_str(), roles)
            })
            .collect();
        let data = GroupData {
            format: FORMAT,
            name: &group.name,
            tracks,
        };
        files.push(SiteFile {
            path: format!("{GROUPS}/{g}.json"),
            bytes: serde_json::to_vec(&data).context("serialize a compare group")?,
        });
    }
    for (n, map) in lookup.into_iter().enumerate() {
        files.push(SiteFile {
            path: format!("{LOOKUP}/{n}.json"),
            bytes: serde_json::to_vec(&map).context("serialize a compare lookup")?,
        });
    }
    Ok(files)
}
