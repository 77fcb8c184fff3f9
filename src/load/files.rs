//! The typed content of each kind of framework file, as written: ids and references are
//! still strings here, each with its span. [`crate::model`] resolves them.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::decode::{Ctx, Fields, LevelRef, Sp, level_value};
use crate::diagnostic::{Code, Diagnostic, SourceId, Span};

/// `trellis.toml`.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The file.
    pub source: SourceId,
    /// The site's title.
    pub title: Option<Sp<String>>,
    /// One paragraph about the framework.
    pub description: Option<Sp<String>>,
    /// Where the site is served.
    pub base_url: Option<Sp<String>>,
    /// The edition this source describes.
    pub version: Option<Sp<String>>,
    /// The language of the content.
    pub language: Option<Sp<String>>,
    /// Where the source lives.
    pub repository: Option<Sp<String>>,
    /// Edit link template with `{path}`.
    pub edit_url: Option<Sp<String>>,
    /// Default owners of every file.
    pub owners: Vec<Sp<String>>,
    /// The default proficiency scale, lowest first.
    pub scale: Vec<Sp<String>>,
    /// The grade axis, lowest first.
    pub grades: Vec<GradeDef>,
    /// Where `[[grades]]` is written, or the top of the file.
    pub grades_span: Span,
    /// `[editions] tags`: the glob of the git tags that are published editions.
    pub edition_tags: Option<Sp<String>>,
}

/// One `[[grades]]` entry.
#[derive(Clone, Debug)]
pub struct GradeDef {
    /// `id`.
    pub id: Sp<String>,
    /// `name`, defaulting to the id.
    pub name: Option<Sp<String>>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
}

/// What every Markdown file has besides its front matter.
#[derive(Clone, Debug)]
pub struct Meta {
    /// The file.
    pub source: SourceId,
    /// The id, from `id =` or the file stem.
    pub id: Sp<String>,
    /// True when the id came from the file name rather than the front matter.
    pub id_from_path: bool,
    /// The Markdown body.
    pub body: String,
    /// Where the body starts in the file.
    pub body_offset: usize,
    /// The opening `+++`, where file-level problems point.
    pub anchor: Span,
}

/// `tracks/<track>.md`.
#[derive(Clone, Debug)]
pub struct TrackFile {
    /// Id, body, place.
    pub meta: Meta,
    /// `name`.
    pub name: Sp<String>,
    /// `kind`, free text.
    pub kind: Option<Sp<String>>,
    /// `family`.
    pub family: Option<Sp<String>>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
    /// `owners`.
    pub owners: Vec<Sp<String>>,
    /// `order`.
    pub order: Option<Sp<i64>>,
}

/// `roles/<track>/<role>.md`.
#[derive(Clone, Debug)]
pub struct RoleFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The track folder the file is in.
    pub track: String,
    /// `title`.
    pub title: Sp<String>,
    /// `grade`.
    pub grade: Sp<String>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
    /// `aliases`.
    pub aliases: Vec<Sp<String>>,
    /// `next`, when given.
    pub next: Option<Vec<Sp<String>>>,
    /// `lateral`.
    pub lateral: Vec<Sp<String>>,
    /// `pay`.
    pub pay: Option<PayDef>,
    /// `[skills]`.
    pub skills: Vec<RequirementDef>,
}

/// A role's `pay = { currency, min, max }`.
#[derive(Clone, Debug)]
pub struct PayDef {
    /// ISO 4217 code.
    pub currency: Sp<String>,
    /// Lower bound.
    pub min: Option<Sp<i64>>,
    /// Upper bound.
    pub max: Option<Sp<i64>>,
    /// The whole value.
    pub span: Span,
}

/// One entry of a `[skills]` table.
#[derive(Clone, Debug)]
pub struct RequirementDef {
    /// The skill id (the key).
    pub skill: Sp<String>,
    /// The level.
    pub level: Sp<LevelRef>,
    /// Statements specific to the role.
    pub expectations: Vec<Sp<String>>,
}

/// `skills/<group>/_group.md`.
#[derive(Clone, Debug)]
pub struct GroupFile {
    /// The file.
    pub source: SourceId,
    /// The folder name.
    pub id: String,
    /// `name`.
    pub name: Option<Sp<String>>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
    /// `owners`: who approves changes to the group's skills.
    pub owners: Vec<Sp<String>>,
    /// The Markdown body.
    pub body: String,
}

