//! The mapping file: which columns of the CSV hold what, the layout of the sheet, the
//! proficiency scale (and the skills' own scales, or a levels sheet), the grade axis with its
//! level words, and how to treat blank and placeholder cells. `docs/import.md` documents
//! every key.
//!
//! It is read with the loader's key-by-key reader, so a typo in a key or a value of the
//! wrong type is reported at its line and column with a suggestion, all at once, like any
//! framework file.

use toml::de::{DeTable, DeValue};

use super::grades::{self, GradeDef};
use super::text;
use crate::diagnostic::{Code, Diagnostic, SourceId, Span, did_you_mean};
use crate::load::Sp;
use crate::load::decode::{self, Ctx, Fields};

/// How the sheet is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One row per role × skill.
    Long,
    /// One row per role, one column per skill.
    Wide,
}

/// The columns a layout reads, by their key in `[columns]`.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// The track's name.
    pub track: Option<Sp<String>>,
    /// The track's description (Markdown).
    pub track_description: Option<Sp<String>>,
    /// The role's title.
    pub role: Option<Sp<String>>,
    /// The role's one-line summary.
    pub role_summary: Option<Sp<String>>,
    /// The role's description (Markdown).
    pub role_description: Option<Sp<String>>,
    /// The role's grade.
    pub grade: Option<Sp<String>>,
    /// Long: the skill's group.
    pub group: Option<Sp<String>>,
    /// Long: the skill's name.
    pub skill: Option<Sp<String>>,
    /// Long: the skill's description (Markdown).
    pub skill_description: Option<Sp<String>>,
    /// Long: the level the role requires.
    pub level: Option<Sp<String>>,
    /// Long: what the skill looks like at that level.
    pub level_description: Option<Sp<String>>,
    /// Long: statements specific to this role and skill, one per line.
    pub expectations: Option<Sp<String>>,
    /// Long: the name of the skill's scale, one of the mapping's `[scales]`.
    pub scale: Option<Sp<String>>,
    /// The role's other titles, one per line or separated by `;` or `,`.
    pub role_aliases: Option<Sp<String>>,
    /// The track's family.
    pub track_family: Option<Sp<String>>,
    /// The track's kind, free text such as "management".
    pub track_kind: Option<Sp<String>>,
    /// Who approves changes to the track, one per line or separated by `;` or `,`.
    pub track_owners: Option<Sp<String>>,
    /// The name of the role's grade, beside the grade column.
    pub grade_name: Option<Sp<String>>,
    /// Wide: the skill columns; `None` means every column not named above.
    pub skills: Option<Vec<Sp<String>>>,
    /// Columns that are neither read nor reported (and, in the wide layout, not skills).
    pub ignore: Vec<Sp<String>>,
}

impl Columns {
    /// Every single column the mapping names, with its key, in `[columns]` order of keys.
    pub fn named(&self) -> Vec<(&'static str, &Sp<String>)> {
        [
            ("track", &self.track),
            ("track_description", &self.track_description),
            ("role", &self.role),
            ("role_summary", &self.role_summary),
            ("role_description", &self.role_description),
            ("grade", &self.grade),
            ("group", &self.group),
            ("skill", &self.skill),
            ("skill_description", &self.skill_description),
            ("level", &self.level),
            ("level_description", &self.level_description),
            ("expectations", &self.expectations),
            ("scale", &self.scale),
            ("role_aliases", &self.role_aliases),
            ("track_family", &self.track_family),
            ("track_kind", &self.track_kind),
            ("track_owners", &self.track_owners),
            ("grade_name", &self.grade_name),
        ]
        .into_iter()
        .filter_map(|(key, column)| column.as_ref().map(|c| (key, c)))
        .collect()
    }
}

/// A skill group named in `[groups]`, with the skills it holds.
#[derive(Clone, Debug)]
pub struct GroupDef {
    /// The group's name.
    pub name: Sp<String>,
    /// Names of its skills.
    pub skills: Vec<Sp<String>>,
}

