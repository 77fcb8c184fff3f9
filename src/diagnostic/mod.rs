//! Diagnostics as data.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`] records instead of
//! printing or returning early. The records are collected across the whole run and rendered
//! once, at the top, by [`render`] — the way rustc and cargo do it — so a manager who made
//! three mistakes in one pull request sees all three in one run.

pub mod render;
mod source;
mod suggest;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

pub use source::{Position, SourceId, SourceMap};
pub use suggest::{did_you_mean, nearest};

/// A byte range inside one source file, counted from the start of the file (after a UTF-8
/// byte-order mark, which is not part of the text).
pub type Span = Range<usize>;

/// How serious a diagnostic is: errors fail `trellis check` and `trellis build`, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The framework cannot be built as written.
    Error,
    /// The framework builds, but something is probably not what the author meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// The stable, kebab-case identifier of a kind of problem.
        ///
        /// Codes are part of Trellis's interface: CI scripts and editors match on them, so a
        /// code is never renamed or reused once released. `docs/diagnostics.md` lists them all.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name printed in every rendering.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// A file or folder could not be read.
    Io => "io-error",
    /// `trellis.toml` is missing from the framework folder.
    MissingConfig => "missing-config",
    /// A file is not valid UTF-8.
    InvalidUtf8 => "invalid-utf8",
    /// A file holds nothing, or only whitespace.
    EmptyFile => "empty-file",
    /// A Markdown file does not start with a `+++` line.
    MissingFrontMatter => "missing-front-matter",
    /// The front matter's closing `+++` line is missing.
    UnclosedFrontMatter => "unclosed-front-matter",
    /// The TOML does not parse.
    InvalidToml => "invalid-toml",
    /// A key the format does not know.
    UnknownKey => "unknown-key",
    /// A required key is absent.
    MissingKey => "missing-key",
    /// A value of the wrong TOML type.
    WrongType => "wrong-type",
    /// A value of the right type that the format does not allow (empty title, bad URL, ...).
    InvalidValue => "invalid-value",
    /// A URL whose scheme could run code in a reader's browser (`javascript:`, `data:`, ...).
    UnsafeUrl => "unsafe-url",
    /// An id that is not lowercase kebab-case.
    InvalidId => "invalid-id",
    /// Two files of one kind define the same id.
    DuplicateId => "duplicate-id",
    /// A file sits where the format expects none (e.g. a role outside a track folder).
    MisplacedFile => "misplaced-file",
    /// A role's folder names no track.
    UnknownTrack => "unknown-track",
    /// A grade id not defined in `trellis.toml`.
    UnknownGrade => "unknown-grade",
    /// A skill id that no skill file defines.
    UnknownSkill => "unknown-skill",
    /// A role id that no role file defines.
    UnknownRole => "unknown-role",
    /// A level name the skill does not have.
    UnknownLevel => "unknown-level",
    /// A level number outside the skill's scale.
    LevelOutOfRange => "level-out-of-range",
    /// An `expectations` key that names no dimension of `trellis.toml`.
    UnknownDimension => "unknown-dimension",
    /// A relative link or `#anchor` in a statement or body that leads nowhere.
    BrokenLink => "broken-link",
    /// A skill level without a name when the scale gives none.
    MissingLevelName => "missing-level-name",
    /// A pathway whose `from` is not below its `to`.
    InvalidLevelRange => "invalid-level-range",
    /// A role that lists itself in `next` or `lateral` (an error), or a skill that lists
    /// itself in `related` (a warning).
    SelfReference => "self-reference",
    /// Promotions that lead back to where they started.
    PromotionCycle => "promotion-cycle",
    /// A promotion inside a track that lowers a required skill level.
    LoweredLevel => "lowered-level",
    /// A promotion to a role at the same or a lower grade.
    PromotionNotUpward => "promotion-not-upward",
    /// The next grade of a track has several roles, so there is no default promotion.
    AmbiguousPromotion => "ambiguous-promotion",
    /// A track with no roles.
    EmptyTrack => "empty-track",
    /// The same alias on two roles, so search cannot tell them apart.
    DuplicateAlias => "duplicate-alias",
    /// The same entry twice in one list.
    DuplicateEntry => "duplicate-entry",
    /// A role that requires no skill, so its page shows no expectations and no gaps.
    NoRequirements => "no-requirements",
    /// `trellis import`: a CSV file that cannot be cut into cells (a quote never closed, text
    /// after a closing quote).
    InvalidCsv => "invalid-csv",
    /// `trellis import`: the mapping names a column that a CSV file's header does not have.
    UnknownColumn => "unknown-column",
    /// `trellis import`: a blank or placeholder cell that was left out of the framework.
    SkippedCell => "skipped-cell",
    /// `trellis import`: two cells give the same thing different values; the first is kept.
    ConflictingCells => "conflicting-cells",
    /// The repository's CODEOWNERS does not say what the framework says about owners.
    CodeownersOutdated => "codeowners-outdated",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a framework.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable identifier of the kind of problem.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file the problem is in, if it is in one.
    pub source: Option<SourceId>,
    /// The offending bytes of that file; `None` when the problem has no place inside it.
    pub span: Option<Span>,
    /// A short label printed under the underlined value.
    pub label: Option<String>,
    /// How to fix it, e.g. "did you mean `system-design`?".
    pub help: Option<String>,
    /// Other places that explain the problem (the first definition of a duplicate id, ...).
    pub related: Vec<Related>,
}

/// A secondary place a diagnostic points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The file.
    pub source: SourceId,
    /// The bytes in it.
    pub span: Span,
    /// What this place has to do with the problem.
    pub message: String,
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            source: None,
            span: None,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// Places the diagnostic at `span` in `source`.
    pub fn at(mut self, source: SourceId, span: Span) -> Self {
        self.source = Some(source);
        self.span = Some(span);
        self
    }

    /// Names the file without a place inside it.
    pub fn in_file(mut self, source: SourceId) -> Self {
        self.source = Some(source);
        self
    }

    /// Adds the label printed under the underlined value.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds help text; `None` leaves the diagnostic as it is.
    pub fn with_help(mut self, help: impl Into<Option<String>>) -> Self {
        if let Some(help) = help.into() {
            self.help = Some(help);
        }
        self
    }

    /// Adds a secondary place.
    pub fn with_related(
        mut self,
        source: SourceId,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            source,
            span,
            message: message.into(),
        });
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of one run, in a stable order.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Keeps only the diagnostics for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics in their current order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// How many diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file (`trellis.toml` first, then content files in the order they were
    /// found), then position, then code, so output does not depend on the order in which
    /// files were parsed (in parallel) or checks ran.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.source,
                    d.span.as_ref().map(|s| (s.start, s.end)),
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup();
    }

    /// Consumes the collection.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate code {name}");
            assert!(
                name.split('-').all(|part| !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name} is not kebab-case"
            );
        }
    }
}
