//! The shape of ids: lowercase kebab-case, so they make stable, readable URLs.

/// True for `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A valid id made from `text`, for "rename it to …" help: lowercase ASCII letters and
/// digits, every other run of characters one hyphen.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// True for grade ids, which are often written `L4` or `IC-3`: ASCII letters and digits in
/// hyphen-, dot- or underscore-separated parts.
pub(crate) fn is_valid_grade_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split(['-', '.', '_'])
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_kebab_case_only() {
        assert!(is_valid_id("system-design"));
        assert!(is_valid_id("l4"));
        assert!(!is_valid_id("System-design"));
        assert!(!is_valid_id("system--design"));
        assert!(!is_valid_id("-design"));
        assert!(!is_valid_id("design-"));
        assert!(!is_valid_id("system_design"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn slugifies_titles() {
        assert_eq!(
            slugify("Senior Engineer (Backend)"),
            "senior-engineer-backend"
        );
        assert_eq!(slugify("  Ünïcode 🚀 role "), "n-code-role");
    }

    #[test]
    fn grade_ids_allow_capitals() {
        assert!(is_valid_grade_id("L4"));
        assert!(is_valid_grade_id("IC-3"));
        assert!(!is_valid_grade_id("L 4"));
    }
}
