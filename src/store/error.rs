//! What can go wrong with the store, in words the user can act on.

use std::path::{Path, PathBuf};

use crate::domain::records::FieldError;

/// A store error. The messages are shown to people as they are.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a daocha database.
    #[error("“{}”不是倒查数据库。请选择由倒查创建的数据库文件（.db）。", .0.display())]
    NotDaocha(PathBuf),
    /// A newer daocha made this database.
    #[error(
        "该数据库由更新版本的倒查创建（数据库版本 {found}，本程序最高支持 {supported}）。请升级倒查后再打开，文件未作任何改动。"
    )]
    TooNew {
        /// The file's `user_version`.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The file does not exist.
    #[error("数据库文件不存在：{}。请检查路径；新的检查可用 `daocha inspection create --db 路径 …` 建立（会新建数据库），或在图形界面中点“新建检查”。", .0.display())]
    Missing(PathBuf),
    /// The file could not be opened.
    #[error("无法打开数据库“{}”：{reason}", .path.display())]
    CannotOpen {
        /// The file.
        path: PathBuf,
        /// SQLite's reason.
        reason: String,
    },
    /// A file-system error.
    #[error("无法访问“{}”：{reason}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// The record does not exist.
    #[error("找不到该记录（{0}），它可能已被删除。")]
    NotFound(String),
    /// The content failed validation.
    #[error("{}", join_field_errors(.0))]
    Invalid(Vec<FieldError>),
    /// The record changed since the caller read it.
    #[error("该记录已被修改（可能来自另一窗口或合并），请刷新后再编辑。")]
    Stale,
    /// The stored data does not have the shape this program expects.
    #[error("数据库内容损坏：{0}。请用 `daocha audit verify` 检查，并从最近的导出文件恢复。")]
    Corrupt(String),
    /// The command was cancelled by the user; its transaction was rolled back.
    #[error("操作已取消，未写入任何数据。")]
    Cancelled,
    /// The request is refused, for the reason given (e.g. merging into a database that is not a
    /// team database).
    #[error("{0}")]
    Refused(String),
    /// Any other SQLite error. Not a `source`: its text is already in the message, in Chinese
    /// where a user meets it, so a printed chain does not repeat it in English.
    #[error("{}", sqlite_text(.0))]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Sqlite(error)
    }
}

/// SQLite's own reasons are English ("database or disk is full", "database is locked"): the ones a
/// user meets are told in Chinese with what to do; the rest keep SQLite's words after a Chinese
/// lead-in.
fn sqlite_text(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    if let rusqlite::Error::SqliteFailure(failure, _) = error {
        let what = match failure.code {
            ErrorCode::DiskFull => {
                Some("磁盘已满，修改未能保存。请腾出磁盘空间（或换到有空间的磁盘）后重试；已保存的数据不受影响。")
            }
            ErrorCode::ReadOnly => Some(
                "数据库位于只读位置（如光盘、写保护的U盘或没有写权限的文件夹），无法保存。请把数据库复制到可写的位置后再打开。",
            ),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                Some("数据库正被另一个倒查窗口或程序使用，请关闭另一个窗口后重试。")
            }
            ErrorCode::CannotOpen => Some("无法打开数据库文件：文件夹不存在或没有权限。"),
            ErrorCode::NotADatabase => Some("文件不是数据库或已损坏。"),
            ErrorCode::DatabaseCorrupt => {
                Some("数据库文件已损坏。请用 `daocha audit verify` 检查，并从最近的导出文件恢复。")
            }
            ErrorCode::SystemIoFailure => Some("读写磁盘出错（磁盘或U盘可能已拔出或损坏）。请检查存储设备后重试。"),
            ErrorCode::PermissionDenied => Some("没有访问数据库文件的权限。"),
            _ => None,
        };
        if let Some(what) = what {
            return what.to_string();
        }
    }
    // A value of the wrong shape where daocha wrote its own (an id that is no UUID, text where a
    // number belongs): the file was changed outside daocha or damaged.
    if let rusqlite::Error::FromSqlConversionFailure(column, ..)
    | rusqlite::Error::InvalidColumnType(column, ..)
    | rusqlite::Error::IntegralValueOutOfRange(column, ..) = error
    {
        return format!(
            "数据库内容损坏：第 {} 列的值不是应有的格式（文件可能在倒查之外被改动或已损坏）。请用 `daocha audit verify` 检查，并从最近的导出文件恢复。",
            column + 1
        );
    }
    format!("数据库错误：{error}")
}

impl StoreError {
    pub(crate) fn open(path: &Path, error: rusqlite::Error) -> StoreError {
        StoreError::CannotOpen { path: path.to_path_buf(), reason: error.to_string() }
    }
}

fn join_field_errors(errors: &[FieldError]) -> String {
    let parts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    format!("请修改后再保存：{}", parts.join("；"))
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Corrupt(format!("记录内容无法解析（{error}）"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_shape_is_called_damage_in_chinese() {
        let error = rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            Box::new(rusqlite::types::FromSqlError::InvalidType),
        );
        let text = StoreError::from(error).to_string();
        assert!(text.starts_with("数据库内容损坏：第 3 列"), "{text}");
        assert!(text.contains("daocha audit verify"), "{text}");
        assert!(!text.contains("Invalid"), "no English left: {text}");
    }
}
