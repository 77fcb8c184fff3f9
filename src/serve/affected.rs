//! Which pages an edit of role files or free pages can change, so that `serve` re-renders
//! those and not the whole site.
//!
//! A free page (`pages/<id>.md`) is listed by title in the navigation of every page, and by
//! title and summary on the home page and the list of pages: an edit that changes what the
//! lists show changes every page, and only an edit of its body is rendered in part.
//!
//! The rules follow what each page shows (see `src/render/views.rs`): a role's page shows
//! its own requirements, the gap to each role it can move to with that role's words, and
//! the roles near it in the other tracks of its family; track pages show their
//! roles' links, a skills × roles matrix and a map of the track and the tracks its roles
//! move sideways to; skill pages list the roles that need the skill; group pages count them;
//! pathway pages list the moves they help with; the home page maps every track; the A–Z list
//! names every role and alias; past many tracks, the families' pages give the overview of their
//! tracks; the compare page lists every role by track. What an
//! edit changed decides which of these can differ. They are checked against full renders
//! in `tests/testsuite/serve.rs`, edit by edit.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::{Framework, GroupId, Page, PageId, PathwayId, Role, RoleId, SkillId, TrackId};
use crate::render::{PageRef, az_parts, az_path, family_paths};

/// The pages to render again and the pages that are gone.
#[derive(Debug, Default)]
pub struct Selection {
    /// Pages of the new framework to render.
    pub pages: Vec<PageRef>,
    /// Paths of pages the new framework no longer has.
    pub removed: Vec<String>,
}

impl Selection {
    /// Adds `other`'s pages and removals to these, each once, keeping the pages that list
    /// the whole framework first.
    pub fn merge(&mut self, other: Selection) {
        let mut seen: HashSet<PageRef> = self.pages.iter().copied().collect();
        self.pages
            .extend(other.pages.into_iter().filter(|p| seen.insert(*p)));
        self.pages
            .sort_by_key(|p| !matches!(p, PageRef::Az(_) | PageRef::Compare | PageRef::Home));
        for path in other.removed {
            if !self.removed.contains(&path) {
                self.removed.push(path);
            }
        }
    }
}

/// Whether an edit of the files at `paths` moved the page one of them becomes (a new `id`
/// in the same file): every body or statement that links to the file then links elsewhere,
/// and any page can show one. A file added or removed does not count: nothing linked to it
/// before, or the check now fails on the broken link.
pub fn retargeted(old: &Framework, new: &Framework, paths: &BTreeSet<String>) -> bool {
    paths
        .iter()
        .any(|path| match (old.links.get(path), new.links.get(path)) {
            (Some(a), Some(b)) => a.page != b.page,
            _ => false,
        })
}

/// The pages of `new` that can differ from those of `old` when only the free pages at
/// `paths` changed, or `None` when every page can: a page added, removed, or given a new
/// id, title, summary or weight changes the navigation of every page. A changed body shows
/// on its own page only (its words reach search and `framework.json`, which are rebuilt
/// with every check).
pub fn page_edit(old: &Framework, new: &Framework, paths: &BTreeSet<String>) -> Option<Selection> {
    let at = |f: &Framework, path: &str| f.pages.iter().position(|p| p.origin.path == path);
    // What the lists of pages show of one.
    let listed = |p: &Page| (p.id.clone(), p.title.clone(), p.summary.clone(), p.weight);
    let mut pages = Vec::new();
    for path in paths {
        match (at(old, path), at(new, path)) {
            (Some(a), Some(b)) if listed(&old.pages[a]) == listed(&new.pages[b]) => {
                pages.push(PageRef::Page(PageId(b)));
            }
            // Neither before nor after: a file the loader skips or could not read.
            (None, None) => {}
            _ => return None,
        }
    }
    Some(Selection {
        pages,
        removed: Vec::new(),
    })
}

/// What differs between two versions of one role.
#[derive(Clone, Copy, Debug, Default)]
struct Difference {
    /// What other pages show of it: id, title, summary, grade, track, aliases.
    link: bool,
    /// Its promotions and lateral moves.
    moves: bool,
    /// Which skills it needs, at which levels, in which words (the next step of the roles
    /// that move to it shows its expectations).
    requirements: bool,
}

impl Difference {
    const ALL: Difference = Difference {
        link: true,
        moves: true,
        requirements: true,
    };

