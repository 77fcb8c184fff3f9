//! The data each template receives. Field names here are the template API documented in
//! `docs/theming.md`; change them only with that document.

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::{Context, Tera};

use super::fragment::Fragment;
use super::{Page, RenderOptions, markdown, root_of, svg};
use crate::analyze::{self, Analysis, Change};
use crate::model::links::{OPPORTUNITY_PART, opportunity_folder, opportunity_parts};
use crate::model::{Framework, GroupId, PageId, PathwayId, Requirement, RoleId, SkillId, TrackId};

/// Site-wide values every template gets as `site`.
#[derive(Serialize)]
pub struct SiteView {
    title: String,
    description: Option<String>,
    version: Option<String>,
    language: String,
    repository: Option<String>,
    base_url: String,
    /// `/careers/` for `https://intranet.example/careers/`; used by the 404 page, which is
    /// served at any depth and so cannot use relative links.
    pub(super) base_path: String,
    tracks: Vec<Link>,
    /// The free pages, by weight then title, for the navigation.
    pages: Vec<Link>,
    generator: &'static str,
}

/// A link to a page, relative to the site root (templates prefix `root`).
#[derive(Serialize, Clone)]
pub struct Link {
    id: String,
    name: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct RoleLink {
    id: String,
    title: String,
    url: String,
    summary: Option<String>,
    grade: String,
    grade_name: String,
    track: String,
    track_name: String,
    track_url: String,
}

/// One level of a skill on its page. Statements are sanitized inline HTML.
#[derive(Serialize)]
struct LevelView {
    number: usize,
    name: String,
    summary: Option<String>,
    signals: Vec<String>,
    examples: Vec<String>,
}

/// A requirement with every word that applies to it: the level's own and the role's.
/// Statements (`descriptor`, `signals`, `examples`, `expectations`) are sanitized inline
/// HTML, from [`markdown::inline`].
#[derive(Serialize)]
struct RequirementView {
    skill: Link,
    group: Link,
    level: usize,
    level_name: String,
    /// The skill's first and last level (its own range, for `level_bar`).
    first: usize,
    max: usize,
    /// The skill's range in words: `5`, or `2–5` for a skill whose levels start at 2.
    range: String,
    descriptor: Option<String>,
    signals: Vec<String>,
    examples: Vec<String>,
    expectations: Vec<String>,
    /// True when the signals and examples are many enough to fold under a summary line.
    fold: bool,
}

/// A role's requirements of one skill group, each the `html` of `partials/requirement.html`.
#[derive(Serialize)]
struct RequirementGroupView {
    group: Link,
    requirements: Vec<serde_json::Value>,
}

/// One statement of a level or a role (sanitized inline HTML), and whether the reader
/// meets it for the first time.
#[derive(Serialize)]
struct StatementView {
    text: String,
    new: bool,
}

/// A role's "n of these" set, shown on `role.html`: each option the `html` of
/// `partials/requirement.html`.
#[derive(Serialize)]
struct ChoiceView {
    name: String,
    pick: usize,
    /// How many options there are.
    of: usize,
    summary: Option<String>,
    options: Vec<serde_json::Value>,
}

/// What one layer of a dimension says for a role: the grade's words, the track's at the
/// grade, or the role's own. Statements are sanitized inline HTML.
#[derive(Serialize)]
struct LayerView {
    /// `grade`, `track` or `role`.
    layer: &'static str,
    /// Who says it, for readers: "Every L4 · Senior", "Software engineering at L4", "This role".
    label: String,
    statements: Vec<StatementView>,
}

/// A dimension (scope, impact, …) with what each layer says for a role, most general first.
#[derive(Serialize)]
struct DimensionView {
    id: String,
    name: String,
    summary: Option<String>,
    layers: Vec<LayerView>,
}

/// One dimension of a move whose words change (`partials/dimension_step.html`): what the
/// target role says beside what the reader's says, new statements marked.
#[derive(Serialize)]
struct DimensionStepView {
    id: String,
    name: String,
    now: Vec<LayerView>,
    next: Vec<LayerView>,
    all_new: bool,
    open: bool,
}

/// A target's "n of these" set in a move: each option with the level the reader has now.
#[derive(Serialize)]
struct ChoiceGapView {
    name: String,
    pick: usize,
    summary: Option<String>,
    options: Vec<ChoiceOptionView>,
    /// How many options the reader's role already meets.
    met: usize,
    /// True when those are enough.
    done: bool,
}

#[derive(Serialize)]
struct ChoiceOptionView {
    skill: Link,
    from: usize,
    from_name: Option<String>,
    to: usize,
    to_name: String,
    first: usize,
    max: usize,
    met: bool,
}

/// A level of a skill in words: its name and its place on the skill's range.
#[derive(Serialize)]
struct StepLevelView {
    level: usize,
    level_name: String,
    range: String,
}

/// What the other role asks for in a next step: a level of the skill and the role's words
/// for it.
#[derive(Serialize)]
struct StepSideView {
    #[serde(flatten)]
    level: StepLevelView,
    summary: Option<StatementView>,
    signals: Vec<StatementView>,
    examples: Vec<StatementView>,
    expectations: Vec<StatementView>,
}

/// One skill of a move whose level or words change (`partials/step.html`): what the target
/// asks for, with what the reader has not met marked, and the pathways towards it. The
/// reader's own words for the skill are not repeated: the role page shows them under its
/// requirements, at `#req-<skill id>`.
#[derive(Serialize)]
struct StepView {
    skill: Link,
    change: Change,
    change_label: &'static str,
    /// Same level, different words: only the roles' own expectations are compared.
    text_changed: bool,
    /// Both sides have the same level, so only the roles' own words are shown.
    words_only: bool,
    /// The level now; none when the skill is new to the reader.
    now: Option<StepLevelView>,
    /// The name of the reader's choice that offers the skill, when `now` is its level
    /// there: the reader has it only if they took that option.
    now_option: Option<String>,
    next: StepSideView,
    /// Every statement of `next` is new, so none is marked one by one.
    all_new: bool,
    /// Shown unfolded on screen (the promotion); the others fold. Print shows all.
    open: bool,
    /// The pathways towards the level needed, with what each covers of the climb.
    pathways: Vec<PathwayCoverView>,
    /// The names of the levels of the climb no pathway reaches.
    uncovered: Vec<String>,
    /// No climb from where the Now line puts the reader: a lowered level, or an option of
    /// the reader's role already at the level asked.
    nothing_to_learn: bool,
}

/// A pathway towards a level a move needs, with what it covers of the climb.
#[derive(Serialize)]
struct PathwayCoverView {
    #[serde(flatten)]
    link: PathwayLink,
    /// It covers only part of the climb.
    partial: bool,
    /// The names of the levels of the climb it reaches.
    covers: Vec<String>,
}

#[derive(Serialize)]
struct PathwayLink {
    id: String,
    title: String,
    url: String,
    summary: Option<String>,
    from: Option<String>,
    to: Option<String>,
    duration: Option<String>,
}

/// The change of a skill the reader's role offers as an option of a choice and the target
/// asks for outright.
const OPTION_REQUIRED: &str = "no longer optional";

/// A skill the target asks for at the level the reader has, or no longer asks for: listed
/// in a line after the skills that change, not as cards, so the cards hold only what changes.
#[derive(Serialize)]
struct KeptSkillView {
    skill: Link,
    level: usize,
    level_name: String,
    range: String,
    /// True when the target does not ask for the skill; `level` is then the current one.
    dropped: bool,
}

#[derive(Serialize)]
struct PayView {
    currency: String,
    min: Option<String>,
    max: Option<String>,
}

/// Builds every page's context from the model.
pub struct Views<'a> {
    framework: &'a Framework,
    analysis: Analysis,
    options: &'a RenderOptions,
    /// The base URL in force (the option, or `trellis.toml`), always ending in `/`.
    pub base_url: String,
    tera: &'a Tera,
    /// The partials rendered once per distinct item (see [`super::fragment`]).
    fragments: Fragments,
    /// The A–Z's entries, sorted, made once for all its parts.
    az_entries: std::sync::OnceLock<Vec<AzEntry>>,
    /// The families of tracks as the home lists them, and their pages' paths (none when
    /// the home lists every track).
    families: Vec<(&'a str, Vec<TrackId>)>,
    family_paths: Vec<String>,
}

/// One name in the A–Z: a role, skill or guide, or another name of one.
#[derive(Serialize)]
struct AzEntry {
    name: String,
    url: String,
    kind: &'static str,
    detail: String,
    /// The letter it is listed under: `A` to `Z`, or `#`.
    letter: String,
}

/// The most tracks the home page draws its progression map for; with more it shows the
/// overview table. At 1280 px the map's smallest label is 13 px with 6 tracks and 9 px with 9.
pub const HOME_MAP_TRACKS: usize = 7;

/// The most roles the home overview names one by one; past them it gives each track's span.
pub const OVERVIEW_ROLES: usize = 400;

/// The most tracks an overview names, for each, the tracks its roles move sideways to;
/// past them the names would take a family's page of 1,000 tracks past 300 KB.
pub const OVERVIEW_SIDEWAYS_TRACKS: usize = 300;

/// The most tracks the home page's overview lists itself. A framework of more lists its
/// families there, each with its span of grades, and gives each family a page with the
/// overview of its tracks: at 1,250 tracks the one table is 300 KB and longer than anyone
/// scrolls, at 6,000 it is 1.5 MB.
pub const HOME_TRACKS: usize = 500;

/// The families of tracks in the order the home lists them (that of each family's first
/// track), each with its tracks in framework order.
pub(super) fn families_of(f: &Framework) -> Vec<(&str, Vec<TrackId>)> {
    let mut families: Vec<(&str, Vec<TrackId>)> = Vec::new();
    for (i, track) in f.tracks.iter().enumerate() {
        let family = family_of(track);
        match families.iter_mut().find(|(name, _)| *name == family) {
            Some((_, list)) => list.push(TrackId(i)),
            None => families.push((family, vec![TrackId(i)])),
        }
    }
    families
}

/// The path of each family's page, in the order of [`families_of`]; none when the home
/// lists every track itself. A family's folder is its name made an id, with `-2`, `-3`…
/// when two names make the same one.
pub fn family_paths(f: &Framework) -> Vec<String> {
    if f.tracks.len() <= HOME_TRACKS {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    families_of(f)
        .into_iter()
        .map(|(name, _)| {
            let base = match crate::model::slugify(name) {
                s if s.is_empty() => "family".to_owned(),
                s => s,
            };
            let mut slug = base.clone();
            let mut n = 1;
            while !seen.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            format!("families/{slug}/index.html")
        })
        .collect()
}

/// Names per page of the A–Z: a framework of more is listed on several pages (each about
/// 200 KB) under an index of letters, rather than on one page that grows with it (5.5 MB
/// at 10,000 roles).
pub const AZ_PART: usize = 1000;

/// The number of pages of the A–Z beyond its index: 0 when one page lists every name.
pub fn az_parts(f: &Framework) -> usize {
    let names = f.roles.iter().map(|r| 1 + r.aliases.len()).sum::<usize>()
        + f.skills.iter().map(|s| 1 + s.aliases.len()).sum::<usize>()
        + f.pages.len();
    parts_for(names)
}

/// The pages of an A–Z of `names` names beyond its index.
fn parts_for(names: usize) -> usize {
    if names <= AZ_PART {
        0
    } else {
        names.div_ceil(AZ_PART)
    }
}

/// The path of A–Z page `part`: 0 is `az/index.html`, then `az/<part>/index.html`.
pub fn az_path(part: usize) -> String {
    if part == 0 {
        "az/index.html".to_owned()
    } else {
        format!("az/{part}/index.html")
    }
}

/// The item of a next step: skill, level now, level needed (which settle the pathways),
/// the expectations now (against which the needed ones are marked new), the expectations
/// needed, whether it shows unfolded, the file the needed expectations are written in when
/// they hold links (see [`link_scope`]), and the choice of the reader's role that offers
/// the skill with its level there.
type StepKey = (
    SkillId,
    usize,
    usize,
    Vec<String>,
    Vec<String>,
    bool,
    Option<String>,
    Option<(String, usize)>,
);

/// The file `texts` are written in, when one of them may hold a link: a relative link
/// resolves from its file, so the same words from two files may render differently and
/// must not share a fragment.
fn link_scope(texts: &[String], path: &str) -> Option<String> {
    texts
        .iter()
        .any(|t| t.contains("](") || t.contains('<'))
        .then(|| path.to_owned())
}

/// A skill's range of levels in words: `5`, or `2–5` for a skill whose levels start at 2.
fn range(skill: &crate::model::Skill) -> String {
    crate::model::level_range(skill.first_level, skill.last_level())
}

/// Where the framework's settings are written; grade and dimension statements link from it.
const CONFIG_PATH: &str = "trellis.toml";

/// How many signals and examples a requirement shows before they fold under a summary line.
const FOLD_AFTER: usize = 4;

/// How many roles "Other roles near this one" lists before it links to their tracks.
const NEARBY_CAP: usize = 8;

/// How many tracks with more nearby roles are linked by name.
const NEARBY_TRACKS_CAP: usize = 8;

/// The partials of [`super::fragment`], one cache each, with the key their item is built
/// from.
struct Fragments {
    /// Skill, level, the role's own expectations, the role's file if they hold links.
    requirement: Fragment<(SkillId, usize, Vec<String>, Option<String>)>,
    /// Skill, level now, level needed, both roles' expectations, unfolded.
    step: Fragment<StepKey>,
    /// Skill, level, whether the target drops it.
    kept_skill: Fragment<(SkillId, usize, bool)>,
    role_link: Fragment<RoleId>,
}

fn with_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Adds a value to a context without copying it: `Context::insert` serializes what it is
/// given, so a `serde_json::Value` passed by reference would be cloned whole.
fn put(context: &mut Context, key: &str, value: serde_json::Value) {
    let mut map = serde_json::Map::new();
    map.insert(key.to_owned(), value);
    context.extend(Context::from_value(serde_json::Value::Object(map)).expect("an object"));
}

/// A JSON object from owned values.
fn object<const N: usize>(fields: [(&str, serde_json::Value); N]) -> serde_json::Value {
    serde_json::Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// `90` → `1 h 30 min`.
fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// `70000` → `70,000`.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

impl<'a> Views<'a> {
    pub fn new(framework: &'a Framework, options: &'a RenderOptions, tera: &'a Tera) -> Self {
        let base_url = with_slash(
            options
                .base_url
                .clone()
                .unwrap_or_else(|| framework.config.base_url.clone()),
        );
        Views {
            framework,
            analysis: Analysis::new(framework),
            options,
            base_url,
            tera,
            fragments: Fragments {
                requirement: Fragment::new("partials/requirement.html", "req"),
                step: Fragment::new("partials/step.html", "st"),
                kept_skill: Fragment::new("partials/kept_skill.html", "k"),
                role_link: Fragment::new("partials/role_link.html", "link"),
            },
            az_entries: std::sync::OnceLock::new(),
            families: families_of(framework),
            family_paths: family_paths(framework),
        }
    }

    /// Frees the views on another thread, so that the thread finishing the site does not
    /// wait for the fragment caches (tens of thousands of entries) to be freed.
    pub fn drop_in_background(self) {
        let Views {
            analysis,
            fragments,
            ..
        } = self;
        rayon::spawn(move || drop((analysis, fragments)));
    }

    pub fn site(&self) -> SiteView {
        let f = self.framework;
        let base_path = match self.base_url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("/".to_owned(), |i| rest[i..].to_owned()),
            None => self.base_url.clone(),
        };
        SiteView {
            title: f.config.title.clone(),
            description: f.config.description.clone(),
            version: f.config.version.clone(),
            language: f.config.language.clone(),
            repository: f
                .config
                .repository
                .as_ref()
                .map(|r| r.value.clone())
                .filter(|u| crate::links::is_safe_url(u)),
            base_url: self.base_url.clone(),
            base_path: with_slash(base_path),
            tracks: (0..f.tracks.len())
                .map(|t| self.track_link(TrackId(t)))
                .collect(),
            pages: (0..f.pages.len())
                .map(|p| self.page_link(PageId(p)))
                .collect(),
            generator: concat!("Trellis ", env!("CARGO_PKG_VERSION")),
        }
    }

    fn track_link(&self, t: TrackId) -> Link {
        let track = &self.framework[t];
        Link {
            id: track.id.clone(),
            name: track.name.clone(),
            url: format!("tracks/{}/", track.id),
        }
    }

    fn page_link(&self, p: PageId) -> Link {
        let page = &self.framework[p];
        Link {
            id: page.id.clone(),
            name: page.title.clone(),
            url: format!("pages/{}/", page.id),
        }
    }

    /// Every free page as a link with its summary, for the lists of them.
    fn page_cards(&self) -> serde_json::Value {
        (0..self.framework.pages.len())
            .map(|p| {
                serde_json::json!({
                    "link": self.page_link(PageId(p)),
                    "summary": self.framework.pages[p].summary,
                })
            })
            .collect::<Vec<_>>()
            .into()
    }

    /// A body written in the file at `from` (from the framework root) as sanitized HTML
    /// for the page at `path`, its links to framework files made links to their pages.
    fn body_html(&self, body: &str, from: &str, path: &str) -> String {
        let root = root_of(path);
        markdown::render_linked(
            body,
            markdown::Links {
                targets: &self.framework.links,
                from,
                root: &root,
            },
        )
    }

    fn skill_link(&self, s: SkillId) -> Link {
        let skill = &self.framework[s];
        Link {
            id: skill.id.clone(),
            name: skill.name.clone(),
            url: format!("skills/{}/", skill.id),
        }
    }

    fn group_link(&self, g: GroupId) -> Link {
        let group = &self.framework[g];
        Link {
            id: group.id.clone(),
            name: group.name.clone(),
            url: format!("groups/{}/", group.id),
        }
    }

    fn role_link(&self, r: RoleId) -> RoleLink {
        let f = self.framework;
        let role = &f[r];
        let grade = &f.grades[role.grade.0];
        let track = &f[role.track];
        RoleLink {
            id: role.id.clone(),
            title: role.title.clone(),
            url: format!("roles/{}/", role.id),
            // Listings show the summary as plain text: its links would nest in the role's.
            summary: role.summary.as_deref().map(markdown::plain_text),
            grade: grade.id.clone(),
            grade_name: grade.name.clone(),
            track: track.id.clone(),
            track_name: track.name.clone(),
            track_url: format!("tracks/{}/", track.id),
        }
    }

    /// Role links each with `html`, `partials/role_link.html` rendered, for the page at
    /// `path`.
    fn role_links(&self, roles: &[RoleId], path: &str) -> Result<serde_json::Value> {
        let root = root_of(path);
        roles
            .iter()
            .map(|r| {
                self.fragment(&self.fragments.role_link, r, true, &root, path, || {
                    self.role_link(*r)
                })
            })
            .collect()
    }

    fn pathway_link(&self, p: PathwayId) -> PathwayLink {
        let f = self.framework;
        let pathway = &f[p];
        let skill = &f[pathway.skill];
        let minutes = analyze::total_minutes(f, p);
        PathwayLink {
            id: pathway.id.clone(),
            title: pathway.title.clone(),
            url: format!("pathways/{}/", pathway.id),
            summary: pathway.summary.clone(),
            from: pathway.from.as_ref().map(|l| skill.level_name(l.value)),
            to: pathway.to.as_ref().map(|l| skill.level_name(l.value)),
            duration: (minutes > 0).then(|| duration(minutes)),
        }
    }

    /// `text`, a statement written in the file at `from`, as inline HTML for a page whose
    /// way back to the site root is `root`.
    fn statement(&self, text: &str, from: &str, root: &str) -> String {
        markdown::inline(
            text,
            Some(markdown::Links {
                targets: &self.framework.links,
                from,
                root,
            }),
        )
    }

    fn statements(&self, texts: &[String], from: &str, root: &str) -> Vec<String> {
        texts
            .iter()
            .map(|t| self.statement(t, from, root))
            .collect()
    }

    /// Requirement `r`, written in the role file at `role_path`, for a page at `root`.
    fn requirement(&self, r: &Requirement, role_path: &str, root: &str) -> RequirementView {
        let skill = &self.framework[r.skill];
        let from = &skill.origin.path;
        let (descriptor, signals, examples) = match skill.level(r.level) {
            Some(level) => (
                level
                    .summary
                    .as_deref()
                    .map(|t| self.statement(t, from, root)),
                self.statements(&level.signals, from, root),
                self.statements(&level.examples, from, root),
            ),
            None => (None, Vec::new(), Vec::new()),
        };
        RequirementView {
            skill: self.skill_link(r.skill),
            group: self.group_link(skill.group),
            level: r.level,
            level_name: skill.level_name(r.level),
            first: skill.first_level,
            max: skill.last_level(),
            range: range(skill),
            fold: signals.len() + examples.len() > FOLD_AFTER,
            descriptor,
            signals,
            examples,
            expectations: self.statements(&r.expectations, role_path, root),
        }
    }

    /// Requirement `q` of the role at `role_path` as the `html` of its partial.
    fn requirement_html(
        &self,
        q: &Requirement,
        role_path: &str,
        root: &str,
        path: &str,
    ) -> Result<serde_json::Value> {
        let key = (
            q.skill,
            q.level,
            q.expectations.clone(),
            link_scope(&q.expectations, role_path),
        );
        let keep = key.2.is_empty();
        self.fragment(&self.fragments.requirement, &key, keep, root, path, || {
            self.requirement(q, role_path, root)
        })
    }

    /// The requirement of role `r` for `skill`, among its requirements or its choices.
    fn requirement_of(&self, r: RoleId, skill: SkillId) -> Option<&'a Requirement> {
        let role = &self.framework[r];
        role.requirements
            .iter()
            .chain(role.choices.iter().flat_map(|c| &c.requirements))
            .find(|q| q.skill == skill)
    }

    /// The choice of role `r` that offers `skill`, with its requirement there, when the role
    /// does not ask for the skill outright.
    fn option_of(&self, r: RoleId, skill: SkillId) -> Option<(&'a str, &'a Requirement)> {
        let role = &self.framework[r];
        if role.requirements.iter().any(|q| q.skill == skill) {
            return None;
        }
        role.choices.iter().find_map(|c| {
            c.requirements
                .iter()
                .find(|q| q.skill == skill)
                .map(|q| (c.name.as_str(), q))
        })
    }

    /// Whether one of the choices of role `r` offers `skill`.
    fn offers(&self, r: RoleId, skill: SkillId) -> bool {
        self.framework[r]
            .choices
            .iter()
            .any(|c| c.requirements.iter().any(|q| q.skill == skill))
    }

    /// The words of each dimension for role `r`, every layer's in one list, indexed like
    /// the framework's dimensions.
    fn dimension_words(&self, r: RoleId) -> Vec<Vec<&'a str>> {
        self.framework
            .dimension_layers(r)
            .iter()
            .map(|d| {
                d.grade
                    .iter()
                    .chain(d.track)
                    .chain(d.role)
                    .map(String::as_str)
                    .collect()
            })
            .collect()
    }

