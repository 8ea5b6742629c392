//! The document model of a feedback sheet: plain data that says what is printed, in order, and
//! nothing about where. The renderer decides the layout; whoever builds a `SheetDoc` (from the
//! store, for signing) never deals with points or pages.

use serde::{Deserialize, Serialize};

/// One feedback sheet (反馈意见), ready to print.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetDoc {
    /// The title, centred at the top of the first page in the larger serif face
    /// (e.g. `区综合执法局行政处罚案卷抽查反馈意见`).
    pub title: String,
    /// A line under the title, e.g. the document number `鲅倒查反馈〔2017〕3号`.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The body, top to bottom.
    pub blocks: Vec<Block>,
    /// The signature boxes, two to a row, after the body.
    #[serde(default)]
    pub signatures: Vec<SignatureBox>,
    /// The verification block (QR code, digest, closing lines) after the signatures.
    #[serde(default)]
    pub footer: Footer,
    /// A sheet that is not signed: every page carries `草稿（未签署）`.
    pub draft: bool,
    /// Which layout rules draw it. Left out of the serialised form for [`Style::V1`], so a
    /// document of the first renderer hashes (for the trailer `/ID`) exactly as it always did.
    #[serde(default, skip_serializing_if = "Style::is_v1")]
    pub style: Style,
    /// [`Style::V2`]: the mark on every page beside the page number (`第 1 版 · 校验码 9763F26E`),
    /// so a page cannot be stapled to another version unnoticed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_mark: Option<String>,
    /// [`Style::V2`]: the end of the text that shares the page with the signatures (the date and
    /// issuer, the unit's opinion, the place for the seal): laid out together with them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing: Vec<Block>,
    /// [`Style::V2`]: what follows the signatures and the verification block (核验信息).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appendix: Vec<Block>,
    /// [`Style::V2`]: the document's date in the information dictionary and its XMP metadata
    /// (`D:20170912063000Z` form's source, RFC 3339 UTC): the signing time, so the bytes depend
    /// on nothing but the signed content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// [`Style::Document`]: the 版头 of an official document — the issuing body's mark in red, the
    /// document number under it and the red rule — above the title on the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masthead: Option<Masthead>,
}

/// The 版头 of an official document (GB/T 9704-2012 7.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Masthead {
    /// 发文机关标志, e.g. `营口市鲅鱼圈区人民政府办公室文件`, printed large in red.
    pub issuer: String,
    /// 发文字号, e.g. `鲅政办发〔2017〕45号`, centred under it, above the red rule.
    pub number: String,
}

/// The layout rules a sheet is drawn with. A renderer, once it has drawn a signed sheet, never
/// changes: later rules are a new style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// `daocha-sheet-renderer-1` (sheet formats 1 and 2).
    #[default]
    V1,
    /// `daocha-sheet-renderer-2` (sheet format 3): a mark with the version and check code on every
    /// page, dates never broken across lines, Latin runs not letter-spaced, the signatures on the
    /// page of the closing text, font subset tags unique to the document, a creation date and XMP
    /// metadata.
    V2,
    /// `daocha-document-renderer-1`: an official document after GB/T 9704-2012 (公文, the
    /// district-wide notice 全区通报): the 版头 ([`Masthead`]), the body in 三号 (16 pt) at 22 lines a
    /// page, page numbers `— 1 —` in 四号 outside the text block, odd pages right and even pages
    /// left. Otherwise the rules of [`Style::V2`].
    Document,
}

impl Style {
    /// The first style (the default, left out when serialised).
    pub fn is_v1(&self) -> bool {
        *self == Style::V1
    }
}

