//! How alike two versions of a thing are, to recognise a rename: pairing things that kept
//! their id first, then a file that kept its path, then the most alike content.

use std::collections::{BTreeSet, HashMap};

use super::Evidence;

/// Content at least this alike (0 to 1) is taken to be the same thing under a new id.
/// A role that kept its requirements, description, track and grade but changed its title
/// scores about 0.8; two different roles of one track and grade about 0.2.
pub const THRESHOLD: f64 = 0.6;

/// Above this many (removed × added) pairs, content is not compared: a change that removes
/// and adds thousands of files at once is reported as removals and additions rather than
/// keep a CI job busy for minutes. Renames by path still count.
pub const MAX_COMPARISONS: usize = 250_000;

/// How the old and new items of one kind correspond.
#[derive(Debug, Default, PartialEq)]
pub struct Pairing {
    /// `(old index, new index, why)`; `None` for the same id.
    pub pairs: Vec<(usize, usize, Option<Evidence>)>,
    /// Old items with no counterpart.
    pub removed: Vec<usize>,
    /// New items with no counterpart.
    pub added: Vec<usize>,
}

/// Pairs `old` and `new` items: by id, then by path, then by content at least
/// [`THRESHOLD`] alike (most alike first; ties by position, so the result is stable).
pub fn pair<T>(
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &str,
    path: impl Fn(&T) -> Option<&str>,
    alike: impl Fn(&T, &T) -> f64,
) -> Pairing {
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let mut pairs = Vec::new();
    // Ids are unique within a kind in a model; the first wins should a broken one repeat.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (j, n) in new.iter().enumerate() {
        by_id.entry(id(n)).or_insert(j);
    }
    for (i, o) in old.iter().enumerate() {
        if let Some(&j) = by_id.get(id(o))
            && !new_used[j]
        {
            old_used[i] = true;
            new_used[j] = true;
            pairs.push((i, j, None));
        }
    }
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
        if let Some(p) = path(n) {
            by_path.entry(p).or_insert(j);
        }
    }
    for (i, o) in old.iter().enumerate() {
        if old_used[i] {
            continue;
        }
        let Some(&j) = path(o).and_then(|p| by_path.get(p)) else {
            continue;
        };
        if !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            pairs.push((i, j, Some(Evidence::SameFile)));
        }
    }
    let unmatched_old = old_used.iter().filter(|u| !**u).count();
    let unmatched_new = new_used.iter().filter(|u| !**u).count();
    let compare = unmatched_old.saturating_mul(unmatched_new) <= MAX_COMPARISONS;
    let mut candidates = Vec::new();
    for (i, o) in old
        .iter()
        .enumerate()
        .filter(|(i, _)| compare && !old_used[*i])
    {
        for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
            let score = alike(o, n);
            if score >= THRESHOLD {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (score, i, j) in candidates {
        if old_used[i] || new_used[j] {
            continue;
        }
        old_used[i] = true;
        new_used[j] = true;
        let evidence = if score >= 1.0 {
            Evidence::SameContent
        } else {
            Evidence::SimilarContent
        };
        pairs.push((i, j, Some(evidence)));
    }
    pairs.sort_by_key(|&(_, j, _)| j);
    Pairing {
        pairs,
        removed: (0..old.len()).filter(|&i| !old_used[i]).collect(),
        added: (0..new.len()).filter(|&j| !new_used[j]).collect(),
    }
}

/// The weighted mean of `(weight, score)` parts; a part without a score (a text both
/// versions leave empty) counts for nothing either way, so two bare files do not look
/// alike just for being bare.
pub fn weighted(parts: &[(f64, Option<f64>)]) -> f64 {
    let scored = parts.iter().filter_map(|(w, s)| s.map(|s| (w, s)));
    let (total, sum) = scored.fold((0.0, 0.0), |(t, sum), (w, s)| (t + w, sum + w * s));
    if total == 0.0 { 0.0 } else { sum / total }
}

/// 1 when equal, else 0.
pub fn same<T: PartialEq + ?Sized>(a: &T, b: &T) -> Option<f64> {
    Some(if a == b { 1.0 } else { 0.0 })
}

/// Like [`same`], but no score when neither version has a value.
pub fn same_opt<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> Option<f64> {
    if a.is_none() && b.is_none() {
        None
    } else {
        same(a, b)
    }
}

/// The share of items two sets have in common (1 when both are empty).
pub fn overlap<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// How alike two texts are: 1 when equal, else the share of their non-blank lines they
/// have in common; no score when both are blank. Cheap enough to run on every pair of
/// removed and added files.
pub fn text(a: &str, b: &str) -> Option<f64> {
    if a.trim().is_empty() && b.trim().is_empty() {
        return None;
    }
    if a == b {
        return Some(1.0);
    }
    let lines = |t: &str| -> BTreeSet<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Some(overlap(&lines(a), &lines(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_id_then_path_then_content() {
        // (id, path, content)
        let old = [
            ("a", "x/a.md", "alpha"),
            ("b", "x/b.md", "beta"),
            ("c", "x/c.md", "gamma"),
            ("d", "x/d.md", "delta"),
        ];
        let new = [
            ("a", "x/a.md", "alpha!"),
            ("b2", "x/b.md", "other"),
            ("c2", "x/c2.md", "gamma"),
            ("e", "x/e.md", "epsilon"),
        ];
        let p = pair(
            &old,
            &new,
            |t| t.0,
            |t| Some(t.1),
            |a, b| same(a.2, b.2).unwrap_or(0.0),
        );
        assert_eq!(
            p.pairs,
            [
                (0, 0, None),
                (1, 1, Some(Evidence::SameFile)),
                (2, 2, Some(Evidence::SameContent))
            ]
        );
        assert_eq!(p.removed, [3]);
        assert_eq!(p.added, [3]);
    }

    #[test]
    fn the_most_alike_pair_wins() {
        let old = ["one two three four five"];
        let new = ["one two three", "one two three four five six"];
        let words = |t: &str| t.split(' ').map(str::to_owned).collect::<BTreeSet<_>>();
        let q = pair(
            &old,
            &new,
            |t| t,
            |_| None,
            |a, b| overlap(&words(a), &words(b)),
        );
        // 5/6 beats 3/5.
        assert_eq!(q.pairs, [(0, 1, Some(Evidence::SimilarContent))]);
        assert_eq!(q.added, [0]);
    }

    #[test]
    fn text_likeness_counts_shared_lines() {
        assert_eq!(text("a\nb", "a\nb"), Some(1.0));
        assert_eq!(text("a\nb\n", "a\nc\n"), Some(1.0 / 3.0));
        assert_eq!(text("", "x"), Some(0.0));
        assert_eq!(text(" ", "\n"), None);
        assert_eq!(weighted(&[(2.0, Some(1.0)), (2.0, Some(0.0))]), 0.5);
        // A part neither version has does not count.
        assert_eq!(weighted(&[(2.0, Some(1.0)), (5.0, None)]), 1.0);
    }
}
