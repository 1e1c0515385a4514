//! Parquet files: rows in, one JSON object per row out, for the JSON record reader (`json`): the text column
//! is `--text-field`, the id `--id-field`, the other columns go to `metadata` like a JSON record's fields.
//!
//! The file is read a row group's batch at a time (`BATCH_ROWS` rows), never whole; each batch's rows are
//! written as JSON by `arrow-json`, so Parquet's types map to JSON the way Arrow tools map them (lists to
//! arrays, structs to objects, timestamps to strings).

use std::collections::VecDeque;
use std::fs::File;
use std::io;

use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

/// Rows decoded at a time.
const BATCH_ROWS: usize = 1024;

/// The rows of one Parquet file, as JSON objects (one line of JSON each), in order.
pub struct ParquetRows {
    batches: ParquetRecordBatchReader,
    rows: VecDeque<Vec<u8>>,
    /// Rows handed out so far.
    number: u64,
}

impl ParquetRows {
    /// Open a Parquet file; an error when it is not one (its footer says so).
    pub fn open(file: File) -> io::Result<ParquetRows> {
        let batches = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| b.with_batch_size(BATCH_ROWS).build())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not a readable Parquet file ({e})")))?;
        Ok(ParquetRows {
            batches,
            rows: VecDeque::new(),
            number: 0,
        })
    }

    /// Rows handed out so far.
    pub fn rows(&self) -> u64 {
        self.number
    }

    /// The next row (1-based number, JSON object), `Ok(None)` at the end.
    pub fn next_row(&mut self) -> io::Result<Option<(u64, Vec<u8>)>> {
        while self.rows.is_empty() {
            let Some(batch) = self.batches.next() else {
                return Ok(None);
            };
            let batch = batch.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
            let mut json = Vec::new();
            let mut writer = arrow_json::LineDelimitedWriter::new(&mut json);
            writer
                .write(&batch)
                .and_then(|()| writer.finish())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
            self.rows.extend(
                json.split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .map(<[u8]>::to_vec),
            );
        }
        self.number += 1;
        Ok(self.rows.pop_front().map(|row| (self.number, row)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;

    #[test]
    fn rows_come_out_as_json_objects_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.parquet");
        let ids: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "c"]));
        let texts: ArrayRef = Arc::new(StringArray::from(vec![Some("نص أول"), Some("second"), None]));
        let views: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
        let batch = RecordBatch::try_from_iter([("id", ids), ("text", texts), ("views", views)]).expect("batch");
        let mut w = ArrowWriter::try_new(File::create(&path).expect("create"), batch.schema(), None).expect("writer");
        w.write(&batch).expect("write");
        w.close().expect("close");
        let mut rows = ParquetRows::open(File::open(&path).expect("open")).expect("parquet");
        let mut got = Vec::new();
        while let Some((n, row)) = rows.next_row().expect("row") {
            got.push((n, String::from_utf8(row).expect("utf-8")));
        }
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (1, r#"{"id":"a","text":"نص أول","views":1}"#.to_string()));
        assert_eq!(got[2].1, r#"{"id":"c","views":3}"#, "a null text is no field");
        let not_parquet = dir.path().join("x.parquet");
        std::fs::write(&not_parquet, b"{\"id\": 1}").expect("write");
        assert!(ParquetRows::open(File::open(&not_parquet).expect("open")).is_err());
    }
}