/// A scale of `[scales]`: levels some skills use instead of the `[scale]`.
#[derive(Clone, Debug)]
pub struct NamedScale {
    /// Its name, as the scale column writes it.
    pub name: Sp<String>,
    /// Its levels, lowest first.
    pub levels: Vec<String>,
}

/// `[level_sheet]`: a separate CSV that gives skills their own levels, one row per level.
#[derive(Clone, Debug)]
pub struct LevelSheetDef {
    /// The file, relative to the mapping file.
    pub file: Sp<String>,
    /// The column of skill names.
    pub skill: Sp<String>,
    /// The column of level numbers, 1 for the lowest.
    pub level: Sp<String>,
    /// The column of level names.
    pub name: Sp<String>,
    /// The column of level descriptions.
    pub description: Option<Sp<String>>,
}

/// A mapping file, read.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// The file.
    pub source: SourceId,
    /// The layout.
    pub layout: Layout,
    /// The framework's title.
    pub title: String,
    /// One paragraph about the framework.
    pub description: Option<String>,
    /// The separator; `None` detects it per file.
    pub separator: Option<u8>,
    /// The track of rows when no track column is named; `None` uses the file name.
    pub track: Option<String>,
    /// Cell texts that mean "nothing here yet", folded.
    pub placeholders: Vec<String>,
    /// Whether a blank cell where a value is expected is worth a warning.
    pub warn_blank: bool,
    /// Column keys whose blank cells take the value of the cell above.
    pub fill_down: Vec<Sp<String>>,
    /// The group of skills that no group column or `[groups]` entry places.
    pub default_group: String,
    /// The columns.
    pub columns: Columns,
    /// The proficiency scale, lowest first.
    pub scale: Vec<String>,
    /// `[scales]`: other scales, which the scale column gives to some skills.
    pub scales: Vec<NamedScale>,
    /// `[level_sheet]`.
    pub level_sheet: Option<LevelSheetDef>,
    /// The grade axis given in the mapping; `None` when it has no `[[grades]]`.
    pub grades: Option<Vec<GradeDef>>,
    /// `[groups]`.
    pub groups: Vec<GroupDef>,
}

/// The placeholders used when the mapping gives none.
pub const DEFAULT_PLACEHOLDERS: &[&str] = &[
    "N/A", "NA", "n.a.", "MISSING", "TBD", "TBC", "TODO", "?", "-", "–", "—",
];

/// The scale used when the mapping gives none.
pub const DEFAULT_SCALE: &[&str] = &["Awareness", "Working", "Practitioner", "Advanced", "Expert"];

/// The title used when the mapping gives none.
pub const DEFAULT_TITLE: &str = "Career framework";

const TOP_KEYS: &[&str] = &[
    "layout",
    "title",
    "description",
    "separator",
    "track",
    "placeholders",
    "blank_cells",
    "fill_down",
    "default_group",
    "columns",
    "scale",
    "scales",
    "level_sheet",
    "grades",
    "groups",
];

const SHARED_COLUMNS: &[&str] = &[
    "track",
    "track_description",
    "track_family",
    "track_kind",
    "track_owners",
    "role",
    "role_summary",
    "role_description",
    "role_aliases",
    "grade",
    "grade_name",
    "ignore",
];

const LONG_COLUMNS: &[&str] = &[
    "track",
    "track_description",
    "track_family",
    "track_kind",
    "track_owners",
    "role",
    "role_summary",
    "role_description",
    "role_aliases",
    "grade",
    "grade_name",
    "group",
    "skill",
    "skill_description",
    "level",
    "level_description",
    "expectations",
    "scale",
    "ignore",
];

const WIDE_COLUMNS: &[&str] = &[
    "track",
    "track_description",
    "track_family",
    "track_kind",
    "track_owners",
    "role",
    "role_summary",
    "role_description",
    "role_aliases",
    "grade",
    "grade_name",
    "skills",
    "ignore",
];

const LEVEL_SHEET_KEYS: &[&str] = &["file", "skill", "level", "name", "description"];

