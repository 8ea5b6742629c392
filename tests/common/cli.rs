//! What the command-line tests share: running the binary, and reading back the documents it
//! writes (a PDF's text, a .docx's text) the way a reader would.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// Runs `daocha` with `args`: exit code, stdout, stderr.
pub fn daocha(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_daocha")).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The PDF's text: pdftotext's when it is installed (what a reader copies), else what daocha's
/// own reader finds drawn (under Wine, one line per text item).
pub fn pdf_text(path: &Path) -> String {
    match Command::new("pdftotext").args(["-layout", path.to_str().unwrap(), "-"]).output() {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap(),
        _ => {
            eprintln!("pdftotext 不可用：改用倒查自己的读取");
            daocha::sheet::extract_text(&std::fs::read(path).unwrap()).unwrap().join("\n")
        }
    }
}

/// The text of a .docx's body: every `w:t` run of word/document.xml, paragraphs on lines.
pub fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    for piece in xml.split('<') {
        if let Some(text) = piece.strip_prefix("w:t>").or_else(|| piece.strip_prefix("w:t xml:space=\"preserve\">")) {
            out.push_str(&text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
        } else if piece.starts_with("/w:p>") {
            out.push('\n');
        }
    }
    out
}

/// A page number as a reader gets it back: `— 12 —` (a table cell of just `—` is no page number).
pub fn is_folio(line: &str) -> bool {
    let inner = line.trim().strip_prefix('—').and_then(|l| l.strip_suffix('—')).unwrap_or_default().trim();
    !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit())
}

/// A reader's text without the spaces justification and layout put between characters, and
/// without the page numbers (which a reader finds between the lines where a page breaks).
pub fn compact(text: &str) -> String {
    text.lines().filter(|l| !is_folio(l)).flat_map(str::chars).filter(|c| !c.is_whitespace()).collect()
}
