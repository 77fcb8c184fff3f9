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
    /// Tracks with nearby roles that are not shown, with how many, in track order.
    pub more: Vec<(TrackId, usize)>,
    /// Every nearby role, shown or not.
    pub total: usize,
}

/// For each track, the other tracks of its family (none for a track without a family).
#[derive(Clone, Debug, Default)]
pub struct Families {
    others: Vec<Vec<TrackId>>,
}

impl Families {
    /// Groups the tracks by `family`, compared exactly.
    pub fn new(framework: &Framework) -> Self {
        let mut by_name: std::collections::BTreeMap<&str, Vec<TrackId>> = Default::default();
        for (i, t) in framework.tracks.iter().enumerate() {
            if let Some(family) = t.family.as_deref() {
                by_name.entry(family).or_default().push(TrackId(i));
            }
        }
        let mut others = vec![Vec::new(); framework.tracks.len()];
        for tracks in by_name.values() {
            for t in tracks {
                others[t.0] = tracks.iter().copied().filter(|o| o != t).collect();
            }
        }
        Families { others }
    }

    /// The roles near `role`, at most `cap` of them shown, leaving out the roles it already
    /// moves to (`next` and `lateral`).
    pub fn nearby(&self, framework: &Framework, role: RoleId, cap: usize) -> Nearby {
        let r = &framework[role];
        let declared: Vec<RoleId> = r.next.iter().chain(&r.lateral).map(|m| m.to).collect();
        let grade = r.grade.0;
        let mut found: Vec<(Reach, TrackId, RoleId)> = Vec::new();
        for &t in self.others.get(r.track.0).map_or(&[][..], Vec::as_slice) {
            for &o in &framework[t].roles {
                let reach = match framework[o].grade.0 {
                    g if g == grade => Reach::SameGrade,
                    g if g == grade + 1 => Reach::GradeUp,
                    _ => continue,
                };
                if o != role && !declared.contains(&o) {
                    found.push((reach, t, o));
                }
            }
        }
        // Tracks are in display order and a track's roles by grade then title, so sorting by
        // reach alone (stable) keeps that order within each reach.
        found.sort_by_key(|(reach, _, _)| *reach);
        let total = found.len();
        let mut more: Vec<(TrackId, usize)> = Vec::new();
        for (_, t, _) in found.iter().skip(cap) {
            match more.iter_mut().find(|(m, _)| m == t) {
                Some((_, n)) => *n += 1,
                None => more.push((*t, 1)),
            }
        }
        more.sort_by_key(|(t, _)| *t);
        found.truncate(cap);
        Nearby {
            roles: found.into_iter().map(|(reach, _, o)| (reach, o)).collect(),
            more,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    fn sample() -> Framework {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("framework");
        let loaded = crate::load::load(&root).unwrap();
        crate::model::build(&loaded, &mut Diagnostics::new())
    }

    #[test]
    fn nearby_roles_are_in_other_tracks_of_the_family_at_the_grade_or_one_up() {
        let f = sample();
        let families = Families::new(&f);
        for (id, role) in f.role_ids() {
            let near = families.nearby(&f, id, usize::MAX);
            assert_eq!(near.total, near.roles.len());
            assert!(near.more.is_empty());
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
            .map(|(id, _)| (id, families.nearby(&f, id, usize::MAX)))
            .max_by_key(|(_, n)| n.total)
            .unwrap();
        assert!(whole.total >= 2, "the sample has a role with nearby roles");
        let capped = families.nearby(&f, id, 1);
        assert_eq!(capped.roles, whole.roles[..1]);
        assert_eq!(capped.total, whole.total);
        let hidden: usize = capped.more.iter().map(|(_, n)| n).sum();
        assert_eq!(hidden, whole.total - 1);
    }
}
