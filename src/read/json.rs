//! JSON documents: one object (a JSONL line, or an element of a JSON array) in, a document or a reject out.
//!
//! The text comes from `--text-field`, the id from `--id-field` (else `<file stem>:<line or record>`; an id
//! field that holds an object, an array or a boolean gets the fallback too, with a note for stderr).
//! Every other field is carried through to the output under `metadata`; well-known ones also fill the
//! record's `url`, `date` and `title` (for SaudiNewsNet: `url`, `date_extracted`, `title`).

use serde_json::{Map, Value};

use crate::document::{Document, Origin, ReadNote, RejectReason, Rejected, TextKind};

/// Which fields hold the text and the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub text: String,
    pub id: String,
    /// A field holding the page's HTML (`--html-field`): its article is extracted and is the text.
    pub html: Option<String>,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            text: "text".into(),
            id: "id".into(),
            html: None,
        }
    }
}

const URL_FIELDS: &[&str] = &["url", "link", "source_url", "WARC-Target-URI"];
const DATE_FIELDS: &[&str] = &[
    "date",
    "date_extracted",
    "published",
    "date_published",
    "publish_date",
    "timestamp",
    "WARC-Date",
];
const TITLE_FIELDS: &[&str] = &["title", "headline"];

/// Parse one JSONL line (or JSON array element). A UTF-8 byte-order mark before it is skipped: files
/// joined with `cat` carry one at each file's start.
pub fn document_from_line(
    mut bytes: Vec<u8>,
    read: &super::ReadOptions,
    origin: &Origin,
) -> Result<Document, Rejected> {
    let fields = &read.fields;
    if bytes.starts_with(super::UTF8_BOM) {
        bytes.drain(..super::UTF8_BOM.len());
    }
    // A line in a legacy encoding is found out (or forced with `--encoding`) like a page; the JSON
    // syntax is ASCII in all of them.
    let (text, invalid_utf8, encoding) = super::decode_as(bytes, read.encoding);
    if text.trim().is_empty() {
        return Err(origin.reject(origin.fallback_id(), RejectReason::Empty, None));
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        let message = format!("malformed JSON ({e}); the rest of the file is still read");
        origin.reject(origin.fallback_id(), RejectReason::MalformedJson, Some(message))
    })?;
    let mut doc = document_from_value(value, fields, read.html_extractor, origin)?;
    doc.invalid_utf8 += invalid_utf8;
    doc.encoding = encoding;
    Ok(doc)
}

/// Turn one parsed JSON value into a document.
pub fn document_from_value(
    value: Value,
    fields: &Fields,
    extractor: super::html::Extractor,
    origin: &Origin,
) -> Result<Document, Rejected> {
    let Value::Object(mut object) = value else {
        let kind = kind(&value);
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let message = format!("{article} {kind} where a JSON object was expected");
        return Err(origin.reject(origin.fallback_id(), RejectReason::NotAnObject, Some(message)));
    };
    let mut note = None;
    // No id, `null` and `""` say "no id"; an object, an array or a boolean is a mistake worth a warning.
    let id = match object.remove(&fields.id) {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null | Value::String(_)) => origin.fallback_id(),
        Some(other) => {
            note = Some(ReadNote::IdNotScalar {
                field: fields.id.clone(),
                kind: kind(&other),
            });
            origin.fallback_id()
        }
    };
    let (field, flag) = match &fields.html {
        Some(html) => (html, "--html-field"),
        None => (&fields.text, "--text-field"),
    };
    let text = match object.remove(field) {
        Some(Value::String(s)) => s,
        None => {
            let message = format!("no `{field}` field; choose the field with {flag}");
            return Err(origin.reject(id, RejectReason::MissingText, Some(message)));
        }
        Some(other) => {
            let message = format!("the `{field}` field is a {}, not a string", kind(&other));
            return Err(origin.reject(id, RejectReason::BadTextField, Some(message)));
        }
    };
    // A page's HTML: its article is the text; the record's own url and title come before the page's.
    let (text, page, whole_page, prepared) = match fields.html {
        Some(_) => match super::html::article(&text, extractor) {
            Ok(a) => (a.text, Some((a.url, a.title, a.headline)), a.whole_page, a.prepared),
            Err(why) => return Err(origin.reject(id, RejectReason::NoArticle, Some(why))),
        },
        None => (text, None, false, None),
    };
    let from_page = page.is_some();
    let (page_url, page_title, page_headline) = page.unwrap_or_default();
    let url = first_string(&object, URL_FIELDS).or(page_url);
    let date = first_string(&object, DATE_FIELDS);
    let own_title = first_string(&object, TITLE_FIELDS).filter(|t| !t.trim().is_empty());
    // The page's headline names the record only when the record brings no title of its own.
    let headline = page_headline.filter(|_| own_title.is_none());
    let title = own_title.or(page_title);
    Ok(Document {
        id,
        source: origin.source.to_string(),
        line: origin.line,
        record: origin.record,
        text,
        invalid_utf8: 0,
        encoding: None,
        raw_bytes: None,
        kind: match (whole_page, from_page) {
            (true, _) => TextKind::WholePage,
            (false, true) => TextKind::Extracted,
            (false, false) => TextKind::Record,
        },
        url,
        date,
        title,
        headline,
        metadata: (!object.is_empty()).then_some(object),
        note,
        prepared,
    })
}

