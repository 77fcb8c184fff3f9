//! Emit: writes a table of the format as TOML, the way a person would write it by hand:
//! plain keys first, then each sub-table as a `[section]` and each list of tables as
//! `[[entries]]`, everything deeper inline.
//!
//! Text is untrusted (the importer writes spreadsheet cells): every string is a basic
//! string with each quote, backslash, line break and control character escaped, so no
//! value can end its string, add a key, or put a `+++` line into the front matter.
//! (`toml::to_string` would write multi-line strings, whose lines are raw.)

use std::fmt::Write as _;

use serde::Serialize;
use toml::{Table, Value};

/// `text` as a TOML basic string, on one line.
pub fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` (a table of the format) as TOML text. Fails only for a value that is not a
/// table, which no type of [`crate::format`] is.
pub fn to_toml<T: Serialize>(value: &T) -> Result<String, toml::ser::Error> {
    let mut table = Table::try_from(value)?;
    table.iter_mut().for_each(|(_, v)| restore_dates(v));
    Ok(table_text(&table))
}

/// `Table::try_from` turns a [`toml::value::Datetime`] into toml's private one-key table
/// rather than a date; this puts the date back, so it is written unquoted.
fn restore_dates(value: &mut Value) {
    const PRIVATE: &str = "$__toml_private_datetime";
    match value {
        Value::Table(table) => {
            let date = match (table.len(), table.get(PRIVATE)) {
                (1, Some(Value::String(text))) => text.parse().ok(),
                _ => None,
            };
            match date {
                Some(date) => *value = Value::Datetime(date),
                None => table.iter_mut().for_each(|(_, v)| restore_dates(v)),
            }
        }
        Value::Array(items) => items.iter_mut().for_each(restore_dates),
        _ => {}
    }
}

fn table_text(table: &Table) -> String {
    let mut out = String::new();
    for (key, value) in table {
        if !is_section(value) {
            let _ = writeln!(out, "{} = {}", key_text(key), inline(value));
        }
    }
    for (key, value) in table {
        match value {
            Value::Table(section) => {
                let _ = writeln!(out, "\n[{}]", key_text(key));
                for (k, v) in section {
                    let _ = writeln!(out, "{} = {}", key_text(k), inline(v));
                }
            }
            Value::Array(items) if is_section(value) => {
                for item in items {
                    let _ = writeln!(out, "\n[[{}]]", key_text(key));
                    if let Value::Table(entry) = item {
                        for (k, v) in entry {
                            let _ = writeln!(out, "{} = {}", key_text(k), inline(v));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A sub-table or a non-empty list of tables: written as its own section.
fn is_section(value: &Value) -> bool {
    match value {
        Value::Table(_) => true,
        Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_table),
        _ => false,
    }
}

fn key_text(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        key.to_owned()
    } else {
        basic_string(key)
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => basic_string(s),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(table) => {
            let entries: Vec<String> = table
                .iter()
                .map(|(k, v)| format!("{} = {}", key_text(k), inline(v)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_round_trips_through_a_basic_string(text in "\\PC*|[\"\\\\\n\r\t\u{0}-\u{1f}\u{7f}+]*") {
            let document = format!("value = {}\n", basic_string(&text));
            let table: toml::Table = toml::from_str(&document).unwrap();
            prop_assert_eq!(table["value"].as_str(), Some(text.as_str()));
            prop_assert_eq!(document.matches('\n').count(), 1);
        }
    }

    #[test]
    fn sections_follow_plain_keys_and_deeper_tables_are_inline() {
        let table: Table = toml::from_str(
            "[skills]\ntesting = { level = 2, expectations = [\"a\"] }\n[[levels]]\nname = \"x\"\n",
        )
        .unwrap();
        let mut with_title = Table::new();
        with_title.insert("title".into(), Value::String("T \"q\"".into()));
        with_title.extend(table);
        assert_eq!(
            table_text(&with_title),
            "title = \"T \\\"q\\\"\"\n\n[skills]\ntesting = { level = 2, expectations = [\"a\"] }\n\n[[levels]]\nname = \"x\"\n"
        );
    }
}
