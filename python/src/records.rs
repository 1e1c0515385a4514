//! Records between Python and the JSON Lines a run reads and writes, converted in Rust: Python objects
//! to JSON as `json.dumps(record, ensure_ascii=False)` writes them (refusing what it refuses, and NaN),
//! and JSON lines back to Python objects, parsed in parallel without the GIL, keys in their order.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
        line.clear();
        append_record(&record?, &mut line, text_field, id_field, first + n)?;
        out.write_all(&line)?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

/// Append `record` (a dict, or a string: a record of its text alone, its id `at`) to `line` as one JSON
/// line. A record that JSON cannot hold raises `TypeError` (or `ValueError` for NaN and infinities), naming
/// the record by its position (`at`, from 0, shown from 1).
pub fn append_record(
    record: &Bound<'_, PyAny>,
    line: &mut Vec<u8>,
    text_field: &str,
    id_field: &str,
    at: usize,
) -> PyResult<()> {
    let written = match record.cast::<PyString>() {
        Ok(text) => {
            let id = at.to_string();
            line.push(b'{');
            json_str(line, id_field);
            line.push(b':');
            json_str(line, &id);
            line.push(b',');
            json_str(line, text_field);
            line.push(b':');
            text.to_str().map(|t| {
                json_str(line, t);
                line.push(b'}');
            })
        }
        Err(_) => json_value(record, line, 0),
    };
    written.map_err(|e| {
        let at = format!("record {}: ", at + 1);
        if e.is_instance_of::<PyValueError>(record.py()) {
            PyValueError::new_err(format!("{at}{}", e.value(record.py())))
        } else {
            PyTypeError::new_err(format!("{at}{}", e.value(record.py())))
        }
    })?;
    line.push(b'\n');
    Ok(())
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
/// `source`, each record's `source` is set to it.
#[pyfunction]
#[pyo3(signature = (path, source = None))]
pub fn read_records(py: Python<'_>, path: PathBuf, source: Option<&str>) -> PyResult<Py<PyList>> {
    let text = py.detach(|| -> PyResult<_> {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        utf8(bytes).map_err(|()| PyValueError::new_err(format!("{}: not UTF-8", path.display())))
    })?;
    let list = PyList::empty(py);
    append_lines(&list, &text, source, &path.display().to_string(), 0)?;
    Ok(list.unbind())
}

/// `bytes` as text, checked as UTF-8 once, whole (what ghirbal writes always is), so the parser need not
/// check each string.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ()> {
    simdutf8::basic::from_utf8(&bytes).map_err(|_| ())?;
    // SAFETY: checked just above.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Append the JSON lines of `text` to `list` as Python objects (blank lines left out), parsed straight into
/// them; with `source`, each record's `source` is set to it. Returns how many were appended. A line that
/// does not parse raises `ValueError` naming `name` and its record's position (`before` records came
/// before these).
pub fn append_lines(
    list: &Bound<'_, PyList>,
    text: &str,
    source: Option<&str>,
    name: &str,
    before: usize,
) -> PyResult<usize> {
    let py = list.py();
    let source_key = PyString::intern(py, "source");
    let mut n = 0;
    for line in text.split('\n').filter(|line| !line.trim().is_empty()) {
        let mut parser = serde_json::Deserializer::from_str(line);
        let object = PyJson(py)
            .deserialize(&mut parser)
            .and_then(|object| parser.end().map(|()| object))
            .map_err(|e| PyValueError::new_err(format!("{name}: record {}: {e}", before + n + 1)))?;
        if let (Some(source), Ok(dict)) = (source, object.cast::<PyDict>()) {
            dict.set_item(&source_key, source)?;
        }
        list.append(object)?;
        n += 1;
    }
    Ok(n)
}

/// A JSON value made straight into a Python object (object keys in their order, interned), with no value
/// in between.
#[derive(Clone, Copy)]
struct PyJson<'py>(Python<'py>);

impl<'de, 'py> DeserializeSeed<'de> for PyJson<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A Python error in the middle of a parse, as the parser's error.
fn py_error<E: serde::de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'py> Visitor<'de> for PyJson<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.0, b).to_owned().into_any())
    }
    fn visit_i64<E>(self, i: i64) -> Result<Self::Value, E> {
        let Ok(i) = i.into_pyobject(self.0);
        Ok(i.into_any())
    }
    fn visit_u64<E>(self, u: u64) -> Result<Self::Value, E> {
        let Ok(u) = u.into_pyobject(self.0);
        Ok(u.into_any())
    }
    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.0, f).into_any())
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.0, s).into_any())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.0);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_error)?;
        }
        Ok(list.into_any())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.0);
        while let Some(key) = map.next_key_seed(Key(self.0))? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(py_error)?;
        }
        Ok(dict.into_any())
    }
}

/// An object's key, interned: the same few keys recur in every record.
struct Key<'py>(Python<'py>);

impl<'de, 'py> DeserializeSeed<'de> for Key<'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for Key<'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(PyString::intern(self.0, s))
    }
}
