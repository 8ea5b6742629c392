//! A message for someone who double-clicked the program and sees no window: the reason must reach
//! them where they look. On Windows that is a message box (the exe has no console there); on
//! Linux the text also goes to stderr (the caller prints it) and, when a desktop is running,
//! to `zenity` or `notify-send` if one is installed.

/// Shows `text` under `title` as the desktop shows errors; returns whether anything was shown
/// outside the terminal.
pub fn show_error(title: &str, text: &str) -> bool {
    #[cfg(windows)]
    {
        use windows_sys::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
        let wide = |s: &str| s.encode_utf16().chain(std::iter::once(0)).collect::<Vec<u16>>();
        let (text, title) = (wide(text), wide(title));
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
        unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_OK | MB_ICONERROR) != 0 }
    }
    #[cfg(not(windows))]
    {
        use std::process::{Command, Stdio};
        let has_desktop =
            ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
        if !has_desktop {
            return false;
        }
        let quiet = |cmd: &mut Command| {
            cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
        };
        quiet(Command::new("zenity").args(["--error", "--no-markup", "--width=480", "--title", title, "--text", text]))
            || quiet(Command::new("notify-send").args(["--urgency=critical", "--app-name=倒查", title, text]))
    }
}
