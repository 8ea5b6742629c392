//! Paths as people read them. On Windows `canonicalize` answers in the verbatim form
//! (`\\?\D:\检查\daocha.db`), which nobody types and some programs refuse; `dunce` gives the
//! usual `D:\检查\daocha.db` whenever that names the same file, and leaves the verbatim form
//! only where it is needed (a path over 260 characters, a reserved name such as `CON`). On other
//! systems both functions are the plain ones.

use std::path::{Path, PathBuf};

/// `path` made absolute for keeping (the recent list): resolved through links when it exists,
/// else joined to the current folder; in the usual form on Windows, never `\\?\…` when avoidable.
pub fn absolute(path: &Path) -> PathBuf {
    dunce::canonicalize(path)
        .or_else(|_| std::path::absolute(path).map(|p| dunce::simplified(&p).to_path_buf()))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `path` as shown to people: `D:\检查\导出.daocha`, not `\\?\D:\检查\导出.daocha`.
pub fn shown(path: &Path) -> String {
    dunce::simplified(path).display().to_string()
}

/// Writes `bytes` to `path` whole or not at all: to a temporary name beside it, then renamed over
/// it. When the rename is refused (a viewer holding the old file open on Windows) the temporary
/// file is removed, so nothing is left behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes)?;
    if let Err(e) = std::fs::rename(&temp, path) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{absolute, shown};
    use std::path::Path;

    #[test]
    fn plain_paths_are_shown_as_they_are() {
        let path = Path::new("检查 资料").join("导出-赵彧-20170912.daocha");
        assert_eq!(shown(&path), path.display().to_string());
    }

    #[test]
    fn an_existing_file_is_kept_absolute_and_in_the_usual_form() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("倒查 数据.db");
        std::fs::write(&file, b"x").unwrap();
        let kept = absolute(&file);
        assert!(kept.is_absolute(), "{}", kept.display());
        assert!(!shown(&kept).starts_with(r"\\?\"), "{}", shown(&kept));
        assert_eq!(std::fs::read(&kept).unwrap(), b"x");
        // A file that does not exist (yet) is still made absolute.
        let missing = absolute(Path::new("还没有的文件.db"));
        assert!(missing.is_absolute() && missing.ends_with("还没有的文件.db"), "{}", missing.display());
    }

    /// Where the data lives: the local profile, not the roaming one that a domain PC copies to
    /// the server at every logon and logoff.
    #[test]
    fn the_default_database_is_in_the_local_data_folder() {
        let db = crate::store::default_db_path();
        assert!(db.ends_with(Path::new("daocha").join("daocha.db")), "{}", db.display());
        #[cfg(windows)]
        {
            let local = std::env::var_os("LOCALAPPDATA").unwrap();
            assert!(db.starts_with(&local), "{} is not under %LOCALAPPDATA% {}", db.display(), local.display());
            let roaming = std::env::var_os("APPDATA").unwrap();
            assert!(!db.starts_with(&roaming), "{} is in the roaming profile", db.display());
        }
        #[cfg(target_os = "linux")]
        if std::env::var_os("XDG_DATA_HOME").is_none()
            && let Some(home) = std::env::var_os("HOME")
        {
            assert_eq!(db, Path::new(&home).join(".local/share/daocha/daocha.db"));
        }
    }

    #[cfg(windows)]
    #[test]
    fn windows_verbatim_paths_are_shown_in_the_usual_form() {
        assert_eq!(shown(Path::new(r"\\?\Z:\检查\导出-赵彧-20170912.daocha")), r"Z:\检查\导出-赵彧-20170912.daocha");
        assert_eq!(shown(Path::new(r"\\?\C:\Users\李堃\AppData\Local\daocha")), r"C:\Users\李堃\AppData\Local\daocha");
        // std's canonicalize answers in the verbatim form; what is shown is the usual one.
        let dir = tempfile::tempdir().unwrap();
        let verbatim = dir.path().canonicalize().unwrap();
        assert!(verbatim.as_os_str().to_string_lossy().starts_with(r"\\?\"));
        assert!(!shown(&verbatim).starts_with(r"\\?\"));
        assert!(!absolute(dir.path()).as_os_str().to_string_lossy().starts_with(r"\\?\"));
    }
}
