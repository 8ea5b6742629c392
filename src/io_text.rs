//! File-system errors in Chinese: the operating system's own message is English
//! ("No such file or directory (os error 2)"), and it is shown to people.

use std::io::{Error, ErrorKind};

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

#[cfg(test)]
mod tests {
    use super::reason;

    #[test]
    fn common_errors_read_in_chinese() {
        let missing = std::fs::read("/nonexistent/daocha/file").unwrap_err();
        assert_eq!(reason(&missing), "文件或文件夹不存在");
        let dir = std::env::temp_dir();
        assert_eq!(reason(&std::fs::read(&dir).unwrap_err()), "这是一个文件夹，不是文件");
        assert!(reason(&std::io::Error::other("x")).starts_with("系统错误"));
    }
}
