//! Trellis compiles a career framework — roles, skills, tracks and learning pathways written
//! as TOML and Markdown — into a checked model and, from it, a static site.
//!
//! The pipeline, one module per stage, each looking only one way:
//!
//! ```text
//! load (walk, split front matter, parse with spans)
//!   -> model (typed Framework, every reference resolved)
//!   -> check (rules -> diagnostics with file:line:col)
//!   -> analyze (gaps between roles, who needs what, what closes a gap)
//!   -> render (Tera templates, Markdown, SVG maps, JSON/CSV exports)
//!   -> output (written beside the old site, swapped in whole)
//! ```
//!
//! [`serve`] keeps the rendered site in memory instead, and rebuilds it on every change.
//!
//! [`diagnostic`] carries problems between the stages as data; the binary renders them once.
//! [`import`] runs before the pipeline: it turns spreadsheet exports into a framework folder.
//!
//! Beside the pipeline, for changes made by pull request: [`git`] reads a framework folder
//! at a revision, [`diff`] compares two models into classified changes, [`editions`] builds
//! the published editions (git tags) beside the site with their changelogs, [`owners`] writes
//! CODEOWNERS, [`format`] defines every file once, [`schema`] describes the files for editors and [`scaffold`] is what
//! `trellis init` writes.

pub mod analyze;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod diff;
pub mod editions;
pub mod format;
pub mod git;
pub mod import;
pub mod links;
pub mod load;
pub mod model;
pub mod output;
pub mod owners;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;

use std::path::Path;

use diagnostic::{Code, Diagnostics, SourceMap};
use load::LoadError;
use model::Framework;

/// A framework loaded, resolved and checked, with every problem found on the way.
#[derive(Debug)]
pub struct Checked {
    /// The model; only what resolved is in it.
    pub framework: Framework,
    /// Every file read, for rendering diagnostics.
    pub sources: SourceMap,
    /// Every problem, sorted by file and position.
    pub diagnostics: Diagnostics,
}

impl Checked {
    /// True when there is no error (warnings allowed).
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Runs load → model → check on the framework in `root`.
///
/// Fails only when `root` is not a folder; every problem inside the framework is a
/// diagnostic in the result.
pub fn check_framework(root: &Path) -> Result<Checked, LoadError> {
    Ok(check_loaded(load::load(root)?))
}

/// Runs model → check on a framework already loaded, from a folder or from files in memory
/// (see [`load::load_files`]).
pub fn check_loaded(mut loaded: load::Loaded) -> Checked {
    let mut resolved = Diagnostics::new();
    let framework = model::build(&loaded, &mut resolved);
    let config_usable = config_usable(&loaded);
    let sources = std::mem::take(&mut loaded.sources);
    let diagnostics = std::mem::take(&mut loaded.diagnostics);
    // The parsed files are not needed once the model is built. Freeing ten thousand of them
    // takes a while, so another thread does it while this one checks.
    rayon::spawn(move || drop(loaded));
    finish(framework, sources, diagnostics, resolved, config_usable)
}

/// [`check_loaded`] for a caller that keeps what it loaded, to [`load::reload`] a few files
/// of it later: `trellis serve`.
pub fn check_kept(loaded: &load::Loaded) -> Checked {
    let mut resolved = Diagnostics::new();
    let framework = model::build(loaded, &mut resolved);
    finish(
        framework,
        loaded.sources.clone(),
        loaded.diagnostics.clone(),
        resolved,
        config_usable(loaded),
    )
}

fn config_usable(loaded: &load::Loaded) -> bool {
    loaded
        .config
        .as_ref()
        .is_some_and(|c| !c.front.grades.is_empty())
}

/// Checks the model and puts the diagnostics of every stage together.
fn finish(
    framework: Framework,
    sources: SourceMap,
    mut diagnostics: Diagnostics,
    mut resolved: Diagnostics,
    config_usable: bool,
) -> Checked {
    check::check(&framework, &mut resolved);
    if config_usable {
        diagnostics.extend(resolved);
    } else {
        // Without a readable `trellis.toml` (or its grades) every grade and level reference
        // would be reported unknown and every track empty; the error about the config is
        // the useful one, and the rest are reported once it is fixed.
        diagnostics.extend(resolved.into_iter().filter(|d| !depends_on_config(d.code)));
    }
    diagnostics.sort();
    Checked {
        framework,
        sources,
        diagnostics,
    }
}

/// Codes that follow from a missing or broken `trellis.toml` rather than from the file they
/// are reported in.
fn depends_on_config(code: Code) -> bool {
    matches!(
        code,
        Code::UnknownGrade
            | Code::UnknownLevel
            | Code::LevelOutOfRange
            | Code::MissingLevelName
            | Code::AmbiguousPromotion
            | Code::EmptyTrack
            | Code::NoRequirements
            | Code::LoweredLevel
            | Code::PromotionNotUpward
    )
}