/// `skills/<group>/<skill>.md`.
#[derive(Clone, Debug)]
pub struct SkillFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The group folder.
    pub group: String,
    /// `name`.
    pub name: Sp<String>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
    /// `aliases`.
    pub aliases: Vec<Sp<String>>,
    /// `related`.
    pub related: Vec<Sp<String>>,
    /// `[[levels]]`; empty means the default scale.
    pub levels: Vec<LevelDef>,
}

/// One `[[levels]]` entry.
#[derive(Clone, Debug)]
pub struct LevelDef {
    /// `name`.
    pub name: Option<Sp<String>>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
    /// `signals`.
    pub signals: Vec<Sp<String>>,
    /// `examples`.
    pub examples: Vec<Sp<String>>,
    /// The table.
    pub span: Span,
}

/// `pathways/<pathway>.md`.
#[derive(Clone, Debug)]
pub struct PathwayFile {
    /// Id, body, place.
    pub meta: Meta,
    /// `title`.
    pub title: Sp<String>,
    /// `skill`.
    pub skill: Sp<String>,
    /// `from`.
    pub from: Option<Sp<LevelRef>>,
    /// `to`.
    pub to: Option<Sp<LevelRef>>,
    /// `summary`.
    pub summary: Option<Sp<String>>,
    /// `[[steps]]`.
    pub steps: Vec<StepDef>,
}

/// One `[[steps]]` entry.
#[derive(Clone, Debug)]
pub struct StepDef {
    /// `title`.
    pub title: Sp<String>,
    /// `kind`.
    pub kind: Sp<String>,
    /// `url`.
    pub url: Option<Sp<String>>,
    /// `minutes`.
    pub minutes: Option<Sp<i64>>,
}

/// `opportunities/<opportunity>.md`.
#[derive(Clone, Debug)]
pub struct OpportunityFile {
    /// Id, body, place.
    pub meta: Meta,
    /// `title`.
    pub title: Sp<String>,
    /// `kind`.
    pub kind: Sp<String>,
    /// `team`.
    pub team: Option<Sp<String>>,
    /// `time`.
    pub time: Option<Sp<String>>,
    /// `contact`.
    pub contact: Option<Sp<String>>,
    /// `closes`, as `YYYY-MM-DD`.
    pub closes: Option<Sp<String>>,
    /// `[skills]`.
    pub skills: Vec<RequirementDef>,
}

/// The kinds a pathway step may have.
pub const STEP_KINDS: &[&str] = &[
    "reading",
    "course",
    "video",
    "practice",
    "project",
    "mentoring",
    "micro",
];

/// The longest step a pathway may have: a year of full-time work.
pub const MAX_MINUTES: i64 = 60 * 8 * 250;

/// The kinds an opportunity may have.
pub const OPPORTUNITY_KINDS: &[&str] = &["project", "gig", "mentoring", "rotation", "role"];

// The keys each table may have. `crate::schema` describes the same tables for editors; a
// test there checks that the two agree key for key.

/// The keys of `trellis.toml`.
pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "version",
    "language",
    "repository",
    "edit_url",
    "owners",
    "scale",
    "grades",
    "editions",
];
/// The keys of `[editions]`.
pub const EDITIONS_KEYS: &[&str] = &["tags"];
/// The keys of `[scale]`.
pub const SCALE_KEYS: &[&str] = &["levels"];
/// The keys of a `[[grades]]` entry.
pub const GRADE_KEYS: &[&str] = &["id", "name", "summary"];
/// The keys of a track's front matter.
pub const TRACK_KEYS: &[&str] = &["id", "name", "kind", "family", "summary", "owners", "order"];
/// The keys of a role's front matter.
pub const ROLE_KEYS: &[&str] = &[
    "id", "title", "grade", "summary", "aliases", "next", "lateral", "pay", "skills",
];
/// The keys of a role's `pay`.
pub const PAY_KEYS: &[&str] = &["currency", "min", "max"];
/// The keys of a requirement written as a table.
pub const REQUIREMENT_KEYS: &[&str] = &["level", "expectations"];
/// The keys of `_group.md`'s front matter.
pub const GROUP_KEYS: &[&str] = &["name", "summary", "owners"];
/// The keys of a skill's front matter.
pub const SKILL_KEYS: &[&str] = &["id", "name", "summary", "aliases", "related", "levels"];
/// The keys of a `[[levels]]` entry.
pub const LEVEL_KEYS: &[&str] = &["name", "summary", "signals", "examples"];
/// The keys of a pathway's front matter.
pub const PATHWAY_KEYS: &[&str] = &["id", "title", "skill", "from", "to", "summary", "steps"];
/// The keys of a `[[steps]]` entry.
pub const STEP_KEYS: &[&str] = &["title", "kind", "url", "minutes"];
/// The keys of an opportunity's front matter.
pub const OPPORTUNITY_KEYS: &[&str] = &[
    "id", "title", "kind", "team", "time", "contact", "closes", "skills",
];

