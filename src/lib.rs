//! ghirbal (غربال, "sieve") cleans scraped web-text dumps.
//!
//! A page goes through the stages in this crate's module list: [`read`] → [`split`] → [`normalize`] →
//! [`fingerprint`] → [`detect`] → [`corpus`] → [`clean`] → [`write`], with [`report`] summing up the run.
//!
//! ```
//! use ghirbal::{clean, config::CleanOptions, document::Document};
//!
//! let doc = Document {
//!     id: "p1".into(),
//!     source: "p1.txt".into(),
//!     text: " date 2025-10-08 https://example.com/a\nعنوان الخبر\nعنوان الخبر\nنص الخبر الأول هنا.\n".into(),
//!     ..Document::default()
//! };
//! let cleaned = clean::clean(&doc, &CleanOptions::default());
//! assert_eq!(cleaned.title, Some("عنوان الخبر"));
//! assert_eq!(cleaned.url, Some("https://example.com/a"));
//! assert_eq!(cleaned.text, "نص الخبر الأول هنا.");
//! ```

pub mod clean;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod detect;
pub mod document;
pub mod error;
pub mod fingerprint;
pub mod normalize;
pub mod pipeline;
pub mod progress;
pub mod read;
pub mod report;
pub mod split;
pub mod temp;
pub mod write;

pub use error::{Error, Result};
pub use pipeline::run;
