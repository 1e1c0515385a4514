//! Records between Python and the JSON Lines a run reads and writes, converted in Rust: Python objects
//! to JSON as `json.dumps(record, ensure_ascii=False)` writes them (refusing what it refuses, and NaN),
//! and JSON lines back to Python objects, parsed in parallel without the GIL, keys in their order.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Write `records` (dicts; a string is a record of its text alone, its id its position from `first`) to
/// `path` as JSON Lines. Returns how many were written. A record that JSON cannot hold raises
/// `TypeError` (or `ValueError` for NaN and infinities), naming the record by its position (from 1).
#[pyfunction]
#[pyo3(signature = (records, path, text_field, id_field, first = 0))]
pub fn write_records(
    records: &Bound<'_, PyAny>,
    path: PathBuf,
    text_field: &str,
    id_field: &str,
    first: usize,
) -> PyResult<usize> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
    let mut line = Vec::new();
    let mut n = 0;
    for record in records.try_iter()? {
        let record = record?;
        line.clear();
        let written = match record.cast::<PyString>() {
            Ok(text) => {
                let id = (first + n).to_string();
                line.push(b'{');
                json_str(&mut line, id_field);
                line.push(b':');
                json_str(&mut line, &id);
                line.push(b',');
                json_str(&mut line, text_field);
                line.push(b':');
                text.to_str().map(|t| {
                    json_str(&mut line, t);
                    line.push(b'}');
                })
            }
            Err(_) => json_value(&record, &mut line, 0),
        };
        written.map_err(|e| {
            let at = format!("record {}: ", first + n + 1);
            if e.is_instance_of::<PyValueError>(record.py()) {
                PyValueError::new_err(format!("{at}{}", e.value(record.py())))
            } else {
                PyTypeError::new_err(format!("{at}{}", e.value(record.py())))
            }
        })?;
        line.push(b'\n');
        out.write_all(&line)?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

fn json_str(out: &mut Vec<u8>, s: &str) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Nesting deeper than this is refused (as `json.dumps` refuses a structure that contains itself).
const MAX_DEPTH: usize = 512;

fn json_value(v: &Bound<'_, PyAny>, out: &mut Vec<u8>, depth: usize) -> PyResult<()> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err("nested too deeply (or contains itself)"));
    }
    if v.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(s) = v.cast::<PyString>() {
        json_str(out, s.to_str()?);
    } else if let Ok(b) = v.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if let Ok(i) = v.cast::<PyInt>() {
        match i.extract::<i64>() {
            Ok(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Err(_) => out.extend_from_slice(i.str()?.to_str()?.as_bytes()),
        }
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if !x.is_finite() {
            return Err(PyValueError::new_err(format!("{x} is not a JSON number")));
        }
        let _ = serde_json::to_writer(&mut *out, &x);
    } else if let Ok(d) = v.cast::<PyDict>() {
        out.push(b'{');
        for (k, (key, value)) in d.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            match key.cast::<PyString>() {
                Ok(s) => json_str(out, s.to_str()?),
                // `json.dumps` writes number, boolean and None keys as strings.
                Err(_) if key.is_none() => json_str(out, "null"),
                Err(_) if key.cast::<PyBool>().is_ok() => {
                    json_str(out, if key.is_truthy()? { "true" } else { "false" })
                }
                Err(_) if key.cast::<PyInt>().is_ok() || key.cast::<PyFloat>().is_ok() => {
                    let mut num = Vec::new();
                    json_value(&key, &mut num, depth + 1)?;
                    json_str(out, &String::from_utf8_lossy(&num));
                }
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "keys must be str, int, float, bool or None, not {}",
                        key.get_type().name()?
                    )))
                }
            }
            out.push(b':');
            json_value(&value, out, depth + 1)?;
        }
        out.push(b'}');
    } else if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
        out.push(b'[');
        for (k, item) in v.try_iter()?.enumerate() {
            if k > 0 {
                out.push(b',');
            }
            json_value(&item?, out, depth + 1)?;
        }
        out.push(b']');
    } else {
        return Err(PyTypeError::new_err(format!(
            "Object of type {} is not JSON serializable",
            v.get_type().name()?
        )));
    }
    Ok(())
}

/// The records of a JSON Lines file (none when it does not exist) as dicts, keys in the file's order; with
/// `source`, each record's `source` is set to it. The records are parsed in parallel without the GIL, then
/// turned into Python objects.
#[pyfunction]
#[pyo3(signature = (path, source = None))]
pub fn read_records(py: Python<'_>, path: PathBuf, source: Option<&str>) -> PyResult<Py<PyList>> {
    let parsed: Vec<Result<Json, String>> = py.detach(|| -> PyResult<_> {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        // Checked as UTF-8 once, whole (what ghirbal writes always is), so the parser need not check each
        // string.
        let text = simdutf8::basic::from_utf8(&bytes)
            .map_err(|_| PyValueError::new_err(format!("{}: not UTF-8", path.display())))?;
        Ok(text
            .par_split('\n')
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str::<Json>(line).map_err(|e| e.to_string()))
            .collect())
    })?;
    let list = PyList::empty(py);
    let source_key = PyString::intern(py, "source");
    for (k, record) in parsed.into_iter().enumerate() {
        let record = record.map_err(|e| PyValueError::new_err(format!("{}: record {}: {e}", path.display(), k + 1)))?;
        let object = record.into_py(py)?;
        if let (Some(source), Ok(dict)) = (source, object.cast::<PyDict>()) {
            dict.set_item(&source_key, source)?;
        }
        list.append(object)?;
    }
    Ok(list.unbind())
}

/// A JSON value, object keys in their order.
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn into_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(match self {
            Json::Null => py.None().into_bound(py),
            Json::Bool(b) => PyBool::new(py, b).to_owned().into_any(),
            Json::Int(i) => i.into_pyobject(py)?.into_any(),
            Json::Uint(u) => u.into_pyobject(py)?.into_any(),
            Json::Float(f) => PyFloat::new(py, f).into_any(),
            Json::Str(s) => PyString::new(py, &s).into_any(),
            Json::Array(items) => {
                let list = PyList::empty(py);
                for item in items {
                    list.append(item.into_py(py)?)?;
                }
                list.into_any()
            }
            Json::Object(pairs) => {
                let dict = PyDict::new(py);
                for (key, value) in pairs {
                    dict.set_item(PyString::intern(py, &key), value.into_py(py)?)?;
                }
                dict.into_any()
            }
        })
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Json, E> {
        Ok(Json::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Json, E> {
        Ok(Json::Uint(u))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Json, E> {
        Ok(Json::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(pair) = map.next_entry()? {
            pairs.push(pair);
        }
        Ok(Json::Object(pairs))
    }
}
