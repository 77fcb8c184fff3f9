//! Resolves the loaded file records into a [`Framework`].

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::id::is_valid_grade_id;
use super::*;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::format::Requirements;
use crate::load::{LevelRef, Loaded, Meta};

/// Builds the model from `loaded`, adding a diagnostic for every id that is malformed or
/// defined twice and every reference that does not resolve.
pub fn build(loaded: &Loaded, diagnostics: &mut Diagnostics) -> Framework {
    let mut builder = Builder {
        loaded,
        diagnostics,
        framework: Framework::default(),
        grades: HashMap::new(),
        tracks: HashMap::new(),
        skills: HashMap::new(),
        roles: HashMap::new(),
        dimensions: HashMap::new(),
        unplaced_roles: Default::default(),
    };
    builder.config();
    builder.tracks();
    builder.skills();
    builder.roles();
    builder.moves();
    builder.pathways();
    builder.opportunities();
    builder.pages();
    builder.links();
    builder.framework
}

struct Builder<'a> {
    loaded: &'a Loaded,
    diagnostics: &'a mut Diagnostics,
    framework: Framework,
    grades: HashMap<String, GradeId>,
    tracks: HashMap<String, TrackId>,
    skills: HashMap<String, SkillId>,
    roles: HashMap<String, RoleId>,
    /// Dimension ids, to their index in [`Framework::dimensions`].
    dimensions: HashMap<String, usize>,
    /// Roles whose file exists but that could not be placed (unknown track or grade):
    /// references to them are not reported again as unknown.
    unplaced_roles: std::collections::HashSet<String>,
}

fn origin(loaded: &Loaded, meta: &Meta) -> Origin {
    Origin {
        source: meta.source,
        path: loaded.sources.path(meta.source).to_owned(),
        anchor: meta.anchor.clone(),
    }
}

/// Registers ids of one kind: reports malformed ids and duplicates, and returns, for each
/// item, whether it is the first definition of its id.
fn register<'m>(
    (kind, kinds): (&str, &str),
    metas: impl Iterator<Item = &'m Meta>,
    diagnostics: &mut Diagnostics,
) -> Vec<bool> {
    let mut first: HashMap<&str, &Meta> = HashMap::new();
    let mut keep = Vec::new();
    for meta in metas {
        let id = meta.id.as_str();
        if !is_valid_id(id) {
            let suggestion = slugify(id);
            let (message, help) = if meta.id_from_path {
                (
                    format!("the file name `{id}.md` is not a valid {kind} id"),
                    format!(
                        "ids are lowercase letters, digits and single hyphens: rename the file to `{suggestion}.md`, or set `id = \"{suggestion}\"`"
                    ),
                )
            } else {
                (
                    format!("`{id}` is not a valid {kind} id"),
                    format!(
                        "ids are lowercase letters, digits and single hyphens, e.g. `{suggestion}`"
                    ),
                )
            };
            diagnostics.push(
                Diagnostic::error(Code::InvalidId, message)
                    .at(meta.source, meta.id.span.clone())
                    .with_help(Some(help)),
            );
        }
        if let Some(previous) = first.get(id) {
            diagnostics.push(
                Diagnostic::error(Code::DuplicateId, format!("two {kinds} have the id `{id}`"))
                    .at(meta.source, meta.id.span.clone())
                    .with_label("defined again here")
                    .with_related(
                        previous.source,
                        previous.id.span.clone(),
                        "first defined here",
                    )
                    .with_help(Some(
                        "ids are unique per kind: rename one of the files, or give it `id = \"…\"`"
                            .to_owned(),
                    )),
            );
            keep.push(false);
        } else {
            first.insert(id, meta);
            keep.push(true);
        }
    }
    keep
}