pub(crate) fn config(ctx: &mut Ctx, table: &DeTable<'_>) -> ConfigFile {
    let top = ctx.offset..ctx.offset;
    let f = Fields::new(ctx, table, top.clone(), "`trellis.toml`", CONFIG_KEYS);
    let title = f.required_string(ctx, "title", "\"Acme career framework\"");
    let mut scale = Vec::new();
    if let Some((t, span)) = f.table(ctx, "scale") {
        let s = Fields::new(ctx, t, span.clone(), "`[scale]`", SCALE_KEYS);
        scale = s.strings(ctx, "levels");
        if s.get("levels").is_none() {
            ctx.error(Code::MissingKey, "`[scale]` needs `levels`", span)
                .help = Some(
                "add `levels = [\"Awareness\", \"Working\", \"Practitioner\", \"Expert\"]`"
                    .to_owned(),
            );
        }
    }
    let grades_span = f.key_span(ctx, "grades").unwrap_or_else(|| top.clone());
    let grades = f
        .tables(ctx, "grades")
        .into_iter()
        .filter_map(|(t, span)| {
            let g = Fields::new(ctx, t, span, "a grade", GRADE_KEYS);
            let id = g.required_string(ctx, "id", "\"L1\"");
            let name = g.string(ctx, "name");
            let summary = g.string(ctx, "summary");
            Some(GradeDef {
                id: id?,
                name,
                summary,
            })
        })
        .collect::<Vec<_>>();
    if f.get("grades")
        .is_some_and(|v| matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()))
    {
        ctx.error(
            Code::MissingKey,
            "`trellis.toml` needs at least one grade",
            grades_span.clone(),
        )
        .help = Some(
            "add the grade axis, lowest first:\n[[grades]]\nid = \"L1\"\nname = \"Entry\""
                .to_owned(),
        );
    }
    if f.get("grades").is_none() {
        ctx.push(
            Diagnostic::error(
                Code::MissingKey,
                "`trellis.toml` needs at least one `[[grades]]`",
            )
            .in_file(ctx.source)
            .with_help(Some(
                "add the grade axis, lowest first:\n[[grades]]\nid = \"L1\"\nname = \"Entry\""
                    .to_owned(),
            )),
        );
    }
    let mut edition_tags = None;
    if let Some((t, span)) = f.table(ctx, "editions") {
        let e = Fields::new(ctx, t, span.clone(), "`[editions]`", EDITIONS_KEYS);
        edition_tags = e.string(ctx, "tags");
        match &edition_tags {
            None => {
                ctx.error(Code::MissingKey, "`[editions]` needs `tags`", span)
                    .help = Some(
                    "add the pattern of the git tags that are editions: `tags = \"v*\"`".to_owned(),
                );
            }
            // The pattern goes to `git for-each-ref` after `refs/tags/`: a leading `-` or a
            // `..` could make it mean something else.
            Some(tags)
                if tags.value.is_empty()
                    || tags.value.starts_with('-')
                    || tags.value.contains("..")
                    || tags.value.contains(char::is_whitespace) =>
            {
                ctx.error(
                    Code::InvalidValue,
                    "`[editions] tags` is not a tag pattern",
                    tags.span.clone(),
                )
                .help =
                    Some("write a glob of tag names such as `\"v*\"` or `\"2026.*\"`".to_owned());
            }
            Some(_) => {}
        }
    }
    let repository = f.string(ctx, "repository");
    let edit_url = f.string(ctx, "edit_url");
    if let Some(url) = &repository {
        check_url(ctx, url, "`repository`");
    }
    if let Some(url) = &edit_url {
        check_url(ctx, url, "`edit_url`");
        if !url.value.contains("{path}") {
            ctx.push(
                Diagnostic::warning(Code::InvalidValue, "`edit_url` has no `{path}` placeholder")
                    .at(ctx.source, url.span.clone())
                    .with_help(Some(
                        "every \"propose a change\" link would open the same page; add `{path}` where the file's path goes".to_owned(),
                    )),
            );
        }
    }
    ConfigFile {
        source: ctx.source,
        title,
        description: f.string(ctx, "description"),
        base_url: f.string(ctx, "base_url"),
        version: f.string(ctx, "version"),
        language: f.string(ctx, "language"),
        repository,
        edit_url,
        owners: owners(ctx, &f),
        scale,
        grades,
        grades_span,
        edition_tags,
    }
}

