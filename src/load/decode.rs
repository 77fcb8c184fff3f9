//! Reads typed values out of a parsed TOML table, reporting every unknown key, missing key
//! and wrong type of a file at once, each at the value's own line and column.
//!
//! Serde with `deny_unknown_fields` stops at the first problem of a file and gives no
//! "did you mean"; a framework owner fixing a pull request wants all of them, with the fix.
//! So the loader parses to toml's spanned tree and reads it through [`Fields`].

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostic, SourceId, Span, did_you_mean};
use crate::format::{Date, Keyed, Shape, Table, shape};

pub use crate::format::{LevelRef, Sp};

/// Where diagnostics of one file go, and how TOML offsets map to file offsets.
pub(crate) struct Ctx {
    pub source: SourceId,
    /// Where the TOML text starts in the file.
    pub offset: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Ctx {
    pub fn new(source: SourceId, offset: usize) -> Self {
        Ctx {
            source,
            offset,
            diagnostics: Vec::new(),
        }
    }

    /// Converts a span inside the TOML text into one inside the file.
    pub fn span(&self, range: Range<usize>) -> Span {
        range.start + self.offset..range.end + self.offset
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn error(&mut self, code: Code, message: impl Into<String>, span: Span) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::error(code, message).at(self.source, span));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Reports a value of the wrong type.
    pub fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue<'_>>) {
        let found = article(value.get_ref());
        let span = self.span(value.span());
        let help = match (expected, value.get_ref()) {
            (
                e,
                DeValue::Integer(_)
                | DeValue::Float(_)
                | DeValue::Boolean(_)
                | DeValue::Datetime(_),
            ) if e.contains("string") => Some("put the value in double quotes".to_owned()),
            (e, DeValue::String(_)) if e.contains("list") => {
                Some("write a list in square brackets: `[\"one\", \"two\"]`".to_owned())
            }
            (e, DeValue::String(s)) if e.contains("integer") && s.trim().parse::<i64>().is_ok() => {
                Some(format!("remove the quotes: `{key} = {}`", s.trim()))
            }
            (e, DeValue::String(_)) if e.contains("date") => Some(format!(
                "write the date without quotes, e.g. `{key} = 2026-12-31`"
            )),
            _ => None,
        };
        self.diagnostics.push(
            Diagnostic::error(
                Code::WrongType,
                format!("`{key}` must be {expected}, found {found}"),
            )
            .at(self.source, span)
            .with_label(format!("expected {expected}"))
            .with_help(help),
        );
    }
}

