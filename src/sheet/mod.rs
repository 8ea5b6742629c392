//! The feedback sheet (反馈意见) as an A4 PDF: a document model ([`SheetDoc`]), a renderer
//! ([`render`]) and a reader for what a sheet carries ([`read_embedded`], [`extract_text`]). An
//! official document ([`Style::Document`]) also has an editable Word copy ([`to_docx`]).
//!
//! # Layout (after GB/T 9704-2012, adjusted for a form)
//! - A4 portrait; text block 156 × 225 mm, top margin (天头) 37 mm, left margin (订口) 28 mm.
//! - Title 22 pt (二号) Noto Serif CJK, centred. GB/T 9704 sets the body in 16 pt (三号) at 22
//!   lines a page; a sheet with a sample table, findings per case and rectification deadlines
//!   would then run to five or six pages. The standard allows a form to adjust
//!   (特定情况可以作适当调整), so the body is 12 pt (小四号) on a fixed pitch of 225 mm / 30 =
//!   21.26 pt — 30 lines a page, about 36 characters a line — and tables are 10.5 pt (五号) on
//!   a 15 pt pitch. A typical sheet is one to three pages and stays readable on paper.
//! - Headings in the 黑体 role (Noto Sans CJK) at body size, indented two characters like
//!   paragraphs; paragraphs justified, first line indented two characters.
//! - Lines break per character, measured with the faces' own advances, with 避头尾: closing
//!   punctuation never starts a line, opening punctuation never ends one, and runs of digits
//!   and Latin letters (`1,500.00`) are not split (module `linebreak`).
//! - `第 N 页 共 M 页` centred under the text block: the pages are laid out first, then drawn
//!   with the total known.
//! - The issuing body and the date (`Block::RightAligned`) follow GB/T 9704-2012 7.3.5.2 for a
//!   document without a seal; signatures come two to a row and stay together with the QR code
//!   and digest that follow them.
//! - A draft carries a large grey diagonal `草稿（未签署）` across every page, drawn over the
//!   content in *multiply* blend (it shows on white and on grey table headers alike, and the
//!   text under it stays black), and the same words in red in a header line above the text
//!   block (so `pdftotext` shows them).
//!
//! # Fonts
//! Both faces are embedded as subsets (printpdf's `text_layout` subsetting), so a page costs
//! only the glyphs on it. They are parsed once per process ([`Fonts::shared`]); call
//! [`preload_fonts`] on a worker thread at start-up to take that cost off the first export.
//! Resource names are fixed (`DCSONG`, `DCHEIT`), and the trailer `/ID` is a hash of the input,
//! so the same `SheetDoc` and payload always render to the same bytes. Measured in a debug
//! build (dependencies at `opt-level = 1`) on a busy two-core machine: parsing both faces
//! 40–50 ms once; a one-page sheet 30–65 KB in about 25 ms; the five-page sample 130 KB in
//! 50–100 ms.
//!
//! # What a sheet carries, and how it is read back
//! - The payload (the signed canonical content and the signatures, given by the caller) is an
//!   attached file, `daocha-signed.json` in the catalog's `/EmbeddedFiles` name tree: viewers
//!   list it as an attachment and leave it alone, and [`read_embedded`] returns it byte for
//!   byte. printpdf builds the document; lopdf (the copy printpdf itself uses) adds the
//!   attachment before saving.
//! - [`extract_text`] reads the text each page *draws*: it decodes the content streams and maps
//!   each glyph code back through daocha's own fonts, not through the PDF's `/ToUnicode` map. A
//!   forger who changes what a page shows has to change the codes drawn, and that shows up;
//!   one who only rewrites `/ToUnicode` (so that copying text gives something else) changes
//!   nothing here. [`page_texts`] gives what the renderer draws for a `SheetDoc`, in the same
//!   form, so a verifier rebuilds the document from the signed content and compares page by
//!   page. What text comparison cannot see — redrawn glyph outlines inside an embedded font,
//!   pictures pasted over a page — is caught by rendering the signed content again and comparing
//!   the bytes, which the deterministic output allows; [`extract_text`] also refuses pages that
//!   use fonts, images or annotations this renderer never writes.