/// Reads the mapping in `text`, reporting every problem to `diagnostics`. `None` when the
/// mapping cannot be used at all (it does not parse, or has no valid `layout`).
pub fn read(text: &str, source: SourceId, diagnostics: &mut Vec<Diagnostic>) -> Option<Mapping> {
    let mut ctx = Ctx::new(source, 0);
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::EmptyFile, "the mapping file is empty")
                .at(source, 0..0)
                .with_help(Some(
                    "give at least `layout` and the `[columns]`; `docs/import.md` has an example of each layout".to_owned(),
                )),
        );
        return None;
    }
    // A mapping with problems is still returned when its layout is known, so the sheets
    // are read too and their problems reported in the same run; the errors already
    // reported keep anything from being written.
    let mapping =
        decode::parse(&mut ctx, text).and_then(|table| mapping(&mut ctx, table.get_ref()));
    diagnostics.append(&mut ctx.diagnostics);
    mapping
}

fn mapping(ctx: &mut Ctx, table: &DeTable<'_>) -> Option<Mapping> {
    let top = 0..0;
    let f = Fields::new(ctx, table, top.clone(), "the mapping", TOP_KEYS);
    let layout = match f.required_string(ctx, "layout", "\"long\"") {
        Some(l) => match l.value.trim() {
            "long" => Some(Layout::Long),
            "wide" => Some(Layout::Wide),
            other => {
                ctx.error(
                    Code::InvalidValue,
                    format!("unknown layout `{other}`"),
                    l.span.clone(),
                )
                .help = Some(
                    "use `\"long\"` (one row per role and skill) or `\"wide\"` (one row per role, one column per skill)".to_owned(),
                );
                None
            }
        },
        None => None,
    };
    let title = f.string(ctx, "title");
    if let Some(t) = &title
        && text::line(&t.value).is_empty()
    {
        ctx.error(Code::InvalidValue, "`title` is empty", t.span.clone())
            .help = Some("write the framework's title, or leave the key out".to_owned());
    }
    let description = f.string(ctx, "description");
    let separator = f.string(ctx, "separator").and_then(|s| match s.value.as_str() {
        "," => Some(b','),
        ";" => Some(b';'),
        "\t" | "tab" => Some(b'\t'),
        other => {
            ctx.error(
                Code::InvalidValue,
                format!("`{other}` is not a separator Trellis reads"),
                s.span.clone(),
            )
            .help = Some(
                "use `\",\"`, `\";\"` or `\"tab\"`, or leave the key out to detect it from each file's header".to_owned(),
            );
            None
        }
    });
    let track = f.string(ctx, "track").map(|t| text::line(&t.value));
    let placeholders = match f.get("placeholders") {
        Some(_) => f
            .strings(ctx, "placeholders")
            .iter()
            .map(|p| text::fold(&p.value))
            .filter(|p| !p.is_empty())
            .collect(),
        None => DEFAULT_PLACEHOLDERS.iter().map(|p| text::fold(p)).collect(),
    };
    let warn_blank = match f.string(ctx, "blank_cells") {
        None => true,
        Some(v) => match v.value.as_str() {
            "warn" => true,
            "ignore" => false,
            other => {
                ctx.error(
                    Code::InvalidValue,
                    format!("unknown `blank_cells` value `{other}`"),
                    v.span.clone(),
                )
                .help = Some("use `\"warn\"` (the default) or `\"ignore\"`".to_owned());
                true
            }
        },
    };
    let default_group = f
        .string(ctx, "default_group")
        .map(|g| text::line(&g.value))
        .filter(|g| !g.is_empty())
        .unwrap_or_else(|| "Skills".to_owned());
    let columns = match f.table(ctx, "columns") {
        Some((t, span)) => columns(ctx, t, span, layout),
        None => {
            if f.get("columns").is_none() {
                ctx.error(
                    Code::MissingKey,
                    "the mapping needs a `[columns]` table",
                    top.clone(),
                )
                .help = Some(
                    "name the columns, e.g.\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"".to_owned(),
                );
            }
            Columns::default()
        }
    };
    let fill_down = f.strings(ctx, "fill_down");
    for key in &fill_down {
        if !LONG_COLUMNS.contains(&key.value.as_str()) || key.value == "ignore" {
            let help =
                did_you_mean(&key.value, LONG_COLUMNS.iter().copied()).unwrap_or_else(|| {
                    "name keys of `[columns]`, such as `\"track\"` or `\"role\"`".to_owned()
                });
            ctx.error(
                Code::InvalidValue,
                format!(
                    "`fill_down` names `{}`, which is not a key of `[columns]`",
                    key.value
                ),
                key.span.clone(),
            )
            .help = Some(help);
        }
    }
    let scale = scale(ctx, &f);
    let scales = scales(ctx, &f);
    let level_sheet = level_sheet(ctx, &f);
    if let Some(column) = &columns.scale
        && scales.is_empty()
    {
        ctx.error(
            Code::MissingKey,
            "the `scale` column names scales, but the mapping has no `[scales]`",
            column.span.clone(),
        )
        .help = Some(
            "define the scales the column names, e.g.\n[scales]\nDelivery = [\"Learning\", \"Doing\", \"Leading\"]".to_owned(),
        );
    }
    let grades = grade_axis(ctx, &f);
    let groups = groups(ctx, &f);
    Some(Mapping {
        source: ctx.source,
        layout: layout?,
        title: title
            .map(|t| text::line(&t.value))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
        description: description
            .map(|d| text::line(&d.value))
            .filter(|d| !d.is_empty()),
        separator,
        track,
        placeholders,
        warn_blank,
        fill_down,
        default_group,
        columns,
        scale,
        scales,
        level_sheet,
        grades,
        groups,
    })
}

