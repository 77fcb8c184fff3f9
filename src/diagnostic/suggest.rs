//! "Did you mean …?": the nearest existing names to a misspelt one.

/// The candidates closest to `wanted`, best first, at most three, only those close enough
/// to be a plausible typo (or that contain `wanted`, or are contained in it).
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&wanted_lower, &lower);
            let contains = lower.len() >= 3
                && wanted_lower.len() >= 3
                && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower));
            (distance <= limit || contains).then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    // Only the best distance: `L44` suggests `L4`, not every two-character grade.
    let best = scored.first().map_or(0, |&(d, _)| d);
    scored
        .into_iter()
        .take_while(|&(d, _)| d == best)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

/// A help sentence naming the nearest candidates, or `None` when none is close.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let found = nearest(wanted, candidates);
    match found.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => {
            let quoted: Vec<String> = many.iter().map(|c| format!("`{c}`")).collect();
            Some(format!("did you mean one of {}?", quoted.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_id_first() {
        let ids = ["system-design", "security", "testing", "systems-thinking"];
        assert_eq!(nearest("sytem-design", ids), vec!["system-design"]);
        assert_eq!(
            did_you_mean("sytem-design", ids).as_deref(),
            Some("did you mean `system-design`?")
        );
    }

    #[test]
    fn says_nothing_when_nothing_is_close() {
        assert_eq!(did_you_mean("negotiation", ["testing", "security"]), None);
    }

    #[test]
    fn finds_a_name_by_a_part_of_it() {
        assert_eq!(
            nearest("design", ["system-design", "hiring"]),
            vec!["system-design"]
        );
    }
}