fn first_string(object: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match object.get(*n) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    fn opts(fields: &super::Fields) -> super::super::ReadOptions {
        super::super::ReadOptions {
            fields: fields.clone(),
            ..super::super::ReadOptions::default()
        }
    }

    use super::*;
    use std::sync::Arc;

    fn origin() -> Origin {
        Origin {
            source: Arc::from("dump.jsonl"),
            stem: Arc::from("dump"),
            line: Some(7),
            record: None,
        }
    }

    #[test]
    fn a_field_of_html_gives_its_article() {
        let prose = "The council said on Monday that the new bridge would open to traffic in the spring, after two years of work.";
        let page = format!("<html><head><title>Bridge</title><link rel=canonical href=https://x.example/b></head><body><nav><a href=/>Home</a></nav><article><h1>Bridge opens</h1><p>{prose}</p><p>{prose}</p><p>{prose}</p></article></body></html>");
        let line = serde_json::json!({"id": "p1", "html": page}).to_string();
        let fields = Fields {
            html: Some("html".into()),
            ..Fields::default()
        };
        let doc = document_from_line(line.as_bytes().to_vec(), &opts(&fields), &origin()).map_err(|r| r.reason);
        let doc = doc.expect("a document");
        assert!(
            doc.text.contains("The council said") && !doc.text.contains("Home"),
            "{}",
            doc.text
        );
        assert_eq!(doc.url.as_deref(), Some("https://x.example/b"));
        assert!(doc.title.is_some());
        // A record without the field says which flag chooses it.
        let line = serde_json::json!({"id": "p2", "text": "plain"}).to_string();
        let got = document_from_line(line.as_bytes().to_vec(), &opts(&fields), &origin()).map(|_| ());
        let rejected = got.expect_err("no html field");
        assert_eq!(rejected.reason, RejectReason::MissingText);
        assert!(rejected.message.is_some_and(|m| m.contains("--html-field")));
    }

    #[test]
    fn fields_map_to_the_document() {
        let line = r#"{"source":"okaz","url":"http://x/1","date_extracted":"2015-07-21 02:51:32","title":"عنوان","author":"كاتب","content":"نص"}"#;
        let fields = Fields {
            text: "content".into(),
            ..Fields::default()
        };
        let doc = document_from_line(line.as_bytes().to_vec(), &opts(&fields), &origin()).map_err(|r| r.reason);
        let doc = doc.as_ref().ok();
        assert_eq!(doc.map(|d| d.id.as_str()), Some("dump:7"));
        assert_eq!(doc.map(|d| d.text.as_str()), Some("نص"));
        assert_eq!(doc.and_then(|d| d.url.as_deref()), Some("http://x/1"));
        assert_eq!(doc.and_then(|d| d.date.as_deref()), Some("2015-07-21 02:51:32"));
        assert_eq!(doc.and_then(|d| d.title.as_deref()), Some("عنوان"));
        let meta = doc.and_then(|d| d.metadata.as_ref());
        assert_eq!(
            meta.map(|m| m.keys().cloned().collect::<Vec<_>>()),
            Some(vec![
                "author".into(),
                "date_extracted".into(),
                "source".into(),
                "title".into(),
                "url".into()
            ])
        );
    }

    #[test]
    fn bad_records_are_rejected_with_a_reason() {
        let fields = Fields::default();
        let cases = [
            (r#"{"text": "a", "#, RejectReason::MalformedJson),
            (r#"[1, 2]"#, RejectReason::NotAnObject),
            (r#"{"body": "a"}"#, RejectReason::MissingText),
            (r#"{"text": 42}"#, RejectReason::BadTextField),
            ("   ", RejectReason::Empty),
        ];
        for (line, want) in cases {
            let got = document_from_line(line.as_bytes().to_vec(), &opts(&fields), &origin())
                .err()
                .map(|r| r.reason);
            assert_eq!(got, Some(want), "{line}");
        }
        let ok = document_from_line(br#"{"id": 12, "text": "x"}"#.to_vec(), &opts(&fields), &origin());
        assert_eq!(ok.ok().map(|d| d.id), Some("12".to_string()));
    }

    #[test]
    fn ids_and_their_fallback() {
        let fields = Fields::default();
        let note = |kind| {
            Some(ReadNote::IdNotScalar {
                field: "id".into(),
                kind,
            })
        };
        let cases = [
            (r#"{"id": "a-1", "text": "x"}"#, "a-1", None),
            (r#"{"id": 7, "text": "x"}"#, "7", None),
            (r#"{"text": "x"}"#, "dump:7", None),
            (r#"{"id": null, "text": "x"}"#, "dump:7", None),
            (r#"{"id": "", "text": "x"}"#, "dump:7", None),
            (r#"{"id": {"a": 1}, "text": "x"}"#, "dump:7", note("object")),
            (r#"{"id": [1], "text": "x"}"#, "dump:7", note("array")),
            (r#"{"id": true, "text": "x"}"#, "dump:7", note("boolean")),
            // A byte-order mark before the record is not part of it.
            ("\u{feff}{\"id\": \"b\", \"text\": \"x\"}", "b", None),
        ];
        for (line, id, want) in cases {
            let doc = document_from_line(line.as_bytes().to_vec(), &opts(&fields), &origin()).map_err(|r| r.reason);
            assert_eq!(doc.map(|d| (d.id, d.note)), Ok((id.to_string(), want)), "{line}");
        }
    }
}
