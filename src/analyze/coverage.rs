//! Which levels of a climb the learning pathways cover.
//!
//! A gap from level 1 to level 3 of a skill is a climb through levels 2 and 3. A pathway
//! "Awareness → Working" (1 → 2) helps with it, but only with level 2: offering it without a
//! word reads as if it closed the whole gap. So each pathway is given the levels of the climb
//! it covers, and the climb the levels no pathway covers, for the page to name them.

use crate::model::{Framework, PathwayId, SkillId};

/// What one pathway covers of a climb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathwayCover {
    /// The pathway.
    pub pathway: PathwayId,
    /// The levels of the climb it reaches, lowest first (never empty for a pathway of
    /// [`super::Analysis::closing_pathways`]).
    pub levels: Vec<usize>,
    /// True when it covers only some of the climb: it ends below the target or starts above
    /// the reader's level.
    pub partial: bool,
}

/// The pathways of a climb and what is left over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// One entry per pathway, in the order given.
    pub pathways: Vec<PathwayCover>,
    /// The levels of the climb that no pathway reaches, lowest first.
    pub uncovered: Vec<usize>,
}

/// The first and last level a pathway spans, as [`super::Analysis::closing_pathways`] reads
/// them: without `from` it starts at the first level, without `to` it reaches the top.
pub fn span(framework: &Framework, pathway: PathwayId) -> (usize, usize) {
    let p = &framework[pathway];
    let top = framework[p.skill].last_level();
    (
        p.from
            .as_ref()
            .map_or(framework[p.skill].first_level, |l| l.value),
        p.to.as_ref().map_or(top, |l| l.value),
    )
}

/// What `pathways` (of `skill`) cover of the climb from level `from` (0: the reader does
/// not have the skill) to level `to`. A pathway from level `a` to level `b` takes a reader
/// who is at `a` to `b`, so it reaches the levels above `a` up to `b`.
pub fn coverage(
    framework: &Framework,
    skill: SkillId,
    from: usize,
    to: usize,
    pathways: &[PathwayId],
) -> Coverage {
    // A skill that starts above level 1 has no level below its first to climb through.
    let climb: Vec<usize> = ((from + 1).max(framework[skill].first_level)..=to).collect();
    let mut reached = vec![false; climb.len()];
    let pathways = pathways
        .iter()
        .filter(|p| framework[**p].skill == skill)
        .map(|&pathway| {
            let (start, end) = span(framework, pathway);
            let levels: Vec<usize> = climb
                .iter()
                .copied()
                .filter(|l| start < *l && *l <= end)
                .collect();
            for l in &levels {
                reached[l - climb[0]] = true;
            }
            PathwayCover {
                pathway,
                partial: levels.len() < climb.len(),
                levels,
            }
        })
        // A pathway whose levels are all below `from` (or above `to`) closes none of it.
        .filter(|c| !c.levels.is_empty())
        .collect();
    let uncovered = climb
        .iter()
        .zip(&reached)
        .filter(|(_, r)| !**r)
        .map(|(l, _)| *l)
        .collect();
    Coverage {
        pathways,
        uncovered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Analysis;
    use crate::diagnostic::Diagnostics;

    fn sample() -> Framework {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let loaded = crate::load::load(&root).unwrap();
        crate::model::build(&loaded, &mut Diagnostics::new())
    }

    #[test]
    fn a_pathway_that_ends_below_the_target_covers_part_and_names_the_rest() {
        let f = sample();
        let design = f.find_skill("system-design").unwrap();
        let a = Analysis::new(&f);
        // design-basics goes 1 → 2; the climb 1 → 3 needs levels 2 and 3.
        let found = a.closing_pathways(&f, design, 1, 3);
        let cover = coverage(&f, design, 1, 3, &found);
        assert_eq!(cover.pathways.len(), 1);
        assert_eq!(cover.pathways[0].levels, [2]);
        assert!(cover.pathways[0].partial);
        assert_eq!(cover.uncovered, [3]);
    }

    #[test]
    fn a_pathway_that_spans_the_climb_covers_it_whole() {
        let f = sample();
        let design = f.find_skill("system-design").unwrap();
        let a = Analysis::new(&f);
        let found = a.closing_pathways(&f, design, 1, 2);
        let cover = coverage(&f, design, 1, 2, &found);
        assert!(!cover.pathways[0].partial);
        assert!(cover.uncovered.is_empty());
        // Without any pathway, the whole climb is uncovered.
        let none = coverage(&f, design, 0, 2, &[]);
        assert_eq!(none.uncovered, [1, 2]);
    }
}