    /// The statements of each dimension that says something for role `r`, with its index,
    /// most general layer first; each marked new when `before` (the words of the reader's
    /// role, from [`Self::dimension_words`]) lacks it.
    fn dimension_layers(
        &self,
        r: RoleId,
        root: &str,
        before: Option<&[Vec<&str>]>,
    ) -> Vec<(usize, Vec<LayerView>)> {
        let f = self.framework;
        let role = &f[r];
        let grade = &f[role.grade];
        let track = &f[role.track];
        f.dimension_layers(r)
            .into_iter()
            .enumerate()
            .filter(|(_, d)| !d.is_empty())
            .map(|(i, d)| {
                let layers = [
                    (
                        "grade",
                        format!("Every {} · {}", grade.id, grade.name),
                        d.grade,
                        CONFIG_PATH,
                    ),
                    (
                        "track",
                        format!("{} at {}", track.name, grade.id),
                        d.track,
                        track.origin.path.as_str(),
                    ),
                    (
                        "role",
                        "This role".to_owned(),
                        d.role,
                        role.origin.path.as_str(),
                    ),
                ];
                let views = layers
                    .into_iter()
                    .filter(|(_, _, texts, _)| !texts.is_empty())
                    .map(|(layer, label, texts, from)| LayerView {
                        layer,
                        label,
                        statements: texts
                            .iter()
                            .map(|t| StatementView {
                                text: self.statement(t, from, root),
                                new: before
                                    .is_some_and(|b| analyze::step::lacks(b[i].iter().copied(), t)),
                            })
                            .collect(),
                    })
                    .collect();
                (i, views)
            })
            .collect()
    }

