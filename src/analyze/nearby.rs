//! Roles within reach that the framework does not declare as moves: the roles at the same
//! grade, and one grade up, in the other tracks of the role's family. A framework rarely
//! writes every sideways move, and a reader looking for one should still find where to look.
//!
//! The list is capped, so a family of hundreds of tracks does not make every role page
//! long; what is left out is counted per track, for the page to link to those tracks.

use crate::model::{Framework, RoleId, TrackId};

/// How far up a nearby role is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// At the role's own grade.
    SameGrade,
    /// One grade higher.
    GradeUp,
}

/// The roles near one role.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nearby {
    /// Shown: same grade first, then one up; within each, by track order then title.
    pub roles: Vec<(Reach, RoleId)>,
    /// The first tracks (in track order) with nearby roles that are not shown, with how
    /// many each.
    pub more: Vec<(TrackId, usize)>,
    /// How many tracks have nearby roles that are not shown, `more` and the rest.
    pub more_tracks: usize,
    /// Every nearby role, shown or not.
    pub total: usize,
}

/// The roles of one family at one grade.
#[derive(Clone, Debug, Default)]
struct Rung {
    /// In track order, then the track's own order (grade, then title).
    roles: Vec<(TrackId, RoleId)>,
    /// How many of `roles` each track has, by track.
    counts: Vec<(TrackId, usize)>,
}

impl Rung {
    fn count(&self, track: TrackId) -> usize {
        self.counts
            .binary_search_by_key(&track, |(t, _)| *t)
            .map_or(0, |i| self.counts[i].1)
    }
}

/// The roles of each family by grade, for finding the roles near any one role without
/// walking its whole family: a role's page costs the same in a family of ten tracks as in
/// one of a thousand.
#[derive(Clone, Debug, Default)]
pub struct Families {
    /// For each track, its family's index in `rungs` (none for a track without a family).
    family_of: Vec<Option<usize>>,
    /// For each family, a rung per grade.
    rungs: Vec<Vec<Rung>>,
    /// For each family and grade, how many tracks have a role at that grade or the next.
    spans: Vec<Vec<usize>>,
}

impl Families {
    /// Groups the tracks by `family`, compared exactly.
    pub fn new(framework: &Framework) -> Self {
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        let grades = framework.grades.len();
        let mut family_of = Vec::with_capacity(framework.tracks.len());
        let mut rungs: Vec<Vec<Rung>> = Vec::new();
        for (i, t) in framework.tracks.iter().enumerate() {
            let Some(family) = t.family.as_deref() else {
                family_of.push(None);
                continue;
            };
            let n = *index.entry(family).or_insert_with(|| {
                rungs.push(vec![Rung::default(); grades]);
                rungs.len() - 1
            });
            family_of.push(Some(n));
            let track = TrackId(i);
            for &o in &t.roles {
                let Some(rung) = rungs[n].get_mut(framework[o].grade.0) else {
                    continue;
                };
                rung.roles.push((track, o));
                match rung.counts.last_mut() {
                    Some((last, c)) if *last == track => *c += 1,
                    _ => rung.counts.push((track, 1)),
                }
            }
        }
        let spans = rungs
            .iter()
            .map(|by_grade| {
                (0..by_grade.len())
                    .map(|g| {
                        let next = by_grade.get(g + 1).map_or(&[][..], |r| &r.counts[..]);
                        merged(&by_grade[g].counts, next).count()
                    })
                    .collect()
            })
            .collect();
        Families {
            family_of,
            rungs,
            spans,
        }
    }

    /// The roles near `role`, at most `cap` of them shown and at most `tracks_cap` of the
    /// tracks holding the rest, leaving out the roles it already moves to (`next` and
    /// `lateral`).
    pub fn nearby(
        &self,
        framework: &Framework,
        role: RoleId,
        cap: usize,
        tracks_cap: usize,
    ) -> Nearby {
        let r = &framework[role];
        let Some(family) = self.family_of.get(r.track.0).copied().flatten() else {
            return Nearby::default();
        };
        let grade = r.grade.0;
        let empty = Rung::default();
        let rungs = &self.rungs[family];
        let same = rungs.get(grade).unwrap_or(&empty);
        let up = rungs.get(grade + 1).unwrap_or(&empty);
        let mut declared: Vec<RoleId> = r.next.iter().chain(&r.lateral).map(|m| m.to).collect();
        declared.sort_unstable();
        declared.dedup();
        // What is left out of the hidden count of each track: the role's own track, the
        // moves it declares, and the roles shown.
        let mut taken: Vec<(TrackId, usize)> = Vec::new();
        let mut take = |t: TrackId, n: usize| match taken.iter_mut().find(|(m, _)| *m == t) {
            Some((_, c)) => *c += n,
            None => taken.push((t, n)),
        };
        take(r.track, same.count(r.track) + up.count(r.track));
        for &o in &declared {
            let other = &framework[o];
            let in_reach = other.grade.0 == grade || other.grade.0 == grade + 1;
            if in_reach && other.track != r.track && self.family_of[other.track.0] == Some(family) {
                take(other.track, 1);
            }
        }
        let nearby =
            |&(t, o): &(TrackId, RoleId)| t != r.track && declared.binary_search(&o).is_err();
        let candidates = same
            .roles
            .iter()
            .filter(|e| nearby(e))
            .map(|&(t, o)| (Reach::SameGrade, t, o))
            .chain(
                up.roles
                    .iter()
                    .filter(|e| nearby(e))
                    .map(|&(t, o)| (Reach::GradeUp, t, o)),
            );
        let mut roles = Vec::new();
        for (reach, t, o) in candidates.take(cap) {
            roles.push((reach, o));
            take(t, 1);
        }
        let left =
            |t: TrackId, n: usize| n - taken.iter().find(|(m, _)| *m == t).map_or(0, |(_, c)| *c);
        let all = same.roles.len() + up.roles.len();
        let total = all - taken.iter().map(|(_, c)| c).sum::<usize>() + roles.len();
        // Tracks of the span that nothing is left of.
        let emptied = taken
            .iter()
            .filter(|(t, _)| {
                let n = same.count(*t) + up.count(*t);
                n > 0 && left(*t, n) == 0
            })
            .count();
        let more = merged(&same.counts, &up.counts)
            .map(|(t, n)| (t, left(t, n)))
            .filter(|(_, n)| *n > 0)
            .take(tracks_cap)
            .collect();
        Nearby {
            roles,
            more,
            more_tracks: self.spans[family].get(grade).copied().unwrap_or(0) - emptied,
            total,
        }
    }
}

