//! Parquet output (`-o cleaned.parquet`, `--rejects rejects.parquet`): the JSON Lines records as typed
//! columns, zstd-compressed, in row groups of [`ROW_GROUP_ROWS`] rows.
//!
//! Each record goes through the same serializer as the JSON Lines output, and its JSON is decoded into the
//! columns by `arrow-json`, so a column holds exactly what the JSONL field holds. Fields whose shape varies
//! from record to record — a record's `metadata` (its input's other fields), `layout`, and each removal's
//! `evidence` — are columns of JSON text.

use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use arrow_array::RecordBatch;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde_json::Value;

/// Rows a row group holds at most.
pub const ROW_GROUP_ROWS: usize = 100_000;
/// Rows decoded at a time.
const BATCH_ROWS: usize = 4096;

/// Which records a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cleaned,
    Rejects,
}

/// One Parquet file being written: records are decoded into columns here, and the columns encoded and
/// compressed on a thread of the file's own, a batch behind, so the two run side by side.
pub struct ParquetOut {
    batches: Option<SyncSender<RecordBatch>>,
    encoder: Option<JoinHandle<io::Result<()>>>,
    decoder: arrow_json::reader::Decoder,
    rows: usize,
}

fn err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl ParquetOut {
    pub fn new(inner: Box<dyn Write + Send>, kind: Kind) -> io::Result<ParquetOut> {
        let schema = schema(kind);
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).map_err(err)?))
            .set_max_row_group_size(ROW_GROUP_ROWS)
            .build();
        let mut writer = ArrowWriter::try_new(inner, schema.clone(), Some(props)).map_err(err)?;
        let decoder = arrow_json::ReaderBuilder::new(schema)
            .with_batch_size(BATCH_ROWS)
            .build_decoder()
            .map_err(err)?;
        let (tx, rx) = sync_channel::<RecordBatch>(1);
        let encoder = std::thread::Builder::new().name("parquet".into()).spawn(move || {
            for batch in rx {
                writer.write(&batch).map_err(err)?;
            }
            writer.into_inner().map_err(err)?.flush()
        })?;
        Ok(ParquetOut {
            batches: Some(tx),
            encoder: Some(encoder),
            decoder,
            rows: 0,
        })
    }

    /// One record, as the JSON Lines output writes it (a line of JSON).
    pub fn write_record(&mut self, line: &[u8]) -> io::Result<()> {
        let mut record: Value = serde_json::from_slice(line).map_err(err)?;
        // Shapes that vary from record to record are JSON text.
        for key in ["metadata", "layout"] {
            if let Some(v) = record.get_mut(key).filter(|v| !v.is_null()) {
                *v = Value::String(v.to_string());
            }
        }
        if let Some(runs) = record.get_mut("removed").and_then(Value::as_array_mut) {
            for run in runs {
                if let Some(e) = run.get_mut("evidence").filter(|v| !v.is_null()) {
                    *e = Value::String(e.to_string());
                }
            }
        }
        let typed = serde_json::to_vec(&record).map_err(err)?;
        let used = self.decoder.decode(&typed).map_err(err)?;
        if used != typed.len() {
            return Err(err("a record did not fit the Parquet schema"));
        }
        self.rows += 1;
        if self.rows % BATCH_ROWS == 0 {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> io::Result<()> {
        let Some(batch) = self.decoder.flush().map_err(err)? else {
            return Ok(());
        };
        let sent = self.batches.as_ref().is_some_and(|tx| tx.send(batch).is_ok());
        if !sent {
            // The encoder stopped on an error: it is the one to report.
            return Err(self.join().err().unwrap_or_else(|| err("the Parquet encoder stopped")));
        }
        Ok(())
    }

    /// Close the channel and wait for the encoder: its error, if it met one.
    fn join(&mut self) -> io::Result<()> {
        self.batches = None;
        match self.encoder.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.flush_batch()?;
        self.join()
    }
}

impl Drop for ParquetOut {
    /// An unfinished file (an error elsewhere): the encoder is stopped and waited for.
    fn drop(&mut self) {
        self.batches = None;
        if let Some(encoder) = self.encoder.take() {
            let _ = encoder.join();
        }
    }
}

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn number(name: &str) -> Field {
    Field::new(name, DataType::UInt64, true)
}

/// A removed run: reason, first and last line, kept lines before it, its text, its evidence (JSON).
fn removed() -> Field {
    let run = Fields::from(vec![
        text("reason", false),
        Field::new(
            "lines",
            DataType::List(Arc::new(Field::new("item", DataType::UInt64, true))),
            false,
        ),
        number("kept_before"),
        text("text", true),
        text("evidence", true),
    ]);
    Field::new(
        "removed",
        DataType::List(Arc::new(Field::new("item", DataType::Struct(run), true))),
        true,
    )
}

/// The columns of the cleaned records or of the rejects, as the JSON Lines fields are.
pub fn schema(kind: Kind) -> SchemaRef {
    let mut fields = vec![
        text("id", false),
        text("source", false),
        number("line"),
        number("record"),
    ];
    match kind {
        Kind::Cleaned => {
            fields.extend([
                text("url", true),
                text("date", true),
                text("title", true),
                text("byline", true),
                text("text", false),
                removed(),
                text("layout", true),
            ]);
            let stats = [
                "lines",
                "content_lines",
                "kept_lines",
                "removed_lines",
                "bytes_in",
                "bytes_out",
                "invalid_utf8",
            ]
            .into_iter()
            .map(number)
            .chain([text("encoding", true)])
            .collect::<Vec<_>>();
            fields.push(Field::new("stats", DataType::Struct(Fields::from(stats)), false));
            fields.push(text("metadata", true));
        }
        Kind::Rejects => fields.extend([
            text("reason", false),
            text("duplicate_of", true),
            Field::new("similarity", DataType::Float64, true),
            text("message", true),
            removed(),
            text("text", true),
        ]),
    }
    Arc::new(Schema::new(fields))
}