fn article(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The entries of one TOML table, read key by key.
pub(crate) struct Fields<'t, 'i> {
    entries: &'t DeTable<'i>,
    /// Where to point when a required key is missing.
    anchor: Span,
    /// What the table is, for messages: "a role", "a pathway step".
    what: &'static str,
    /// The table's definition, when it is one of [`crate::format`]'s.
    shape: Option<&'static Shape>,
}

impl<'t, 'i> Fields<'t, 'i> {
    /// Wraps `entries`, reporting at once every key not in `allowed`.
    pub fn new(
        ctx: &mut Ctx,
        entries: &'t DeTable<'i>,
        anchor: Span,
        what: &'static str,
        allowed: &[&'static str],
    ) -> Self {
        for key in entries.keys() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let help = did_you_mean(name, allowed.iter().copied()).or_else(|| {
                Some(format!(
                    "the keys {what} may have are: {}",
                    allowed
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            });
            let span = ctx.span(key.span());
            ctx.push(
                Diagnostic::error(Code::UnknownKey, format!("unknown key `{name}` in {what}"))
                    .at(ctx.source, span)
                    .with_label("not a key of this format")
                    .with_help(help),
            );
        }
        Fields {
            entries,
            anchor,
            what,
            shape: None,
        }
    }

    /// Wraps `entries` as the table `T` of the format, whose keys, name and examples
    /// come from its definition.
    pub fn of<T: Table>(ctx: &mut Ctx, entries: &'t DeTable<'i>, anchor: Span) -> Self {
        let shape = shape::<T>();
        let mut fields = Fields::new(ctx, entries, anchor, shape.what, &shape.keys);
        fields.shape = Some(shape);
        fields
    }

    /// The example the format gives for `key`, as TOML.
    fn example(&self, key: &str) -> &str {
        self.shape.and_then(|s| s.example(key)).unwrap_or("\"…\"")
    }

    /// A required, non-blank string, with the format's example in the help.
    pub fn required(&self, ctx: &mut Ctx, key: &str) -> Option<Sp<String>> {
        let example = self.example(key).to_owned();
        self.required_string(ctx, key, &example)
    }

    /// A required word of a closed list, such as a step's kind.
    pub fn required_keyword<K: Copy>(
        &self,
        ctx: &mut Ctx,
        key: &str,
        what: &str,
        words: &[&str],
        parse: fn(&str) -> Option<K>,
    ) -> Option<Sp<K>> {
        let word = self.required(ctx, key)?;
        match parse(&word.value) {
            Some(kind) => Some(Sp::new(kind, word.span)),
            None => {
                let help = did_you_mean(&word.value, words.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "use one of {}",
                        words
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
                ctx.error(
                    Code::InvalidValue,
                    format!("unknown {what} `{}`", word.value),
                    word.span,
                )
                .help = Some(help);
                None
            }
        }
    }

    /// The raw value of `key`.
    pub fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.entries.get(key)
    }

    /// The span of the key itself, e.g. to point at `[skills]`.
    pub fn key_span(&self, ctx: &Ctx, key: &str) -> Option<Span> {
        self.entries
            .get_key_value(key)
            .map(|(k, _)| ctx.span(k.span()))
    }

    fn missing(&self, ctx: &mut Ctx, key: &str, example: &str) {
        let what = self.what;
        let span = self.anchor.clone();
        ctx.push(
            Diagnostic::error(Code::MissingKey, format!("{what} needs `{key}`"))
                .at(ctx.source, span)
                .with_label(format!("`{key}` is missing here"))
                .with_help(Some(format!("add `{key} = {example}`"))),
        );
    }

    /// An optional string.
    pub fn string(&self, ctx: &mut Ctx, key: &str) -> Option<Sp<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), ctx.span(value.span()))),
            _ => {
                ctx.wrong_type(key, "a string", value);
                None
            }
        }
    }

    /// A required, non-blank string; `example` is shown in the help when it is missing.
    pub fn required_string(&self, ctx: &mut Ctx, key: &str, example: &str) -> Option<Sp<String>> {
        if self.get(key).is_none() {
            self.missing(ctx, key, example);
            return None;
        }
        let value = self.string(ctx, key)?;
        if value.value.trim().is_empty() {
            ctx.error(
                Code::InvalidValue,
                format!("`{key}` is empty"),
                value.span.clone(),
            )
            .help = Some(format!("write a value, e.g. `{key} = {example}`"));
            return None;
        }
        Some(value)
    }

    /// An optional list of strings; a wrong element is reported and skipped.
    pub fn strings(&self, ctx: &mut Ctx, key: &str) -> Vec<Sp<String>> {
        match self.get(key) {
            Some(value) => strings_value(ctx, key, value),
            None => Vec::new(),
        }
    }

    /// An optional table whose keys are ids and whose values are lists of statements
    /// (`[expectations]`: `scope = ["…"]`), in the order written.
    pub fn keyed_strings(&self, ctx: &mut Ctx, key: &str) -> Keyed<Vec<Sp<String>>> {
        match self.table(ctx, key) {
            Some((table, _)) => keyed_strings_value(ctx, table),
            None => Keyed::default(),
        }
    }

    /// An optional integer.
    pub fn integer(&self, ctx: &mut Ctx, key: &str) -> Option<Sp<i64>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => match parse_integer(i.as_str(), i.radix()) {
                Some(n) => Some(Sp::new(n, ctx.span(value.span()))),
                None => {
                    let span = ctx.span(value.span());
                    ctx.error(Code::InvalidValue, format!("`{key}` is too large"), span);
                    None
                }
            },
            _ => {
                ctx.wrong_type(key, "an integer", value);
                None
            }
        }
    }

    /// An optional level, by number or by name.
    pub fn level(&self, ctx: &mut Ctx, key: &str) -> Option<Sp<LevelRef>> {
        let value = self.get(key)?;
        level_value(ctx, key, value)
    }

    /// An optional date (`closes = 2026-12-31`).
    pub fn date(&self, ctx: &mut Ctx, key: &str) -> Option<Sp<Date>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Datetime(dt) => match Date::from_toml(dt) {
                Some(date) => Some(Sp::new(date, ctx.span(value.span()))),
                None => {
                    let span = ctx.span(value.span());
                    ctx.error(
                        Code::InvalidValue,
                        format!("`{key}` must be a date without a time"),
                        span,
                    )
                    .help = Some(format!("write only the day, e.g. `{key} = 2026-12-31`"));
                    None
                }
            },
            _ => {
                ctx.wrong_type(key, "a date", value);
                None
            }
        }
    }

    /// An optional sub-table, with its span.
    pub fn table(&self, ctx: &mut Ctx, key: &str) -> Option<(&'t DeTable<'i>, Span)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some((t, ctx.span(value.span()))),
            _ => {
                ctx.wrong_type(key, "a table", value);
                None
            }
        }
    }

    /// An optional array of tables (`[[levels]]`), each with its span.
    pub fn tables(&self, ctx: &mut Ctx, key: &str) -> Vec<(&'t DeTable<'i>, Span)> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            ctx.wrong_type(key, "a list of tables", value);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(t) => Some((t, ctx.span(item.span()))),
                _ => {
                    ctx.wrong_type(key, "a list of tables", item);
                    None
                }
            })
            .collect()
    }
}

