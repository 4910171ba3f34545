//! Writing an output file whole or not at all: the one place the project's
//! commands write `-o` files (tables, reports, charts).
//!
//! - A regular file (or a new one) is written to a temporary file beside it,
//!   synced, then renamed over it: readers see the old file or the new one,
//!   never half of one. The temporary file is named `NAME.partial-PID`, in
//!   plain sight; a process killed while writing cannot remove it, so every
//!   write first removes the partial files of its target left by processes
//!   that no longer run (Linux, where `/proc` says which do).
//! - A symbolic link is followed: the file it points to is replaced and the
//!   link is kept.
//! - A FIFO, a terminal or a device (`/dev/stdout`, `/dev/null`) is written
//!   to directly: it cannot be renamed over, and it holds no old content.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::PlotError;

/// Most symbolic links followed before giving up (as the kernel's ELOOP).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` whole or not at all (see the module docs).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PlotError> {
    let fail = |e: std::io::Error| PlotError::Write { path: path.display().to_string(), message: e.to_string() };
    let target = follow_links(path).map_err(fail)?;
    match std::fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => return Err(fail(std::io::Error::other("it is a directory"))),
        Ok(meta) if !meta.is_file() => {
            let mut file = std::fs::OpenOptions::new().write(true).open(&target).map_err(fail)?;
            return file.write_all(bytes).and_then(|()| file.flush()).map_err(fail);
        }
        _ => {}
    }
    let name = target.file_name().ok_or_else(|| fail(std::io::Error::other("not a file name")))?;
    let prefix = format!("{}.partial-", name.to_string_lossy());
    remove_stale_partials(&target, &prefix);
    let temp = target.with_file_name(format!("{prefix}{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(fail)
}

/// The path a chain of symbolic links ends at (the path itself if it is not a link).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!("more than {MAX_LINKS} symbolic links")))
}

/// Removes `PREFIX<pid>` files beside `target` whose process is gone.
fn remove_stale_partials(target: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else { continue };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_is_kept_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // A dangling link creates its target.
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink("made.csv", &dangling).unwrap();
        write_atomic(&dangling, b"made").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("made.csv")).unwrap(), "made");
    }

    #[test]
    fn a_device_is_written_to_not_replaced() {
        write_atomic(Path::new("/dev/null"), b"nothing").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file(), "still the device");
    }

    #[test]
    fn partial_files_of_dead_processes_are_removed_and_no_new_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        // Process ids are below 2^22 on Linux: this one is not running.
        let stale = dir.path().join("out.csv.partial-4194999");
        let live = dir.path().join(format!("out.csv.partial-{}", std::process::id()));
        let other = dir.path().join("other.csv.partial-4194999");
        for p in [&stale, &other] {
            std::fs::write(p, "half").unwrap();
        }
        write_atomic(&out, b"whole").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "whole");
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists(), "the dead writer's partial file is removed");
        }
        assert!(!live.exists(), "this write's own temporary file is renamed");
        assert!(other.exists(), "another target's files are left alone");
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("directory"), "{e}");
    }
}