mod docx;
mod draw;
pub mod fonts;
mod layout;
mod linebreak;
mod model;
mod qr;
mod read;
mod sample;

pub use docx::{DocxError, to_docx};
pub use fonts::{Face, Fonts};
pub use model::{Align, Block, Embedded, Footer, Masthead, STROKE_BOX, SheetDoc, SignatureBox, Style};
pub use read::{extract_text, read_embedded, same_drawing};
pub use sample::sample_doc;

/// What can go wrong making or reading a sheet. The messages are shown to people as they are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// A built-in font could not be read (a broken build).
    #[error("内置字体“{0}”无法读取，无法生成反馈意见 PDF。请重新安装倒查。")]
    Font(String),
    /// A character that neither font can print.
    #[error("字符“{ch}”（U+{code:04X}）无法打印：内置字体中没有该字。请改用常用写法，或用文字说明。出现在：{context}")]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// The text it appears in (shortened).
        context: String,
    },
    /// The QR payload is longer than a QR code holds.
    #[error("二维码内容过长（{bytes} 字节），二维码最多容纳约 2,300 字节：请只放摘要和公钥指纹。")]
    QrTooLong {
        /// The payload's length in bytes.
        bytes: usize,
    },
    /// The PDF library reported a failure.
    #[error("生成 PDF 失败：{0}")]
    Render(String),
    /// The bytes are not a readable PDF.
    #[error("该文件不是有效的 PDF，或已损坏、不完整：{0}")]
    NotPdf(String),
    /// A PDF, but not a sheet written by daocha, or one altered since.
    #[error("该 PDF 不是由倒查生成的反馈意见，或其内容已被改动：{0}")]
    NotOurs(String),
}

/// Why an official document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file's name says neither PDF nor Word.
    #[error("输出文件应以 .pdf 或 .docx 结尾：{0}")]
    Extension(String),
    /// The document could not be made.
    #[error("{0}")]
    Render(String),
    /// The file could not be written.
    #[error("无法写入“{path}”：{reason}。请确认文件夹存在、文件没有在其他程序中打开。")]
    Write {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Whether `path` names the Word copy (`.docx`) rather than the PDF; an error for any other name.
pub fn is_docx(path: &std::path::Path) -> Result<bool, WriteError> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("pdf") => Ok(false),
        Some("docx") => Ok(true),
        _ => Err(WriteError::Extension(crate::paths::shown(path))),
    }
}

/// Writes an official document (`Style::Document`) to `path` as PDF or as .docx by its name,
/// whole or not at all (no embedded payload). Returns whether it wrote the Word copy.
pub fn write_document(doc: &SheetDoc, path: &std::path::Path) -> Result<bool, WriteError> {
    let docx = is_docx(path)?;
    let bytes = if docx {
        to_docx(doc).map_err(|e| WriteError::Render(e.to_string()))?
    } else {
        render(doc, &Embedded::none()).map_err(|e| WriteError::Render(e.to_string()))?
    };
    crate::paths::write_atomically(path, &bytes)
        .map_err(|e| WriteError::Write { path: crate::paths::shown(path), reason: crate::io_text::reason(&e) })?;
    Ok(docx)
}

/// Renders `doc` to the bytes of a PDF, attaching `embedded`'s payload (see the module docs).
pub fn render(doc: &SheetDoc, embedded: &Embedded) -> Result<Vec<u8>, SheetError> {
    let fonts = Fonts::shared()?;
    let pages = layout::layout(doc, fonts)?;
    draw::to_pdf(doc, &pages, fonts, embedded)
}

/// The text each page of `doc` draws, one string per page, lines separated by `\n`, exactly as
/// [`extract_text`] reads it back from the rendered PDF.
pub fn page_texts(doc: &SheetDoc) -> Result<Vec<String>, SheetError> {
    let fonts = Fonts::shared()?;
    let pages = layout::layout(doc, fonts)?;
    Ok(pages.iter().map(|page| page.text(fonts)).collect())
}

/// Parses the fonts now (tens of milliseconds), so the first [`render`] does not wait for it.
pub fn preload_fonts() -> Result<(), SheetError> {
    Fonts::shared().map(|_| ())
}