    fn or(self, other: Difference) -> Difference {
        Difference {
            link: self.link || other.link,
            moves: self.moves || other.moves,
            requirements: self.requirements || other.requirements,
        }
    }
}

/// The pages of `new` that can differ from those of `old` when only the role files at
/// `paths` (relative to the framework, forward slashes) changed. Everything else in the two
/// frameworks must be the same.
pub fn role_edit(old: &Framework, new: &Framework, paths: &BTreeSet<String>) -> Selection {
    let old_index = Index::new(old);
    let new_index = Index::new(new);
    // Roles are matched by id, the name every other page knows them by.
    let changed: BTreeSet<&str> = old
        .roles
        .iter()
        .chain(&new.roles)
        .filter(|r| paths.contains(&r.origin.path))
        .map(|r| r.id.as_str())
        .collect();

    let mut roles: HashSet<&str> = HashSet::new();
    let mut tracks: HashSet<&str> = HashSet::new();
    let mut skills: HashSet<&str> = HashSet::new();
    let mut groups: HashSet<&str> = HashSet::new();
    let mut pathway_roles: HashSet<&str> = HashSet::new();
    let mut all = Difference::default();
    let mut removed = Vec::new();

    for &id in &changed {
        let before = old_index.role(id);
        let after = new_index.role(id);
        let difference = match (before, after) {
            (Some(a), Some(b)) => compare(old, &old[a], new, &new[b]),
            (Some(_), None) => {
                removed.push(format!("roles/{id}/index.html"));
                Difference::ALL
            }
            _ => Difference::ALL,
        };
        all = all.or(difference);
        roles.insert(id);
        if !(difference.link || difference.moves || difference.requirements) {
            // Its body or pay: shown on its own page only.
            continue;
        }
        pathway_roles.insert(id);
        for (f, index, role) in [(old, &old_index, before), (new, &new_index, after)] {
            let Some(r) = role else { continue };
            let track = f[r].track;
            if difference.link || difference.moves {
                // Moves to and from it, and the default promotions of its track, which
                // follow grades.
                let mut near = index.neighbours(f, r);
                near.extend(f[track].roles.iter().map(|x| f[*x].id.as_str()));
                roles.extend(&near);
                pathway_roles.extend(&near);
                for t in 0..f.tracks.len() {
                    if map_tracks(f, TrackId(t)).contains(&track) {
                        tracks.insert(f.tracks[t].id.as_str());
                    }
                }
            }
            if difference.link {
                // "Other roles near this one" lists the roles at a grade and one up in the
                // other tracks of the family, so the roles a grade below, at and above it.
                if let Some(family) = f[track].family.as_deref() {
                    let grade = f[r].grade.0;
                    for t in f
                        .tracks
                        .iter()
                        .filter(|t| t.family.as_deref() == Some(family))
                    {
                        roles.extend(
                            t.roles
                                .iter()
                                .filter(|x| f[**x].grade.0.abs_diff(grade) <= 1)
                                .map(|x| f[*x].id.as_str()),
                        );
                    }
                }
            }
            if difference.requirements {
                // The roles that can move to it show the gap to it, with its expectations.
                let into = index.moves_into(f, r);
                roles.extend(&into);
                pathway_roles.extend(&into);
                tracks.insert(f[track].id.as_str());
            }
            if difference.link || difference.requirements {
                for q in &f[r].requirements {
                    skills.insert(f[q.skill].id.as_str());
                    if difference.requirements {
                        groups.insert(f[f[q.skill].group].id.as_str());
                    }
                }
            }
            // Moves out of it: the skills of their targets decide which pathways help.
            pathway_roles.extend(index.neighbours(f, r));
        }
    }

    // Pathways list the moves they help with; a move's gap is in the skills of its two roles.
    let mut pathway_skills: HashSet<&str> = HashSet::new();
    for (f, index) in [(old, &old_index), (new, &new_index)] {
        for id in &pathway_roles {
            if let Some(r) = index.role(id) {
                pathway_skills.extend(f[r].requirements.iter().map(|q| f[q.skill].id.as_str()));
            }
        }
    }

    let mut pages = Vec::new();
    for (i, role) in new.roles.iter().enumerate() {
        if roles.contains(role.id.as_str()) {
            pages.push(PageRef::Role(RoleId(i)));
        }
    }
    for (i, track) in new.tracks.iter().enumerate() {
        if tracks.contains(track.id.as_str()) {
            pages.push(PageRef::Track(TrackId(i)));
        }
    }
    for (i, skill) in new.skills.iter().enumerate() {
        if skills.contains(skill.id.as_str()) {
            pages.push(PageRef::Skill(SkillId(i)));
        }
    }
    for (i, group) in new.groups.iter().enumerate() {
        if groups.contains(group.id.as_str()) {
            pages.push(PageRef::Group(GroupId(i)));
        }
    }
    for (i, pathway) in new.pathways.iter().enumerate() {
        if pathway_skills.contains(new[pathway.skill].id.as_str()) {
            pages.push(PageRef::Pathway(PathwayId(i)));
        }
    }
    if all.link || all.moves {
        pages.push(PageRef::Home);
        // The families' pages show what the home's overview would: the same rules.
        let kept = family_paths(new);
        pages.extend((0..kept.len()).map(PageRef::Family));
        removed.extend(family_paths(old).into_iter().filter(|p| !kept.contains(p)));
    }
    if all.link {
        // The A–Z is paged by count: a role or alias more or fewer can add or drop a page.
        let (before, after) = (az_parts(old), az_parts(new));
        pages.extend((0..=after).map(PageRef::Az));
        removed.extend((after + 1..=before).map(az_path));
    }
    if all.link || all.requirements {
        pages.push(PageRef::Compare);
    }
    // The pages that list the whole framework take longest; start them first.
    pages.sort_by_key(|p| !matches!(p, PageRef::Az(_) | PageRef::Compare | PageRef::Home));
    Selection { pages, removed }
}

