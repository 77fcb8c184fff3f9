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
//!
//! Folders are reused the same way. The site a build replaces is not deleted but kept in the
//! cache folder beside the output (`.public.trellis-cache/previous/`), and the next build
//! starts its staging folder from it: files it writes again with the same bytes stay as they
//! are, the others are replaced (never written into, since they may share their inode with
//! the live site), and what it does not write is removed before the swap. A site has a folder
//! per page, and creating thousands of folders and deleting thousands more was most of the
//! cost of a rebuild.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::render::SiteFile;

/// The file that marks a folder as a site Trellis built, and so safe to replace.
pub const MARKER: &str = ".trellis-site";

/// The cache folder of an output folder, `.<name>.trellis-cache` beside it: the site before
/// the current one (`previous/`, see the module's documentation) and the editions already
/// built (`editions/`). Deleting it only makes the next build slower.
pub fn cache_folder(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.trellis-cache"))
}

/// Where the site before the current one is kept for the next build to start from.
fn previous_folder(out: &Path) -> PathBuf {
    cache_folder(out).join("previous")
}

fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

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
    /// When the staging folder started as the site before last: its files, which the build
    /// keeps if it writes them again, and its folders, removed at the end if left empty.
    recycled: Option<Recycled>,
    parent: PathBuf,
    name: String,
    finished: bool,
}

/// What a staging folder taken over from the site before last held, and what the build
/// wrote into it.
#[derive(Debug)]
struct Recycled {
    files: Vec<String>,
    folders: Vec<PathBuf>,
    written: Mutex<FxHashSet<String>>,
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
        let (parent, name) = parent_and_name(out);
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear `{}`", staging.display()))?;
        }
        // Only a rebuild recycles: a first build has nothing to compare with.
        let recycled = match previous {
            Some(_) => recycle(&previous_folder(out), &staging)?,
            None => None,
        };
        let site = Staging {
            staging,
            out: out.to_owned(),
            previous,
            linking: AtomicBool::new(true),
            recycled,
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
        if let Some(recycled) = &self.recycled {
            recycled
                .written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel.to_owned());
            let path = self.staging.join(rel);
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_file() => {
                    if same_file_contents(&path, bytes) {
                        return Ok(());
                    }
                    // Replaced, never written into: it may be the live site's file too.
                    fs::remove_file(&path)
                        .with_context(|| format!("cannot replace `{}`", path.display()))?;
                }
                Ok(meta) if meta.is_dir() => fs::remove_dir_all(&path)
                    .with_context(|| format!("cannot replace `{}`", path.display()))?,
                Ok(_) => fs::remove_file(&path)
                    .with_context(|| format!("cannot replace `{}`", path.display()))?,
                Err(_) => {}
            }
            // A file of the old site where this one needs a folder.
            if let Some(dir) = Path::new(rel).parent() {
                let mut at = self.staging.clone();
                for part in dir.components() {
                    at.push(part);
                    if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                        fs::remove_file(&at)
                            .with_context(|| format!("cannot replace `{}`", at.display()))?;
                    }
                }
            }
        }
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
        if let Some(recycled) = &self.recycled {
            recycled.remove_unwritten(&self.staging)?;
        }
        write_file(
            &self.staging,
            MARKER,
            b"This folder was built by Trellis and is replaced whole by the next build.\n",
        )?;
        swap(
            &self.staging,
            &self.out,
            &self.parent,
            &self.name,
            &previous_folder(&self.out),
        )?;
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

/// Moves the site before last, kept at `keep`, into place as the staging folder, and lists
/// what it holds. `None` when there is none to take, or it does not look like a site.
/// Anything but plain files and folders in it (a symbolic link put there by hand) is removed
/// first, never followed.
fn recycle(keep: &Path, staging: &Path) -> Result<Option<Recycled>> {
    let is_site = fs::symlink_metadata(keep).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(keep.join(MARKER)).is_ok_and(|m| m.is_file());
    if !is_site || fs::rename(keep, staging).is_err() {
        return Ok(None);
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(staging).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read `{}`", staging.display()))?;
        let kind = entry.file_type();
        if kind.is_dir() {
            folders.push(entry.path().to_owned());
        } else if kind.is_file() {
            let rel = entry
                .path()
                .strip_prefix(staging)
                .expect("under the walk's root");
            // Paths Trellis writes are UTF-8 with `/`; anything else is not one of its files.
            match rel.to_str() {
                Some(rel) if std::path::MAIN_SEPARATOR == '/' => files.push(rel.to_owned()),
                _ => fs::remove_file(entry.path())?,
            }
        } else {
            fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove `{}`", entry.path().display()))?;
        }
    }
    Ok(Some(Recycled {
        files,
        folders,
        written: Mutex::new(FxHashSet::default()),
    }))
}

