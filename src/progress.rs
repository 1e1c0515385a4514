//! Progress: an indicatif bar on stderr while pages are cleaned; hidden when stderr is not a terminal or
//! with `--quiet`, so logs and pipes stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress(ProgressBar);

impl Progress {
    pub fn new(total_bytes: u64, enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress(ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden()));
        }
        let bar = ProgressBar::new(total_bytes);
        let style = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress(bar)
    }

    pub fn advance(&self, bytes: u64, pages: u64) {
        self.0.inc(bytes);
        self.0.set_message(format!("{pages} pages"));
    }

    /// Print a line on stderr without tearing the bar.
    pub fn suspend_eprintln(&self, message: &str) {
        self.0.suspend(|| eprintln!("{message}"));
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
