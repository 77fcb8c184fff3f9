//! The grade axis of an imported framework, and the grade of each role: written in a grade
//! column, or inferred from the level words of its title ("Senior …" → the grade whose words
//! include `senior`).

/// One grade of the axis, lowest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeDef {
    /// The id written to `trellis.toml`, e.g. `L3`.
    pub id: String,
    /// The display name, e.g. `Senior`.
    pub name: String,
    /// Level words and phrases, each as its lowercase words (`["vice", "president"]`).
    pub words: Vec<Vec<String>>,
    /// True for the grade of a title with no level word.
    pub default: bool,
}

impl GradeDef {
    fn new(id: &str, name: &str, words: &[&str], default: bool) -> Self {
        GradeDef {
            id: id.to_owned(),
            name: name.to_owned(),
            words: words.iter().map(|w| tokens(w)).collect(),
            default,
        }
    }
}

/// The built-in axis, used when the mapping gives no `[[grades]]` and the grade cells (if
/// any) are not numbers. `docs/import.md` prints it; keep the two in step.
pub fn builtin() -> Vec<GradeDef> {
    vec![
        GradeDef::new(
            "L1",
            "Entry",
            &[
                "intern",
                "trainee",
                "apprentice",
                "graduate",
                "junior",
                "jr",
                "associate",
                "entry",
            ],
            false,
        ),
        GradeDef::new("L2", "Mid", &["mid", "intermediate"], true),
        GradeDef::new("L3", "Senior", &["senior", "sr"], false),
        GradeDef::new("L4", "Lead", &["lead", "staff"], false),
        GradeDef::new("L5", "Principal", &["principal", "distinguished"], false),
        GradeDef::new(
            "L6",
            "Head",
            &["head", "director", "vp", "vice president", "chief"],
            false,
        ),
    ]
}

/// The lowercase words of `text`: runs of letters and digits.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The highest grade of `axis` one of whose words or phrases occurs in `text`, with the word
/// found. The highest wins so that "Senior staff engineer" is staff, not senior.
pub fn infer(axis: &[GradeDef], text: &str) -> Option<(usize, String)> {
    let words = tokens(text);
    axis.iter().enumerate().rev().find_map(|(i, grade)| {
        grade
            .words
            .iter()
            .find(|phrase| {
                !phrase.is_empty()
                    && words
                        .windows(phrase.len())
                        .any(|window| window == phrase.as_slice())
            })
            .map(|phrase| (i, phrase.join(" ")))
    })
}

/// The grade a grade cell names: by id or name (ignoring case), else by a level word in it.
pub fn lookup(axis: &[GradeDef], cell: &str) -> Option<usize> {
    let folded = cell.to_lowercase();
    axis.iter()
        .position(|g| g.id.to_lowercase() == folded || g.name.to_lowercase() == folded)
        .or_else(|| infer(axis, cell).map(|(i, _)| i))
}

/// True when every grade cell holds a number (`3`, `L4`, `IC-2`), so that the cells
/// themselves can be ordered into the axis.
pub fn all_numbered<'a>(cells: impl IntoIterator<Item = &'a str>) -> bool {
    let mut any = false;
    for cell in cells {
        any = true;
        if !cell.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    any
}

/// The axis made of the grade cells themselves, ordered by their first number, then by
/// text: `L2` before `L10`, `IC3` and `M3` side by side.
pub fn numbered_axis<'a>(cells: impl IntoIterator<Item = &'a str>) -> Vec<GradeDef> {
    let mut grades: Vec<(u64, String, String)> = Vec::new();
    for cell in cells {
        let id = grade_id(cell);
        // `l2` and `L2` are one grade: cells are looked up ignoring case.
        if grades
            .iter()
            .any(|(_, existing, _)| existing.eq_ignore_ascii_case(&id))
        {
            continue;
        }
        grades.push((first_number(cell), id, cell.to_owned()));
    }
    grades.sort_by_key(|(number, id, _)| (*number, id.to_lowercase()));
    grades
        .into_iter()
        .map(|(_, id, name)| GradeDef {
            words: vec![],
            default: false,
            id,
            name,
        })
        .collect()
}

fn first_number(text: &str) -> u64 {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(u64::MAX)
}

/// A valid grade id made from a grade cell: ASCII letters and digits, any other run of
/// characters one `-`. `Level 3` gives `Level-3`.
pub fn grade_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // A grade written only in other scripts: numbered by its text so it is stable.
        out = format!("G{:08x}", super::ids::fnv(text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_the_highest_level_word() {
        let axis = builtin();
        let id = |t: &str| infer(&axis, t).map(|(i, _)| axis[i].id.as_str());
        assert_eq!(id("Junior developer"), Some("L1"));
        assert_eq!(id("Senior Software Engineer"), Some("L3"));
        assert_eq!(id("Sr. engineer"), Some("L3"));
        assert_eq!(id("Senior staff engineer"), Some("L4"));
        assert_eq!(id("Team Lead, Payments"), Some("L4"));
        assert_eq!(id("Vice President of Engineering"), Some("L6"));
        assert_eq!(id("Software engineer"), None);
        // Whole words only: "leader" and "seniority" are not level words.
        assert_eq!(id("Thought leader on seniority"), None);
    }

    #[test]
    fn looks_grade_cells_up_by_id_name_or_word() {
        let axis = builtin();
        assert_eq!(lookup(&axis, "l3"), Some(2));
        assert_eq!(lookup(&axis, "Principal"), Some(4));
        assert_eq!(lookup(&axis, "Senior IC"), Some(2));
        assert_eq!(lookup(&axis, "Wizard"), None);
    }

    #[test]
    fn numbered_cells_make_an_axis_in_numeric_order() {
        let cells = ["L10", "L2", "IC 3", "M3", "L2"];
        assert!(all_numbered(cells));
        let axis = numbered_axis(cells);
        let ids: Vec<&str> = axis.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["L2", "IC-3", "M3", "L10"]);
        assert_eq!(axis[1].name, "IC 3");
        assert!(!all_numbered(["L1", "Senior"]));
        assert!(!all_numbered([]));
    }

    #[test]
    fn grade_ids_are_valid() {
        assert_eq!(grade_id("Level 3"), "Level-3");
        assert_eq!(grade_id(" IC.2 "), "IC-2");
        assert!(grade_id("高级").starts_with('G'));
    }
}