/// Reads a list of strings; a wrong element is reported and skipped.
pub(crate) fn strings_value(
    ctx: &mut Ctx,
    key: &str,
    value: &Spanned<DeValue<'_>>,
) -> Vec<Sp<String>> {
    let DeValue::Array(items) = value.get_ref() else {
        ctx.wrong_type(key, "a list of strings", value);
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::String(s) => Some(Sp::new(s.to_string(), ctx.span(item.span()))),
            _ => {
                ctx.wrong_type(key, "a list of strings", item);
                None
            }
        })
        .collect()
}

/// Reads a table of statement lists keyed by id.
pub(crate) fn keyed_strings_value(ctx: &mut Ctx, table: &DeTable<'_>) -> Keyed<Vec<Sp<String>>> {
    Keyed(
        table
            .iter()
            .map(|(key, value)| {
                let id = Sp::new(key.get_ref().to_string(), ctx.span(key.span()));
                let statements = strings_value(ctx, &id.value, value);
                (id, statements)
            })
            .collect(),
    )
}

/// Reads a level value: an integer or a string.
pub(crate) fn level_value(
    ctx: &mut Ctx,
    key: &str,
    value: &Spanned<DeValue<'_>>,
) -> Option<Sp<LevelRef>> {
    let span = ctx.span(value.span());
    match value.get_ref() {
        DeValue::Integer(i) => match parse_integer(i.as_str(), i.radix()) {
            Some(n) => Some(Sp::new(LevelRef::Number(n), span)),
            None => {
                ctx.error(
                    Code::LevelOutOfRange,
                    format!("level of `{key}` is too large"),
                    span,
                );
                None
            }
        },
        DeValue::String(s) => Some(Sp::new(LevelRef::Name(s.to_string()), span)),
        _ => {
            ctx.wrong_type(key, "a level number or name", value);
            None
        }
    }
}

fn parse_integer(digits: &str, radix: u32) -> Option<i64> {
    i64::from_str_radix(digits, radix).ok()
}

/// Parses TOML, reporting every syntax error toml can recover from. Returns `None` when
/// there was any, since a half-parsed table would give misleading "missing key" errors.
pub(crate) fn parse<'i>(ctx: &mut Ctx, toml: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(toml);
    if errors.is_empty() {
        return Some(table);
    }
    for error in errors {
        let span = error
            .span()
            .map(|s| ctx.span(s))
            .unwrap_or_else(|| ctx.offset..ctx.offset);
        let message = error.message().trim().to_owned();
        let first_line = message.lines().next().unwrap_or("invalid TOML").to_owned();
        let rest = message.lines().skip(1).collect::<Vec<_>>().join(" ");
        ctx.push(
            Diagnostic::error(Code::InvalidToml, format!("invalid TOML: {first_line}"))
                .at(ctx.source, span)
                .with_help((!rest.trim().is_empty()).then(|| rest.trim().to_owned())),
        );
    }
    None
}
