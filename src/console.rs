//! The command line's console on Windows, where the exe is built as a GUI program so that a
//! double-click opens no console window beside the window.
//!
//! - A GUI program starts without a console: [`init`] attaches it to the console of the `cmd` or
//!   PowerShell it was started from, so the command line still prints there; the window lets it
//!   go again ([`release`]), so a Ctrl+C typed later in that console does not close the window.
//! - Rust writes UTF-16 to a console, which is always right, but UTF-8 bytes to a file or a pipe.
//!   Chinese Windows reads redirected output in code page 936 (`type`, `findstr`, PowerShell 5.1's
//!   capture and `>`), so UTF-8 there reads as mojibake. When the console's code page is 936 (or
//!   54936), [`init`] puts a pipe in place of a redirected stdout or stderr and a thread writes
//!   what comes through in GB18030 (GBK for every character GBK has). `chcp 65001` or
//!   `DAOCHA_OUTPUT_ENCODING=utf-8` keeps UTF-8.
//!
//! Elsewhere [`init`] and [`release`] do nothing; the transcoding itself is plain code, tested on
//! every system.

use encoding_rs::{CoderResult, Decoder, Encoder, Encoding, GB18030, UTF_8};

/// The environment variable that chooses the encoding of redirected output on Windows:
/// `utf-8` keeps UTF-8 whatever the code page.
pub const ENCODING_VAR: &str = "DAOCHA_OUTPUT_ENCODING";

/// The encoding redirected output is written in under Windows code page `code_page`, or `None`
/// for UTF-8 as it is. `choice` is the value of [`ENCODING_VAR`], if set.
pub fn output_encoding(code_page: u32, choice: Option<&str>) -> Option<&'static Encoding> {
    if choice.is_some_and(|c| matches!(c.trim().to_ascii_lowercase().as_str(), "utf-8" | "utf8" | "65001")) {
        return None;
    }
    match code_page {
        // 936 is GBK; GB18030 writes every GBK character the same way and the rest too.
        936 | 54936 => Some(GB18030),
        _ => None,
    }
}

/// UTF-8 in, another encoding out, in pieces: a character split between two pieces is written
/// whole once its last byte has come; bytes that are not UTF-8 become U+FFFD.
pub struct Transcoder {
    decoder: Decoder,
    encoder: Encoder,
    text: String,
}

impl Transcoder {
    /// A transcoder from UTF-8 to `encoding`.
    pub fn new(encoding: &'static Encoding) -> Self {
        Self { decoder: UTF_8.new_decoder_without_bom_handling(), encoder: encoding.new_encoder(), text: String::new() }
    }

    /// Appends to `out` what `utf8` completes.
    pub fn push(&mut self, utf8: &[u8], out: &mut Vec<u8>) {
        self.run(utf8, out, false);
    }

    /// Appends to `out` what is left at the end (an incomplete character as U+FFFD).
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        self.run(&[], out, true);
    }

    fn run(&mut self, mut src: &[u8], out: &mut Vec<u8>, last: bool) {
        let Self { decoder, encoder, text } = self;
        text.clear();
        // encoding_rs writes only into spare capacity and wants some room beyond the worst case
        // (it answers OutputFull, having done nothing, while there is less): the margin starts
        // at 16 bytes and doubles whenever it was not enough.
        let mut margin = 16;
        loop {
            text.reserve(decoder.max_utf8_buffer_length(src.len()).unwrap_or(src.len() * 3) + margin);
            let (result, read, _) = decoder.decode_to_string(src, text, last);
            src = &src[read..];
            if result == CoderResult::InputEmpty {
                break;
            }
            margin *= 2;
        }
        let mut rest: &str = text;
        let mut margin = 16;
        loop {
            out.reserve(
                encoder.max_buffer_length_from_utf8_if_no_unmappables(rest.len()).unwrap_or(rest.len() * 4) + margin,
            );
            let (result, read, _) = encoder.encode_from_utf8_to_vec(rest, out, last);
            rest = &rest[read..];
            if result == CoderResult::InputEmpty {
                break;
            }
            margin *= 2;
        }
    }
}

