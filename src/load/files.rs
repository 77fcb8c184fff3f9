//! The typed content of each kind of framework file, as written: ids and references are
//! still strings here, each with its span. [`crate::model`] resolves them.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::decode::{Ctx, Fields, Sp, keyed_strings_value, level_value};
use crate::diagnostic::{Code, Diagnostic, SourceId, Span};
use crate::format::{self, MAX_MINUTES, OpportunityKind, StepKind};

/// `trellis.toml`.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    /// The file.
    pub source: SourceId,
    /// Where `[[grades]]` is written, or the top of the file.
    pub grades_span: Span,
    /// What it says.
    pub front: format::Config,
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
    /// Where the Markdown body starts in the file: the body is the rest of it, read through
    /// [`crate::load::Loaded::body`] rather than copied, since bodies are half the bytes of a
    /// framework.
    pub body_offset: usize,
    /// The opening `+++`, where file-level problems point.
    pub anchor: Span,
}

/// `tracks/<track>.md`.
#[derive(Clone, Debug)]
pub struct TrackFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The front matter.
    pub front: format::Track,
}

/// `roles/<track>/<role>.md`.
#[derive(Clone, Debug)]
pub struct RoleFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The track folder the file is in.
    pub track: String,
    /// The front matter.
    pub front: format::Role,
}

/// `skills/<group>/_group.md`.
#[derive(Clone, Debug)]
pub struct GroupFile {
    /// The file.
    pub source: SourceId,
    /// The folder name.
    pub id: String,
    /// Where the Markdown body starts in the file (see [`Meta::body_offset`]).
    pub body_offset: usize,
    /// The front matter.
    pub front: format::Group,
}

/// `skills/<group>/<skill>.md`.
#[derive(Clone, Debug)]
pub struct SkillFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The group folder.
    pub group: String,
    /// The front matter; `levels` empty means the default scale.
    pub front: format::Skill,
}

/// `pathways/<pathway>.md`.
#[derive(Clone, Debug)]
pub struct PathwayFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The front matter.
    pub front: format::Pathway,
}

/// `pages/<page>.md`.
#[derive(Clone, Debug)]
pub struct PageFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The front matter.
    pub front: format::Page,
}

/// `opportunities/<opportunity>.md`.
#[derive(Clone, Debug)]
pub struct OpportunityFile {
    /// Id, body, place.
    pub meta: Meta,
    /// The front matter.
    pub front: format::Opportunity,
}

