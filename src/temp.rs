//! Temporary files: every file ghirbal writes before it is complete (an output before its rename, a
//! stdin spool) is registered here, so that it is removed on every way out: a normal end (renamed or
//! removed by its owner), an error (its owner's `Drop`), and SIGINT/SIGTERM (the handler removes what is
//! registered, then exits with 130 or 143). After a `kill -9` nothing can run: the next run names the
//! files a dead run left behind ([`stale`]), which carry the dead run's process id.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// What is registered now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// The marker in every temporary file's name: `.NAME.PID.ghirbal-tmp`, `ghirbal-spool-PID-XXXX`.
pub const SUFFIX: &str = ".ghirbal-tmp";
pub const SPOOL_PREFIX: &str = "ghirbal-spool-";

/// Register a temporary file (and install the signal handler, once).
pub fn register(path: &Path) {
    HANDLER.call_once(|| {
        // A second handler (a library user's own) is theirs to keep: then only `Drop` cleans up.
        let _ = ctrlc::set_handler(|| {
            remove_all();
            std::process::exit(130);
        });
    });
    if let Ok(mut live) = LIVE.lock() {
        live.push(path.to_path_buf());
    }
}

/// Forget a temporary file that was renamed into place or removed.
pub fn forget(path: &Path) {
    if let Ok(mut live) = LIVE.lock() {
        live.retain(|p| p != path);
    }
}

/// Remove every registered file (the signal handler's work).
fn remove_all() {
    if let Ok(live) = LIVE.lock() {
        for path in live.iter() {
            if path.is_dir() {
                let _ = std::fs::remove_dir_all(path);
            } else {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// A temporary file in the system's temporary folder (`ghirbal-spool-PID-TAG-…`, so a run killed with
/// `kill -9` leaves a file the next run names), registered, and removed when dropped.
#[derive(Debug)]
pub struct TempFile {
    pub path: PathBuf,
}

impl TempFile {
    /// A new empty file, open for writing.
    pub fn create(tag: &str) -> Result<(std::fs::File, TempFile), crate::Error> {
        let dir = std::env::temp_dir();
        let write_error = |source| crate::Error::Write {
            path: dir.clone(),
            source,
        };
        let (file, path) = create_registered(&dir, &format!("{SPOOL_PREFIX}{}-{tag}", std::process::id()), |path| {
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            // Readable by this user alone, as `tempfile`'s own files are: a spool holds the documents.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(path)
        })
        .map_err(write_error)?;
        Ok((file, TempFile { path }))
    }
}

/// Make a new file or folder under a fresh name in `dir` (`prefix`, then random letters) with `make`,
/// registered *before* it exists: a signal that comes the instant it is made still finds it to remove.
pub fn create_registered<R>(
    dir: &Path,
    prefix: &str,
    mut make: impl FnMut(&Path) -> std::io::Result<R>,
) -> std::io::Result<(R, PathBuf)> {
    let made = tempfile::Builder::new().prefix(prefix).make_in(dir, |path| {
        register(path);
        make(path).inspect_err(|_| forget(path))
    })?;
    made.keep().map_err(|e| e.error)
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        forget(&self.path);
    }
}

/// Bytes free for this user in the file system that holds `dir` (`None` where it cannot be told).
pub fn available_bytes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Temporary files in `dir` left by runs that are no longer running (killed with `kill -9`, or a
/// machine that went down): ghirbal's own temporary names whose process id is not alive.
pub fn stale(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            pid_of(&name).is_some_and(|pid| pid != std::process::id() && !alive(pid))
        })
        .collect();
    found.sort();
    found
}

/// The process id in one of our temporary names.
fn pid_of(name: &str) -> Option<u32> {
    if let Some(rest) = name.strip_suffix(SUFFIX) {
        return rest.rsplit('.').next()?.parse().ok();
    }
    name.strip_prefix(SPOOL_PREFIX)?.split('-').next()?.parse().ok()
}

/// Whether a process runs (on Linux, by /proc; elsewhere every process is taken to be alive, so nothing
/// is called stale by mistake).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_process_id() {
        assert_eq!(pid_of(".cleaned.jsonl.4242.ghirbal-tmp"), Some(4242));
        assert_eq!(pid_of("ghirbal-spool-77-abc123"), Some(77));
        assert_eq!(pid_of("cleaned.jsonl"), None);
    }

    #[test]
    fn a_dead_run_s_file_is_stale_and_ours_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Process ids wrap far below this one, so it names no live process.
        let dead = dir.path().join(".out.jsonl.4000000000.ghirbal-tmp");
        let ours = dir
            .path()
            .join(format!(".out.jsonl.{}.ghirbal-tmp", std::process::id()));
        std::fs::write(&dead, "x").expect("write");
        std::fs::write(&ours, "x").expect("write");
        assert_eq!(stale(dir.path()), vec![dead]);
    }
}