/// What [`init`] set up; dropping it (at the end of `main`) writes out what is still in the
/// pipes and puts the original handles back.
#[must_use = "keep it until the program ends: dropping it stops the transcoding"]
pub struct Console {
    #[cfg(windows)]
    redirects: Vec<windows::Redirect>,
}

impl Drop for Console {
    fn drop(&mut self) {
        #[cfg(windows)]
        {
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
            let _ = std::io::stderr().flush();
            for redirect in self.redirects.drain(..) {
                redirect.finish();
            }
        }
    }
}

/// Sets up the console for the command line (see the module's text). `command_line` is whether
/// the program was started with arguments: only then is the parent's console attached.
pub fn init(command_line: bool) -> Console {
    #[cfg(windows)]
    {
        if command_line {
            windows::attach_parent_console();
        }
        let choice = std::env::var(ENCODING_VAR).ok();
        let redirects = match output_encoding(windows::code_page(), choice.as_deref()) {
            Some(encoding) => windows::redirect_all(encoding),
            None => Vec::new(),
        };
        Console { redirects }
    }
    #[cfg(not(windows))]
    {
        let _ = command_line;
        Console {}
    }
}

/// Lets the console go when the window opens (Windows; elsewhere nothing).
pub fn release() {
    #[cfg(windows)]
    windows::free_console();
}

#[cfg(windows)]
mod windows {
    use std::fs::File;
    use std::io::{Read as _, Write as _};
    use std::mem::ManuallyDrop;
    use std::os::windows::io::{AsRawHandle as _, FromRawHandle as _};
    use std::thread::JoinHandle;

    use encoding_rs::Encoding;
    use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::Globalization::GetACP;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, FreeConsole, GetConsoleMode, GetConsoleOutputCP, GetStdHandle,
        STD_ERROR_HANDLE, STD_HANDLE, STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };

    use super::Transcoder;

    fn usable(handle: HANDLE) -> bool {
        !handle.is_null() && handle != INVALID_HANDLE_VALUE
    }

    fn is_console(handle: HANDLE) -> bool {
        let mut mode = 0;
        // SAFETY: GetConsoleMode only reads the handle and writes the mode.
        unsafe { GetConsoleMode(handle, &mut mode) != 0 }
    }

    /// Attaches to the parent's console, keeping any standard handle that was already given
    /// (output redirected to a file or a pipe stays there).
    pub(super) fn attach_parent_console() {
        let ids = [STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE];
        // SAFETY: plain Win32 calls on this process's standard handles.
        unsafe {
            let before = ids.map(|id| GetStdHandle(id));
            if before.iter().all(|&h| usable(h)) || AttachConsole(ATTACH_PARENT_PROCESS) == 0 {
                return;
            }
            for (id, handle) in ids.into_iter().zip(before) {
                if usable(handle) {
                    SetStdHandle(id, handle);
                }
            }
        }
    }

    pub(super) fn free_console() {
        // SAFETY: detaching from a console (or from none) has no other effect on this process.
        unsafe {
            FreeConsole();
        }
    }

    /// The code page redirected output is read in: the console's, or the system's without one.
    pub(super) fn code_page() -> u32 {
        // SAFETY: both only return a number.
        unsafe {
            match GetConsoleOutputCP() {
                0 => GetACP(),
                cp => cp,
            }
        }
    }

    /// One standard handle replaced by a pipe whose thread transcodes into the original.
    pub(super) struct Redirect {
        id: STD_HANDLE,
        original: HANDLE,
        writer: std::io::PipeWriter,
        thread: JoinHandle<()>,
    }

    impl Redirect {
        /// Puts the original handle back, closes the pipe and waits until all is written.
        pub(super) fn finish(self) {
            // SAFETY: the original handle is still open (this process never closed it).
            unsafe {
                SetStdHandle(self.id, self.original);
            }
            drop(self.writer);
            let _ = self.thread.join();
        }
    }

    pub(super) fn redirect_all(encoding: &'static Encoding) -> Vec<Redirect> {
        [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE].into_iter().filter_map(|id| redirect(id, encoding)).collect()
    }

    fn redirect(id: STD_HANDLE, encoding: &'static Encoding) -> Option<Redirect> {
        // SAFETY: reads this process's standard handle.
        let original = unsafe { GetStdHandle(id) };
        if !usable(original) || is_console(original) {
            return None;
        }
        let (mut reader, writer) = std::io::pipe().ok()?;
        // The thread writes through the original handle without owning it: it is put back as
        // the standard handle at the end, and closed by Windows when the process exits.
        // SAFETY: `original` is an open handle of this process.
        let mut target = ManuallyDrop::new(unsafe { File::from_raw_handle(original) });
        let thread = std::thread::Builder::new()
            .name("console-encoding".into())
            .spawn(move || {
                let mut transcoder = Transcoder::new(encoding);
                let mut buf = vec![0u8; 16 * 1024];
                let mut encoded = Vec::new();
                let mut broken = false;
                loop {
                    let n = match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    encoded.clear();
                    transcoder.push(&buf[..n], &mut encoded);
                    // A closed pipe (`| findstr` ended) drops the rest, as writing straight would.
                    broken = broken || target.write_all(&encoded).is_err();
                }
                encoded.clear();
                transcoder.finish(&mut encoded);
                if !broken {
                    let _ = target.write_all(&encoded);
                    let _ = target.flush();
                }
            })
            .ok()?;
        // SAFETY: the pipe's write end stays open in `Redirect` until it is put back.
        unsafe {
            SetStdHandle(id, writer.as_raw_handle());
        }
        Some(Redirect { id, original, writer, thread })
    }
}

