//! Git: reads the files of a framework folder as they were at a revision, straight from the
//! repository's object store, without checking anything out or touching the working tree
//! or the index.
//!
//! It runs the `git` command line (`rev-parse`, `ls-tree -r -z`, `cat-file --batch`), which
//! every machine that has the repository has too; the loader then parses the files from
//! memory ([`crate::load::load_files`]).

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why git could not give the files.
#[derive(Debug)]
pub enum GitError {
    /// The `git` program is not installed or not on the `PATH`.
    NotInstalled,
    /// The folder is not inside a git working tree.
    NotARepository(PathBuf),
    /// The revision names no commit.
    UnknownRevision(String),
    /// A git command failed.
    Failed {
        /// The command, as typed.
        command: String,
        /// What git said.
        stderr: String,
    },
    /// Reading git's output failed, or it was not what git prints.
    Io(io::Error),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotInstalled => write!(f, "`git` is not installed or not on the PATH"),
            GitError::NotARepository(dir) => {
                write!(f, "`{}` is not inside a git repository", dir.display())
            }
            GitError::UnknownRevision(rev) => {
                write!(
                    f,
                    "`{rev}` is not a commit, branch or tag of this repository"
                )
            }
            GitError::Failed { command, stderr } => {
                write!(f, "`{command}` failed: {}", stderr.trim())
            }
            GitError::Io(error) => write!(f, "reading from git failed: {error}"),
        }
    }
}

impl std::error::Error for GitError {}

impl From<io::Error> for GitError {
    fn from(error: io::Error) -> Self {
        GitError::Io(error)
    }
}

/// Files by path relative to a folder, with their contents.
pub type Files = Vec<(String, Vec<u8>)>;

/// A folder inside a git working tree, such as a framework folder.
#[derive(Debug, Clone)]
pub struct Worktree {
    dir: PathBuf,
    /// The folder's path from the top of the repository, `""` or ending in `/`.
    prefix: String,
}

impl Worktree {
    /// The working tree that holds `dir`.
    pub fn open(dir: &Path) -> Result<Self, GitError> {
        let prefix = git(dir, &["rev-parse", "--show-prefix"]).map_err(|error| match error {
            // Other failures (a repository git refuses to read, for one) keep git's words.
            GitError::Failed { stderr, .. } if stderr.contains("not a git repository") => {
                GitError::NotARepository(dir.to_owned())
            }
            other => other,
        })?;
        Ok(Worktree {
            dir: dir.to_owned(),
            prefix: String::from_utf8_lossy(&prefix).trim_end().to_owned(),
        })
    }

    /// The folder's path from the top of the repository: `""` for the top itself, else a
    /// path ending in `/`, such as `framework/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The full id of the commit `rev` names (a branch, tag, commit id or expression such as
    /// `HEAD~1` or `origin/main`).
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        // A revision that starts with `-` would be read as an option.
        if rev.is_empty() || rev.starts_with('-') {
            return Err(GitError::UnknownRevision(rev.to_owned()));
        }
        let spec = format!("{rev}^{{commit}}");
        match git(&self.dir, &["rev-parse", "--verify", "--quiet", &spec]) {
            Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
            Err(GitError::Failed { .. }) => Err(GitError::UnknownRevision(rev.to_owned())),
            Err(other) => Err(other),
        }
    }

    /// The files of this folder in `commit`, with paths relative to the folder, keeping
    /// only those for which `wanted` is true; `None` when the folder did not exist in that
    /// commit. Symbolic links and submodules are left out, as the loader skips them on disk.
    pub fn files_at(
        &self,
        commit: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Option<Files>, GitError> {
        let tree = format!("{commit}:{}", self.prefix);
        if git(&self.dir, &["rev-parse", "--verify", "--quiet", &tree]).is_err() {
            return Ok(None);
        }
        // `--full-tree`: list the whole tree given, not only the part under the current
        // folder, with paths relative to that tree.
        let listing = git(&self.dir, &["ls-tree", "-r", "-z", "--full-tree", &tree])?;
        let mut paths = Vec::new();
        let mut objects = Vec::new();
        for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let entry = TreeEntry::parse(record).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "unexpected `git ls-tree` output",
                )
            })?;
            if entry.kind != "blob" || entry.mode == "120000" || !wanted(&entry.path) {
                continue;
            }
            paths.push(entry.path);
            objects.push(entry.object);
        }
        let blobs = read_blobs(&self.dir, &objects)?;
        Ok(Some(paths.into_iter().zip(blobs).collect()))
    }
}

/// A tag of the repository, with what the editions need to know about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// `v2026.1`.
    pub name: String,
    /// When it was made: the tagger's date of an annotated tag, the commit's date of a
    /// lightweight one, in strict ISO 8601 with the original offset
    /// (`2026-01-15T09:30:00+01:00`).
    pub date: String,
    /// The full id of the commit it names.
    pub commit: String,
    /// The id of the framework folder's tree in that commit; `None` when the folder did not
    /// exist. Two tags with the same tree hold the same framework.
    pub tree: Option<String>,
}

