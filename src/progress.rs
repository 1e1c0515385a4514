//! Progress: an indicatif bar on stderr while pages are cleaned; hidden when stderr is not a terminal or
//! with `--quiet`, so logs and pipes stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress(ProgressBar);

impl Progress {
    /// The dump is walked as it is read, so its size is not known ahead: a spinner with running totals.
    pub fn new(enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress(ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()));
        }
        let bar = ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {prefix}: {bytes} read, {bytes_per_sec}, {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        Progress(bar)
    }

    /// Start a pass over the inputs (`reading and detecting (pass 1 of 2)`): the counts start again from zero.
    pub fn stage(&self, name: &str) {
        self.0.set_prefix(name.to_string());
        self.0.set_position(0);
        self.0.set_message("0 documents");
        self.0.reset_eta();
    }

    /// Show the totals so far in this pass.
    pub fn advance(&self, bytes: u64, documents: u64) {
        self.0.set_position(bytes);
        self.0.set_message(format!("{documents} documents"));
    }

    /// Print a line on stderr without tearing the bar.
    pub fn suspend_eprintln(&self, message: &str) {
        self.0.suspend(|| eprintln!("{message}"));
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