/// The id of a file: `id = "…"` in the front matter, or the file stem.
fn meta(
    ctx: &mut Ctx,
    f: &Fields<'_, '_>,
    stem: &str,
    anchor: Span,
    body: &str,
    body_offset: usize,
) -> Meta {
    let (id, id_from_path) = match f.string(ctx, "id") {
        Some(id) => (id, false),
        None => (Sp::new(stem.to_owned(), anchor.clone()), true),
    };
    Meta {
        source: ctx.source,
        id,
        id_from_path,
        body: body.to_owned(),
        body_offset,
        anchor,
    }
}

/// What the loader knows about a Markdown file besides its TOML.
pub(crate) struct Doc<'a> {
    pub stem: &'a str,
    pub anchor: Span,
    pub body: &'a str,
    pub body_offset: usize,
}

pub(crate) fn track(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>) -> Option<TrackFile> {
    let f = Fields::new(ctx, table, doc.anchor.clone(), "a track", TRACK_KEYS);
    let meta = meta(
        ctx,
        &f,
        doc.stem,
        doc.anchor.clone(),
        doc.body,
        doc.body_offset,
    );
    let name = f.required_string(ctx, "name", "\"Software engineering\"");
    let kind = f.string(ctx, "kind");
    let family = f.string(ctx, "family");
    let summary = f.string(ctx, "summary");
    let owners = owners(ctx, &f);
    let order = f.integer(ctx, "order");
    Some(TrackFile {
        meta,
        name: name?,
        kind,
        family,
        summary,
        owners,
        order,
    })
}

pub(crate) fn role(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    doc: &Doc<'_>,
    track: &str,
) -> Option<RoleFile> {
    let f = Fields::new(ctx, table, doc.anchor.clone(), "a role", ROLE_KEYS);
    let meta = meta(
        ctx,
        &f,
        doc.stem,
        doc.anchor.clone(),
        doc.body,
        doc.body_offset,
    );
    let title = f.required_string(ctx, "title", "\"Senior software engineer\"");
    let grade = f.required_string(ctx, "grade", "\"L4\"");
    let summary = f.string(ctx, "summary");
    let aliases = f.strings(ctx, "aliases");
    let next = f.get("next").map(|_| f.strings(ctx, "next"));
    let lateral = f.strings(ctx, "lateral");
    let pay = f.table(ctx, "pay").and_then(|(t, span)| {
        let p = Fields::new(ctx, t, span.clone(), "`pay`", PAY_KEYS);
        let currency = p.required_string(ctx, "currency", "\"EUR\"");
        let min = p.integer(ctx, "min");
        let max = p.integer(ctx, "max");
        check_pay(ctx, currency.as_ref(), min.as_ref(), max.as_ref());
        Some(PayDef {
            currency: currency?,
            min,
            max,
            span,
        })
    });
    let skills = requirements(ctx, &f);
    Some(RoleFile {
        meta,
        track: track.to_owned(),
        title: title?,
        grade: grade?,
        summary,
        aliases,
        next,
        lateral,
        pay,
        skills,
    })
}