impl Worktree {
    /// The tags whose name matches the glob `pattern` (as `git for-each-ref` matches
    /// `refs/tags/<pattern>`), oldest first.
    pub fn tags(&self, pattern: &str) -> Result<Vec<Tag>, GitError> {
        let refs = format!("refs/tags/{pattern}");
        let listing = git(
            &self.dir,
            &[
                "for-each-ref",
                "--sort=refname",
                "--sort=creatordate",
                "--format=%(refname:strip=2)%00%(creatordate:iso-strict)",
                &refs,
            ],
        )?;
        // The last `--sort` key is the first: by date, then by name among tags of one date.
        let mut tags = Vec::new();
        for line in String::from_utf8_lossy(&listing).lines() {
            let Some((name, date)) = line.split_once('\0') else {
                continue;
            };
            let commit = self.resolve(name)?;
            let spec = format!("{commit}:{}", self.prefix);
            let tree = git(&self.dir, &["rev-parse", "--verify", "--quiet", &spec])
                .ok()
                .map(|out| String::from_utf8_lossy(&out).trim().to_owned());
            tags.push(Tag {
                name: name.to_owned(),
                date: date.to_owned(),
                commit,
                tree,
            });
        }
        Ok(tags)
    }
}

/// One record of `git ls-tree -z`: `<mode> SP <type> SP <object> TAB <path>`.
struct TreeEntry {
    mode: String,
    kind: String,
    object: String,
    path: String,
}

impl TreeEntry {
    fn parse(record: &[u8]) -> Option<Self> {
        let tab = record.iter().position(|b| *b == b'\t')?;
        let head = std::str::from_utf8(&record[..tab]).ok()?;
        let mut parts = head.split(' ');
        let (mode, kind, object) = (parts.next()?, parts.next()?, parts.next()?);
        Some(TreeEntry {
            mode: mode.to_owned(),
            kind: kind.to_owned(),
            object: object.to_owned(),
            path: String::from_utf8_lossy(&record[tab + 1..]).into_owned(),
        })
    }
}

/// The contents of `objects`, in order, through one `git cat-file --batch`.
fn read_blobs(dir: &Path, objects: &[String]) -> Result<Vec<Vec<u8>>, GitError> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = command(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("no stdout"))?;
    // The requests are written from another thread: git answers as it reads, and a full
    // pipe in either direction would otherwise stop both programs.
    let result = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> io::Result<()> {
            for object in objects {
                writeln!(stdin, "{object}")?;
            }
            Ok(())
        });
        let mut reader = BufReader::new(stdout);
        let mut blobs = Vec::with_capacity(objects.len());
        for object in objects {
            blobs.push(read_one(&mut reader, object)?);
        }
        writer
            .join()
            .map_err(|_| io::Error::other("writing to `git cat-file` panicked"))??;
        Ok::<_, io::Error>(blobs)
    });
    let status = child.wait()?;
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    match result {
        Ok(blobs) if status.success() => Ok(blobs),
        Err(error) if stderr.trim().is_empty() => Err(GitError::Io(error)),
        _ => Err(GitError::Failed {
            command: "git cat-file --batch".to_owned(),
            stderr,
        }),
    }
}

/// Reads one `<object> SP <type> SP <size> LF <contents> LF` answer.
fn read_one(reader: &mut impl BufRead, object: &str) -> io::Result<Vec<u8>> {
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header)?;
    let header = String::from_utf8_lossy(&header);
    let size = header
        .trim_end()
        .rsplit(' ')
        .next()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|_| header.starts_with(object) && !header.trim_end().ends_with(" missing"))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("git could not read object {object}: {}", header.trim_end()),
            )
        })?;
    let mut contents = vec![0; size + 1];
    reader.read_exact(&mut contents)?;
    contents.pop();
    Ok(contents)
}

/// The top of the git working tree that holds `dir`, found by looking for `.git` in it and
/// its parents (no git process is started); `None` outside a repository.
pub fn find_root(dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(dir).ok()?;
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir);
    // Reading must not take the index lock that a concurrent `git commit` needs.
    command.env("GIT_OPTIONAL_LOCKS", "0");
    // Git's messages in English, so "not a git repository" can be told from other failures.
    command.env("LC_ALL", "C");
    command
}

fn spawn_error(error: io::Error) -> GitError {
    if error.kind() == io::ErrorKind::NotFound {
        GitError::NotInstalled
    } else {
        GitError::Io(error)
    }
}

/// Runs `git -C dir ARGS` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = command(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(GitError::Failed {
            command: format!("git {}", args.join(" ")),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ls_tree_records() {
        let entry = TreeEntry::parse(b"100644 blob 1f2e3d\troles/eng/senior engineer.md").unwrap();
        assert_eq!(
            (
                entry.mode.as_str(),
                entry.kind.as_str(),
                entry.object.as_str()
            ),
            ("100644", "blob", "1f2e3d")
        );
        assert_eq!(entry.path, "roles/eng/senior engineer.md");
        assert!(TreeEntry::parse(b"garbage").is_none());
    }

    #[test]
    fn reads_batch_answers_and_rejects_missing_objects() {
        let mut answer: &[u8] = b"abc blob 5\nhello\nxyz blob 0\n\n";
        assert_eq!(read_one(&mut answer, "abc").unwrap(), b"hello");
        assert_eq!(read_one(&mut answer, "xyz").unwrap(), b"");
        let mut missing: &[u8] = b"def missing\n";
        assert!(read_one(&mut missing, "def").is_err());
    }
}
