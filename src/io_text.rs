//! File-system errors in Chinese: the operating system's own message is English
//! ("No such file or directory (os error 2)"), and it is shown to people.

use std::io::{Error, ErrorKind};
use std::path::Path;

/// What went wrong, in Chinese, for the kinds people meet; the system's text for the rest.
pub fn reason(e: &Error) -> String {
    let said = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限（文件可能是只读的，或被其他程序占用）",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::ReadOnlyFilesystem => "所在磁盘是只读的",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是文件夹",
        ErrorKind::InvalidFilename => "文件名不合法或过长",
        ErrorKind::UnexpectedEof => "文件不完整",
        ErrorKind::Interrupted | ErrorKind::TimedOut => "读写被中断",
        _ => return format!("系统错误：{e}"),
    };
    said.to_string()
}

/// What went wrong with `path`, in Chinese: as [`reason`], except that a folder is said to be a
/// folder. Windows answers a folder opened as a file with ACCESS_DENIED (read as "no
/// permission"), where Linux says EISDIR; the metadata tells the truth on both.
pub fn reason_at(e: &Error, path: &Path) -> String {
    if e.kind() == ErrorKind::PermissionDenied && path.is_dir() {
        return reason(&Error::from(ErrorKind::IsADirectory));
    }
    reason(e)
}

/// Why an .xlsx could not be written to `path`, in Chinese where the system said it (a folder
/// missing, a file held open by Excel or WPS), else as the writer put it.
pub fn xlsx_reason(e: &rust_xlsxwriter::XlsxError, path: &Path) -> String {
    match e {
        rust_xlsxwriter::XlsxError::IoError(io) => reason_at(io, path),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{reason, reason_at};

    #[test]
    fn common_errors_read_in_chinese() {
        let missing = std::fs::read("/nonexistent/daocha/file").unwrap_err();
        assert_eq!(reason(&missing), "文件或文件夹不存在");
        let dir = std::env::temp_dir();
        // Linux says EISDIR, Windows ACCESS_DENIED: either way the person reads that it is a folder.
        assert_eq!(reason_at(&std::fs::read(&dir).unwrap_err(), &dir), "这是一个文件夹，不是文件");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(reason_at(&denied, &dir), "这是一个文件夹，不是文件");
        assert!(reason_at(&denied, &dir.join("没有这个文件.xlsx")).starts_with("没有权限"));
        assert!(reason(&std::io::Error::other("x")).starts_with("系统错误"));
    }
}
