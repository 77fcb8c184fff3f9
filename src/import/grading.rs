//! Each role's grade, once every row is read: the grade axis (the mapping's, the grade cells'
//! own, or the built-in one), each role's place on it, written or inferred, and the names a
//! grade name column gives the grades.

use super::cells::Located;
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

    /// The name the grade name column gives each grade of `axis`, where it gives one:
    /// the first cell of the grade's roles wins. `grades` is each role's grade. The mapping's
    /// `[[grades]]` name their own grades, so with them every differing cell is a warning.
    pub(super) fn grade_names(
        &mut self,
        axis: &[GradeDef],
        grades: &[Option<usize>],
    ) -> Vec<Option<String>> {
        let mut firsts: Vec<Option<Located>> = vec![None; axis.len()];
        let mut order: Vec<usize> = (0..self.roles.len()).collect();
        // Rows are compared in sheet order, whatever order the roles were made in.
        order.sort_by_key(|&r| {
            let at = self.roles[r]
                .grade_name
                .as_ref()
                .unwrap_or(&self.roles[r].at);
            (at.source, at.span.start)
        });
        for r in order {
            let (Some(cell), Some(g)) = (self.roles[r].grade_name.clone(), grades[r]) else {
                continue;
            };
            let grade = &axis[g];
            let place = self.roles[r].grade_name_place.clone();
            if self.mapping.grades.is_some() {
                if cell.text.to_lowercase() != grade.name.to_lowercase() {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::ConflictingCells,
                            format!(
                                "{place}: the grade name `{}` differs from the mapping's name of {}, `{}`; the mapping's is kept",
                                cell.text, grade.id, grade.name
                            ),
                        )
                        .at(cell.source, cell.span.clone())
                        .with_label("not the mapping's name")
                        .with_help(Some(
                            "the mapping's `[[grades]]` name the grades: change the name there, or make the cells agree with it".to_owned(),
                        )),
                    );
                }
                continue;
            }
            match &firsts[g] {
                None => firsts[g] = Some(cell),
                Some(first) if first.text == cell.text => {}
                Some(first) => {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::ConflictingCells,
                            format!(
                                "{place}: grade {} is called `{}` here and `{}` on row {}; the first is kept",
                                grade.id, cell.text, first.text, first.row
                            ),
                        )
                        .at(cell.source, cell.span.clone())
                        .with_label("differs from the first")
                        .with_related(first.source, first.span.clone(), "first given here")
                        .with_help(Some(
                            "give each grade one name: make the cells agree, or leave all but one of them blank".to_owned(),
                        )),
                    );
                }
            }
        }
        firsts
            .into_iter()
            .map(|cell| cell.map(|c| c.text))
            .collect()
    }
}
