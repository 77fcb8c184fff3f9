//! Ids for imported tracks, roles, skills and groups: the name in kebab-case, made unique
//! in a way that does not depend on the order of the rows where it can be helped.
//!
//! Ids become file names and URLs, and people link to them, so a re-import of the same
//! sheet must give the same ids, and two roles with the same title must not swap ids when
//! rows move. When names collide, every one of them gets the same kind of qualifier (the
//! track for roles, the group for skills), so none is "the real one" by accident of order;
//! only when qualifiers still leave a tie does row order decide, with `-2`, `-3`.

use std::collections::{HashMap, HashSet};

/// The longest id made from a name; longer titles are cut at a hyphen.
const MAX_LEN: usize = 60;

/// A 32-bit FNV-1a hash, for ids of names that have no Latin letters or digits.
pub fn fnv(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The ASCII letters a Latin letter with a diacritic is usually written as in a URL.
fn ascii_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '&' => " and ",
        '+' => " plus ",
        _ => return None,
    })
}

/// The id a name would have on its own: `Développeuse senior (Backend)` gives
/// `developpeuse-senior-backend`. A name with no Latin letter or digit gets `kind` and a
/// hash of the name, `role-1a2b3c4d`, which is as stable as the name.
pub fn slug(name: &str, kind: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match ascii_fold(c) {
            Some(ascii) => folded.push_str(ascii),
            None => folded.push(c),
        }
    }
    let mut id = crate::model::slugify(&folded);
    if id.len() > MAX_LEN {
        let cut = id[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
        id.truncate(cut);
    }
    if id.is_empty() {
        id = format!("{kind}-{:08x}", fnv(&super::text::fold(name)));
    }
    id
}

/// Unique ids for items that each have a base id (from [`slug`]) and qualifiers to add when
/// the base is shared (already slugs, most telling first).
///
/// A base that only one item has is kept as it is. Items sharing a base all take, in turn,
/// each qualifier that tells more of them apart; any tie left, and any clash with another
/// id, is settled in item order with `-2`, `-3`.
pub fn unique(items: &[(String, Vec<String>)]) -> Vec<String> {
    let mut by_base: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (base, _)) in items.iter().enumerate() {
        by_base.entry(base.as_str()).or_default().push(i);
    }
    let mut wanted: Vec<String> = items.iter().map(|(base, _)| base.clone()).collect();
    for members in by_base.values().filter(|m| m.len() > 1) {
        // Each kind of qualifier is added to the whole group if it tells more of them apart,
        // and skipped if it does not (two roles of one track are not told apart by it).
        let depth = members.iter().map(|&i| items[i].1.len()).max().unwrap_or(0);
        let distinct = |ids: &[String]| ids.iter().collect::<HashSet<_>>().len();
        let mut ids: Vec<String> = members.iter().map(|&i| items[i].0.clone()).collect();
        for k in 0..depth {
            if distinct(&ids) == members.len() {
                break;
            }
            let longer: Vec<String> = members
                .iter()
                .zip(&ids)
                .map(|(&i, id)| match items[i].1.get(k) {
                    Some(q) => format!("{id}-{q}"),
                    None => id.clone(),
                })
                .collect();
            if distinct(&longer) > distinct(&ids) {
                ids = longer;
            }
        }
        for (&i, id) in members.iter().zip(ids) {
            wanted[i] = id;
        }
    }
    // Bases only one item has are taken first, so a qualified id never takes one of them.
    let mut used: HashSet<String> = HashSet::new();
    let mut out = vec![String::new(); items.len()];
    for (i, (base, _)) in items.iter().enumerate() {
        if by_base[base.as_str()].len() == 1 && used.insert(base.clone()) {
            out[i] = base.clone();
        }
    }
    for (i, id) in wanted.into_iter().enumerate() {
        if !out[i].is_empty() {
            continue;
        }
        let mut candidate = id.clone();
        let mut n = 2;
        while !used.insert(candidate.clone()) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        out[i] = candidate;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(base: &str, qualifiers: &[&str]) -> (String, Vec<String>) {
        (
            base.to_owned(),
            qualifiers.iter().map(|q| q.to_string()).collect(),
        )
    }

    #[test]
    fn slugs_fold_accents_and_keep_non_latin_names_stable() {
        assert_eq!(
            slug("Développeuse senior (Backend)", "role"),
            "developpeuse-senior-backend"
        );
        assert_eq!(slug("R&D lead", "track"), "r-and-d-lead");
        let a = slug("Инженер", "role");
        assert!(a.starts_with("role-") && a.len() == 13, "{a}");
        assert_eq!(a, slug("Инженер", "role"));
        assert_ne!(a, slug("Аналитик", "role"));
        let long = slug(&"word ".repeat(30), "role");
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'), "{long}");
        assert!(crate::model::is_valid_id(&long));
    }

    #[test]
    fn shared_names_are_all_qualified() {
        let ids = unique(&[
            item("senior-engineer", &["backend", "l3"]),
            item("staff-engineer", &["backend", "l4"]),
            item("senior-engineer", &["frontend", "l3"]),
        ]);
        assert_eq!(
            ids,
            [
                "senior-engineer-backend",
                "staff-engineer",
                "senior-engineer-frontend"
            ]
        );
    }

    #[test]
    fn qualifiers_that_tell_names_apart_are_added_then_numbers() {
        let ids = unique(&[
            item("engineer", &["core", "l2"]),
            item("engineer", &["core", "l3"]),
            item("engineer", &["core", "l3"]),
            item("engineer", &["edge", "l3"]),
        ]);
        assert_eq!(
            ids,
            [
                "engineer-core-l2",
                "engineer-core-l3",
                "engineer-core-l3-2",
                "engineer-edge-l3"
            ]
        );
        // A qualifier they all share is left out.
        let ids = unique(&[
            item("engineer", &["core", "l2"]),
            item("engineer", &["core", "l3"]),
        ]);
        assert_eq!(ids, ["engineer-l2", "engineer-l3"]);
        let ids = unique(&[
            item("communication", &["skills"]),
            item("communication", &["skills"]),
        ]);
        assert_eq!(ids, ["communication", "communication-2"]);
    }

    #[test]
    fn ids_do_not_depend_on_the_order_of_colliding_items() {
        let a = unique(&[item("lead", &["design"]), item("lead", &["data"])]);
        let b = unique(&[item("lead", &["data"]), item("lead", &["design"])]);
        assert_eq!(a, ["lead-design", "lead-data"]);
        assert_eq!(b, ["lead-data", "lead-design"]);
    }

    #[test]
    fn a_qualified_id_never_takes_a_name_of_its_own() {
        let ids = unique(&[
            item("lead", &["data"]),
            item("lead", &["design"]),
            item("lead-data", &["ops"]),
        ]);
        assert_eq!(ids, ["lead-data-2", "lead-design", "lead-data"]);
    }
}
