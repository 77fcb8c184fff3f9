//! The value types of the format that are more than a string or an integer: a value with
//! its place in the file, a level reference, a date, the closed lists of kinds, and the
//! shapes of ids and owners that the schema states.

use std::fmt;
use std::ops::Range;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A byte range of a file.
pub type Span = Range<usize>;

/// A value with the span of its source text (whole-file offsets). Values made in memory,
/// as the importer makes them, have an empty span at 0.
///
/// It serializes and describes itself (JSON Schema) as the bare value, so the span never
/// reaches a written file or the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Sp<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }

    /// A value that was not read from a file.
    pub fn bare(value: T) -> Self {
        Sp { value, span: 0..0 }
    }
}

impl Sp<String> {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Read through [`toml::Spanned`], so a value deserialized from TOML keeps its place.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Sp::new(spanned.into_inner(), span))
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A level written by number (`3`) or by name (`"Practitioner"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelRef {
    /// 1 is the lowest level of the skill's scale.
    Number(i64),
    /// A name from the skill's scale.
    Name(String),
}

impl Serialize for LevelRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LevelRef::Number(n) => serializer.serialize_i64(*n),
            LevelRef::Name(name) => serializer.serialize_str(name),
        }
    }
}

impl<'de> Deserialize<'de> for LevelRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LevelVisitor;
        impl Visitor<'_> for LevelVisitor {
            type Value = LevelRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a level number or name")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LevelRef, E> {
                Ok(LevelRef::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LevelRef, E> {
                i64::try_from(v)
                    .map(LevelRef::Number)
                    .map_err(|_| E::custom("level too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LevelRef, E> {
                Ok(LevelRef::Name(v.to_owned()))
            }
        }
        deserializer.deserialize_any(LevelVisitor)
    }
}

impl JsonSchema for LevelRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Level".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A level of the skill: a number (1 is the lowest) or the exact name of one of its levels.",
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "string" }
            ]
        })
    }
}

/// A calendar day, written in TOML as an unquoted date (`2026-12-31`). Only real days
/// exist: the TOML parser refuses `2026-02-30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
}

impl Date {
    /// The date part of a TOML datetime that has no time.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match (value.date, value.time) {
            (Some(d), None) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => None,
        }
    }

    /// `YYYY-MM-DD`, as dates are compared and shown.
    pub fn parse(text: &str) -> Option<Date> {
        let value: toml::value::Datetime = text.parse().ok()?;
        Date::from_toml(&value)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// As `YYYY-MM-DD` text, as JSON exports show it; a TOML file writes it unquoted through
/// [`Date::to_toml`].
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Date {
    /// The TOML date, which TOML writes without quotes.
    pub fn to_toml(&self) -> toml::value::Datetime {
        toml::value::Datetime {
            date: Some(toml::value::Date {
                year: self.year,
                month: self.month,
                day: self.day,
            }),
            time: None,
            offset: None,
        }
    }
}

/// Serializes an optional date of a format table as a TOML date.
pub(crate) fn toml_date<S: Serializer>(
    date: &Option<Sp<Date>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => date.value.to_toml().serialize(serializer),
        None => serializer.serialize_none(),
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = toml::value::Datetime::deserialize(deserializer)?;
        Date::from_toml(&value).ok_or_else(|| de::Error::custom("a date without a time"))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A date without quotes or time, e.g. `2026-12-31`."
        })
    }
}

/// A closed list of words, such as a step's kind: each variant with the word written in
/// the file, the words in the order the documentation lists them.
macro_rules! keyword {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident = $word:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every word, in the order of the documentation.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// Every word as written.
            pub const WORDS: &'static [&'static str] = &[$($word,)*];
            /// What the word names, for messages: "step kind".
            pub const WHAT: &'static str = $what;

            /// The word as written in a file.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }

            /// The variant written `word`.
            pub fn parse(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword!(
    /// What kind of learning a pathway step is.
    StepKind, "step kind", {
        /// Something to read.
        Reading = "reading",
        /// A course.
        Course = "course",
        /// A recording to watch.
        Video = "video",
        /// An exercise.
        Practice = "practice",
        /// A piece of real work.
        Project = "project",
        /// Time with a mentor.
        Mentoring = "mentoring",
        /// A short task of minutes.
        Micro = "micro",
    }
);

keyword!(
    /// What kind of opportunity an opportunity is.
    OpportunityKind, "opportunity kind", {
        /// An internal project.
        Project = "project",
        /// A short piece of work for another team.
        Gig = "gig",
        /// Mentoring someone.
        Mentoring = "mentoring",
        /// A time in another team.
        Rotation = "rotation",
        /// An open role.
        Role = "role",
    }
);

/// The shape of an id, for the schema: lowercase letters and digits in runs joined by
/// single hyphens.
pub(crate) struct Id;

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            "description": "An id: lowercase letters and digits, in runs joined by single hyphens (`system-design`)."
        })
    }
}

/// The shape of an owner, for the schema: `@user`, `@org/team` or an e-mail address.
pub(crate) struct Owner;

impl JsonSchema for Owner {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Owner".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^(@@?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*|[^@\\s]+@[^@\\s]+\\.[^@\\s]+)$",
            "description": "A user or team of the code host, `@name` or `@org/team`, or an e-mail address."
        })
    }
}

/// The longest step a pathway may have: a year of full-time work.
pub const MAX_MINUTES: i64 = 60 * 8 * 250;

/// The length of a pathway step, for the schema.
pub(crate) struct Minutes;

impl JsonSchema for Minutes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Minutes".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_MINUTES,
            "description": "The time the step takes, in minutes."
        })
    }
}
