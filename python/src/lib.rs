//! The Python binding of ghirbal (`import ghirbal`): the CLI's `clean` as a function, with the same flags,
//! the same checks and the same messages; the work runs in Rust with the GIL released. The Python side
//! (`pysrc/ghirbal`) builds on it: `clean()` for records in memory, `clean_files()` for files.

mod records;
#[cfg(unix)]
mod stream;

use clap::Parser;
use ghirbal::cli::{Cli, Command};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    _ghirbal,
    GhirbalError,
    PyException,
    "A ghirbal run failed: the message names the file and the line or record."
);

/// Run `ghirbal clean ARGS` (the arguments after `clean`, as on the command line). Returns the run's
/// `--stats` figures as JSON. Bad flags raise `ValueError` with the CLI's message; a failed run, or an input
/// that could not be read (in whole or in part: what was read is written all the same), `GhirbalError`.
#[pyfunction]
fn run_clean(py: Python<'_>, args: Vec<String>) -> PyResult<String> {
    let config = config_of(args)?;
    let started = std::time::Instant::now();
    let summary = py
        .detach(|| ghirbal::run(&config))
        .map_err(|e| GhirbalError::new_err(e.to_string()))?;
    failed(&summary)?;
    Ok(summary.to_json(&config.run_info(), started.elapsed()))
}

/// The run `ghirbal clean ARGS` describes, checked as the CLI checks it: `ValueError` with its message.
fn config_of(args: Vec<String>) -> PyResult<ghirbal::config::Config> {
    let argv = ["ghirbal".to_string(), "clean".to_string()].into_iter().chain(args);
    let cli = Cli::try_parse_from(argv).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let Command::Clean(clean) = cli.command else {
        return Err(pyo3::exceptions::PyValueError::new_err("only `clean` runs from Python"));
    };
    clean
        .into_config()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// `GhirbalError` when some input could not be read (in whole or in part), naming the first.
fn failed(summary: &ghirbal::report::summary::Summary) -> PyResult<()> {
    if summary.read_errors > 0 {
        let first = summary.first_error.clone().unwrap_or_default();
        return Err(GhirbalError::new_err(format!(
            "{} input(s) could not be read in whole or in part; the first: {first}",
            summary.read_errors
        )));
    }
    Ok(())
}

#[pymodule]
fn _ghirbal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run_clean, m)?)?;
    m.add_function(wrap_pyfunction!(records::write_records, m)?)?;
    m.add_function(wrap_pyfunction!(records::read_records, m)?)?;
    #[cfg(unix)]
    m.add_function(wrap_pyfunction!(stream::clean_records, m)?)?;
    m.add("GhirbalError", m.py().get_type::<GhirbalError>())?;
    Ok(())
}