/// A piece of the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// A heading (`一、检查基本情况`) in the 黑体 role, indented two characters like body text,
    /// kept on the same page as the start of what follows it.
    Heading(String),
    /// Body text in the serif face, first line indented two characters, justified. A `\n`
    /// starts a new line without a new indent.
    Paragraph(String),
    /// Label/value pairs in two columns (`受检单位：区综合执法局`); long values wrap under their
    /// value column. A missing `：` after the label is added.
    KeyValues(Vec<(String, String)>),
    /// A ruled table. Cells wrap inside their column (a `\n` in a cell starts a new line); a
    /// row is never split across pages unless it is taller than a page; when a table continues
    /// on the next page its header row is repeated.
    Table {
        /// Column headers, printed in the 黑体 role on a light grey band.
        headers: Vec<String>,
        /// Relative column widths (any positive numbers; scaled to the text block width). A
        /// missing or non-positive width counts as 1.
        widths: Vec<f32>,
        /// The rows; a missing cell prints empty, surplus cells are ignored.
        rows: Vec<Vec<String>>,
        /// Per-column alignment; missing entries are [`Align::Left`].
        #[serde(default)]
        align: Vec<Align>,
    },
    /// The issuing body's name (one or more lines) and, last, the date, set to the right as
    /// GB/T 9704-2012 sets them on a document without a seal (`区行政处罚专项整治抽查小组` /
    /// `2017年9月12日`). Lines must fit on one line each.
    RightAligned(Vec<String>),
    /// Body text flush left, with no first-line indent: an official document's 主送机关
    /// (`各镇、办事处，驻区执法单位，区本级执法部门及所属执法机构：`).
    Unindented(String),
    /// A horizontal bar chart (`图1　发现问题按类别分布`): its title centred above, then one row per
    /// label — the label on the left, a filled bar whose length is its value over the largest
    /// value, and the value as text after the bar. Drawn only in [`Style::Document`] (the sheets'
    /// styles ignore it, so they render as before); it stays inside the text block, a row is never
    /// split, and the whole chart moves to the next page when it fits on one. A Word copy
    /// (`to_docx`) that cannot draw bars gives the same content as a two-column table of label and
    /// value under the title. Labels and values are paired by position; a missing value is 0.
    Bars {
        /// The chart's title.
        title: String,
        /// One label per bar, top to bottom.
        labels: Vec<String>,
        /// One value per label.
        values: Vec<u32>,
    },
}

/// Horizontal alignment of a table column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Flush left (text).
    #[default]
    Left,
    /// Centred (numbers of order, grades).
    Center,
    /// Flush right (amounts: `1,500.00`).
    Right,
}

/// The width and height of the box that signature strokes are given in: points run from
/// `[0, 0]` (top left) to `[1000, 400]` (bottom right), y pointing down.
pub const STROKE_BOX: [f32; 2] = [1000.0, 400.0];

/// One signature: who signs, in what role, and the handwriting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureBox {
    /// The role, e.g. `检查人员` or `受检单位负责人`.
    pub role: String,
    /// The printed name, e.g. `李堃`.
    pub name: String,
    /// The handwritten strokes, each a polyline of points in the [`STROKE_BOX`] (1000 × 400, y
    /// down). Drawn as vector paths, scaled into the box. Empty: a blank box to sign on paper.
    #[serde(default)]
    pub strokes: Vec<Vec<[f32; 2]>>,
    /// Small print under the box, e.g. the key fingerprint and the signing time; `\n` starts a
    /// new line.
    #[serde(default)]
    pub note: Option<String>,
}

/// The verification block printed after the signatures on the last page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Footer {
    /// The digest of the signed content, printed as given after `签署内容摘要：`.
    #[serde(default)]
    pub digest: Option<String>,
    /// When present, a QR code of this text is drawn (as vector squares) with the digest and
    /// the lines beside it. At most about 2,300 bytes (QR version 40, level M); longer is
    /// [`super::SheetError::QrTooLong`].
    #[serde(default)]
    pub qr_payload: Option<String>,
    /// Small-print lines (how to verify, how many copies …).
    #[serde(default)]
    pub lines: Vec<String>,
}

/// What the PDF carries besides what it shows: the signed content and the signatures, as one
/// UTF-8 text (the caller's canonical JSON). Stored as an attached file and given back
/// byte-for-byte by [`super::read_embedded`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Embedded {
    /// The text to attach. Empty: nothing is attached.
    pub payload: String,
}

impl Embedded {
    /// Nothing attached (a draft, a preview).
    pub fn none() -> Self {
        Embedded::default()
    }

    /// Attaches `payload`.
    pub fn payload(payload: impl Into<String>) -> Self {
        Embedded { payload: payload.into() }
    }
}