fn requirements(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Vec<RequirementDef> {
    let Some((table, _)) = f.table(ctx, "skills") else {
        return Vec::new();
    };
    table
        .iter()
        .filter_map(|(key, value)| requirement(ctx, key, value))
        .collect()
}

fn requirement(
    ctx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) -> Option<RequirementDef> {
    let skill = Sp::new(key.get_ref().to_string(), ctx.span(key.span()));
    match value.get_ref() {
        DeValue::Table(t) => {
            let span = ctx.span(value.span());
            let r = Fields::new(
                ctx,
                t,
                span.clone(),
                "a skill requirement",
                REQUIREMENT_KEYS,
            );
            let expectations = r.strings(ctx, "expectations");
            let level = match r.get("level") {
                Some(v) => level_value(ctx, &skill.value, v)?,
                None => {
                    ctx.error(
                        Code::MissingKey,
                        format!("the requirement for `{}` needs `level`", skill.value),
                        span,
                    )
                    .help = Some("add `level = 2` (a number or the level's name)".to_owned());
                    return None;
                }
            };
            Some(RequirementDef {
                skill,
                level,
                expectations,
            })
        }
        _ => {
            let level = level_value(ctx, &skill.value, value)?;
            Some(RequirementDef {
                skill,
                level,
                expectations: Vec::new(),
            })
        }
    }
}

pub(crate) fn group(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>, group: &str) -> GroupFile {
    let f = Fields::new(ctx, table, doc.anchor.clone(), "a skill group", GROUP_KEYS);
    GroupFile {
        source: ctx.source,
        id: group.to_owned(),
        name: f.string(ctx, "name"),
        summary: f.string(ctx, "summary"),
        owners: owners(ctx, &f),
        body: doc.body.to_owned(),
    }
}

pub(crate) fn skill(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    doc: &Doc<'_>,
    group: &str,
) -> Option<SkillFile> {
    let f = Fields::new(ctx, table, doc.anchor.clone(), "a skill", SKILL_KEYS);
    let meta = meta(
        ctx,
        &f,
        doc.stem,
        doc.anchor.clone(),
        doc.body,
        doc.body_offset,
    );
    let name = f.required_string(ctx, "name", "\"System design\"");
    let summary = f.string(ctx, "summary");
    let aliases = f.strings(ctx, "aliases");
    let related = f.strings(ctx, "related");
    let levels = f
        .tables(ctx, "levels")
        .into_iter()
        .map(|(t, span)| {
            let l = Fields::new(ctx, t, span.clone(), "a skill level", LEVEL_KEYS);
            LevelDef {
                name: l.string(ctx, "name"),
                summary: l.string(ctx, "summary"),
                signals: l.strings(ctx, "signals"),
                examples: l.strings(ctx, "examples"),
                span,
            }
        })
        .collect();
    Some(SkillFile {
        meta,
        group: group.to_owned(),
        name: name?,
        summary,
        aliases,
        related,
        levels,
    })
}

pub(crate) fn pathway(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>) -> Option<PathwayFile> {
    let f = Fields::new(ctx, table, doc.anchor.clone(), "a pathway", PATHWAY_KEYS);
    let meta = meta(
        ctx,
        &f,
        doc.stem,
        doc.anchor.clone(),
        doc.body,
        doc.body_offset,
    );
    let title = f.required_string(ctx, "title", "\"From working to practitioner\"");
    let skill = f.required_string(ctx, "skill", "\"system-design\"");
    let from = f.level(ctx, "from");
    let to = f.level(ctx, "to");
    let summary = f.string(ctx, "summary");
    let steps: Vec<StepDef> = f
        .tables(ctx, "steps")
        .into_iter()
        .filter_map(|(t, span)| {
            let s = Fields::new(ctx, t, span, "a pathway step", STEP_KEYS);
            let title = s.required_string(ctx, "title", "\"Read the design notes\"");
            let kind = s.required_string(ctx, "kind", "\"reading\"");
            let url = s.string(ctx, "url");
            let minutes = s.integer(ctx, "minutes");
            if let Some(url) = &url {
                check_url(ctx, url, "the step's `url`");
            }
            if let Some(kind) = &kind {
                check_enum(ctx, "step kind", kind, STEP_KINDS);
            }
            if let Some(minutes) = &minutes
                && !(1..=MAX_MINUTES).contains(&minutes.value)
            {
                ctx.error(
                    Code::InvalidValue,
                    format!("`minutes` must be between 1 and {MAX_MINUTES}"),
                    minutes.span.clone(),
                )
                .help =
                    Some("give the time the step takes in minutes, e.g. `minutes = 90`".to_owned());
            }
            Some(StepDef {
                title: title?,
                kind: kind?,
                url,
                minutes,
            })
        })
        .collect();
    let no_steps = match f.get("steps") {
        None => true,
        Some(v) => matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()),
    };
    if no_steps {
        ctx.error(Code::MissingKey, "a pathway needs at least one step", doc.anchor.clone())
            .help = Some("add a step:\n[[steps]]\ntitle = \"Read the design notes of three systems\"\nkind = \"reading\"".to_owned());
    }
    Some(PathwayFile {
        meta,
        title: title?,
        skill: skill?,
        from,
        to,
        summary,
        steps,
    })
}

