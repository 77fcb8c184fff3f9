//! Scaffold: the files `trellis init` writes to start a framework repository — the sample
//! framework, CI for GitHub Actions and GitLab CI, pull-request templates, the JSON Schemas
//! with the editor settings that use them, and CODEOWNERS.
//!
//! The sample is embedded at build time from `framework/` (see `build.rs`); the templates
//! from `scaffold/`. The repository's top is the framework's folder, so the CI runs
//! `trellis check .`.

use crate::owners::{self, Flavor};
use crate::schema::{self, FileKind};

include!(concat!(env!("OUT_DIR"), "/sample.rs"));

/// The version of Trellis the CI templates install.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One file to write, by path relative to the new repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Forward slashes.
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The CI and review templates, by the path they are written to.
const TEMPLATES: &[(&str, &str)] = &[
    (
        ".github/workflows/trellis.yml",
        include_str!("../../scaffold/github/workflows/trellis.yml"),
    ),
    (
        ".github/pull_request_template.md",
        include_str!("../../scaffold/github/pull_request_template.md"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../../scaffold/gitlab-ci.yml"),
    ),
    (
        ".gitlab/merge_request_templates/Default.md",
        include_str!("../../scaffold/gitlab/merge_request_templates/Default.md"),
    ),
    (".taplo.toml", include_str!("../../scaffold/taplo.toml")),
    (".gitignore", include_str!("../../scaffold/gitignore")),
    ("README.md", include_str!("../../scaffold/README.md")),
];

/// Every file of a new framework repository, sorted by path.
pub fn files() -> Vec<File> {
    let mut files: Vec<File> = SAMPLE
        .iter()
        .map(|(path, bytes)| File {
            path: (*path).to_owned(),
            bytes: bytes.to_vec(),
        })
        .collect();
    for (path, text) in TEMPLATES {
        files.push(File {
            path: (*path).to_owned(),
            bytes: text.replace("@VERSION@", VERSION).into_bytes(),
        });
    }
    for kind in FileKind::ALL {
        files.push(File {
            path: format!("schemas/{}", kind.file_name()),
            bytes: schema::to_text(kind).into_bytes(),
        });
    }
    // CODEOWNERS from the sample's own owners, so a fresh repository checks clean.
    let sample = crate::check_loaded(crate::load::load_files(
        SAMPLE.iter().map(|(p, b)| ((*p).to_owned(), b.to_vec())),
    ));
    let section = owners::section(&sample.framework, "", Flavor::Github);
    if !section.is_empty() {
        files.push(File {
            path: "CODEOWNERS".to_owned(),
            bytes: section.into_bytes(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_embedded_whole() {
        assert!(SAMPLE.iter().any(|(p, _)| *p == "trellis.toml"));
        assert!(
            SAMPLE
                .iter()
                .any(|(p, _)| p.starts_with("roles/software-engineering/"))
        );
        let on_disk = walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/framework"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        assert_eq!(SAMPLE.len(), on_disk);
    }

    #[test]
    fn templates_name_this_version() {
        let files = files();
        let workflow = files
            .iter()
            .find(|f| f.path == ".github/workflows/trellis.yml")
            .expect("workflow");
        let text = String::from_utf8_lossy(&workflow.bytes);
        assert!(
            text.contains(&format!("TRELLIS_VERSION: v{VERSION}")),
            "{text}"
        );
        assert!(!text.contains("@VERSION@"));
    }
}