    /// Role `r`'s dimensions for its page.
    fn dimensions(&self, r: RoleId, root: &str) -> Vec<DimensionView> {
        let f = self.framework;
        self.dimension_layers(r, root, None)
            .into_iter()
            .map(|(i, layers)| {
                let d = &f.dimensions[i];
                DimensionView {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    summary: d
                        .summary
                        .as_deref()
                        .map(|t| self.statement(t, CONFIG_PATH, root)),
                    layers,
                }
            })
            .collect()
    }

    /// The dimensions whose words change from role `from` to role `to`.
    fn dimension_steps(
        &self,
        from: RoleId,
        to: RoleId,
        root: &str,
        open: bool,
    ) -> Vec<DimensionStepView> {
        let f = self.framework;
        if f.dimensions.is_empty() {
            return Vec::new();
        }
        let (before, after) = (self.dimension_words(from), self.dimension_words(to));
        let mut now = self.dimension_layers(from, root, None);
        let mut steps = Vec::new();
        for (i, mut next) in self.dimension_layers(to, root, Some(&before)) {
            if before[i] == after[i] {
                continue;
            }
            let mut said = next.iter().flat_map(|l| &l.statements).peekable();
            let all_new = said.peek().is_some() && said.all(|s| s.new);
            if all_new {
                for s in next.iter_mut().flat_map(|l| &mut l.statements) {
                    s.new = false;
                }
            }
            let now = now
                .iter_mut()
                .find(|(j, _)| *j == i)
                .map(|(_, layers)| std::mem::take(layers))
                .unwrap_or_default();
            steps.push(DimensionStepView {
                id: f.dimensions[i].id.clone(),
                name: f.dimensions[i].name.clone(),
                now,
                next,
                all_new,
                open,
            });
        }
        steps
    }