pub(crate) fn config(ctx: &mut Ctx, table: &DeTable<'_>) -> ConfigFile {
    let top = ctx.offset..ctx.offset;
    let f = Fields::of::<format::Config>(ctx, table, top.clone());
    let title = f.required(ctx, "title");
    let mut scale = None;
    if let Some((t, span)) = f.table(ctx, "scale") {
        let s = Fields::of::<format::Scale>(ctx, t, span.clone());
        let levels = s.strings(ctx, "levels");
        if s.get("levels").is_none() {
            ctx.error(Code::MissingKey, "`[scale]` needs `levels`", span)
                .help = Some(
                "add `levels = [\"Awareness\", \"Working\", \"Practitioner\", \"Expert\"]`"
                    .to_owned(),
            );
        }
        scale = Some(format::Scale { levels });
    }
    let dimensions = f
        .tables(ctx, "dimensions")
        .into_iter()
        .filter_map(|(t, span)| {
            let d = Fields::of::<format::Dimension>(ctx, t, span);
            let id = d.required(ctx, "id");
            let name = d.required(ctx, "name");
            let summary = d.string(ctx, "summary");
            let weight = d.integer(ctx, "weight");
            Some(format::Dimension {
                id: id?,
                name: name?,
                summary,
                weight,
            })
        })
        .collect();
    let grades_span = f.key_span(ctx, "grades").unwrap_or_else(|| top.clone());
    let grades = f
        .tables(ctx, "grades")
        .into_iter()
        .filter_map(|(t, span)| {
            let g = Fields::of::<format::Grade>(ctx, t, span);
            let id = g.required(ctx, "id");
            let name = g.string(ctx, "name");
            let summary = g.string(ctx, "summary");
            let expectations = g.keyed_strings(ctx, "expectations");
            Some(format::Grade {
                id: id?,
                name,
                summary,
                expectations,
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
    let mut editions = None;
    if let Some((t, span)) = f.table(ctx, "editions") {
        let e = Fields::of::<format::Editions>(ctx, t, span.clone());
        match e.string(ctx, "tags") {
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
            Some(tags) => editions = Some(format::Editions { tags }),
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
    let front = format::Config {
        title,
        description: f.string(ctx, "description"),
        base_url: f.string(ctx, "base_url"),
        version: f.string(ctx, "version"),
        language: f.string(ctx, "language"),
        repository,
        edit_url,
        owners: owners(ctx, &f),
        scale,
        dimensions,
        grades,
        editions,
    };
    ConfigFile {
        source: ctx.source,
        grades_span,
        front,
    }
}

/// The id of a file: `id = "…"` in the front matter, or the file stem. Returns the meta
/// and the `id` as written, for the front matter.
fn meta(ctx: &mut Ctx, f: &Fields<'_, '_>, doc: &Doc<'_>) -> (Meta, Option<Sp<String>>) {
    let written = f.string(ctx, "id");
    let (id, id_from_path) = match &written {
        Some(id) => (id.clone(), false),
        None => (Sp::new(doc.stem.to_owned(), doc.anchor.clone()), true),
    };
    let meta = Meta {
        source: ctx.source,
        id,
        id_from_path,
        body_offset: doc.body_offset,
        anchor: doc.anchor.clone(),
    };
    (meta, written)
}

/// What the loader knows about a Markdown file besides its TOML.
pub(crate) struct Doc<'a> {
    pub stem: &'a str,
    pub anchor: Span,
    pub body_offset: usize,
}

pub(crate) fn track(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>) -> Option<TrackFile> {
    let f = Fields::of::<format::Track>(ctx, table, doc.anchor.clone());
    let (meta, id) = meta(ctx, &f, doc);
    let name = f.required(ctx, "name");
    let kind = f.string(ctx, "kind");
    let family = f.string(ctx, "family");
    let summary = f.string(ctx, "summary");
    let owners = owners(ctx, &f);
    let order = f.integer(ctx, "order");
    let weight = f.integer(ctx, "weight");
    if let (Some(order), Some(weight)) = (&order, &weight) {
        let source = ctx.source;
        ctx.push(
            Diagnostic::error(Code::InvalidValue, "a track has both `order` and `weight`")
                .at(source, order.span.clone())
                .with_related(source, weight.span.clone(), "`weight` is here")
                .with_help(Some(
                    "keep `weight` (the newer name) and remove `order`".to_owned(),
                )),
        );
    }
    let mut expectations = format::Keyed::default();
    if let Some((table, _)) = f.table(ctx, "expectations") {
        for (grade, value) in table.iter() {
            let key = Sp::new(grade.get_ref().to_string(), ctx.span(grade.span()));
            match value.get_ref() {
                DeValue::Table(t) => {
                    let text = keyed_strings_value(ctx, t);
                    expectations.0.push((key, text));
                }
                _ => ctx.wrong_type(&format!("expectations.{}", key.value), "a table", value),
            }
        }
    }
    Some(TrackFile {
        meta,
        front: format::Track {
            id,
            name: name?,
            kind,
            family,
            summary,
            owners,
            order,
            weight,
            expectations,
        },
    })
}

pub(crate) fn role(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    doc: &Doc<'_>,
    track: &str,
) -> Option<RoleFile> {
    let f = Fields::of::<format::Role>(ctx, table, doc.anchor.clone());
    let (meta, id) = meta(ctx, &f, doc);
    let title = f.required(ctx, "title");
    let grade = f.required(ctx, "grade");
    let summary = f.string(ctx, "summary");
    let aliases = f.strings(ctx, "aliases");
    let next = f.get("next").map(|_| f.strings(ctx, "next"));
    let lateral = f.strings(ctx, "lateral");
    let pay = f.table(ctx, "pay").and_then(|(t, span)| {
        let p = Fields::of::<format::Pay>(ctx, t, span);
        let currency = p.required(ctx, "currency");
        let min = p.integer(ctx, "min");
        let max = p.integer(ctx, "max");
        check_pay(ctx, currency.as_ref(), min.as_ref(), max.as_ref());
        Some(format::Pay {
            currency: currency?,
            min,
            max,
        })
    });
    let skills = requirements(ctx, &f);
    let choices = f
        .tables(ctx, "choices")
        .into_iter()
        .filter_map(|(t, span)| {
            let c = Fields::of::<format::Choice>(ctx, t, span.clone());
            let name = c.required(ctx, "name");
            let pick = c.integer(ctx, "pick");
            let summary = c.string(ctx, "summary");
            let skills = requirements(ctx, &c);
            if c.get("skills").is_none() {
                ctx.error(Code::MissingKey, "a choice needs `skills`", span)
                    .help = Some(
                    "add the skills to choose from:\n[choices.skills]\ntech-lead = 4\narchitect = 4"
                        .to_owned(),
                );
            }
            Some(format::Choice {
                name: name?,
                pick,
                summary,
                skills,
            })
        })
        .collect();
    let expectations = f.keyed_strings(ctx, "expectations");
    Some(RoleFile {
        meta,
        track: track.to_owned(),
        front: format::Role {
            id,
            title: title?,
            grade: grade?,
            summary,
            aliases,
            next,
            lateral,
            pay,
            skills,
            choices,
            expectations,
        },
    })
}

fn requirements(ctx: &mut Ctx, f: &Fields<'_, '_>) -> format::Requirements {
    let Some((table, _)) = f.table(ctx, "skills") else {
        return format::Requirements::default();
    };
    format::Requirements(
        table
            .iter()
            .filter_map(|(key, value)| requirement(ctx, key, value))
            .collect(),
    )
}

fn requirement(
    ctx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) -> Option<(Sp<String>, format::Requirement)> {
    let skill = Sp::new(key.get_ref().to_string(), ctx.span(key.span()));
    match value.get_ref() {
        DeValue::Table(t) => {
            let span = ctx.span(value.span());
            let r = Fields::of::<format::Requirement>(ctx, t, span.clone());
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
            Some((
                skill,
                format::Requirement {
                    level,
                    expectations,
                },
            ))
        }
        _ => {
            let level = level_value(ctx, &skill.value, value)?;
            Some((
                skill,
                format::Requirement {
                    level,
                    expectations: Vec::new(),
                },
            ))
        }
    }
}

pub(crate) fn group(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>, group: &str) -> GroupFile {
    let f = Fields::of::<format::Group>(ctx, table, doc.anchor.clone());
    GroupFile {
        source: ctx.source,
        id: group.to_owned(),
        body_offset: doc.body_offset,
        front: format::Group {
            name: f.string(ctx, "name"),
            summary: f.string(ctx, "summary"),
            owners: owners(ctx, &f),
            weight: f.integer(ctx, "weight"),
        },
    }
}

pub(crate) fn skill(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    doc: &Doc<'_>,
    group: &str,
) -> Option<SkillFile> {
    let f = Fields::of::<format::Skill>(ctx, table, doc.anchor.clone());
    let (meta, id) = meta(ctx, &f, doc);
    let name = f.required(ctx, "name");
    let summary = f.string(ctx, "summary");
    let aliases = f.strings(ctx, "aliases");
    let related = f.strings(ctx, "related");
    let weight = f.integer(ctx, "weight");
    let first_level = f.integer(ctx, "first_level");
    let levels = f
        .tables(ctx, "levels")
        .into_iter()
        .map(|(t, span)| {
            let l = Fields::of::<format::Level>(ctx, t, span.clone());
            format::Level {
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
        front: format::Skill {
            id,
            name: name?,
            summary,
            aliases,
            related,
            weight,
            first_level,
            levels,
        },
    })
}

pub(crate) fn pathway(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>) -> Option<PathwayFile> {
    let f = Fields::of::<format::Pathway>(ctx, table, doc.anchor.clone());
    let (meta, id) = meta(ctx, &f, doc);
    let title = f.required(ctx, "title");
    let skill = f.required(ctx, "skill");
    let from = f.level(ctx, "from");
    let to = f.level(ctx, "to");
    let summary = f.string(ctx, "summary");
    let steps: Vec<format::Step> = f
        .tables(ctx, "steps")
        .into_iter()
        .filter_map(|(t, span)| {
            let s = Fields::of::<format::Step>(ctx, t, span);
            let title = s.required(ctx, "title");
            let kind = s.required_keyword(
                ctx,
                "kind",
                StepKind::WHAT,
                StepKind::WORDS,
                StepKind::parse,
            );
            let url = s.string(ctx, "url");
            let minutes = s.integer(ctx, "minutes");
            if let Some(url) = &url {
                check_url(ctx, url, "the step's `url`");
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
            Some(format::Step {
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
        front: format::Pathway {
            id,
            title: title?,
            skill: skill?,
            from,
            to,
            summary,
            steps,
        },
    })
}

pub(crate) fn opportunity(
    ctx: &mut Ctx,
    table: &DeTable<'_>,
    doc: &Doc<'_>,
) -> Option<OpportunityFile> {
    let f = Fields::of::<format::Opportunity>(ctx, table, doc.anchor.clone());
    let (meta, id) = meta(ctx, &f, doc);
    let title = f.required(ctx, "title");
    let kind = f.required_keyword(
        ctx,
        "kind",
        OpportunityKind::WHAT,
        OpportunityKind::WORDS,
        OpportunityKind::parse,
    );
    let team = f.string(ctx, "team");
    let time = f.string(ctx, "time");
    let contact = f.string(ctx, "contact");
    let closes = f.date(ctx, "closes");
    let skills = requirements(ctx, &f);
    Some(OpportunityFile {
        meta,
        front: format::Opportunity {
            id,
            title: title?,
            kind: kind?,
            team,
            time,
            contact,
            closes,
            skills,
        },
    })
}

pub(crate) fn page(ctx: &mut Ctx, table: &DeTable<'_>, doc: &Doc<'_>) -> Option<PageFile> {
    let f = Fields::of::<format::Page>(ctx, table, doc.anchor.clone());
    let (meta, id) = meta(ctx, &f, doc);
    let title = f.required(ctx, "title");
    let summary = f.string(ctx, "summary");
    let weight = f.integer(ctx, "weight");
    Some(PageFile {
        meta,
        front: format::Page {
            id,
            title: title?,
            summary,
            weight,
        },
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