#[cfg(test)]
mod tests {
    use super::{Transcoder, output_encoding};
    use encoding_rs::{GB18030, GBK};

    #[test]
    fn chinese_code_pages_get_gb18030_and_the_rest_keep_utf8() {
        assert_eq!(output_encoding(936, None), Some(GB18030));
        assert_eq!(output_encoding(54936, None), Some(GB18030));
        assert_eq!(output_encoding(65001, None), None);
        assert_eq!(output_encoding(437, None), None);
        assert_eq!(output_encoding(1252, None), None);
        assert_eq!(output_encoding(936, Some("UTF-8")), None);
        assert_eq!(output_encoding(936, Some("gbk")), Some(GB18030));
    }

    /// Output that reaches the pipe in arbitrary pieces reads right in code page 936.
    #[test]
    fn split_utf8_reads_back_as_gbk() {
        let text =
            "检查人员：赵彧、李堃、王喆、陈昇\n审计链完整：12 条审计记录。\n{\"unit\": \"区综合执法局（城管）\"}\n";
        let whole = GB18030.encode(text).0.into_owned();
        for piece in 1..=7 {
            let mut transcoder = Transcoder::new(GB18030);
            let mut out = Vec::new();
            for chunk in text.as_bytes().chunks(piece) {
                transcoder.push(chunk, &mut out);
            }
            transcoder.finish(&mut out);
            assert_eq!(out, whole, "pieces of {piece} bytes");
            let (read, _, bad) = GBK.decode(&out);
            assert!(!bad);
            assert_eq!(read, text);
        }
    }

    #[test]
    fn characters_beyond_gbk_and_broken_bytes_are_kept_or_marked() {
        let mut transcoder = Transcoder::new(GB18030);
        let mut out = Vec::new();
        // 𠀾 is outside GBK: GB18030 writes it in four bytes (code page 54936 reads it).
        transcoder.push("𠀾 ok".as_bytes(), &mut out);
        transcoder.push(&[0xff, b'\n', 0xe6, 0xa3], &mut out);
        transcoder.finish(&mut out);
        let (read, _, _) = GB18030.decode(&out);
        assert_eq!(read, "𠀾 ok\u{fffd}\n\u{fffd}");
    }
}