    /// The choices of target `to` as a move from `from` sees them.
    fn choice_gaps(&self, from: RoleId, to: RoleId, root: &str) -> Vec<ChoiceGapView> {
        let f = self.framework;
        f[to]
            .choices
            .iter()
            .map(|c| {
                let options: Vec<ChoiceOptionView> = c
                    .requirements
                    .iter()
                    .map(|q| {
                        let skill = &f[q.skill];
                        // Only what the reader's role asks for outright counts as met: which
                        // option of one of its own choices the reader took is not known.
                        let have = f[from]
                            .requirements
                            .iter()
                            .find(|h| h.skill == q.skill)
                            .map_or(0, |h| h.level);
                        ChoiceOptionView {
                            skill: self.skill_link(q.skill),
                            from: have,
                            from_name: (have > 0).then(|| skill.level_name(have)),
                            to: q.level,
                            to_name: skill.level_name(q.level),
                            first: skill.first_level,
                            max: skill.last_level(),
                            met: have >= q.level,
                        }
                    })
                    .collect();
                let met = options.iter().filter(|o| o.met).count();
                ChoiceGapView {
                    name: c.name.clone(),
                    pick: c.pick,
                    summary: c
                        .summary
                        .as_deref()
                        .map(|t| self.statement(t, &f[to].origin.path, root)),
                    done: met >= c.pick,
                    met,
                    options,
                }
            })
            .collect()
    }

    /// Level `level` of `skill` in words.
    fn step_level(&self, skill: SkillId, level: usize) -> StepLevelView {
        let s = &self.framework[skill];
        StepLevelView {
            level,
            level_name: s.level_name(level),
            range: range(s),
        }
    }

    /// What the other role asks for in a next step: level `level` of `skill` with the
    /// expectations of `req` (written in role `role`'s file); each statement marked new
    /// when `before` lacks it (no marks without `before`).
    #[allow(clippy::too_many_arguments)]
    fn step_side(
        &self,
        skill: SkillId,
        level: usize,
        req: Option<&Requirement>,
        role: RoleId,
        words_only: bool,
        before: Option<&analyze::step::Words<'_>>,
        root: &str,
    ) -> StepSideView {
        let f = self.framework;
        let words = analyze::step::Words::of(f, skill, level, req);
        let (skill_file, role_file) = (&f[skill].origin.path, &f[role].origin.path);
        let mark = |text: &str, from: &str| StatementView {
            text: self.statement(text, from, root),
            new: before.is_some_and(|b| b.lacks(text)),
        };
        // A step whose level stays (its text changed) compares the roles' words only: the
        // level's own are the same on both sides.
        let level_words = !words_only;
        let marks = |texts: &[String], from: &str| -> Vec<StatementView> {
            if level_words {
                texts.iter().map(|t| mark(t, from)).collect()
            } else {
                Vec::new()
            }
        };
        StepSideView {
            level: self.step_level(skill, level),
            summary: words
                .summary
                .filter(|_| level_words)
                .map(|t| mark(t, skill_file)),
            signals: marks(words.signals, skill_file),
            examples: marks(words.examples, skill_file),
            expectations: words
                .expectations
                .iter()
                .map(|t| mark(t, role_file))
                .collect(),
        }
    }

