//! Each role's grade, once every row is read: the grade axis (the mapping's, the grade cells'
//! own, or the built-in one), and each role's place on it, written or inferred.

use super::grades::{self, GradeDef};
use super::reader::Reader;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

impl Reader<'_> {
    /// The grade axis: the mapping's; else the grade cells themselves when every role has
    /// one and every one is a number; else the built-in table. The flag is true for the built-in table.
    pub(super) fn axis(&self) -> (Vec<GradeDef>, bool) {
        if let Some(axis) = &self.mapping.grades {
            return (axis.clone(), false);
        }
        let cells: Vec<&str> = self
            .roles
            .iter()
            .filter_map(|r| r.grade.as_ref().map(|g| g.text.as_str()))
            .collect();
        // A numbered axis has no level words, so it is only used when no role needs one.
        let every_role_graded = cells.len() == self.roles.len();
        if every_role_graded && grades::all_numbered(cells.iter().copied()) {
            (grades::numbered_axis(cells), false)
        } else {
            (grades::builtin(), true)
        }
    }

    /// The grade of role `r`, reporting a grade cell that names no grade and a role whose
    /// grade cannot be told.
    pub(super) fn role_grade(&mut self, axis: &[GradeDef], r: usize) -> Option<usize> {
        let role = &self.roles[r];
        if let Some(cell) = &role.grade {
            if let Some(g) = grades::lookup(axis, &cell.text) {
                return Some(g);
            }
            let names = axis.iter().flat_map(|g| [g.id.as_str(), g.name.as_str()]);
            let help = did_you_mean(&cell.text, names).unwrap_or_else(|| {
                format!(
                    "the grades are {}; add the grade to the mapping's `[[grades]]` if it is missing",
                    axis.iter()
                        .map(|g| format!("`{}` ({})", g.id, g.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            let d = Diagnostic::error(
                Code::UnknownGrade,
                format!("row {}: `{}` is not a grade", cell.row, cell.text),
            )
            .at(cell.source, cell.span.clone())
            .with_label("no grade has this id, name or level word")
            .with_help(Some(help));
            self.diagnostics.push(d);
            return None;
        }
        let inferred = grades::infer(axis, &role.title);
        let default = axis.iter().position(|g| g.default);
        let grade = inferred.as_ref().map(|(g, _)| *g).or(default);
        match (grade, &role.grade_blank) {
            (Some(g), Some((at, place))) if self.mapping.warn_blank => {
                let how = match &inferred {
                    Some((_, word)) => format!("from `{word}` in the title"),
                    None => "as the grade of titles without a level word".to_owned(),
                };
                let grade = if axis[g].name == axis[g].id {
                    axis[g].id.clone()
                } else {
                    format!("{} ({})", axis[g].id, axis[g].name)
                };
                let d = Diagnostic::warning(
                    Code::SkippedCell,
                    format!(
                        "{place} is blank; the grade of `{}` is {grade}, inferred {how}",
                        role.title
                    ),
                )
                .at(at.source, at.span.clone())
                .with_label("blank")
                .with_help(Some(
                    "write the grade in the cell if the inferred one is wrong".to_owned(),
                ));
                self.diagnostics.push(d);
            }
            (Some(_), _) => {}
            (None, _) => {
                let words = axis
                    .iter()
                    .filter_map(|g| {
                        g.words
                            .first()
                            .map(|w| format!("`{}` → {}", w.join(" "), g.id))
                    })
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(", ");
                let column = if self.explicit_grade_column {
                    "fill in its grade cell"
                } else {
                    "name a grade column in the mapping"
                };
                let words = if words.is_empty() {
                    String::new()
                } else {
                    format!(" ({words}, …)")
                };
                let d = Diagnostic::error(
                    Code::UnknownGrade,
                    format!(
                        "row {}: cannot tell the grade of `{}`",
                        role.at.row, role.title
                    ),
                )
                .at(role.at.source, role.at.span.clone())
                .with_label("no level word in this title")
                .with_help(Some(format!(
                    "{column}, put a level word in the title{words}, or mark one grade `default = true` in the mapping's `[[grades]]`"
                )));
                self.diagnostics.push(d);
            }
        }
        grade
    }
}
