//! The three renderings of a run's diagnostics: rustc-style text for people, JSON for tools
//! and GitHub workflow commands for pull-request annotations.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Diagnostics, Severity, SourceMap};

/// Renders one diagnostic the way rustc does: a title with the code, the file, line and
/// column, the source line with the offending value underlined, and the help.
///
/// `styled` adds ANSI colours; callers decide whether the terminal wants them.
pub fn human(diagnostic: &Diagnostic, sources: &SourceMap, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code.as_str()),
    );
    match (diagnostic.source, &diagnostic.span) {
        (Some(source), Some(span)) => {
            group = group.element(excerpt(
                sources,
                source,
                span,
                AnnotationKind::Primary,
                diagnostic.label.as_deref(),
            ));
        }
        (Some(source), None) => {
            group = group.element(Origin::path(sources.path(source)));
        }
        _ => {}
    }
    for related in &diagnostic.related {
        group = group.element(excerpt(
            sources,
            related.source,
            &related.span,
            AnnotationKind::Context,
            Some(&related.message),
        ));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// Cuts the lines that hold `span` out of the file, so a multi-megabyte body is not handed
/// to the renderer whole for a one-line underline.
fn excerpt<'a>(
    sources: &'a SourceMap,
    source: super::SourceId,
    span: &super::Span,
    kind: AnnotationKind,
    label: Option<&'a str>,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let text = sources.text(source);
    let start = floor(text, span.start.min(text.len()));
    let end = floor(text, span.end.clamp(start, text.len()));
    let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let last = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line = sources.position(source, first).line;
    let mut annotation = kind.span(start - first..end - first);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(&text[first..last])
        .line_start(line)
        .path(sources.path(source))
        .annotation(annotation)
}

fn floor(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The JSON shape of one diagnostic, as documented in `docs/diagnostics.md`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: usize,
    warnings: usize,
}

/// Renders every diagnostic as one JSON object:
/// `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn json(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let position = d
                    .source
                    .zip(d.span.as_ref())
                    .map(|(source, span)| sources.position(source, span.start));
                JsonDiagnostic {
                    severity: d.severity,
                    code: d.code.as_str(),
                    message: &d.message,
                    file: d.source.map(|s| sources.path(s)),
                    line: position.map(|p| p.line),
                    column: position.map(|p| p.column),
                    help: d.help.as_deref(),
                }
            })
            .collect(),
        errors: diagnostics.errors(),
        warnings: diagnostics.warnings(),
    };
    let mut out = serde_json::to_string_pretty(&report).expect("diagnostics serialize");
    out.push('\n');
    out
}

/// Renders GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which
/// GitHub shows as annotations on the pull request's changed lines.
///
/// `prefix` is the framework folder as given on the command line (e.g. `framework`), so that
/// paths are relative to the repository root as GitHub expects, not to the framework.
pub fn github(diagnostics: &Diagnostics, sources: &SourceMap, prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(source) = d.source {
            let path = join_prefix(prefix, sources.path(source));
            properties.push(format!("file={}", escape_property(&path)));
            if let Some(span) = &d.span {
                let start = sources.position(source, span.start);
                let end = sources.position(source, span.end);
                properties.push(format!("line={}", start.line));
                properties.push(format!("col={}", start.column));
                // GitHub's end column is inclusive: the last character of the value.
                if end.line == start.line && end.column > start.column + 1 {
                    properties.push(format!("endColumn={}", end.column - 1));
                }
            }
        }
        properties.push(format!("title={}", escape_property(d.code.as_str())));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}

fn join_prefix(prefix: &str, path: &str) -> String {
    let prefix = prefix.replace('\\', "/");
    let prefix = prefix.trim_start_matches("./").trim_end_matches('/');
    let joined = if prefix.is_empty() || prefix == "." {
        path.to_owned()
    } else {
        format!("{prefix}/{path}")
    };
    // A file above the framework folder (the repository's CODEOWNERS is `../CODEOWNERS`
    // from `framework/`) is named from the repository root, as GitHub expects.
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

// Escapes as GitHub's toolkit does for workflow command data and properties.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn one(source_text: &str, needle: &str) -> (SourceMap, Diagnostics) {
        let mut sources = SourceMap::new();
        let id = sources.add("roles/eng/senior.md", source_text);
        let start = source_text.find(needle).unwrap();
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error(Code::UnknownSkill, "unknown skill `sytem-design`")
                .at(id, start..start + needle.len())
                .with_label("no skill has this id")
                .with_help(Some("did you mean `system-design`?".to_owned())),
        );
        (sources, diagnostics)
    }

    #[test]
    fn github_escapes_newlines_and_separators() {
        let (sources, diagnostics) = one("+++\n[skills]\nsytem-design = 3\n+++\n", "sytem-design");
        let out = github(&diagnostics, &sources, "./framework/");
        assert_eq!(
            out,
            "::error file=framework/roles/eng/senior.md,line=3,col=1,endColumn=12,title=unknown-skill::unknown skill `sytem-design`%0Ahelp: did you mean `system-design`?\n"
        );
    }

    #[test]
    fn github_paths_above_the_framework_are_resolved() {
        assert_eq!(join_prefix("framework", "../CODEOWNERS"), "CODEOWNERS");
        assert_eq!(join_prefix("./", "roles/a.md"), "roles/a.md");
        assert_eq!(join_prefix("", "../x"), "../x");
    }

    #[test]
    fn json_gives_line_and_column_from_the_top_of_the_file() {
        let (sources, diagnostics) =
            one("+++\n[skills]\n  sytem-design = 3\n+++\n", "sytem-design");
        let value: serde_json::Value = serde_json::from_str(&json(&diagnostics, &sources)).unwrap();
        assert_eq!(value["errors"], 1);
        assert_eq!(value["warnings"], 0);
        let d = &value["diagnostics"][0];
        assert_eq!(d["file"], "roles/eng/senior.md");
        assert_eq!(d["line"], 3);
        assert_eq!(d["column"], 3);
        assert_eq!(d["code"], "unknown-skill");
        assert_eq!(d["severity"], "error");
    }

    #[test]
    fn human_underlines_the_value() {
        let (sources, diagnostics) = one("+++\n[skills]\nsytem-design = 3\n+++\n", "sytem-design");
        let out = human(diagnostics.iter().next().unwrap(), &sources, false);
        assert!(
            out.contains("error[unknown-skill]: unknown skill `sytem-design`"),
            "{out}"
        );
        assert!(out.contains("roles/eng/senior.md:3:1"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^ no skill has this id"), "{out}");
        assert!(out.contains("help: did you mean `system-design`?"), "{out}");
    }
}