fn columns(ctx: &mut Ctx, table: &DeTable<'_>, span: Span, layout: Option<Layout>) -> Columns {
    let (allowed, what) = match layout {
        Some(Layout::Long) => (LONG_COLUMNS, "`[columns]` of the long layout"),
        Some(Layout::Wide) => (WIDE_COLUMNS, "`[columns]` of the wide layout"),
        // Without a usable layout only the keys both layouts share are sure.
        None => (SHARED_COLUMNS, "`[columns]`"),
    };
    let known: Vec<&'static str> = if layout.is_some() {
        allowed.to_vec()
    } else {
        LONG_COLUMNS
            .iter()
            .chain(WIDE_COLUMNS)
            .copied()
            .collect::<Vec<_>>()
    };
    let c = Fields::new(ctx, table, span.clone(), what, &known);
    let column = |ctx: &mut Ctx, key: &str| -> Option<Sp<String>> {
        let value = c.string(ctx, key)?;
        if text::line(&value.value).is_empty() {
            ctx.error(
                Code::InvalidValue,
                format!("the `{key}` column is named with a blank string"),
                value.span.clone(),
            )
            .help = Some("write the column's header as it appears in the CSV".to_owned());
            return None;
        }
        Some(value)
    };
    let mut columns = Columns {
        track: column(ctx, "track"),
        track_description: column(ctx, "track_description"),
        role: column(ctx, "role"),
        role_summary: column(ctx, "role_summary"),
        role_description: column(ctx, "role_description"),
        grade: column(ctx, "grade"),
        group: column(ctx, "group"),
        skill: column(ctx, "skill"),
        skill_description: column(ctx, "skill_description"),
        level: column(ctx, "level"),
        level_description: column(ctx, "level_description"),
        expectations: column(ctx, "expectations"),
        scale: column(ctx, "scale"),
        role_aliases: column(ctx, "role_aliases"),
        track_family: column(ctx, "track_family"),
        track_kind: column(ctx, "track_kind"),
        track_owners: column(ctx, "track_owners"),
        grade_name: column(ctx, "grade_name"),
        skills: c.get("skills").map(|_| c.strings(ctx, "skills")),
        ignore: c.strings(ctx, "ignore"),
    };
    if layout.is_none() {
        return columns;
    }
    let required: &[&str] = match layout {
        Some(Layout::Long) => &["role", "skill", "level"],
        _ => &["role"],
    };
    let present = |key: &str, columns: &Columns| match key {
        "role" => columns.role.is_some(),
        "skill" => columns.skill.is_some(),
        _ => columns.level.is_some(),
    };
    for key in required {
        if !present(key, &columns) && c.get(key).is_none() {
            let example = match *key {
                "role" => "\"Role\"",
                "skill" => "\"Skill\"",
                _ => "\"Required level\"",
            };
            ctx.error(
                Code::MissingKey,
                format!("{what} needs `{key}`"),
                span.clone(),
            )
            .help = Some(format!(
                "add `{key} = {example}`, naming the column's header"
            ));
        }
    }
    if layout == Some(Layout::Wide)
        && let Some(skills) = &columns.skills
        && skills.is_empty()
    {
        let span = c.key_span(ctx, "skills").unwrap_or(span);
        ctx.error(Code::InvalidValue, "`skills` lists no column", span)
            .help = Some(
            "name the skill columns, or leave `skills` out to take every column not named otherwise".to_owned(),
        );
        columns.skills = None;
    }
    columns
}

