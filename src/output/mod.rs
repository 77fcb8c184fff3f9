//! Output: writes a rendered site to disk so that readers never see half of it.
//!
//! The site is written to a temporary folder beside the output folder and swapped in with
//! two renames only once every file is written; a build that fails at any point leaves the
//! previous site exactly as it was. A marker file tells Trellis's own output apart from a
//! folder it must never replace (`-o framework` by mistake).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::render::SiteFile;

/// The file that marks a folder as a site Trellis built, and so safe to replace.
pub const MARKER: &str = ".trellis-site";

/// Writes `files`, plus the framework's `static/` folder copied as is, to `out`.
///
/// Generated files win over static files of the same path.
pub fn write_site(out: &Path, files: &[SiteFile], static_dir: Option<&Path>) -> Result<()> {
    let staging = Staging::new(out, static_dir)?;
    for file in files {
        staging.write(&file.path, &file.bytes)?;
    }
    staging.finish()
}

/// A site being written, file by file and from any thread, into a staging folder beside the
/// output folder. [`Staging::finish`] swaps it into place; dropping it unfinished removes
/// the staging folder and leaves the previous site as it was.
#[derive(Debug)]
pub struct Staging {
    staging: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    finished: bool,
}

impl Staging {
    /// Checks that `out` may be replaced, creates the staging folder and copies the
    /// framework's `static/` folder into it. Files written later win over static files of
    /// the same path.
    pub fn new(out: &Path, static_dir: Option<&Path>) -> Result<Staging> {
        if out.exists() {
            if !out.is_dir() {
                bail!("`{}` is a file; the site needs a folder", out.display());
            }
            let empty = fs::read_dir(out)
                .with_context(|| format!("cannot read `{}`", out.display()))?
                .next()
                .is_none();
            if !empty && !out.join(MARKER).is_file() {
                bail!(
                    "refusing to replace `{}`: it is not a site built by Trellis (it has no `{MARKER}` file); choose another output folder or empty it",
                    out.display()
                );
            }
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_owned());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear `{}`", staging.display()))?;
        }
        let site = Staging {
            staging,
            out: out.to_owned(),
            parent,
            name,
            finished: false,
        };
        fs::create_dir_all(&site.staging)
            .with_context(|| format!("cannot create `{}`", site.staging.display()))?;
        if let Some(dir) = static_dir.filter(|d| d.is_dir()) {
            for (rel, bytes) in crate::render::theme::files_under(dir)? {
                site.write(&rel, &bytes)?;
            }
        }
        Ok(site)
    }

    /// Writes one file, `rel` being its path under the site (forward slashes).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        write_file(&self.staging, rel, bytes)
    }

    /// Writes the marker file and swaps the staging folder into place.
    pub fn finish(mut self) -> Result<()> {
        write_file(
            &self.staging,
            MARKER,
            b"This folder was built by Trellis and is replaced whole by the next build.\n",
        )?;
        swap(&self.staging, &self.out, &self.parent, &self.name)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    // Paths come from ids and theme file names; refuse anything that could leave the root.
    if rel
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
        || rel.contains('\\')
    {
        bail!("refusing to write `{rel}`: not a plain relative path");
    }
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
}

fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        if old.exists() {
            fs::remove_dir_all(&old)
                .with_context(|| format!("cannot clear `{}`", old.display()))?;
        }
        fs::rename(out, &old)
            .with_context(|| format!("cannot move the old site `{}` aside", out.display()))?;
    }
    if let Err(error) = fs::rename(staging, out) {
        if had_old {
            // Put the previous site back; the build failed as a whole.
            let _ = fs::rename(&old, out);
        }
        return Err(error)
            .with_context(|| format!("cannot move the new site into `{}`", out.display()));
    }
    if had_old {
        remove_tree(&old)
            .with_context(|| format!("cannot remove the old site at `{}`", old.display()))?;
    }
    Ok(())
}

/// Removes `dir` and everything in it, like [`fs::remove_dir_all`], but removes the entries
/// of its first two levels in parallel: a site has a folder for each page, so for a large
/// one most of the work is in thousands of small folders side by side.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut entries: Vec<(PathBuf, bool)> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        // `file_type` does not follow symbolic links, so a link is removed, never followed.
        if entry.file_type()?.is_dir() {
            for inner in fs::read_dir(entry.path())? {
                let inner = inner?;
                entries.push((inner.path(), inner.file_type()?.is_dir()));
            }
        } else {
            entries.push((entry.path(), false));
        }
    }
    entries.par_iter().try_for_each(|(path, is_dir)| {
        if *is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    })?;
    // Only the emptied first-level folders are left.
    fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SiteFile {
        SiteFile {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_a_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[file("a/index.html", "one"), file("old.html", "x")],
            None,
        )
        .unwrap();
        write_site(&out, &[file("a/index.html", "two")], None).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or old folders remain");
    }

    #[test]
    fn refuses_to_replace_a_folder_it_did_not_build() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("trellis.toml"), "title = \"x\"").unwrap();
        let error = write_site(dir.path(), &[file("index.html", "x")], None).unwrap_err();
        assert!(error.to_string().contains("refusing to replace"), "{error}");
        assert!(dir.path().join("trellis.toml").exists());
    }

    #[test]
    fn a_bad_path_fails_the_write_and_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "old")], None).unwrap();
        let error = write_site(
            &out,
            &[file("index.html", "new"), file("../escape.html", "x")],
            None,
        )
        .unwrap_err();
        assert!(error.to_string().contains("refusing to write"), "{error}");
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn files_written_from_several_threads_land_in_one_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out, None).unwrap();
        (0..64).into_par_iter().for_each(|i| {
            staging
                .write(&format!("pages/p{i}/index.html"), format!("{i}").as_bytes())
                .unwrap();
        });
        assert!(!out.exists(), "nothing is visible before finish");
        staging.finish().unwrap();
        for i in 0..64 {
            let page = out.join(format!("pages/p{i}/index.html"));
            assert_eq!(fs::read_to_string(page).unwrap(), format!("{i}"));
        }
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn an_unfinished_site_is_removed_and_the_old_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "old")], None).unwrap();
        let staging = Staging::new(&out, None).unwrap();
        staging.write("index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the staging folder is gone");
    }

    #[cfg(unix)]
    #[test]
    fn removing_the_old_site_never_follows_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join("deeper")).unwrap();
        fs::write(outside.join("keep.txt"), "keep").unwrap();
        fs::write(outside.join("deeper/keep.txt"), "keep").unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/b/index.html", "one")], None).unwrap();
        // Links at the first and second level of the old site, to a folder and to a file.
        std::os::unix::fs::symlink(&outside, out.join("link")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("a/link")).unwrap();
        std::os::unix::fs::symlink(outside.join("keep.txt"), out.join("a/b/file-link")).unwrap();
        write_site(&out, &[file("index.html", "two")], None).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "keep"
        );
        assert_eq!(
            fs::read_to_string(outside.join("deeper/keep.txt")).unwrap(),
            "keep"
        );
    }
}