pub(crate) fn opportunity(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    doc: &Doc<'_>,
) -> Option<OpportunityFile> {
    let f = Fields::new(
        ctx,
        table,
        doc.anchor.clone(),
        "an opportunity",
        OPPORTUNITY_KEYS,
    );
    let meta = meta(
        ctx,
        &f,
        doc.stem,
        doc.anchor.clone(),
        doc.body,
        doc.body_offset,
    );
    let title = f.required_string(ctx, "title", "\"Help migrate billing to the new queue\"");
    let kind = f.required_string(ctx, "kind", "\"project\"");
    if let Some(kind) = &kind {
        check_enum(ctx, "opportunity kind", kind, OPPORTUNITY_KINDS);
    }
    let team = f.string(ctx, "team");
    let time = f.string(ctx, "time");
    let contact = f.string(ctx, "contact");
    let closes = f.date(ctx, "closes");
    let skills = requirements(ctx, &f);
    Some(OpportunityFile {
        meta,
        title: title?,
        kind: kind?,
        team,
        time,
        contact,
        closes,
        skills,
    })
}

/// `owners`: each must be a name a code host can ask for approval — `@user`, `@org/team`
/// or an e-mail address — or CODEOWNERS cannot name them. Anything else is a warning (the
/// site still shows it) and is left out of CODEOWNERS.
fn owners(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Vec<Sp<String>> {
    let owners = f.strings(ctx, "owners");
    for owner in &owners {
        if crate::owners::is_valid_owner(&owner.value) {
            continue;
        }
        let source = ctx.source;
        ctx.push(
            Diagnostic::warning(
                Code::InvalidValue,
                format!(
                    "`{}` is not an owner a code host can ask to approve",
                    owner.value
                ),
            )
            .at(source, owner.span.clone())
            .with_label("left out of CODEOWNERS")
            .with_help(Some(
                "write a user or team as `@name` or `@org/team`, or an e-mail address".to_owned(),
            )),
        );
    }
    owners
}

fn check_enum(ctx: &mut Ctx, what: &str, value: &Sp<String>, allowed: &[&str]) {
    if allowed.contains(&value.value.as_str()) {
        return;
    }
    let help = did_you_mean_or_list(&value.value, allowed);
    ctx.error(
        Code::InvalidValue,
        format!("unknown {what} `{}`", value.value),
        value.span.clone(),
    )
    .help = Some(help);
}

fn did_you_mean_or_list(value: &str, allowed: &[&str]) -> String {
    crate::diagnostic::did_you_mean(value, allowed.iter().copied()).unwrap_or_else(|| {
        format!(
            "use one of {}",
            allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn check_url(ctx: &mut Ctx, url: &Sp<String>, what: &str) {
    if crate::links::is_safe_url(&url.value) {
        return;
    }
    let scheme = crate::links::url_scheme(&url.value).unwrap_or_default();
    let source = ctx.source;
    ctx.push(
        Diagnostic::error(
            Code::UnsafeUrl,
            format!("{what} uses the `{scheme}:` scheme, which the site will not link to"),
        )
        .at(source, url.span.clone())
        .with_label("not an http, https or mailto link")
        .with_help(Some("link to an `https://` page instead".to_owned())),
    );
}

fn check_pay(
    ctx: &mut Ctx,
    currency: Option<&Sp<String>>,
    min: Option<&Sp<i64>>,
    max: Option<&Sp<i64>>,
) {
    let source = ctx.source;
    if let Some(currency) = currency {
        let code = currency.value.as_str();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            ctx.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{code}` is not a currency code"),
                )
                .at(source, currency.span.clone())
                .with_help(Some(
                    "use the three-letter ISO 4217 code, e.g. `EUR`, `GBP` or `USD`".to_owned(),
                )),
            );
        }
    }
    for bound in [min, max].into_iter().flatten() {
        if bound.value < 0 {
            ctx.push(
                Diagnostic::error(Code::InvalidValue, "pay cannot be negative")
                    .at(source, bound.span.clone()),
            );
        }
    }
    if let (Some(min), Some(max)) = (min, max)
        && min.value > max.value
    {
        ctx.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!(
                    "the pay band's `min` ({}) is above its `max` ({})",
                    min.value, max.value
                ),
            )
            .at(source, min.span.clone())
            .with_related(source, max.span.clone(), "max")
            .with_help(Some("swap `min` and `max`".to_owned())),
        );
    }
}