impl Recycled {
    /// Removes the files of the site before last that this build did not write, then the
    /// folders left empty.
    fn remove_unwritten(&self, staging: &Path) -> Result<()> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        self.files
            .par_iter()
            .filter(|rel| !written.contains(rel.as_str()))
            .try_for_each(|rel| {
                let path = staging.join(rel);
                // Gone already, or now a folder of this build (`a` was a file, `a/` is a page).
                if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                    fs::remove_file(&path)
                        .with_context(|| format!("cannot remove `{}`", path.display()))?;
                }
                Ok::<_, anyhow::Error>(())
            })?;
        // Deepest first, so a folder is empty once its own folders are gone. A folder still
        // holding files fails to go, as it should.
        let mut folders: Vec<&PathBuf> = self.folders.iter().collect();
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in folders {
            let _ = fs::remove_dir(folder);
        }
        Ok(())
    }
}

fn swap(staging: &Path, out: &Path, parent: &Path, name: &str, keep: &Path) -> Result<()> {
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
        // Kept for the next build to start from; removed only when it cannot be kept.
        let kept = !keep.exists()
            && keep.parent().is_some_and(|p| fs::create_dir_all(p).is_ok())
            && fs::rename(&old, keep).is_ok();
        if !kept {
            remove_tree(&old)
                .with_context(|| format!("cannot remove the old site at `{}`", old.display()))?;
        }
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
        let mut leftovers: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            [".public.trellis-cache", "public"],
            "no staging or old folders remain; the replaced site is kept in the cache"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join(".public.trellis-cache/previous/old.html")).unwrap(),
            "x"
        );
    }

    /// Builds a site from (path, text) pairs.
    fn build(out: &Path, files: &[(&str, &str)]) -> Result<()> {
        let files: Vec<SiteFile> = files.iter().map(|(p, t)| file(p, t)).collect();
        write_site(out, &files, None)
    }

    /// Every file under `dir`, with its text.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_build_started_from_the_site_before_last_holds_exactly_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(
            &out,
            &[
                ("a/index.html", "a"),
                ("gone/deep/index.html", "g"),
                ("x", "1"),
            ],
        )
        .unwrap();
        build(&out, &[("a/index.html", "a"), ("b/index.html", "b")]).unwrap();
        // The third build starts from the first site: `gone/` must go, `x` too, `b` and `c`
        // come in.
        build(
            &out,
            &[
                ("a/index.html", "a2"),
                ("b/index.html", "b"),
                ("c/index.html", "c"),
            ],
        )
        .unwrap();
        let expected = [
            (
                MARKER,
                "This folder was built by Trellis and is replaced whole by the next build.\n",
            ),
            ("a/index.html", "a2"),
            ("b/index.html", "b"),
            ("c/index.html", "c"),
        ]
        .map(|(p, t)| (p.to_owned(), t.to_owned()));
        assert_eq!(tree(&out), expected);
        assert!(!out.join("gone").exists(), "emptied folders are removed");
        // And again, now from the second site.
        build(&out, &[("a/index.html", "a2")]).unwrap();
        assert_eq!(tree(&out), expected[..2]);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_shared_with_the_live_site_is_replaced_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("p.html", "one")]).unwrap();
        // The second site links the unchanged file from the first, which is then kept: the
        // live site and the kept one share the file.
        build(&out, &[("p.html", "one")]).unwrap();
        let staging = Staging::new(&out, None).unwrap();
        assert!(
            staging.recycled.is_some(),
            "the third build starts from the first site"
        );
        staging.write("p.html", b"two").unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("p.html")).unwrap(), "one");
    }

    #[test]
    fn a_file_of_the_old_site_where_a_folder_is_needed_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("a", "file")]).unwrap();
        build(&out, &[("b", "file")]).unwrap();
        build(&out, &[("a/index.html", "page")]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "page"
        );
        assert!(!out.join("b").exists());
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
        assert_eq!(
            after.nlink(),
            2,
            "linked from the kept site before, and nothing else"
        );
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
        // The site with the links is kept, and the next build starts from it.
        write_site(&out, &[file("a/b/index.html", "three")], None).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "three"
        );
        assert!(fs::symlink_metadata(out.join("link")).is_err());
        assert!(fs::symlink_metadata(out.join("a/b/file-link")).is_err());
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
