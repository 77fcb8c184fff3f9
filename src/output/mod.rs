//! Output: writes a rendered site to disk so that readers never see half of it.
//!
//! The site is written to a temporary folder beside the output folder and swapped in with
//! two renames only once every file is written; a build that fails at any point leaves the
//! previous site exactly as it was. A marker file tells Trellis's own output apart from a
//! folder it must never replace (`-o framework` by mistake).
//!
//! A file whose bytes are the same as in the previous site is not written again: the staging
//! folder gets a hard link to the previous file. A rebuild then writes only what changed,
//! unchanged files keep their modification time (so web servers and browsers keep their
//! caches), and the file system allocates no new inode for them, which on a large site is
//! much of the cost of writing it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// The previous site, when there is one to take unchanged files from.
    previous: Option<PathBuf>,
    /// Cleared at the first hard link that fails (a file system without them, or `out` on
    /// another device), after which every file is written.
    linking: AtomicBool,
    parent: PathBuf,
    name: String,
    finished: bool,
}

impl Staging {
    /// Checks that `out` may be replaced, creates the staging folder and copies the
    /// framework's `static/` folder into it. Files written later win over static files of
    /// the same path.
    pub fn new(out: &Path, static_dir: Option<&Path>) -> Result<Staging> {
        let mut previous = None;
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
            previous = (!empty).then(|| out.to_owned());
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
            previous,
            linking: AtomicBool::new(true),
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
        check_relative(rel)?;
        if let Some(previous) = &self.previous
            && self.linking.load(Ordering::Relaxed)
            && same_file_contents(&previous.join(rel), bytes)
        {
            let path = self.staging.join(rel);
            create_parent(&path)?;
            if fs::hard_link(previous.join(rel), &path).is_ok() {
                return Ok(());
            }
            self.linking.store(false, Ordering::Relaxed);
        }
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

/// Paths come from ids and theme file names; refuses anything that could leave the root.
fn check_relative(rel: &str) -> Result<()> {
    if rel
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
        || rel.contains('\\')
    {
        bail!("refusing to write `{rel}`: not a plain relative path");
    }
    Ok(())
}

fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) => {
            fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))
        }
        None => Ok(()),
    }
}

fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    check_relative(rel)?;
    let path = root.join(rel);
    create_parent(&path)?;
    fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
}

/// True when `path` is a regular file (not a link to one) holding exactly `bytes`. Any error
/// reading it means "no": the file is then written anew.
fn same_file_contents(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
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

    #[cfg(unix)]
    #[test]
    fn a_rebuild_keeps_unchanged_files_and_writes_changed_ones() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[file("same/index.html", "same"), file("changed.html", "old")],
            None,
        )
        .unwrap();
        let before = fs::metadata(out.join("same/index.html")).unwrap();
        write_site(
            &out,
            &[file("same/index.html", "same"), file("changed.html", "new")],
            None,
        )
        .unwrap();
        let after = fs::metadata(out.join("same/index.html")).unwrap();
        assert_eq!(
            before.ino(),
            after.ino(),
            "an unchanged file is the same file"
        );
        assert_eq!(after.nlink(), 1, "and no longer linked from the old site");
        assert_eq!(fs::read_to_string(out.join("changed.html")).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_previous_site_is_never_carried_over() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.html");
        fs::write(&outside, "same").unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "x")], None).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("page.html")).unwrap();
        write_site(&out, &[file("page.html", "same")], None).unwrap();
        let meta = fs::symlink_metadata(out.join("page.html")).unwrap();
        assert!(meta.file_type().is_file(), "written as a file, not linked");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "same");
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