fn scale(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Vec<String> {
    let Some((t, span)) = f.table(ctx, "scale") else {
        return DEFAULT_SCALE.iter().map(|s| s.to_string()).collect();
    };
    let s = Fields::new(ctx, t, span.clone(), "`[scale]`", &["levels"]);
    let levels = s.strings(ctx, "levels");
    if levels.is_empty() {
        ctx.error(Code::MissingKey, "`[scale]` needs `levels`", span)
            .help = Some(
            "list the levels, lowest first: `levels = [\"Awareness\", \"Working\", \"Practitioner\", \"Expert\"]`".to_owned(),
        );
        return DEFAULT_SCALE.iter().map(|s| s.to_string()).collect();
    }
    scale_levels(ctx, &levels, "the scale")
}

/// The level names of a scale, each checked: none blank, none twice, none a number. `what`
/// names the scale in messages.
fn scale_levels(ctx: &mut Ctx, levels: &[Sp<String>], what: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for level in levels {
        let name = text::line(&level.value);
        if name.is_empty() {
            ctx.error(
                Code::InvalidValue,
                format!("a level of {what} is blank"),
                level.span.clone(),
            );
        } else if out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            ctx.error(
                Code::DuplicateEntry,
                format!("{what} names the level `{name}` twice"),
                level.span.clone(),
            )
            .help = Some("give each level of the scale its own name".to_owned());
        } else if name.parse::<i64>().is_ok() {
            ctx.error(
                Code::InvalidValue,
                format!("the level name `{name}` is a number"),
                level.span.clone(),
            )
            .help = Some(
                "a number in a level cell means the level at that position; name the levels with words".to_owned(),
            );
        } else {
            out.push(name);
        }
    }
    out
}

/// `[scales]`: `Name = ["Level", ...]`, each checked like `[scale]`.
fn scales(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Vec<NamedScale> {
    let Some((table, _)) = f.table(ctx, "scales") else {
        return Vec::new();
    };
    let mut out: Vec<NamedScale> = Vec::new();
    for (key, value) in table.iter() {
        let name = Sp::new(text::line(key.get_ref()), ctx.span(key.span()));
        let DeValue::Array(items) = value.get_ref() else {
            ctx.wrong_type(&name.value, "a list of level names", value);
            continue;
        };
        let levels: Vec<Sp<String>> = items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::String(s) => Some(Sp::new(s.to_string(), ctx.span(item.span()))),
                _ => {
                    ctx.wrong_type(&name.value, "a list of level names", item);
                    None
                }
            })
            .collect();
        if name.value.is_empty() {
            ctx.error(
                Code::InvalidValue,
                "a scale of `[scales]` has a blank name",
                name.span.clone(),
            );
            continue;
        }
        if out
            .iter()
            .any(|s| text::fold(&s.name.value) == text::fold(&name.value))
        {
            ctx.error(
                Code::DuplicateEntry,
                format!("`[scales]` has two scales called `{}`", name.value),
                name.span.clone(),
            )
            .help = Some("give each scale its own name".to_owned());
            continue;
        }
        let what = format!("the scale `{}`", name.value);
        let levels = scale_levels(ctx, &levels, &what);
        if levels.is_empty() {
            ctx.error(
                Code::MissingKey,
                format!("{what} has no level"),
                name.span.clone(),
            )
            .help = Some("list its levels, lowest first".to_owned());
            continue;
        }
        out.push(NamedScale { name, levels });
    }
    out
}

