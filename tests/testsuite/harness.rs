//! A fixture framework copied into a temp dir, edited, and checked; and assertions on the
//! diagnostics that come out.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use trellis::Checked;
use trellis::diagnostic::Diagnostic;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real frameworks converted by the project's steering, beside the repository.
pub fn real_fixtures() -> PathBuf {
    std::env::var_os("TRELLIS_REAL_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/fixtures/real"))
}

/// The sample framework and every real converted framework, in a stable order.
pub fn sample_and_real_frameworks() -> Vec<PathBuf> {
    let mut real: Vec<PathBuf> = std::fs::read_dir(real_fixtures())
        .expect("the real fixtures are beside the repository")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.join("trellis.toml").is_file())
        .collect();
    real.sort();
    let mut dirs = vec![repo().join("framework")];
    dirs.extend(real);
    dirs
}

/// A framework in a temp dir, starting as a copy of `tests/fixtures/minimal`.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// A copy of the minimal valid framework.
    pub fn minimal() -> Self {
        Self::copy_of(&repo().join("tests/fixtures/minimal"))
    }

    /// A copy of any framework folder.
    pub fn copy_of(source: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(source, dir.path());
        Fixture { dir }
    }

    /// The framework folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `content` to `rel`, creating folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    /// Replaces `from` by `to` in file `rel`; panics if `from` is not there, so a test
    /// cannot silently edit nothing.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let path = self.dir.path().join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "`{from}` not in {rel}:\n{text}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Deletes `rel`.
    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.dir.path().join(rel)).unwrap();
        self
    }

    /// Runs load → model → check.
    pub fn check(&self) -> Report {
        Report(trellis::check_framework(self.dir.path()).expect("framework folder exists"))
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A diagnostic flattened to what a user reads: code, file, line, column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub severity: String,
    pub code: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// The result of checking a fixture.
pub struct Report(pub Checked);

impl Report {
    /// Every diagnostic, flattened.
    pub fn seen(&self) -> Vec<Seen> {
        self.0.diagnostics.iter().map(|d| self.flatten(d)).collect()
    }

    fn flatten(&self, d: &Diagnostic) -> Seen {
        let position = d
            .source
            .zip(d.span.as_ref())
            .map(|(s, span)| self.0.sources.position(s, span.start));
        Seen {
            severity: d.severity.to_string(),
            code: d.code.as_str().to_owned(),
            file: d.source.map(|s| self.0.sources.path(s).to_owned()),
            line: position.map(|p| p.line),
            column: position.map(|p| p.column),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }

    /// Asserts there are no diagnostics at all.
    pub fn assert_clean(&self) {
        let seen = self.seen();
        assert!(seen.is_empty(), "expected no diagnostics, got {seen:#?}");
    }

    /// Asserts exactly one diagnostic with `code`, at `file:line:column`, and returns it.
    pub fn expect(&self, code: &str, file: &str, line: usize, column: usize) -> Seen {
        let matching: Vec<Seen> = self.seen().into_iter().filter(|s| s.code == code).collect();
        assert_eq!(
            matching.len(),
            1,
            "expected one `{code}`, got {:#?}",
            self.seen()
        );
        let found = matching.into_iter().next().unwrap();
        assert_eq!(
            (found.file.as_deref(), found.line, found.column),
            (Some(file), Some(line), Some(column)),
            "wrong place for {found:#?}"
        );
        found
    }

    /// Asserts the set of codes, in order.
    pub fn codes(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.code).collect()
    }

    /// Errors in the run.
    pub fn errors(&self) -> usize {
        self.0.diagnostics.errors()
    }

    /// Human rendering of every diagnostic, uncoloured, as a user reads it.
    pub fn human(&self) -> String {
        self.0
            .diagnostics
            .iter()
            .map(|d| trellis::diagnostic::render::human(d, &self.0.sources, false))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A git repository in a temp dir holding a framework under `framework/`, committed, with
/// git isolated from the machine's configuration.
pub struct Repo {
    dir: TempDir,
}

impl Repo {
    /// A repository whose first commit is a copy of `source` in `framework/`.
    pub fn with_framework(source: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(source, &dir.path().join("framework"));
        let repo = Repo { dir };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo.commit("Framework");
        repo
    }

    /// The top of the repository.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The framework folder.
    pub fn framework(&self) -> PathBuf {
        self.dir.path().join("framework")
    }

    /// Runs git in the repository and returns its output; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = git_command(self.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Commits everything and returns the commit id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Writes `content` to `rel` under the framework folder.
    pub fn write(&self, rel: &str, content: &str) -> &Self {
        let path = self.framework().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    /// Replaces `from` by `to` in `rel` under the framework folder; panics if absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let path = self.framework().join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "`{from}` not in {rel}:\n{text}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Moves `from` to `to` under the framework folder, as `git mv` does.
    pub fn rename(&self, from: &str, to: &str) -> &Self {
        let target = self.framework().join(to);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::rename(self.framework().join(from), target).unwrap();
        self
    }

    /// Deletes `rel` under the framework folder.
    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.framework().join(rel)).unwrap();
        self
    }
}

/// `git -C dir` with the machine's and the user's configuration ignored, a fixed author and
/// fixed dates, so commits are the same on every machine.
pub fn git_command(dir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Trellis test")
        .env("GIT_AUTHOR_EMAIL", "test@trellis.example")
        .env("GIT_COMMITTER_NAME", "Trellis test")
        .env("GIT_COMMITTER_EMAIL", "test@trellis.example")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    command
}