/// What differs between two versions of a role, each read in its own framework.
fn compare(old: &Framework, a: &Role, new: &Framework, b: &Role) -> Difference {
    let link = |f: &Framework, r: &Role| {
        (
            r.id.clone(),
            r.title.clone(),
            r.summary.clone(),
            f.grades[r.grade.0].id.clone(),
            f[r.track].id.clone(),
            r.aliases
                .iter()
                .map(|a| a.value.clone())
                .collect::<Vec<_>>(),
        )
    };
    let moves = |f: &Framework, r: &Role| {
        let list = |ms: &[crate::model::Move]| {
            ms.iter()
                .map(|m| (f[m.to].id.clone(), m.is_default()))
                .collect::<Vec<_>>()
        };
        (list(&r.next), list(&r.lateral))
    };
    let requirements = |f: &Framework, r: &Role| {
        r.requirements
            .iter()
            .map(|q| (f[q.skill].id.clone(), q.level, q.expectations.clone()))
            .collect::<Vec<_>>()
    };
    Difference {
        link: link(old, a) != link(new, b),
        moves: moves(old, a) != moves(new, b),
        requirements: requirements(old, a) != requirements(new, b),
    }
}

/// The tracks a track's map shows: itself and the tracks its roles move sideways to (as
/// `Views::track` draws it).
fn map_tracks(f: &Framework, t: TrackId) -> Vec<TrackId> {
    let mut tracks = vec![t];
    for r in &f[t].roles {
        for m in &f[*r].lateral {
            let other = f[m.to].track;
            if !tracks.contains(&other) {
                tracks.push(other);
            }
        }
    }
    tracks
}

/// Roles by id, and the moves into each role.
struct Index<'f> {
    by_id: HashMap<&'f str, RoleId>,
    into: Vec<Vec<RoleId>>,
}

impl<'f> Index<'f> {
    fn new(f: &'f Framework) -> Self {
        let mut into = vec![Vec::new(); f.roles.len()];
        for (i, role) in f.roles.iter().enumerate() {
            for m in role.next.iter().chain(&role.lateral) {
                into[m.to.0].push(RoleId(i));
            }
        }
        Index {
            by_id: f
                .roles
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), RoleId(i)))
                .collect(),
            into,
        }
    }

    fn role(&self, id: &str) -> Option<RoleId> {
        self.by_id.get(id).copied()
    }

    /// Ids of the roles that can move to `r`.
    fn moves_into(&self, f: &'f Framework, r: RoleId) -> Vec<&'f str> {
        self.into[r.0].iter().map(|x| f[*x].id.as_str()).collect()
    }

    /// Ids of the roles `r` can move to and of those that can move to it.
    fn neighbours(&self, f: &'f Framework, r: RoleId) -> Vec<&'f str> {
        let role = &f[r];
        let mut ids = self.moves_into(f, r);
        ids.extend(
            role.next
                .iter()
                .chain(&role.lateral)
                .map(|m| f[m.to].id.as_str()),
        );
        ids
    }
}