/// `[level_sheet]`: the file and its columns.
fn level_sheet(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Option<LevelSheetDef> {
    let (table, span) = f.table(ctx, "level_sheet")?;
    let l = Fields::new(ctx, table, span, "`[level_sheet]`", LEVEL_SHEET_KEYS);
    let file = l.required_string(ctx, "file", "\"levels.csv\"");
    let skill = l.required_string(ctx, "skill", "\"Skill\"");
    let level = l.required_string(ctx, "level", "\"Level\"");
    let name = l.required_string(ctx, "name", "\"Level name\"");
    let description = l.string(ctx, "description");
    let mut ok = true;
    for value in [&file, &skill, &level, &name, &description]
        .into_iter()
        .flatten()
    {
        if text::line(&value.value).is_empty() {
            ctx.error(
                Code::InvalidValue,
                "a key of `[level_sheet]` is blank",
                value.span.clone(),
            )
            .help = Some(
                "write the file's path, or the column's header as it appears in the levels sheet"
                    .to_owned(),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(LevelSheetDef {
        file: file?,
        skill: skill?,
        level: level?,
        name: name?,
        description,
    })
}

fn grade_axis(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Option<Vec<GradeDef>> {
    f.get("grades")?;
    let mut axis: Vec<GradeDef> = Vec::new();
    let mut default_span: Option<Span> = None;
    for (t, span) in f.tables(ctx, "grades") {
        let g = Fields::new(
            ctx,
            t,
            span.clone(),
            "a grade",
            &["id", "name", "words", "default"],
        );
        let id = g.required_string(ctx, "id", "\"L1\"");
        let name = g.string(ctx, "name");
        let words = g.strings(ctx, "words");
        let default = match g.get("default") {
            None => false,
            Some(value) => match value.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    ctx.wrong_type("default", "a boolean", value);
                    false
                }
            },
        };
        let Some(id) = id else { continue };
        let id_text = id.value.trim().to_owned();
        if !is_grade_id(&id_text) {
            ctx.error(
                Code::InvalidId,
                format!("`{id_text}` is not a valid grade id"),
                id.span.clone(),
            )
            .help = Some(format!(
                "grade ids are letters and digits, optionally joined by `-`, `.` or `_`, e.g. `{}`",
                grades::grade_id(&id_text)
            ));
            continue;
        }
        if axis.iter().any(|a| a.id == id_text) {
            ctx.error(
                Code::DuplicateId,
                format!("two grades have the id `{id_text}`"),
                id.span.clone(),
            )
            .help = Some("each grade needs its own id".to_owned());
            continue;
        }
        if default {
            if let Some(first) = &default_span {
                let source = ctx.source;
                ctx.push(
                    Diagnostic::error(Code::DuplicateEntry, "two grades are marked `default`")
                        .at(source, span.clone())
                        .with_related(source, first.clone(), "the first")
                        .with_help(Some(
                            "a title without a level word gets one grade; mark only one".to_owned(),
                        )),
                );
            } else {
                default_span = Some(span.clone());
            }
        }
        axis.push(GradeDef {
            name: name
                .map(|n| text::line(&n.value))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| id_text.clone()),
            id: id_text,
            words: words
                .iter()
                .map(|w| grades::tokens(&w.value))
                .filter(|w| !w.is_empty())
                .collect(),
            default,
        });
    }
    if axis.is_empty() {
        let span = f.key_span(ctx, "grades").unwrap_or(0..0);
        ctx.error(Code::MissingKey, "`grades` lists no grade", span)
            .help = Some(
            "add the grade axis, lowest first:\n[[grades]]\nid = \"L1\"\nname = \"Junior\"\nwords = [\"junior\"]".to_owned(),
        );
        return None;
    }
    Some(axis)
}

fn is_grade_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split(['-', '.', '_'])
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn groups(ctx: &mut Ctx, f: &Fields<'_, '_>) -> Vec<GroupDef> {
    let Some((table, _)) = f.table(ctx, "groups") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let name = Sp::new(key.get_ref().to_string(), ctx.span(key.span()));
        let DeValue::Array(items) = value.get_ref() else {
            ctx.wrong_type(&name.value, "a list of skill names", value);
            continue;
        };
        let skills = items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::String(s) => Some(Sp::new(s.to_string(), ctx.span(item.span()))),
                _ => {
                    ctx.wrong_type(&name.value, "a list of skill names", item);
                    None
                }
            })
            .collect();
        out.push(GroupDef { name, skills });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_mapping(text: &str) -> (Option<Mapping>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mapping = read(text, SourceId::from_index(0), &mut diagnostics);
        (mapping, diagnostics)
    }

    #[test]
    fn reads_a_long_mapping_with_defaults() {
        let (mapping, diagnostics) = read_mapping(
            "layout = \"long\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\nlevel = \"Level\"\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mapping = mapping.unwrap();
        assert_eq!(mapping.layout, Layout::Long);
        assert_eq!(mapping.title, DEFAULT_TITLE);
        assert_eq!(mapping.scale.len(), DEFAULT_SCALE.len());
        assert!(mapping.placeholders.contains(&"n/a".to_owned()));
        assert!(mapping.grades.is_none());
        assert!(mapping.warn_blank);
    }

    #[test]
    fn reports_every_problem_at_its_place() {
        let text = "layout = \"tall\"\nseperator = \";\"\n[columns]\nrole = \"Role\"\n[[grades]]\nid = \"L 1\"\n";
        let (mapping, diagnostics) = read_mapping(text);
        assert!(mapping.is_none(), "the layout is unknown");
        let codes: Vec<(Code, usize)> = diagnostics
            .iter()
            .map(|d| (d.code, d.span.clone().unwrap().start))
            .collect();
        assert!(codes.contains(&(Code::InvalidValue, text.find("\"tall\"").unwrap())));
        assert!(codes.contains(&(Code::UnknownKey, text.find("seperator").unwrap())));
        assert!(codes.contains(&(Code::InvalidId, text.find("\"L 1\"").unwrap())));
        let typo = diagnostics
            .iter()
            .find(|d| d.code == Code::UnknownKey)
            .unwrap();
        assert_eq!(typo.help.as_deref(), Some("did you mean `separator`?"));
    }

    #[test]
    fn a_long_layout_needs_role_skill_and_level() {
        let (_, diagnostics) = read_mapping("layout = \"long\"\n[columns]\nrole = \"Role\"\n");
        let missing: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.code == Code::MissingKey)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            missing,
            [
                "`[columns]` of the long layout needs `skill`",
                "`[columns]` of the long layout needs `level`"
            ]
        );
    }

    #[test]
    fn wide_layout_keys_are_not_long_layout_keys() {
        let (_, diagnostics) =
            read_mapping("layout = \"wide\"\n[columns]\nrole = \"Role\"\nskill = \"Skill\"\n");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, Code::UnknownKey);
    }

    #[test]
    fn reads_grades_with_words_and_one_default() {
        let (mapping, diagnostics) = read_mapping(
            "layout = \"wide\"\n[columns]\nrole = \"Role\"\n[[grades]]\nid = \"IC1\"\nwords = [\"junior\"]\n[[grades]]\nid = \"IC2\"\nname = \"Mid\"\ndefault = true\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let grades = mapping.unwrap().grades.unwrap();
        assert_eq!(grades[0].name, "IC1");
        assert_eq!(grades[0].words, [vec!["junior".to_owned()]]);
        assert!(grades[1].default);
    }
}
