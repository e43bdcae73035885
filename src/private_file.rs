//! Files that hold residents' or staff's personal data (printed forms,
//! reports, exports) are made private to their owner: mode 0600, whatever
//! the umask, so another account on a shared server cannot read them.

use std::fs::{File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Create (or truncate) `path` for writing, mode 0600. An existing file of
/// another mode is narrowed too: `mode` only applies when the file is new.
pub fn create(path: &Path) -> std::io::Result<File> {
    let f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(Permissions::from_mode(0o600))?;
    Ok(f)
}

/// Write `bytes` to `path`, mode 0600, whole or not at all: into a
/// temporary file beside it, synced, then renamed over `path`.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let mut f = create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_and_existing_files_end_up_0600() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        write(&a, b"x").unwrap();
        assert_eq!(mode(&a), 0o600);
        assert_eq!(std::fs::read(&a).unwrap(), b"x");
        let b = dir.path().join("b.xlsx");
        std::fs::write(&b, b"old").unwrap();
        std::fs::set_permissions(&b, Permissions::from_mode(0o644)).unwrap();
        drop(create(&b).unwrap());
        assert_eq!(mode(&b), 0o600);
        assert_eq!(std::fs::read(&b).unwrap(), b"");
        // Over an existing wide file, write replaces it with a private one.
        std::fs::set_permissions(&a, Permissions::from_mode(0o644)).unwrap();
        write(&a, b"y").unwrap();
        assert_eq!(mode(&a), 0o600);
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("a.txt");
        assert!(write(&target, b"x").is_err());
        assert!(!dir.path().join("missing").exists());
    }
}