/// Two lists of per-track counts sorted by track, merged into one with the counts added.
fn merged<'a>(
    a: &'a [(TrackId, usize)],
    b: &'a [(TrackId, usize)],
) -> impl Iterator<Item = (TrackId, usize)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || match (a.get(i), b.get(j)) {
        (Some(&(s, m)), Some(&(t, n))) => Some(match s.cmp(&t) {
            std::cmp::Ordering::Less => {
                i += 1;
                (s, m)
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (t, n)
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (s, m + n)
            }
        }),
        (Some(&x), None) => {
            i += 1;
            Some(x)
        }
        (None, Some(&y)) => {
            j += 1;
            Some(y)
        }
        (None, None) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    fn load(root: &std::path::Path) -> Framework {
        let loaded = crate::load::load(root).unwrap();
        crate::model::build(&loaded, &mut Diagnostics::new())
    }

    fn sample() -> Framework {
        load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("framework"))
    }

    /// The definition, walked the long way: every role of every other track of the family.
    fn walked(f: &Framework, role: RoleId, cap: usize, tracks_cap: usize) -> Nearby {
        let r = &f[role];
        let family = f[r.track].family.as_deref();
        let declared: Vec<RoleId> = r.next.iter().chain(&r.lateral).map(|m| m.to).collect();
        let mut found = Vec::new();
        for reach in [Reach::SameGrade, Reach::GradeUp] {
            let grade = r.grade.0 + usize::from(reach == Reach::GradeUp);
            for (t, track) in f.tracks.iter().enumerate() {
                if family.is_none() || track.family.as_deref() != family || TrackId(t) == r.track {
                    continue;
                }
                for &o in &track.roles {
                    if f[o].grade.0 == grade && !declared.contains(&o) {
                        found.push((reach, TrackId(t), o));
                    }
                }
            }
        }
        let mut more: Vec<(TrackId, usize)> = Vec::new();
        for (_, t, _) in found.iter().skip(cap) {
            match more.iter_mut().find(|(m, _)| m == t) {
                Some((_, n)) => *n += 1,
                None => more.push((*t, 1)),
            }
        }
        more.sort();
        let more_tracks = more.len();
        more.truncate(tracks_cap);
        Nearby {
            total: found.len(),
            roles: found
                .iter()
                .take(cap)
                .map(|&(reach, _, o)| (reach, o))
                .collect(),
            more,
            more_tracks,
        }
    }

    #[test]
    fn the_rungs_give_what_walking_the_family_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let unidays = root.join("../shared/fixtures/real/unidays");
        let mut frameworks = vec![sample()];
        if unidays.is_dir() {
            frameworks.push(load(&unidays));
        }
        for f in &frameworks {
            let families = Families::new(f);
            let mut capped = 0;
            for (id, _) in f.role_ids() {
                for (cap, tracks_cap) in [(usize::MAX, usize::MAX), (3, 2), (1, 1), (0, 0)] {
                    let near = families.nearby(f, id, cap, tracks_cap);
                    assert_eq!(near, walked(f, id, cap, tracks_cap), "{}", f[id].id);
                    capped += usize::from(near.more_tracks > near.more.len());
                }
            }
            assert!(capped > 0, "some role has more tracks than it names");
        }
    }

    #[test]
    fn nearby_roles_are_in_other_tracks_of_the_family_at_the_grade_or_one_up() {
        let f = sample();
        let families = Families::new(&f);
        for (id, role) in f.role_ids() {
            let near = families.nearby(&f, id, usize::MAX, usize::MAX);
            assert_eq!(near.total, near.roles.len());
            assert!(near.more.is_empty());
            assert_eq!(near.more_tracks, 0);
            for (reach, o) in &near.roles {
                let other = &f[*o];
                assert_ne!(other.track, role.track);
                assert_eq!(f[other.track].family, f[role.track].family);
                assert!(f[role.track].family.is_some());
                let up = usize::from(*reach == Reach::GradeUp);
                assert_eq!(other.grade.0, role.grade.0 + up);
                assert!(!role.next.iter().chain(&role.lateral).any(|m| m.to == *o));
            }
        }
    }

    #[test]
    fn a_capped_list_counts_what_it_leaves_out_per_track() {
        let f = sample();
        let families = Families::new(&f);
        let (id, whole) = f
            .role_ids()
            .map(|(id, _)| (id, families.nearby(&f, id, usize::MAX, usize::MAX)))
            .max_by_key(|(_, n)| n.total)
            .unwrap();
        assert!(whole.total >= 2, "the sample has a role with nearby roles");
        let capped = families.nearby(&f, id, 1, usize::MAX);
        assert_eq!(capped.roles, whole.roles[..1]);
        assert_eq!(capped.total, whole.total);
        let hidden: usize = capped.more.iter().map(|(_, n)| n).sum();
        assert_eq!(hidden, whole.total - 1);
    }
}