impl Builder<'_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn config(&mut self) {
        let Some(file) = &self.loaded.config else {
            return;
        };
        let config = &file.front;
        let text = |v: &Option<Sp<String>>| v.as_ref().map(|s| s.value.clone());
        self.framework.config = Config {
            title: config
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            description: text(&config.description),
            base_url: text(&config.base_url).unwrap_or_else(|| "/".to_owned()),
            version: text(&config.version),
            language: text(&config.language).unwrap_or_else(|| "en".to_owned()),
            repository: config.repository.clone(),
            edit_url: config.edit_url.clone(),
            owners: config.owners.iter().map(|o| o.value.clone()).collect(),
            edition_tags: config.editions.as_ref().map(|e| e.tags.value.clone()),
            source: Some(file.source),
        };
        if let Some(base) = &config.base_url
            && !valid_base_url(&base.value)
        {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`base_url` `{}` is neither a path nor an http(s) URL", base.value),
                )
                .at(file.source, base.span.clone())
                .with_help(Some(
                    "write `/` for the site root, a subpath such as `/careers/`, or a full URL such as `https://intranet.example/careers/`".to_owned(),
                )),
            );
        }
        let mut names: HashMap<String, &Sp<String>> = HashMap::new();
        let scale: &[Sp<String>] = config.scale.as_ref().map_or(&[], |s| &s.levels);
        for level in scale {
            if let Some(previous) = names.insert(level.value.to_lowercase(), level) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateEntry,
                        format!("the scale names the level `{}` twice", level.value),
                    )
                    .at(file.source, level.span.clone())
                    .with_related(file.source, previous.span.clone(), "first named here")
                    .with_help(Some("give each level of the scale its own name".to_owned())),
                );
            }
        }
        self.framework.scale = scale.iter().map(|l| l.value.clone()).collect();
        self.dimensions(file.source, &config.dimensions);
        for grade in &config.grades {
            let id = grade.id.as_str();
            if !is_valid_grade_id(id) {
                self.diagnostics.push(
                    Diagnostic::error(Code::InvalidId, format!("`{id}` is not a valid grade id"))
                        .at(file.source, grade.id.span.clone())
                        .with_help(Some(
                            "grade ids are letters and digits, optionally joined by `-`, `.` or `_`, e.g. `L4`".to_owned(),
                        )),
                );
            }
            if let Some(previous) = self.grades.get(id) {
                let first = &config.grades[previous.0];
                self.diagnostics.push(
                    Diagnostic::error(Code::DuplicateId, format!("two grades have the id `{id}`"))
                        .at(file.source, grade.id.span.clone())
                        .with_label("defined again here")
                        .with_related(file.source, first.id.span.clone(), "first defined here")
                        .with_help(Some("each grade needs its own id".to_owned())),
                );
                // Keep indices aligned with `config.grades` for the lookup above.
            }
            let gid = GradeId(self.framework.grades.len());
            self.grades.entry(id.to_owned()).or_insert(gid);
            self.framework.grades.push(Grade {
                id: id.to_owned(),
                name: grade
                    .name
                    .as_ref()
                    .map(|n| n.value.clone())
                    .unwrap_or_else(|| id.to_owned()),
                summary: grade.summary.as_ref().map(|s| s.value.clone()),
                expectations: Vec::new(),
            });
            let text = self.dimension_text(file.source, &grade.expectations);
            if let Some(last) = self.framework.grades.last_mut() {
                last.expectations = text;
            }
        }
    }

    /// `[[dimensions]]`: ids checked and unique, ordered by `weight`, then as written.
    fn dimensions(&mut self, source: SourceId, defs: &[crate::format::Dimension]) {
        let mut order: Vec<&crate::format::Dimension> = defs.iter().collect();
        order.sort_by_key(|d| d.weight.as_ref().map_or(i64::MAX, |w| w.value));
        let mut first: HashMap<&str, &Sp<String>> = HashMap::new();
        for def in order {
            let id = def.id.as_str();
            if !is_valid_id(id) {
                self.error(
                    Diagnostic::error(
                        Code::InvalidId,
                        format!("`{id}` is not a valid dimension id"),
                    )
                    .at(source, def.id.span.clone())
                    .with_help(Some(format!(
                        "ids are lowercase letters, digits and single hyphens, e.g. `{}`",
                        slugify(id)
                    ))),
                );
            }
            if let Some(previous) = first.get(id) {
                self.error(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("two dimensions have the id `{id}`"),
                    )
                    .at(source, def.id.span.clone())
                    .with_label("defined again here")
                    .with_related(source, previous.span.clone(), "first defined here")
                    .with_help(Some("each dimension needs its own id".to_owned())),
                );
                continue;
            }
            first.insert(id, &def.id);
            self.dimensions
                .insert(id.to_owned(), self.framework.dimensions.len());
            self.framework.dimensions.push(Dimension {
                id: id.to_owned(),
                name: def.name.value.clone(),
                summary: def.summary.as_ref().map(|s| s.value.clone()),
            });
        }
    }

    /// An `expectations` table by dimension id, resolved to one list per dimension.
    fn dimension_text(
        &mut self,
        source: SourceId,
        written: &crate::format::DimensionText,
    ) -> DimensionText {
        let mut text: DimensionText = vec![Vec::new(); self.framework.dimensions.len()];
        for (id, statements) in &written.0 {
            let Some(&i) = self.dimensions.get(&id.value) else {
                let known = self.framework.dimensions.iter().map(|d| d.id.as_str());
                let help = did_you_mean(&id.value, known).unwrap_or_else(|| {
                    if self.framework.dimensions.is_empty() {
                        "define the dimension in `trellis.toml`:\n[[dimensions]]\nid = \"scope\"\nname = \"Scope\"".to_owned()
                    } else {
                        format!(
                            "the dimensions are {}",
                            self.framework
                                .dimensions
                                .iter()
                                .map(|d| format!("`{}`", d.id))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                });
                self.error(
                    Diagnostic::error(
                        Code::UnknownDimension,
                        format!("unknown dimension `{}`", id.value),
                    )
                    .at(source, id.span.clone())
                    .with_label("not a dimension of `trellis.toml`")
                    .with_help(Some(help)),
                );
                continue;
            };
            text[i].extend(statements.iter().map(|s| s.value.clone()));
        }
        text
    }

    fn tracks(&mut self) {
        let keep = register(
            ("track", "tracks"),
            self.loaded.tracks.iter().map(|t| &t.meta),
            self.diagnostics,
        );
        let mut tracks: Vec<Track> = self
            .loaded
            .tracks
            .iter()
            .zip(keep)
            .filter(|(_, keep)| *keep)
            .map(|(t, _)| Track {
                id: t.meta.id.value.clone(),
                name: t.front.name.value.clone(),
                kind: t.front.kind.as_ref().map(|k| k.value.clone()),
                family: t.front.family.as_ref().map(|f| f.value.clone()),
                summary: t.front.summary.as_ref().map(|s| s.value.clone()),
                owners: t.front.owners.iter().map(|o| o.value.clone()).collect(),
                order: t
                    .front
                    .weight
                    .as_ref()
                    .or(t.front.order.as_ref())
                    .map(|o| o.value),
                expectations: Vec::new(),
                body: self.loaded.shared_body(t.meta.source, t.meta.body_offset),
                roles: Vec::new(),
                origin: origin(self.loaded, &t.meta),
            })
            .collect();
        // Display order: explicit `order` first, then by name; the id breaks ties so the
        // result never depends on the file system.
        tracks.sort_by(|a, b| {
            (a.order.unwrap_or(i64::MAX), &a.name, &a.id).cmp(&(
                b.order.unwrap_or(i64::MAX),
                &b.name,
                &b.id,
            ))
        });
        for (i, track) in tracks.iter().enumerate() {
            self.tracks.insert(track.id.clone(), TrackId(i));
        }
        self.framework.tracks = tracks;
        for file in &self.loaded.tracks {
            let Some(&tid) = self.tracks.get(&file.meta.id.value) else {
                continue;
            };
            if self.framework.tracks[tid.0].origin.source != file.meta.source {
                continue;
            }
            let source = file.meta.source;
            let mut expectations = Vec::new();
            for (grade, text) in &file.front.expectations.0 {
                let Some(&gid) = self.grades.get(&grade.value) else {
                    let help = did_you_mean(
                        &grade.value,
                        self.framework.grades.iter().map(|g| g.id.as_str()),
                    )
                    .unwrap_or_else(|| "use the id of a grade of `trellis.toml`".to_owned());
                    self.error(
                        Diagnostic::error(
                            Code::UnknownGrade,
                            format!("unknown grade `{}`", grade.value),
                        )
                        .at(source, grade.span.clone())
                        .with_label("`[expectations.<grade>]` names a grade")
                        .with_help(Some(help)),
                    );
                    continue;
                };
                let text = self.dimension_text(source, text);
                expectations.push((gid, text));
            }
            self.framework.tracks[tid.0].expectations = expectations;
        }
    }

    fn skills(&mut self) {
        // Groups: every folder that holds a skill or a `_group.md`.
        let mut groups: BTreeMap<String, SkillGroup> = BTreeMap::new();
        for file in &self.loaded.groups {
            groups.insert(
                file.id.clone(),
                SkillGroup {
                    id: file.id.clone(),
                    name: file
                        .front
                        .name
                        .as_ref()
                        .map(|n| n.value.clone())
                        .unwrap_or_else(|| humanize(&file.id)),
                    summary: file.front.summary.as_ref().map(|s| s.value.clone()),
                    owners: file.front.owners.iter().map(|o| o.value.clone()).collect(),
                    body: self.loaded.shared_body(file.source, file.body_offset),
                    path: Some(self.loaded.sources.path(file.source).to_owned()),
                    skills: Vec::new(),
                },
            );
        }
        for skill in &self.loaded.skills {
            groups
                .entry(skill.group.clone())
                .or_insert_with(|| SkillGroup {
                    id: skill.group.clone(),
                    name: humanize(&skill.group),
                    summary: None,
                    owners: Vec::new(),
                    body: Body::default(),
                    path: None,
                    skills: Vec::new(),
                });
        }
        // Display order: `weight`, then name, then id.
        let weights: HashMap<&str, i64> = self
            .loaded
            .groups
            .iter()
            .filter_map(|g| Some((g.id.as_str(), g.front.weight.as_ref()?.value)))
            .collect();
        let mut groups: Vec<SkillGroup> = groups.into_values().collect();
        groups.sort_by(|a, b| {
            let weight = |g: &SkillGroup| weights.get(g.id.as_str()).copied().unwrap_or(i64::MAX);
            (weight(a), &a.name, &a.id).cmp(&(weight(b), &b.name, &b.id))
        });
        let group_ids: HashMap<String, GroupId> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), GroupId(i)))
            .collect();
        self.framework.groups = groups;
        for group in &self.framework.groups {
            if !is_valid_id(&group.id) {
                let file = self
                    .loaded
                    .skills
                    .iter()
                    .find(|s| s.group == group.id)
                    .map(|s| s.meta.source)
                    .or_else(|| {
                        self.loaded
                            .groups
                            .iter()
                            .find(|g| g.id == group.id)
                            .map(|g| g.source)
                    });
                if let Some(source) = file {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidId,
                            format!(
                                "the folder name `skills/{}` is not a valid group id",
                                group.id
                            ),
                        )
                        .in_file(source)
                        .with_help(Some(format!(
                            "rename the folder to `skills/{}`",
                            slugify(&group.id)
                        ))),
                    );
                }
            }
        }

        let keep = register(
            ("skill", "skills"),
            self.loaded.skills.iter().map(|s| &s.meta),
            self.diagnostics,
        );
        let scale = self.framework.scale.clone();
        // Skills in display order: by group, then `weight`, then name, then id.
        let mut files: Vec<&crate::load::SkillFile> = self
            .loaded
            .skills
            .iter()
            .zip(keep)
            .filter_map(|(file, keep)| keep.then_some(file))
            .collect();
        files.sort_by(|a, b| {
            let key = |f: &crate::load::SkillFile| {
                (
                    group_ids[&f.group],
                    f.front.weight.as_ref().map_or(i64::MAX, |w| w.value),
                )
            };
            (key(a), &a.front.name.value, &a.meta.id.value).cmp(&(
                key(b),
                &b.front.name.value,
                &b.meta.id.value,
            ))
        });
        for file in files {
            let (levels, first_level) = self.levels(file, &scale);
            let sid = SkillId(self.framework.skills.len());
            let group = group_ids[&file.group];
            self.framework.groups[group.0].skills.push(sid);
            self.skills.insert(file.meta.id.value.clone(), sid);
            self.framework.skills.push(Skill {
                id: file.meta.id.value.clone(),
                name: file.front.name.value.clone(),
                group,
                summary: file.front.summary.as_ref().map(|s| s.value.clone()),
                aliases: file.front.aliases.iter().map(|a| a.value.clone()).collect(),
                related: Vec::new(),
                levels,
                first_level,
                body: self
                    .loaded
                    .shared_body(file.meta.source, file.meta.body_offset),
                origin: origin(self.loaded, &file.meta),
            });
        }
        // `related` can point at any skill, so it is resolved once all are known.
        let mut related = Vec::new();
        for file in &self.loaded.skills {
            let Some(&sid) = self.skills.get(&file.meta.id.value) else {
                continue;
            };
            if self.framework.skills[sid.0].origin.source != file.meta.source {
                continue;
            }
            let mut list = Vec::new();
            for r in &file.front.related {
                if r.value == file.meta.id.value {
                    self.error(
                        Diagnostic::warning(
                            Code::SelfReference,
                            format!("`{}` lists itself as related", r.value),
                        )
                        .at(file.meta.source, r.span.clone())
                        .with_help(Some("remove it from `related`".to_owned())),
                    );
                    continue;
                }
                if let Some(target) = self.skill_ref(file.meta.source, r) {
                    if list.contains(&target) {
                        self.duplicate_entry(file.meta.source, r, "related");
                    } else {
                        list.push(target);
                    }
                }
            }
            related.push((sid, list));
        }
        for (sid, list) in related {
            self.framework.skills[sid.0].related = list;
        }
    }

    /// A skill's levels: its own `[[levels]]`, named from the scale where they give no name,
    /// or the scale itself.
    fn levels(&mut self, file: &crate::load::SkillFile, scale: &[String]) -> (Vec<Level>, usize) {
        let source = file.meta.source;
        let first = self.first_level(file, scale);
        // The scale's names from the skill's first level on.
        let scale = scale.get(first - 1..).unwrap_or(&[]);
        if file.front.levels.is_empty() {
            if scale.is_empty() {
                self.error(
                    Diagnostic::error(
                        Code::MissingLevelName,
                        format!("skill `{}` has no levels", file.meta.id.value),
                    )
                    .at(source, file.meta.anchor.clone())
                    .with_help(Some(
                        "give the skill `[[levels]]` with names, or define `[scale] levels = [...]` in `trellis.toml`".to_owned(),
                    )),
                );
                // One placeholder level keeps references to the skill from cascading.
                return (
                    vec![Level {
                        name: format!("Level {first}"),
                        summary: None,
                        signals: Vec::new(),
                        examples: Vec::new(),
                    }],
                    first,
                );
            }
            let levels = scale
                .iter()
                .map(|name| Level {
                    name: name.clone(),
                    summary: None,
                    signals: Vec::new(),
                    examples: Vec::new(),
                })
                .collect();
            return (levels, first);
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut levels = Vec::new();
        for (i, level) in file.front.levels.iter().enumerate() {
            let name = match (&level.name, scale.get(i)) {
                (Some(name), _) => name.value.clone(),
                (None, Some(name)) => name.clone(),
                (None, None) => {
                    self.error(
                        Diagnostic::error(
                            Code::MissingLevelName,
                            format!("level {} of `{}` has no name", first + i, file.meta.id.value),
                        )
                        .at(source, level.span.clone())
                        .with_label("this level needs a `name`")
                        .with_help(Some(if scale.is_empty() {
                            "add `name = \"…\"`: `trellis.toml` defines no `[scale]` to take it from".to_owned()
                        } else {
                            format!(
                                "add `name = \"…\"`: the scale in `trellis.toml` names only {} levels",
                                scale.len() + first - 1
                            )
                        })),
                    );
                    format!("Level {}", first + i)
                }
            };
            if let Some(previous) = seen.insert(name.to_lowercase(), i)
                && (level.name.is_some() || file.front.levels[previous].name.is_some())
            {
                let span = level
                    .name
                    .as_ref()
                    .map(|n| n.span.clone())
                    .unwrap_or(level.span.clone());
                self.error(
                    Diagnostic::error(
                        Code::DuplicateEntry,
                        format!(
                            "levels {} and {} of `{}` are both named `{name}`",
                            first + previous,
                            first + i,
                            file.meta.id.value
                        ),
                    )
                    .at(source, span)
                    .with_help(Some(
                        "give each level its own name, so requirements by name are unambiguous"
                            .to_owned(),
                    )),
                );
            }
            levels.push(Level {
                name,
                summary: level.summary.as_ref().map(|s| s.value.clone()),
                signals: level.signals.iter().map(|s| s.value.clone()).collect(),
                examples: level.examples.iter().map(|s| s.value.clone()).collect(),
            });
        }
        (levels, first)
    }

    /// `first_level`: 1 unless written, and never past the scale when the skill takes its
    /// names from it.
    fn first_level(&mut self, file: &crate::load::SkillFile, scale: &[String]) -> usize {
        let Some(first) = &file.front.first_level else {
            return 1;
        };
        let own = file.front.levels.len();
        let limit = if own > 0 {
            i64::MAX
        } else {
            scale.len() as i64
        };
        if first.value < 1 || first.value > limit || first.value > 1000 {
            let help = if own == 0 && !scale.is_empty() {
                format!(
                    "the scale has {} levels; write a number from 1 to {}",
                    scale.len(),
                    scale.len()
                )
            } else {
                "write the number of the skill's lowest level, e.g. `first_level = 2`".to_owned()
            };
            self.error(
                Diagnostic::error(
                    Code::LevelOutOfRange,
                    format!("`first_level` {} is out of range", first.value),
                )
                .at(file.meta.source, first.span.clone())
                .with_help(Some(help)),
            );
            return 1;
        }
        first.value as usize
    }

    fn skill_ref(&mut self, source: SourceId, wanted: &Sp<String>) -> Option<SkillId> {
        if let Some(&id) = self.skills.get(&wanted.value) {
            return Some(id);
        }
        if self.loaded.broken.skills.contains(&wanted.value) {
            return None;
        }
        let help = self
            .framework
            .skills
            .iter()
            .find(|s| {
                s.aliases
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&wanted.value))
                    || s.name.eq_ignore_ascii_case(&wanted.value)
            })
            .map(|s| {
                format!(
                    "`{}` is another name for the skill `{}`: use its id",
                    wanted.value, s.id
                )
            })
            .or_else(|| {
                did_you_mean(
                    &wanted.value,
                    self.framework.skills.iter().map(|s| s.id.as_str()),
                )
            });
        self.error(
            Diagnostic::error(
                Code::UnknownSkill,
                format!("unknown skill `{}`", wanted.value),
            )
            .at(source, wanted.span.clone())
            .with_label("no skill has this id")
            .with_help(help),
        );
        None
    }

    fn duplicate_entry(&mut self, source: SourceId, entry: &Sp<String>, list: &str) {
        self.error(
            Diagnostic::warning(
                Code::DuplicateEntry,
                format!("`{}` is listed twice in `{list}`", entry.value),
            )
            .at(source, entry.span.clone())
            .with_help(Some("remove the second one".to_owned())),
        );
    }

    /// Resolves a level written by number or name to a 1-based number on the skill's scale.
    fn level_ref(
        &mut self,
        source: SourceId,
        skill: SkillId,
        level: &Sp<LevelRef>,
    ) -> Option<usize> {
        let skill = &self.framework.skills[skill.0];
        let (first, last) = (skill.first_level, skill.last_level());
        let names = || {
            skill
                .numbered_levels()
                .map(|(n, l)| format!("{n} `{}`", l.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &level.value {
            LevelRef::Number(n) if *n >= first as i64 && (*n as u64) <= last as u64 => {
                Some(*n as usize)
            }
            LevelRef::Number(n) => {
                let diagnostic = Diagnostic::error(
                    Code::LevelOutOfRange,
                    format!(
                        "level {n} is out of range for `{}`, which has levels {first} to {last}",
                        skill.id
                    ),
                )
                .at(source, level.span.clone())
                .with_label(format!("expected {first} to {last}"))
                .with_help(Some(format!(
                    "the levels of `{}` are {}",
                    skill.id,
                    names()
                )));
                self.error(diagnostic);
                None
            }
            LevelRef::Name(name) => {
                if let Some(i) = skill.levels.iter().position(|l| &l.name == name) {
                    return Some(first + i);
                }
                let help = did_you_mean(name, skill.levels.iter().map(|l| l.name.as_str()))
                    .unwrap_or_else(|| format!("the levels of `{}` are {}", skill.id, names()));
                let diagnostic = Diagnostic::error(
                    Code::UnknownLevel,
                    format!("`{}` has no level named `{name}`", skill.id),
                )
                .at(source, level.span.clone())
                .with_label("not a level of this skill")
                .with_help(Some(help));
                self.error(diagnostic);
                None
            }
        }
    }

    fn requirements(&mut self, source: SourceId, defs: &Requirements) -> Vec<Requirement> {
        let mut out = Vec::new();
        for (skill, def) in &defs.0 {
            let Some(skill) = self.skill_ref(source, skill) else {
                continue;
            };
            let Some(level) = self.level_ref(source, skill, &def.level) else {
                continue;
            };
            out.push(Requirement {
                skill,
                level,
                expectations: def.expectations.iter().map(|e| e.value.clone()).collect(),
                span: def.level.span.clone(),
            });
        }
        out
    }

    /// A role's `[[choices]]`: each skill resolved, `pick` within the set, and no skill
    /// both required outright and offered as a choice.
    fn choices(
        &mut self,
        source: SourceId,
        defs: &[crate::format::Choice],
        required: &[Requirement],
    ) -> Vec<Choice> {
        let mut out = Vec::new();
        for def in defs {
            let requirements = self.requirements(source, &def.skills);
            for ((written, _), r) in def.skills.0.iter().zip(&requirements) {
                if required.iter().any(|q| q.skill == r.skill) {
                    self.error(
                        Diagnostic::error(
                            Code::DuplicateEntry,
                            format!(
                                "`{}` is both required in `[skills]` and offered in the choice `{}`",
                                written.value, def.name.value
                            ),
                        )
                        .at(source, written.span.clone())
                        .with_help(Some(
                            "keep the skill in one place: `[skills]` if every holder needs it, the choice if it is one option of several".to_owned(),
                        )),
                    );
                }
            }
            let pick = match &def.pick {
                None => 1,
                Some(pick)
                    if pick.value >= 1 && (pick.value as u64) <= requirements.len() as u64 =>
                {
                    pick.value as usize
                }
                Some(pick) => {
                    self.error(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!(
                                "`pick = {}` but the choice `{}` offers {} skills",
                                pick.value,
                                def.name.value,
                                def.skills.0.len()
                            ),
                        )
                        .at(source, pick.span.clone())
                        .with_help(Some(format!(
                            "pick a number from 1 to {}",
                            def.skills.0.len().max(1)
                        ))),
                    );
                    continue;
                }
            };
            if requirements.is_empty() {
                continue;
            }
            out.push(Choice {
                name: def.name.value.clone(),
                pick,
                summary: def.summary.as_ref().map(|s| s.value.clone()),
                requirements,
            });
        }
        out
    }

    fn roles(&mut self) {
        let keep = register(
            ("role", "roles"),
            self.loaded.roles.iter().map(|r| &r.meta),
            self.diagnostics,
        );
        for (file, keep) in self.loaded.roles.iter().zip(keep) {
            let source = file.meta.source;
            // Requirements are checked even for a role that cannot be placed, so that every
            // problem of the file shows in one run.
            let requirements = self.requirements(source, &file.front.skills);
            let choices = self.choices(source, &file.front.choices, &requirements);
            let expectations = self.dimension_text(source, &file.front.expectations);
            let track = match self.tracks.get(&file.track) {
                Some(&t) => Some(t),
                None => {
                    if !self.loaded.broken.tracks.contains(&file.track) {
                        let help = did_you_mean(&file.track, self.framework.tracks.iter().map(|t| t.id.as_str()))
                            .map(|h| format!("{h} (move the file to that folder)"))
                            .unwrap_or_else(|| {
                                format!("create `tracks/{}.md`, or move the role into an existing track's folder", file.track)
                            });
                        self.error(
                            Diagnostic::error(
                                Code::UnknownTrack,
                                format!("the folder `roles/{}` names no track", file.track),
                            )
                            .at(source, file.meta.anchor.clone())
                            .with_label("this role's track is its folder")
                            .with_help(Some(help)),
                        );
                    }
                    None
                }
            };
            let grade = match self.grades.get(&file.front.grade.value) {
                Some(&g) => Some(g),
                None => {
                    let help = did_you_mean(
                        &file.front.grade.value,
                        self.framework.grades.iter().map(|g| g.id.as_str()),
                    )
                    .unwrap_or_else(|| {
                        format!(
                            "the grades in `trellis.toml` are {}",
                            self.framework
                                .grades
                                .iter()
                                .map(|g| format!("`{}`", g.id))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                    self.error(
                        Diagnostic::error(
                            Code::UnknownGrade,
                            format!("unknown grade `{}`", file.front.grade.value),
                        )
                        .at(source, file.front.grade.span.clone())
                        .with_label("not a grade of `trellis.toml`")
                        .with_help(Some(help)),
                    );
                    None
                }
            };
            let mut seen_aliases: Vec<String> = Vec::new();
            for alias in &file.front.aliases {
                let key = alias.value.to_lowercase();
                if seen_aliases.contains(&key) {
                    self.duplicate_entry(source, alias, "aliases");
                }
                seen_aliases.push(key);
            }
            let (Some(track), Some(grade), true) = (track, grade, keep) else {
                self.unplaced_roles.insert(file.meta.id.value.clone());
                continue;
            };
            let rid = RoleId(self.framework.roles.len());
            self.roles.insert(file.meta.id.value.clone(), rid);
            self.framework.roles.push(Role {
                id: file.meta.id.value.clone(),
                title: file.front.title.value.clone(),
                track,
                grade,
                grade_span: file.front.grade.span.clone(),
                summary: file.front.summary.as_ref().map(|s| s.value.clone()),
                aliases: file.front.aliases.clone(),
                next: Vec::new(),
                lateral: Vec::new(),
                pay: file.front.pay.as_ref().map(|p| Pay {
                    currency: p.currency.clone(),
                    min: p.min.clone(),
                    max: p.max.clone(),
                }),
                requirements,
                choices,
                expectations,
                body: self
                    .loaded
                    .shared_body(file.meta.source, file.meta.body_offset),
                origin: origin(self.loaded, &file.meta),
            });
        }
        for (i, role) in self.framework.roles.iter().enumerate() {
            self.framework.tracks[role.track.0].roles.push(RoleId(i));
        }
        let roles = &self.framework.roles;
        for track in &mut self.framework.tracks {
            track.roles.sort_by(|a, b| {
                (roles[a.0].grade, &roles[a.0].title, &roles[a.0].id).cmp(&(
                    roles[b.0].grade,
                    &roles[b.0].title,
                    &roles[b.0].id,
                ))
            });
        }
    }

    /// Resolves `next` and `lateral`, and adds the default promotion of roles without `next`.
    fn moves(&mut self) {
        for file in &self.loaded.roles {
            let Some(&rid) = self.roles.get(&file.meta.id.value) else {
                continue;
            };
            if self.framework.roles[rid.0].origin.source != file.meta.source {
                continue;
            }
            let next = match &file.front.next {
                Some(list) => self.role_refs(file.meta.source, rid, list, "next"),
                None => self.default_next(rid),
            };
            let lateral = self.role_refs(file.meta.source, rid, &file.front.lateral, "lateral");
            let role = &mut self.framework.roles[rid.0];
            role.next = next;
            role.lateral = lateral;
        }
    }

    fn role_refs(
        &mut self,
        source: SourceId,
        from: RoleId,
        list: &[Sp<String>],
        key: &str,
    ) -> Vec<Move> {
        let mut out: Vec<Move> = Vec::new();
        for item in list {
            if item.value == self.framework.roles[from.0].id {
                self.error(
                    Diagnostic::error(
                        Code::SelfReference,
                        format!("a role cannot list itself in `{key}`"),
                    )
                    .at(source, item.span.clone())
                    .with_help(Some(format!("remove `{}` from `{key}`", item.value))),
                );
                continue;
            }
            match self.roles.get(&item.value) {
                Some(&to) => {
                    if out.iter().any(|m| m.to == to) {
                        self.duplicate_entry(source, item, key);
                    } else {
                        out.push(Move {
                            to,
                            span: Some(item.span.clone()),
                        });
                    }
                }
                None if self.loaded.broken.roles.contains(&item.value)
                    || self.unplaced_roles.contains(&item.value) => {}
                None => {
                    let help = did_you_mean(
                        &item.value,
                        self.framework.roles.iter().map(|r| r.id.as_str()),
                    );
                    self.error(
                        Diagnostic::error(
                            Code::UnknownRole,
                            format!("unknown role `{}`", item.value),
                        )
                        .at(source, item.span.clone())
                        .with_label("no role has this id")
                        .with_help(help),
                    );
                }
            }
        }
        out
    }

    /// The role of the same track at the next higher grade that has roles, when there is
    /// exactly one; several make the promotion ambiguous, which deserves a warning.
    fn default_next(&mut self, rid: RoleId) -> Vec<Move> {
        let role = &self.framework.roles[rid.0];
        let track = &self.framework.tracks[role.track.0];
        let Some(next_grade) = track
            .roles
            .iter()
            .map(|r| self.framework.roles[r.0].grade)
            .filter(|g| *g > role.grade)
            .min()
        else {
            return Vec::new();
        };
        let candidates: Vec<RoleId> = track
            .roles
            .iter()
            .copied()
            .filter(|r| self.framework.roles[r.0].grade == next_grade)
            .collect();
        if let [only] = candidates.as_slice() {
            return vec![Move {
                to: *only,
                span: None,
            }];
        }
        let mut names = candidates
            .iter()
            .map(|r| format!("\"{}\"", self.framework.roles[r.0].id))
            .collect::<Vec<_>>();
        names.sort();
        let diagnostic = Diagnostic::warning(
            Code::AmbiguousPromotion,
            format!(
                "`{}` has no promotion: grade {} of track `{}` has {} roles",
                role.id,
                self.framework.grades[next_grade.0].id,
                track.id,
                candidates.len()
            ),
        )
        .at(role.origin.source, role.origin.anchor.clone())
        .with_help(Some(format!(
            "say which with `next = [{}]` (one or more)",
            names.join(", ")
        )));
        self.error(diagnostic);
        Vec::new()
    }

    fn pathways(&mut self) {
        let keep = register(
            ("pathway", "pathways"),
            self.loaded.pathways.iter().map(|p| &p.meta),
            self.diagnostics,
        );
        for (file, keep) in self.loaded.pathways.iter().zip(keep) {
            let source = file.meta.source;
            let Some(skill) = self.skill_ref(source, &file.front.skill) else {
                continue;
            };
            let from = file.front.from.as_ref().and_then(|l| {
                self.level_ref(source, skill, l)
                    .map(|v| Sp::new(v, l.span.clone()))
            });
            let to = file.front.to.as_ref().and_then(|l| {
                self.level_ref(source, skill, l)
                    .map(|v| Sp::new(v, l.span.clone()))
            });
            if !keep {
                continue;
            }
            self.framework.pathways.push(Pathway {
                id: file.meta.id.value.clone(),
                title: file.front.title.value.clone(),
                skill,
                from,
                to,
                summary: file.front.summary.as_ref().map(|s| s.value.clone()),
                steps: file
                    .front
                    .steps
                    .iter()
                    .map(|s| Step {
                        title: s.title.value.clone(),
                        kind: s.kind.value,
                        url: s.url.clone(),
                        minutes: s.minutes.as_ref().and_then(|m| u32::try_from(m.value).ok()),
                    })
                    .collect(),
                body: self
                    .loaded
                    .shared_body(file.meta.source, file.meta.body_offset),
                origin: origin(self.loaded, &file.meta),
            });
        }
        self.framework.pathways.sort_by(|a, b| a.id.cmp(&b.id));
    }

    fn opportunities(&mut self) {
        let keep = register(
            ("opportunity", "opportunities"),
            self.loaded.opportunities.iter().map(|o| &o.meta),
            self.diagnostics,
        );
        for (file, keep) in self.loaded.opportunities.iter().zip(keep) {
            let requirements = self.requirements(file.meta.source, &file.front.skills);
            if !keep {
                continue;
            }
            let text = |v: &Option<Sp<String>>| v.as_ref().map(|s| s.value.clone());
            self.framework.opportunities.push(Opportunity {
                id: file.meta.id.value.clone(),
                title: file.front.title.value.clone(),
                kind: file.front.kind.value,
                team: text(&file.front.team),
                time: text(&file.front.time),
                contact: text(&file.front.contact),
                closes: file.front.closes.as_ref().map(|d| d.value),
                requirements,
                body: self
                    .loaded
                    .shared_body(file.meta.source, file.meta.body_offset),
                origin: origin(self.loaded, &file.meta),
            });
        }
        self.framework.opportunities.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

impl Builder<'_> {
    /// `pages/*.md`: ids checked and unique, ordered by `weight`, then title.
    fn pages(&mut self) {
        let keep = register(
            ("page", "pages"),
            self.loaded.pages.iter().map(|p| &p.meta),
            self.diagnostics,
        );
        let mut pages: Vec<Page> = self
            .loaded
            .pages
            .iter()
            .zip(keep)
            .filter(|(_, keep)| *keep)
            .map(|(file, _)| Page {
                id: file.meta.id.value.clone(),
                title: file.front.title.value.clone(),
                summary: file.front.summary.as_ref().map(|s| s.value.clone()),
                weight: file.front.weight.as_ref().map(|w| w.value),
                body: self
                    .loaded
                    .shared_body(file.meta.source, file.meta.body_offset),
                origin: origin(self.loaded, &file.meta),
            })
            .collect();
        // A page without a weight sorts after every page with one.
        let order = |p: &Page| p.weight.unwrap_or(i64::MAX);
        pages.sort_by(|a, b| (order(a), &a.title, &a.id).cmp(&(order(b), &b.title, &b.id)));
        self.framework.pages = pages;
    }
}

/// A statement or body to look for links in: its text, where it is written, and whether a
/// position in the text is a position in the file (a body) or the whole value is (a TOML
/// string, whose escapes shift the offsets).
struct Prose<'a> {
    text: &'a str,
    span: Span,
    is_body: bool,
}

impl<'a> Prose<'a> {
    fn statement(s: &'a Sp<String>) -> Self {
        Prose {
            text: &s.value,
            span: s.span.clone(),
            is_body: false,
        }
    }

    fn body(text: &'a str, offset: usize) -> Self {
        Prose {
            text,
            span: offset..offset + text.len(),
            is_body: true,
        }
    }
}

/// The statements of a table of statements by id.
fn keyed<'a>(text: &'a crate::format::DimensionText, out: &mut Vec<Prose<'a>>) {
    for (_, statements) in &text.0 {
        out.extend(statements.iter().map(Prose::statement));
    }
}

fn requirement_text<'a>(skills: &'a crate::format::Requirements, out: &mut Vec<Prose<'a>>) {
    for (_, r) in &skills.0 {
        out.extend(r.expectations.iter().map(Prose::statement));
    }
}

fn optional<'a>(value: &'a Option<Sp<String>>, out: &mut Vec<Prose<'a>>) {
    out.extend(value.iter().map(Prose::statement));
}

impl Builder<'_> {
    /// Records the page each file becomes, then checks every link written in a statement
    /// or a body: an unsafe scheme, a relative link to a file that does not exist, an
    /// anchor its file does not have.
    fn links(&mut self) {
        let loaded = self.loaded;
        // Each file's page and body; the bodies are read in parallel below.
        let mut pages: Vec<(SourceId, String, String, &str)> = Vec::new();
        let path = |source: SourceId| loaded.sources.path(source).to_owned();
        for t in &loaded.tracks {
            pages.push((
                t.meta.source,
                path(t.meta.source),
                format!("tracks/{}/", t.meta.id.value),
                loaded.body(t.meta.source, t.meta.body_offset),
            ));
        }
        for r in &loaded.roles {
            pages.push((
                r.meta.source,
                path(r.meta.source),
                format!("roles/{}/", r.meta.id.value),
                loaded.body(r.meta.source, r.meta.body_offset),
            ));
        }
        for g in &loaded.groups {
            pages.push((
                g.source,
                path(g.source),
                format!("groups/{}/", g.id),
                loaded.body(g.source, g.body_offset),
            ));
        }
        for s in &loaded.skills {
            pages.push((
                s.meta.source,
                path(s.meta.source),
                format!("skills/{}/", s.meta.id.value),
                loaded.body(s.meta.source, s.meta.body_offset),
            ));
        }
        for p in &loaded.pathways {
            pages.push((
                p.meta.source,
                path(p.meta.source),
                format!("pathways/{}/", p.meta.id.value),
                loaded.body(p.meta.source, p.meta.body_offset),
            ));
        }
        // The model orders opportunities by id, and the page that shows one in full
        // follows from its place in that order.
        let mut ids: Vec<&str> = (loaded.opportunities.iter())
            .map(|o| o.meta.id.value.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for o in &loaded.opportunities {
            let id = o.meta.id.value.as_str();
            let index = ids.binary_search(&id).unwrap_or_default();
            pages.push((
                o.meta.source,
                path(o.meta.source),
                format!(
                    "{}#opportunity-{id}",
                    super::links::opportunity_folder(index, ids.len()),
                ),
                loaded.body(o.meta.source, o.meta.body_offset),
            ));
        }
        for p in &loaded.pages {
            pages.push((
                p.meta.source,
                path(p.meta.source),
                format!("pages/{}/", p.meta.id.value),
                loaded.body(p.meta.source, p.meta.body_offset),
            ));
        }

        // One parse of each body gives its headings, which links into it may name, and its
        // own links, checked below with those of the other texts.
        let scanned: Vec<_> = pages
            .par_iter()
            .map(|(_, _, _, body)| links::scan_body(body))
            .collect();
        let mut targets = links::Targets::default();
        let mut body_links = HashMap::new();
        for ((source, path, page, _), (anchors, found)) in pages.into_iter().zip(scanned) {
            targets.insert(path, page, anchors);
            body_links.insert(source, found);
        }

        let mut files: Vec<(SourceId, Vec<Prose<'_>>)> = Vec::new();
        if let Some(config) = &loaded.config {
            let c = &config.front;
            let mut prose = Vec::new();
            optional(&c.description, &mut prose);
            for d in &c.dimensions {
                optional(&d.summary, &mut prose);
            }
            for g in &c.grades {
                optional(&g.summary, &mut prose);
                keyed(&g.expectations, &mut prose);
            }
            files.push((config.source, prose));
        }
        for t in &loaded.tracks {
            let mut prose = vec![Prose::body(
                loaded.body(t.meta.source, t.meta.body_offset),
                t.meta.body_offset,
            )];
            optional(&t.front.summary, &mut prose);
            for (_, text) in &t.front.expectations.0 {
                keyed(text, &mut prose);
            }
            files.push((t.meta.source, prose));
        }
        for r in &loaded.roles {
            let mut prose = vec![Prose::body(
                loaded.body(r.meta.source, r.meta.body_offset),
                r.meta.body_offset,
            )];
            optional(&r.front.summary, &mut prose);
            requirement_text(&r.front.skills, &mut prose);
            for c in &r.front.choices {
                optional(&c.summary, &mut prose);
                requirement_text(&c.skills, &mut prose);
            }
            keyed(&r.front.expectations, &mut prose);
            files.push((r.meta.source, prose));
        }
        for g in &loaded.groups {
            let mut prose = vec![Prose::body(
                loaded.body(g.source, g.body_offset),
                g.body_offset,
            )];
            optional(&g.front.summary, &mut prose);
            files.push((g.source, prose));
        }
        for s in &loaded.skills {
            let mut prose = vec![Prose::body(
                loaded.body(s.meta.source, s.meta.body_offset),
                s.meta.body_offset,
            )];
            optional(&s.front.summary, &mut prose);
            for l in &s.front.levels {
                optional(&l.summary, &mut prose);
                prose.extend(l.signals.iter().map(Prose::statement));
                prose.extend(l.examples.iter().map(Prose::statement));
            }
            files.push((s.meta.source, prose));
        }
        for p in &loaded.pathways {
            let mut prose = vec![Prose::body(
                loaded.body(p.meta.source, p.meta.body_offset),
                p.meta.body_offset,
            )];
            optional(&p.front.summary, &mut prose);
            files.push((p.meta.source, prose));
        }
        for o in &loaded.opportunities {
            let mut prose = vec![Prose::body(
                loaded.body(o.meta.source, o.meta.body_offset),
                o.meta.body_offset,
            )];
            requirement_text(&o.front.skills, &mut prose);
            files.push((o.meta.source, prose));
        }
        for p in &loaded.pages {
            let mut prose = vec![Prose::body(
                loaded.body(p.meta.source, p.meta.body_offset),
                p.meta.body_offset,
            )];
            optional(&p.front.summary, &mut prose);
            files.push((p.meta.source, prose));
        }

        // Finding the links parses every text with a link in it, in parallel; resolving
        // them is quick, and in order, for the diagnostics.
        let found: Vec<Vec<(String, Span, bool)>> = files
            .par_iter()
            .map(|(source, prose)| {
                let mut found = Vec::new();
                for item in prose {
                    let parsed;
                    let links = if item.is_body {
                        match body_links.get(source) {
                            Some(links) => links,
                            None => continue,
                        }
                    } else if !item.text.contains(']') && !item.text.contains('<') {
                        // Most text has no link at all; skip the parse.
                        continue;
                    } else {
                        parsed = links::links_in(item.text);
                        &parsed
                    };
                    for (href, range) in links {
                        let href = href.clone();
                        let span = if item.is_body {
                            item.span.start + range.start..item.span.start + range.end
                        } else {
                            item.span.clone()
                        };
                        found.push((href, span, item.is_body));
                    }
                }
                found
            })
            .collect();
        for ((source, _), found) in files.iter().zip(found) {
            if found.is_empty() {
                continue;
            }
            let from = path(*source);
            for (href, span, is_body) in found {
                self.link(*source, &from, &href, span, is_body, &targets);
            }
        }
        self.framework.links = targets;
    }

    fn link(
        &mut self,
        source: SourceId,
        from: &str,
        href: &str,
        span: Span,
        is_body: bool,
        targets: &links::Targets,
    ) {
        if !crate::links::is_safe_url(href) {
            let scheme = crate::links::url_scheme(href).unwrap_or_default();
            let diagnostic = if is_body {
                // Bodies have always been sanitized rather than refused; the link is
                // dropped from the page, and the author is told.
                Diagnostic::warning(
                    Code::UnsafeUrl,
                    format!("a link uses the `{scheme}:` scheme, which the site removes"),
                )
                .with_label("not an http, https or mailto link")
            } else {
                Diagnostic::error(
                    Code::UnsafeUrl,
                    format!("a link in this statement uses the `{scheme}:` scheme, which the site will not link to"),
                )
                .with_label("not an http, https or mailto link")
            };
            self.error(diagnostic.at(source, span).with_help(Some(
                "link to an `https://` page or a framework file instead".to_owned(),
            )));
            return;
        }
        match targets.resolve(from, href) {
            Ok(_) => {}
            Err(links::Broken::NoFile(path)) => {
                self.error(
                    Diagnostic::error(
                        Code::BrokenLink,
                        format!("the link `{href}` leads to `{path}`, which is not a file of the framework"),
                    )
                    .at(source, span)
                    .with_help(Some(
                        "links to framework files are relative to the file they are written in, e.g. `../pages/promotions.md` from a track".to_owned(),
                    )),
                );
            }
            Err(links::Broken::NoAnchor {
                path,
                anchor,
                suggestion,
            }) => {
                let help = match suggestion {
                    Some(s) => format!("did you mean `#{s}`?"),
                    None => format!(
                        "an anchor is the id of a heading of `{path}`, e.g. `#who-decides` for `## Who decides`"
                    ),
                };
                self.error(
                    Diagnostic::error(
                        Code::BrokenLink,
                        format!("`{path}` has no heading `#{anchor}`"),
                    )
                    .at(source, span)
                    .with_help(Some(help)),
                );
            }
        }
    }
}

/// `people-practice` → `People practice`, for groups without a `_group.md`.
fn humanize(id: &str) -> String {
    let text = id.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// `/`, `/careers/`, or `http(s)://host/...`.
fn valid_base_url(url: &str) -> bool {
    if url.contains(char::is_whitespace) {
        return false;
    }
    match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(rest) => rest.split('/').next().is_some_and(|host| !host.is_empty()),
        None => url.starts_with('/') && !url.starts_with("//"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_a_path_or_an_http_url() {
        for ok in [
            "/",
            "/careers/",
            "https://intranet.example/careers/",
            "http://localhost:1111",
        ] {
            assert!(valid_base_url(ok), "{ok}");
        }
        for bad in [
            "careers",
            "//cdn.example",
            "https://",
            "javascript:alert(1)",
            "/a b",
        ] {
            assert!(!valid_base_url(bad), "{bad}");
        }
    }

    #[test]
    fn bodies_are_the_text_after_the_front_matter_and_share_it() {
        let loaded = crate::load::load_files([
            (
                "trellis.toml".to_owned(),
                b"title = \"T\"\n[[grades]]\nid = \"g1\"\nname = \"G1\"\n".to_vec(),
            ),
            (
                "tracks/t.md".to_owned(),
                "+++\nname = \"T\"\n+++\nÀ body, *in* Markdown.\n"
                    .as_bytes()
                    .to_vec(),
            ),
        ]);
        let f = build(&loaded, &mut Diagnostics::new());
        let track = &f.tracks[0];
        assert_eq!(&*track.body, "À body, *in* Markdown.\n");
        assert_eq!(track.body, Body::from("À body, *in* Markdown.\n"));
        assert_eq!(
            serde_json::to_string(&track.body).unwrap(),
            "\"À body, *in* Markdown.\\n\""
        );
        let text = loaded.sources.shared_text(track.origin.source);
        assert!(std::sync::Arc::strong_count(&text) > 2, "not copied");
        // An offset that is not a character boundary gives an empty body, not a panic.
        assert_eq!(&*Body::new(std::sync::Arc::new("À".to_owned()), 1), "");
    }

    #[test]
    fn humanize_makes_a_group_name_from_its_folder() {
        assert_eq!(humanize("people-practice"), "People practice");
    }
}