    /// The next step of skill gap `s` from role `from` to role `to`.
    fn step(
        &self,
        s: &analyze::SkillGap,
        from: RoleId,
        to: RoleId,
        open: bool,
        root: &str,
    ) -> StepView {
        let f = self.framework;
        let (now_req, next_req) = (
            self.requirement_of(from, s.skill),
            self.requirement_of(to, s.skill),
        );
        // A skill the reader's role offers as one option of a choice is compared with that
        // option's level: the reader who took it has those words.
        let option = (s.from == 0)
            .then(|| self.option_of(from, s.skill))
            .flatten();
        let now_level = option.map_or(s.from, |(_, q)| q.level);
        let before =
            (now_level > 0).then(|| analyze::step::Words::of(f, s.skill, now_level, now_req));
        // The same level on both sides (its words changed, or an option the target now asks
        // for outright) compares only the roles' own words.
        let words_only = s.text_changed || (option.is_some() && now_level == s.to);
        let now = (now_level > 0).then(|| self.step_level(s.skill, now_level));
        let mut next = self.step_side(
            s.skill,
            s.to,
            next_req,
            to,
            words_only,
            before.as_ref(),
            root,
        );
        let mut said = next
            .summary
            .iter()
            .chain(&next.signals)
            .chain(&next.examples)
            .chain(&next.expectations)
            .peekable();
        let all_new = before.is_none() || (said.peek().is_some() && said.all(|t| t.new));
        if all_new {
            for t in next
                .summary
                .iter_mut()
                .chain(&mut next.signals)
                .chain(&mut next.examples)
                .chain(&mut next.expectations)
            {
                t.new = false;
            }
        }
        let skill = &f[s.skill];
        // The climb starts where the Now line says the reader is: an option's level, when
        // the skill is one of the reader's role's options.
        let cover = analyze::coverage::coverage(f, s.skill, now_level, s.to, &s.pathways);
        StepView {
            skill: self.skill_link(s.skill),
            change: s.change,
            change_label: if s.text_changed {
                "text changed"
            } else if option.is_some() {
                OPTION_REQUIRED
            } else {
                s.change.label()
            },
            text_changed: s.text_changed,
            words_only,
            now,
            now_option: option.map(|(name, _)| name.to_owned()),
            next,
            all_new,
            open,
            pathways: cover
                .pathways
                .iter()
                .map(|c| PathwayCoverView {
                    link: self.pathway_link(c.pathway),
                    partial: c.partial,
                    covers: c.levels.iter().map(|l| skill.level_name(*l)).collect(),
                })
                .collect(),
            nothing_to_learn: !s.change.is_growth() || now_level >= s.to,
            // A lowered level is no climb: nothing to cover.
            uncovered: if s.change.is_growth() {
                cover
                    .uncovered
                    .iter()
                    .map(|l| skill.level_name(*l))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    fn page(&self, path: String, template: &'static str, title: &str, context: Context) -> Page {
        let mut context = context;
        context.insert("title", title);
        Page {
            path,
            template,
            context,
        }
    }

    pub fn home(&self) -> Page {
        let f = self.framework;
        let families = &self.families;
        let mut c = Context::new();
        put(
            &mut c,
            "families",
            families
                .iter()
                .map(|(name, tracks)| {
                    let cards = tracks
                        .iter()
                        .map(|&t| {
                            let track = &f[t];
                            serde_json::json!({
                                "link": self.track_link(t),
                                "summary": track.summary,
                                "kind": track.kind,
                                "roles": track.roles.len(),
                            })
                        })
                        .collect::<Vec<_>>();
                    object([("name", (*name).into()), ("tracks", cards.into())])
                })
                .collect::<Vec<_>>()
                .into(),
        );
        let order: Vec<TrackId> = families
            .iter()
            .flat_map(|(_, t)| t.iter().copied())
            .collect();
        // The map draws every track side by side in the page's width: past a few tracks its
        // labels shrink below reading size. Then the home shows the overview instead, a
        // table whose text keeps its size and wraps, and each track page keeps its map;
        // past many tracks, the families, each with a page for its overview.
        if f.tracks.len() <= HOME_MAP_TRACKS {
            c.insert("map", &svg::progression_map(f, &order, "", "home", None));
        } else if f.tracks.len() <= HOME_TRACKS {
            put(&mut c, "overview", self.overview(&order));
        } else {
            put(&mut c, "family_index", self.family_index());
        }
        put(
            &mut c,
            "counts",
            serde_json::json!({
                "tracks": f.tracks.len(), "roles": f.roles.len(), "skills": f.skills.len(),
                "pathways": f.pathways.len(), "opportunities": f.opportunities.len(),
            }),
        );
        // Links in the description are written from `trellis.toml`, at the root.
        c.insert(
            "description_html",
            &self.body_html(
                f.config.description.as_deref().unwrap_or(""),
                "trellis.toml",
                "index.html",
            ),
        );
        put(&mut c, "pages", self.page_cards());
        self.page("index.html".to_owned(), "index.html", &f.config.title, c)
    }

    /// The grades a set of roles covers, as the overview's cells: the first column, the
    /// number of columns, the columns after, and `L2–L5` (or `L3`); `None` for no roles.
    fn grade_span(&self, roles: impl Iterator<Item = RoleId>) -> Option<serde_json::Value> {
        let f = self.framework;
        let (low, high) = roles.fold(None, |span: Option<(usize, usize)>, r| {
            let g = f[r].grade.0;
            Some(span.map_or((g, g), |(l, h)| (l.min(g), h.max(g))))
        })?;
        Some(serde_json::json!({
            "from": low,
            "span": high - low + 1,
            "after": f.grades.len() - high - 1,
            "span_text": if low == high {
                f.grades[low].id.clone()
            } else {
                format!("{}–{}", f.grades[low].id, f.grades[high].id)
            },
        }))
    }

    /// The grades as the overview's columns.
    fn grade_columns(&self) -> serde_json::Value {
        let grades = self.framework.grades.iter();
        grades
            .map(|g| serde_json::json!({"id": g.id, "name": g.name}))
            .collect::<Vec<_>>()
            .into()
    }

    /// The home page's list of families when there are too many tracks to list: each
    /// family's link, its numbers of tracks and roles and the grades its roles cover.
    fn family_index(&self) -> serde_json::Value {
        let f = self.framework;
        let rows: Vec<serde_json::Value> = self
            .families
            .iter()
            .zip(&self.family_paths)
            .map(|((name, tracks), path)| {
                let roles = || tracks.iter().flat_map(|t| f[*t].roles.iter().copied());
                // A family of tracks without roles yet still has its page.
                let mut row = self
                    .grade_span(roles())
                    .unwrap_or_else(|| serde_json::json!({"span": 0}));
                row["name"] = (*name).into();
                row["url"] = path.trim_end_matches("index.html").into();
                row["tracks"] = tracks.len().into();
                row["roles"] = roles().count().into();
                row
            })
            .collect();
        serde_json::json!({"grades": self.grade_columns(), "families": rows})
    }

    /// The folder of the page of track `t`'s family, when families have pages.
    fn family_url(&self, t: TrackId) -> Option<&str> {
        let family = family_of(&self.framework[t]);
        let n = self.families.iter().position(|(name, _)| *name == family)?;
        Some(self.family_paths.get(n)?.trim_end_matches("index.html"))
    }

    /// Family page `n` (in the order of [`family_paths`]): the overview of its tracks.
    pub fn family(&self, n: usize) -> Page {
        let f = self.framework;
        let (name, tracks) = &self.families[n];
        let mut c = Context::new();
        put(&mut c, "overview", self.overview(tracks));
        c.insert("family", name);
        put(
            &mut c,
            "counts",
            serde_json::json!({
                "tracks": tracks.len(),
                "roles": tracks.iter().map(|t| f[*t].roles.len()).sum::<usize>(),
            }),
        );
        self.page(self.family_paths[n].clone(), "family.html", name, c)
    }

    /// The overview of many tracks: the grades as columns, a row per track (tracks in
    /// `order`, under their families) with its roles at their grades, or, past
    /// [`OVERVIEW_ROLES`] roles among them, the span of grades it covers and its number of
    /// roles.
    fn overview(&self, order: &[TrackId]) -> serde_json::Value {
        let f = self.framework;
        let detail = order.iter().map(|t| f[*t].roles.len()).sum::<usize>() <= OVERVIEW_ROLES;
        let mut families: Vec<(&str, Vec<serde_json::Value>)> = Vec::new();
        for &t in order {
            let track = &f[t];
            let family = family_of(track);
            let Some(mut row) = self.grade_span(track.roles.iter().copied()) else {
                continue;
            };
            row["link"] = serde_json::to_value(self.track_link(t)).unwrap_or_default();
            row["roles"] = track.roles.len().into();
            if order.len() <= OVERVIEW_SIDEWAYS_TRACKS {
                // The tracks its roles move sideways to, so that a lateral move can be
                // followed from the overview as on the map.
                let mut sideways: Vec<TrackId> = Vec::new();
                for m in track.roles.iter().flat_map(|r| &f[*r].lateral) {
                    let other = f[m.to].track;
                    if other != t && !sideways.contains(&other) {
                        sideways.push(other);
                    }
                }
                sideways.sort();
                let links: Vec<Link> = sideways.into_iter().map(|o| self.track_link(o)).collect();
                row["sideways"] = serde_json::to_value(links).unwrap_or_default();
            }
            if detail {
                let cells: Vec<Vec<RoleLink>> = (0..f.grades.len())
                    .map(|g| {
                        track
                            .roles
                            .iter()
                            .filter(|r| f[**r].grade.0 == g)
                            .map(|r| self.role_link(*r))
                            .collect()
                    })
                    .collect();
                row["cells"] = serde_json::to_value(cells).unwrap_or_default();
            }
            // `order` runs family by family.
            match families.last_mut() {
                Some((name, rows)) if *name == family => rows.push(row),
                _ => families.push((family, vec![row])),
            }
        }
        serde_json::json!({
            "detail": detail,
            "grades": self.grade_columns(),
            "families": families.into_iter().map(|(name, rows)| serde_json::json!({"name": name, "tracks": rows})).collect::<Vec<_>>(),
        })
    }

    pub fn track(&self, t: TrackId) -> Page {
        let f = self.framework;
        let track = &f[t];
        // The ladder, most senior first, and the roles reachable sideways for the map.
        let mut ladder: Vec<(usize, Vec<RoleLink>)> = Vec::new();
        for r in track.roles.iter().rev() {
            let grade = f[*r].grade.0;
            match ladder.last_mut() {
                Some((g, list)) if *g == grade => list.push(self.role_link(*r)),
                _ => ladder.push((grade, vec![self.role_link(*r)])),
            }
        }
        let skills = analyze::track_skills(f, t);
        let matrix_rows: Vec<serde_json::Value> = skills
            .iter()
            .map(|s| {
                let skill = &f[*s];
                // Each cell: the level, its name, and whether the role only offers the
                // skill as one option of a choice.
                let cells: Vec<serde_json::Value> = track
                    .roles
                    .iter()
                    .map(|r| {
                        let option = self.option_of(*r, *s).is_some();
                        let level = self.requirement_of(*r, *s).map_or(0, |q| q.level);
                        object([
                            ("level", level.into()),
                            ("name", skill.level_name(level).into()),
                            ("option", option.into()),
                        ])
                    })
                    .collect();
                serde_json::json!({
                    "skill": self.skill_link(*s),
                    "range": range(skill),
                    "cells": cells,
                })
            })
            .collect();
        let mut map_tracks = vec![t];
        for r in &track.roles {
            for m in &f[*r].lateral {
                let other = f[m.to].track;
                if !map_tracks.contains(&other) {
                    map_tracks.push(other);
                }
            }
        }
        let path = format!("tracks/{}/index.html", track.id);
        let mut c = Context::new();
        put(
            &mut c,
            "track",
            serde_json::json!({
                "id": track.id, "name": track.name, "kind": track.kind, "family": track.family,
                "family_url": self.family_url(t),
                "summary": track.summary, "owners": self.owners(&track.owners),
                "body_html": self.body_html(&track.body, &track.origin.path, &path),
                "edit_url": self.edit_url(&track.origin.path),
            }),
        );
        put(
            &mut c,
            "ladder",
            ladder
                .iter()
                .map(|(g, roles)| {
                    serde_json::json!({"grade": f.grades[*g].id, "grade_name": f.grades[*g].name, "roles": roles})
                })
                .collect::<Vec<_>>()
                .into(),
        );
        put(
            &mut c,
            "matrix",
            serde_json::json!({
                "roles": track.roles.iter().map(|r| self.role_link(*r)).collect::<Vec<_>>(),
                "rows": matrix_rows,
                "options": track.roles.iter().any(|r| !f[*r].choices.is_empty()),
            }),
        );
        c.insert(
            "map",
            &svg::progression_map(f, &map_tracks, "../../", "track", None),
        );
        self.page(path, "track.html", &track.name, c)
    }

    fn owners(&self, own: &[String]) -> Vec<String> {
        if own.is_empty() {
            self.framework.config.owners.clone()
        } else {
            own.to_vec()
        }
    }

    fn edit_url(&self, path: &str) -> Option<String> {
        let template = self.framework.config.edit_url.as_ref()?;
        let url = template.value.replace("{path}", path);
        crate::links::is_safe_url(&url).then_some(url)
    }

    /// The moves from role `r`, for its page at `path`: each `kind` (`promotion` or
    /// `lateral`), `default`, `target` (a role link), `growth` (how many skills must grow),
    /// `steps` (the new, raised and lowered skills and those whose words change, each the
    /// `html` of `partials/step.html`), `unchanged` and `dropped` (the skills the target asks
    /// for at the same level, and those it does not ask for, at the current level; each the
    /// `html` of `partials/kept_skill.html`) and `grow` (the skills to grow, for print).
    fn moves(&self, r: RoleId, root: &str, path: &str) -> Result<serde_json::Value> {
        let f = self.framework;
        let role = &f[r];
        let kinds = role
            .next
            .iter()
            .map(|m| ("promotion", m))
            .chain(role.lateral.iter().map(|m| ("lateral", m)));
        let mut moves = Vec::new();
        for (kind, m) in kinds {
            let gap = self.analysis.gap(f, r, m.to);
            let kept = |skill: SkillId, level: usize, dropped: bool| {
                self.fragment(
                    &self.fragments.kept_skill,
                    &(skill, level, dropped),
                    true,
                    root,
                    path,
                    || {
                        let s = &f[skill];
                        KeptSkillView {
                            skill: self.skill_link(skill),
                            level,
                            level_name: s.level_name(level),
                            range: range(s),
                            dropped,
                        }
                    },
                )
            };
            let (mut unchanged, mut dropped, mut steps) = (Vec::new(), Vec::new(), Vec::new());
            for s in &gap.skills {
                match s.change {
                    Change::Unchanged => unchanged.push(kept(s.skill, s.to, false)?),
                    // A skill the target offers in a choice is not dropped: the choice
                    // below shows it among its options.
                    Change::Dropped if self.offers(m.to, s.skill) => {}
                    Change::Dropped => dropped.push(kept(s.skill, s.from, true)?),
                    // Each has its card below.
                    Change::New | Change::Raised | Change::Lowered => {}
                }
                if s.change != Change::Dropped && (s.change != Change::Unchanged || s.text_changed)
                {
                    let option = self
                        .option_of(r, s.skill)
                        .filter(|_| s.from == 0)
                        .map(|(name, q)| (name.to_owned(), q.level));
                    let exps = |r: RoleId| {
                        self.requirement_of(r, s.skill)
                            .map(|q| q.expectations.clone())
                            .unwrap_or_default()
                    };
                    let open = kind == "promotion";
                    let (now, next) = (exps(r), exps(m.to));
                    // Only the needed expectations are shown; those now only mark them.
                    let scope = link_scope(&next, &f[m.to].origin.path);
                    // What this role asks for itself comes back on no other page; what the
                    // target asks for comes back on the page of each role moving there.
                    let keep = now.is_empty();
                    let key = (s.skill, s.from, s.to, now, next, open, scope, option);
                    steps.push(self.fragment(
                        &self.fragments.step,
                        &key,
                        keep,
                        root,
                        path,
                        || self.step(s, r, m.to, open, root),
                    )?);
                }
            }
            // What the printed page lists for a lateral move, whose cards fold on screen.
            let grow: Vec<serde_json::Value> = gap
                .skills
                .iter()
                .filter(|s| s.change.is_growth())
                .map(|s| {
                    let skill = &f[s.skill];
                    object([
                        ("name", skill.name.clone().into()),
                        ("to", s.to.into()),
                        ("to_name", skill.level_name(s.to).into()),
                        ("max", skill.last_level().into()),
                        ("range", range(skill).into()),
                    ])
                })
                .collect();
            moves.push(object([
                ("kind", kind.into()),
                ("default", m.is_default().into()),
                ("target", serde_json::to_value(self.role_link(m.to))?),
                ("growth", gap.growth().into()),
                (
                    "level_changes",
                    gap.skills
                        .iter()
                        .filter(|s| !matches!(s.change, Change::Unchanged))
                        .count()
                        .into(),
                ),
                ("steps", steps.into()),
                (
                    "dimension_steps",
                    serde_json::to_value(self.dimension_steps(r, m.to, root, kind == "promotion"))?,
                ),
                (
                    "choices",
                    serde_json::to_value(self.choice_gaps(r, m.to, root))?,
                ),
                ("unchanged", unchanged.into()),
                ("dropped", dropped.into()),
                ("grow", grow.into()),
            ]));
        }
        Ok(moves.into())
    }

    /// "Other roles near this one": the roles at the grade and one up in the other tracks
    /// of the family, each a role link (`html`) with its `id` and `title` for the compare
    /// link and `reach` (`same` or `up`); `more`, the tracks holding those not listed; and
    /// `family`.
    fn nearby(&self, r: RoleId, path: &str) -> Result<serde_json::Value> {
        let f = self.framework;
        let near = self
            .analysis
            .families
            .nearby(f, r, NEARBY_CAP, NEARBY_TRACKS_CAP);
        let root = root_of(path);
        let roles = near
            .roles
            .iter()
            .map(|(reach, o)| {
                let html =
                    self.fragment(&self.fragments.role_link, o, true, &root, path, || {
                        self.role_link(*o)
                    })?;
                Ok(object([
                    ("html", html["html"].clone()),
                    ("id", f[*o].id.clone().into()),
                    ("title", f[*o].title.clone().into()),
                    (
                        "reach",
                        match reach {
                            analyze::nearby::Reach::SameGrade => "same",
                            analyze::nearby::Reach::GradeUp => "up",
                        }
                        .into(),
                    ),
                ]))
            })
            .collect::<Result<Vec<_>>>()?;
        let more: Vec<serde_json::Value> = near
            .more
            .iter()
            .map(|(t, n)| {
                object([
                    (
                        "track",
                        serde_json::to_value(self.track_link(*t)).unwrap_or_default(),
                    ),
                    ("count", (*n).into()),
                ])
            })
            .collect();
        Ok(object([
            ("roles", roles.into()),
            ("more", more.into()),
            ("more_tracks", (near.more_tracks - near.more.len()).into()),
            ("hidden", (near.total - near.roles.len()).into()),
            ("family", f[f[r].track].family.clone().into()),
        ]))
    }

    pub fn role(&self, r: RoleId) -> Result<Page> {
        let f = self.framework;
        let role = &f[r];
        let path = format!("roles/{}/index.html", role.id);
        let root = root_of(&path);
        // Grouped under their skill groups, groups and skills in the model's order (which
        // follows the framework's own order), as the source lays a role out.
        let mut ordered: Vec<&Requirement> = role.requirements.iter().collect();
        ordered.sort_by_key(|q| (f[q.skill].group, q.skill));
        let mut groups: Vec<RequirementGroupView> = Vec::new();
        for &q in &ordered {
            let html = self.requirement_html(q, &role.origin.path, &root, &path)?;
            let group = f[q.skill].group;
            match groups.last_mut() {
                Some(g) if g.group.id == f[group].id => g.requirements.push(html),
                _ => groups.push(RequirementGroupView {
                    group: self.group_link(group),
                    requirements: vec![html],
                }),
            }
        }
        let moves = self.moves(r, &root, &path)?;
        let spoke = |q: &Requirement| svg::Spoke {
            label: &f[q.skill].name,
            level: q.level,
            name: f[q.skill].level_name(q.level),
            first: f[q.skill].first_level,
            max: f[q.skill].last_level(),
        };
        let profile_title = format!("Skill profile of {}", role.title);
        // A radar reads well up to about ten spokes; beyond, bars by skill group.
        let (radar, profile_kind) = if role.requirements.len() <= svg::RADAR_MAX {
            let spokes: Vec<svg::Spoke<'_>> = role.requirements.iter().map(spoke).collect();
            (svg::radar(&spokes, &profile_title), "radar")
        } else {
            let mut bars: Vec<(&str, Vec<svg::Spoke<'_>>)> = Vec::new();
            for (i, &q) in ordered.iter().enumerate() {
                let group = f[q.skill].group;
                if i > 0 && f[ordered[i - 1].skill].group == group {
                    if let Some((_, spokes)) = bars.last_mut() {
                        spokes.push(spoke(q));
                    }
                } else {
                    bars.push((f[group].name.as_str(), vec![spoke(q)]));
                }
            }
            (svg::profile_bars(&bars, &profile_title), "bars")
        };
        let promoted_from = &self.analysis.promoted_from[r.0];
        let lateral_from = &self.analysis.lateral_from[r.0];
        let track = &f[role.track];
        let mut c = Context::new();
        c.insert("role", &self.role_link(r));
        put(
            &mut c,
            "details",
            serde_json::json!({
                "aliases": role.aliases.iter().map(|a| &a.value).collect::<Vec<_>>(),
                "body_html": self.body_html(&role.body, &role.origin.path, &path),
                "owners": self.owners(&track.owners),
                "edit_url": self.edit_url(&role.origin.path),
                "source": role.origin.path,
                "pay": role.pay.as_ref().map(|p| PayView {
                    currency: p.currency.value.clone(),
                    min: p.min.as_ref().map(|v| thousands(v.value)),
                    max: p.max.as_ref().map(|v| thousands(v.value)),
                }),
            }),
        );
        c.insert("requirement_groups", &groups);
        let choices = role
            .choices
            .iter()
            .map(|choice| {
                Ok(ChoiceView {
                    name: choice.name.clone(),
                    pick: choice.pick,
                    of: choice.requirements.len(),
                    summary: choice
                        .summary
                        .as_deref()
                        .map(|t| self.statement(t, &role.origin.path, &root)),
                    options: choice
                        .requirements
                        .iter()
                        .map(|q| self.requirement_html(q, &role.origin.path, &root, &path))
                        .collect::<Result<_>>()?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        c.insert("choices", &choices);
        c.insert("dimensions", &self.dimensions(r, &root));
        c.insert(
            "summary_html",
            &role
                .summary
                .as_deref()
                .map(|t| self.statement(t, &role.origin.path, &root)),
        );
        // A grade's summary is written in `trellis.toml`.
        c.insert(
            "grade_summary_html",
            &f.grades[role.grade.0]
                .summary
                .as_deref()
                .map(|t| self.statement(t, CONFIG_PATH, &root)),
        );
        put(&mut c, "nearby", self.nearby(r, &path)?);
        c.insert("radar", &radar);
        c.insert("profile_kind", profile_kind);
        put(&mut c, "moves", moves);
        put(
            &mut c,
            "promoted_from",
            self.role_links(promoted_from, &path)?,
        );
        put(
            &mut c,
            "lateral_from",
            self.role_links(lateral_from, &path)?,
        );
        Ok(self.page(path, "role.html", &role.title, c))
    }

    /// A fragment's item with its `html` for the page at `path`, with errors naming the
    /// page as a page's own do. `item` builds the item of `key` when it is not cached; it
    /// is cached only if `keep` (a key holding one role's own expectations comes back on no
    /// other page).
    fn fragment<K: std::hash::Hash + Eq + Clone, T: Serialize>(
        &self,
        fragment: &Fragment<K>,
        key: &K,
        keep: bool,
        root: &str,
        path: &str,
        item: impl FnOnce() -> T,
    ) -> Result<serde_json::Value> {
        fragment
            .get(self.tera, key, keep, root, item)
            .with_context(|| format!("cannot render `{path}`"))
    }

    pub fn skill(&self, s: SkillId) -> Result<Page> {
        let f = self.framework;
        let skill = &f[s];
        let path = format!("skills/{}/index.html", skill.id);
        let root = root_of(&path);
        let from = &skill.origin.path;
        let levels: Vec<LevelView> = skill
            .numbered_levels()
            .map(|(number, l)| LevelView {
                number,
                name: l.name.clone(),
                summary: l.summary.as_deref().map(|t| self.statement(t, from, &root)),
                signals: self.statements(&l.signals, from, &root),
                examples: self.statements(&l.examples, from, &root),
            })
            .collect();
        let by_level: Vec<serde_json::Value> = self
            .analysis
            .roles_by_level(f, s)
            .into_iter()
            .map(|(level, roles)| {
                Ok(object([
                    ("level", level.into()),
                    ("name", skill.level_name(level).into()),
                    ("roles", self.role_links(&roles, &path)?),
                ]))
            })
            .collect::<Result<_>>()?;
        let pathways: Vec<PathwayLink> = self.analysis.pathways_of[s.0]
            .iter()
            .map(|p| self.pathway_link(*p))
            .collect();
        let mut c = Context::new();
        put(
            &mut c,
            "skill",
            serde_json::json!({
                "id": skill.id, "name": skill.name, "summary": skill.summary,
                "aliases": skill.aliases,
                "body_html": self.body_html(&skill.body, &skill.origin.path, &path),
                "group": self.group_link(skill.group), "max": skill.last_level(),
                "range": range(skill),
                "edit_url": self.edit_url(&skill.origin.path),
                "owners": self.owners(&f[skill.group].owners),
            }),
        );
        c.insert("levels", &levels);
        put(&mut c, "roles_by_level", by_level.into());
        c.insert("pathways", &pathways);
        c.insert(
            "related",
            &skill
                .related
                .iter()
                .map(|r| self.skill_link(*r))
                .collect::<Vec<_>>(),
        );
        Ok(self.page(path, "skill.html", &skill.name, c))
    }

    pub fn group(&self, g: GroupId) -> Page {
        let f = self.framework;
        let group = &f[g];
        let skills: Vec<serde_json::Value> = group
            .skills
            .iter()
            .map(|s| {
                serde_json::json!({
                    "link": self.skill_link(*s),
                    "summary": f[*s].summary,
                    "levels": f[*s].levels.len(),
                    "roles": self.analysis.needed_by[s.0].len(),
                })
            })
            .collect();
        let path = format!("groups/{}/index.html", group.id);
        let body_html = match &group.path {
            Some(from) => self.body_html(&group.body, from, &path),
            None => String::new(),
        };
        let mut c = Context::new();
        put(
            &mut c,
            "group",
            serde_json::json!({
                "id": group.id, "name": group.name, "summary": group.summary,
                "body_html": body_html,
                "owners": self.owners(&group.owners),
            }),
        );
        put(&mut c, "skills", skills.into());
        c.insert(
            "groups",
            &(0..f.groups.len())
                .map(|i| self.group_link(GroupId(i)))
                .collect::<Vec<_>>(),
        );
        self.page(path, "group.html", &group.name, c)
    }

    pub fn pathway(&self, p: PathwayId) -> Page {
        let f = self.framework;
        let pathway = &f[p];
        let moves = &self.analysis.pathway_moves[p.0];
        let steps: Vec<serde_json::Value> = pathway
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({
                    "number": i + 1,
                    "title": s.title,
                    "kind": s.kind,
                    "duration": s.minutes.map(|m| duration(u64::from(m))),
                    "url": s.url.as_ref().map(|u| u.value.clone()).filter(|u| crate::links::is_safe_url(u)),
                })
            })
            .collect();
        let minutes = analyze::total_minutes(f, p);
        let path = format!("pathways/{}/index.html", pathway.id);
        let mut c = Context::new();
        c.insert("pathway", &self.pathway_link(p));
        put(
            &mut c,
            "details",
            serde_json::json!({
                "skill": self.skill_link(pathway.skill),
                "body_html": self.body_html(&pathway.body, &pathway.origin.path, &path),
                "total": (minutes > 0).then(|| duration(minutes)),
                "edit_url": self.edit_url(&pathway.origin.path),
            }),
        );
        put(&mut c, "steps", steps.into());
        put(
            &mut c,
            "moves",
            moves
                .iter()
                .map(|(a, b)| serde_json::json!({"from": self.role_link(*a), "to": self.role_link(*b)}))
                .collect::<Vec<_>>()
                .into(),
        );
        self.page(path, "pathway.html", &pathway.title, c)
    }

    /// Opportunities page `part`: with few opportunities, `opportunities/` shows them all,
    /// open ones first; with more than [`OPPORTUNITY_PART`], it lists them all in short,
    /// open ones first, each linking to the page `n` that shows it in full among
    /// opportunities `(n-1) * OPPORTUNITY_PART` on (in framework order).
    pub fn opportunities(&self, part: usize) -> Page {
        let f = self.framework;
        let today = &self.options.today;
        let parts = opportunity_parts(f.opportunities.len());
        let path = if part == 0 {
            "opportunities/index.html".to_owned()
        } else {
            format!("opportunities/{part}/index.html")
        };
        let root = root_of(&path);
        let shown = if part == 0 {
            0..f.opportunities.len()
        } else {
            (part - 1) * OPPORTUNITY_PART..(part * OPPORTUNITY_PART).min(f.opportunities.len())
        };
        let short = part == 0 && parts > 0;
        let mut open = Vec::new();
        let mut closed = Vec::new();
        for (i, o) in f
            .opportunities
            .iter()
            .enumerate()
            .take(shown.end)
            .skip(shown.start)
        {
            let is_closed = !o.is_open_on(today);
            let mut view = serde_json::json!({
                "closed": is_closed,
                "id": o.id, "title": o.title, "kind": o.kind, "team": o.team, "time": o.time,
                "contact": o.contact, "closes": o.closes,
            });
            if short {
                let folder = opportunity_folder(i, f.opportunities.len());
                view["url"] = format!("{folder}#opportunity-{}", o.id).into();
                view["skills"] = (o.requirements.iter())
                    .map(|q| f[q.skill].name.as_str())
                    .collect::<Vec<_>>()
                    .into();
            } else {
                view["body_html"] = self.body_html(&o.body, &o.origin.path, &path).into();
                view["skills"] = serde_json::to_value(
                    (o.requirements.iter())
                        .map(|q| self.requirement(q, &o.origin.path, &root))
                        .collect::<Vec<_>>(),
                )
                .unwrap_or_default();
            }
            if is_closed {
                // The short list names open ones only; closed ones are counted.
                closed.push(if short { serde_json::Value::Null } else { view });
            } else {
                open.push(view);
            }
        }
        let mut c = Context::new();
        c.insert("open", &open);
        c.insert("closed", &closed);
        c.insert("today", today);
        c.insert("short", &short);
        if parts > 0 {
            let folder = |n: usize| format!("opportunities/{n}/");
            let pages: Vec<serde_json::Value> = (1..=parts)
                .map(|n| {
                    let first = (n - 1) * OPPORTUNITY_PART;
                    let last = (n * OPPORTUNITY_PART).min(f.opportunities.len()) - 1;
                    serde_json::json!({
                        "number": n, "url": folder(n),
                        "from": f.opportunities[first].title, "to": f.opportunities[last].title,
                    })
                })
                .collect();
            put(&mut c, "pages", pages.into());
            if part > 0 {
                put(
                    &mut c,
                    "part",
                    serde_json::json!({
                        "number": part, "of": parts,
                        "previous": (part > 1).then(|| folder(part - 1)),
                        "next": (part < parts).then(|| folder(part + 1)),
                    }),
                );
            }
        }
        self.page(path, "opportunities.html", "Opportunities", c)
    }

    /// The compare page: the roles to pick from, by track (tracks in display order), each
    /// role by grade then title; past [`super::compare::LIST_ROLES`] roles, the groups of
    /// tracks instead, whose tracks and roles the script fetches. What the script compares
    /// is fetched from the track files of [`super::compare`].
    pub fn compare(&self) -> Page {
        use super::compare;
        let f = self.framework;
        let mut c = Context::new();
        let groups = compare::groups(f);
        if groups.is_empty() {
            let tracks: Vec<serde_json::Value> = (0..f.tracks.len())
                .map(TrackId)
                .filter(|t| !f[*t].roles.is_empty())
                .map(|t| {
                    let roles = compare::picker_order(f, t);
                    serde_json::json!({
                        "id": f[t].id,
                        "name": f[t].name,
                        "roles": roles.iter().map(|r| self.role_link(*r)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            // Without an address that names two roles, the second role listed is the other one.
            let second = tracks
                .iter()
                .flat_map(|t| t["roles"].as_array().into_iter().flatten())
                .nth(1)
                .and_then(|r| r["id"].as_str())
                .unwrap_or_default()
                .to_owned();
            put(&mut c, "tracks", tracks.into());
            c.insert("second", &second);
        } else {
            let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
            c.insert("groups", &names);
            c.insert("shards", &compare::shards(f));
            c.insert("groups_folder", compare::GROUPS);
            c.insert("lookup_folder", compare::LOOKUP);
        }
        c.insert("data_folder", compare::FOLDER);
        self.page(
            "compare/index.html".to_owned(),
            "compare.html",
            "Compare two roles",
            c,
        )
    }

    pub fn assess(&self) -> Page {
        self.page(
            "assess/index.html".to_owned(),
            "assess.html",
            "Where could I go?",
            Context::new(),
        )
    }

    /// A free page, `pages/<id>/`: its body with links to framework files made links to
    /// their pages, its outline (the `##` headings) and the other pages.
    pub fn free_page(&self, p: PageId) -> Page {
        let f = self.framework;
        let page = &f[p];
        let path = format!("pages/{}/index.html", page.id);
        let outline: Vec<serde_json::Value> = crate::model::links::headings(&page.body)
            .into_iter()
            .filter(|h| h.level == 2)
            .map(|h| {
                let id = format!("{}{}", markdown::ID_PREFIX, h.slug);
                object([("id", id.into()), ("text", h.text.into())])
            })
            .collect();
        let mut c = Context::new();
        put(
            &mut c,
            "page",
            serde_json::json!({
                "id": page.id, "title": page.title, "summary": page.summary,
                "body_html": self.body_html(&page.body, &page.origin.path, &path),
                "outline": outline,
                "edit_url": self.edit_url(&page.origin.path),
                "source": page.origin.path,
            }),
        );
        put(&mut c, "pages", self.page_cards());
        self.page(path, "page.html", &page.title, c)
    }

    /// `pages/index.html`: every free page with its summary.
    pub fn page_index(&self) -> Page {
        let mut c = Context::new();
        put(&mut c, "pages", self.page_cards());
        self.page("pages/index.html".to_owned(), "pages.html", "Guides", c)
    }

    pub fn privacy(&self) -> Page {
        self.page(
            "privacy/index.html".to_owned(),
            "privacy.html",
            "Privacy",
            Context::new(),
        )
    }

    /// Every name of the A–Z, sorted by name (case aside), then address.
    fn az_entries(&self) -> &[AzEntry] {
        self.az_entries.get_or_init(|| {
            let f = self.framework;
            let mut entries: Vec<AzEntry> = Vec::new();
            let mut push = |name: &str, url: &str, kind, detail: String| {
                entries.push(AzEntry {
                    name: name.to_owned(),
                    url: url.to_owned(),
                    kind,
                    detail,
                    letter: letter_of(name),
                });
            };
            for r in 0..f.roles.len() {
                let link = self.role_link(RoleId(r));
                let detail = format!("{} · {}", link.track_name, link.grade_name);
                push(&link.title, &link.url, "role", detail);
                for alias in &f.roles[r].aliases {
                    push(
                        &alias.value,
                        &link.url,
                        "alias",
                        format!("see {}", link.title),
                    );
                }
            }
            for s in 0..f.skills.len() {
                let link = self.skill_link(SkillId(s));
                let group = f[f.skills[s].group].name.clone();
                push(&link.name, &link.url, "skill", group);
                for alias in &f.skills[s].aliases {
                    push(alias, &link.url, "alias", format!("see {}", link.name));
                }
            }
            for p in 0..f.pages.len() {
                let link = self.page_link(PageId(p));
                let detail = f.pages[p].summary.clone().unwrap_or_default();
                push(&link.name, &link.url, "guide", detail);
            }
            // Stable like `sort_by_key`, but lowercases each name once rather than per
            // comparison.
            entries.sort_by_cached_key(|e| (e.name.to_lowercase(), e.url.clone()));
            entries
        })
    }

    /// A–Z page `part` (see [`az_parts`]): with one page, every name under its letter; with
    /// several, page 0 is an index of the letters, each with the pages its names are on, and
    /// page `n` lists names `(n-1) * AZ_PART` on.
    pub fn az(&self, part: usize) -> Page {
        let entries = self.az_entries();
        // From the names themselves; `az_parts` counts the same names without making them.
        let parts = parts_for(entries.len());
        debug_assert_eq!(parts, az_parts(self.framework));
        let path = az_path(part);
        let mut c = Context::new();
        // Names grouped under consecutive letters.
        let by_letter = |list: &[AzEntry]| -> serde_json::Value {
            let mut letters: Vec<(&str, Vec<&AzEntry>)> = Vec::new();
            for e in list {
                match letters.last_mut() {
                    Some((l, group)) if *l == e.letter => group.push(e),
                    _ => letters.push((&e.letter, vec![e])),
                }
            }
            letters
                .into_iter()
                .map(|(l, list)| serde_json::json!({"letter": l, "entries": list}))
                .collect::<Vec<_>>()
                .into()
        };
        let span = |n: usize| {
            let list = &entries[(n - 1) * AZ_PART..(n * AZ_PART).min(entries.len())];
            (list, &list[0], &list[list.len() - 1])
        };
        let title = "A–Z of roles and skills";
        if parts == 0 {
            put(&mut c, "letters", by_letter(entries));
        } else if part == 0 {
            // Each letter with the pages that hold its names.
            let mut index: Vec<(&str, Vec<serde_json::Value>)> = Vec::new();
            for n in 1..=parts {
                let (list, _, _) = span(n);
                // The names of each letter on this page, a run of the sorted list.
                let mut start = 0;
                while start < list.len() {
                    let letter = list[start].letter.as_str();
                    let end = start
                        + list[start..]
                            .iter()
                            .take_while(|e| e.letter == letter)
                            .count();
                    let link = serde_json::json!({
                        "url": format!("az/{n}/"),
                        "from": list[start].name, "to": list[end - 1].name,
                        "count": end - start,
                    });
                    // A letter can come back after others (an accented first letter sorts
                    // after `z`): its pages join its first entry, so each letter has one.
                    match index.iter_mut().find(|(l, _)| *l == letter) {
                        Some((_, links)) => links.push(link),
                        None => index.push((letter, vec![link])),
                    }
                    start = end;
                }
            }
            let index: Vec<serde_json::Value> = index
                .into_iter()
                .map(|(l, parts)| serde_json::json!({"letter": l, "parts": parts}))
                .collect();
            put(&mut c, "index", index.into());
            c.insert("total", &thousands(entries.len() as i64));
        } else if part <= parts {
            let (list, from, to) = span(part);
            put(&mut c, "letters", by_letter(list));
            put(
                &mut c,
                "part",
                serde_json::json!({
                    "number": part, "of": parts, "from": from.name, "to": to.name,
                    "previous": (part > 1).then(|| format!("az/{}/", part - 1)),
                    "next": (part < parts).then(|| format!("az/{}/", part + 1)),
                }),
            );
        }
        self.page(path, "az.html", title, c)
    }

    pub fn not_found(&self) -> Page {
        self.page(
            "404.html".to_owned(),
            "404.html",
            "Page not found",
            Context::new(),
        )
    }
}

/// The family a track is listed under on the home page.
fn family_of(track: &crate::model::Track) -> &str {
    track.family.as_deref().unwrap_or("Other tracks")
}

/// The letter the A–Z lists `name` under: its first letter or digit, `A` to `Z` for a
/// Latin letter and `#` for anything else.
fn letter_of(name: &str) -> String {
    match name.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        _ => "#".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_money_read_naturally() {
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(thousands(72000), "72,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
