//! Pass one: where everything goes. The document flows into pages of positioned items (lines of
//! text, rules, fills, ink); pass two ([`super::draw`]) turns them into PDF operations. Page
//! furniture that needs the page count (`第 N 页 共 M 页`) is added once the flow is done.
//!
//! Coordinates here are points from the top-left corner of the page, y down; `draw` flips them.

use super::SheetError;
use super::fonts::{Face, Fonts};
use super::linebreak::{BrokenLine, break_lines};
use super::model::{Align, Block, STROKE_BOX, SheetDoc, SignatureBox, Style};
use super::qr::QrModules;

/// Millimetres to points.
pub(crate) const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A4 portrait.
pub(crate) const PAGE_W: f32 = mm(210.0);
pub(crate) const PAGE_H: f32 = mm(297.0);
/// GB/T 9704-2012: 天头 37 mm, 订口 28 mm, text block 156 × 225 mm.
const LEFT: f32 = mm(28.0);
const TOP: f32 = mm(37.0);
const BLOCK_W: f32 = mm(156.0);
const BLOCK_H: f32 = mm(225.0);
const BOTTOM: f32 = TOP + BLOCK_H;

/// Title: 二号.
const TITLE_SIZE: f32 = 22.0;
const TITLE_PITCH: f32 = 32.0;
/// Body: 小四号 on 30 lines a page (see the module docs of `sheet`).
const BODY_SIZE: f32 = 12.0;
const PITCH: f32 = BLOCK_H / 30.0;
/// Tables: 五号.
/// An official document's body: 三号 at 22 lines a page (GB/T 9704-2012 5.2.3).
const DOCUMENT_SIZE: f32 = 16.0;
const DOCUMENT_PITCH: f32 = BLOCK_H / 22.0;
/// The largest size of the issuing body's mark (发文机关标志); a long name is set smaller to fit.
const MASTHEAD_MAX: f32 = 42.0;
/// Page numbers of an official document: 四号.
const FOLIO_SIZE: f32 = 14.0;

const TABLE_SIZE: f32 = 10.5;
const TABLE_PITCH: f32 = 15.0;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 4.0;
/// Bar charts of an official document ([`Block::Bars`]): labels and values in 小四, one bar a
/// row; a label takes at most this share of the text block's width.
const BAR_TEXT_SIZE: f32 = 12.0;
const BAR_PITCH: f32 = 20.0;
const BAR_HEIGHT: f32 = 11.0;
const BAR_LABEL_SHARE: f32 = 0.35;
/// Small print: signature notes, the verification block.
const SMALL_SIZE: f32 = 8.5;
const SMALL_PITCH: f32 = 12.0;
/// Page numbers and the draft header.
const FURNITURE_SIZE: f32 = 10.5;
/// Signature frames keep the 1000 × 400 aspect of the stroke box.
const SIGN_FRAME_W: f32 = mm(55.0);
const SIGN_FRAME_H: f32 = SIGN_FRAME_W * STROKE_BOX[1] / STROKE_BOX[0];
const SIGN_LABEL_PITCH: f32 = 17.0;
/// The QR code's side, at most; its modules are at most 1 mm.
const QR_MAX: f32 = mm(30.0);
const QR_MODULE_MAX: f32 = mm(1.0);
/// Rules.
const RULE: f32 = 0.6;
/// Where the ideographic em box sits: its top is this far above the baseline (Noto CJK: 880/1000).
const ASCENT: f32 = 0.88;

/// The words of a draft.
pub(crate) const DRAFT_MARK: &str = "草稿（未签署）";
const DRAFT_HEADER: &str = "草稿（未签署）　本稿尚未签署，仅供核对，不作为正式反馈意见";

/// A colour on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Ink {
    /// Text and rules.
    Black,
    /// Grey, 0 = black, 1 = white.
    Grey(f32),
    /// The draft header.
    Red,
    /// Handwriting.
    BlueBlack,
}

/// One line of text: runs of characters, each in the face that draws them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TextLine {
    /// Left end of the baseline.
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    /// Extra space after each character (justification), in points.
    pub spacing: f32,
    pub runs: Vec<(Face, String)>,
    pub ink: Ink,
}

/// A thing on a page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Item {
    Text(TextLine),
    /// Text turned `angle_deg` counter-clockwise about its centre `(cx, cy)`.
    Rotated {
        line: TextLine,
        cx: f32,
        cy: f32,
        width: f32,
        angle_deg: f32,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        ink: Ink,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        ink: Ink,
    },
    /// Handwriting: polylines in page coordinates.
    Strokes {
        strokes: Vec<Vec<(f32, f32)>>,
        width: f32,
    },
}

/// One laid-out page.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// The text the page draws, one line per text item, in drawing order, each character as a
    /// reader gets it back from the PDF.
    pub(crate) fn text(&self, fonts: &Fonts) -> String {
        let mut lines = Vec::new();
        for item in &self.items {
            let line = match item {
                Item::Text(line) | Item::Rotated { line, .. } => line,
                _ => continue,
            };
            lines.push(
                line.runs.iter().flat_map(|(face, s)| s.chars().map(|c| fonts.canonical(*face, c))).collect::<String>(),
            );
        }
        lines.join("\n")
    }
}

/// Lays `doc` out into pages.
pub(crate) fn layout(doc: &SheetDoc, fonts: &Fonts) -> Result<Vec<Page>, SheetError> {
    check_glyphs(doc, fonts)?;
    let mut flow = Flow::new(fonts, doc.style);
    if let (Style::Document, Some(masthead)) = (doc.style, &doc.masthead) {
        flow.masthead(masthead);
    }
    flow.title(&doc.title, doc.subtitle.as_deref());
    flow.blocks(&doc.blocks);
    let verification = flow.verification_block(&doc.footer)?;
    match doc.style {
        Style::V1 => {
            flow.signatures(&doc.signatures, verification.as_ref().map_or(0.0, |v| v.height));
            if let Some(block) = verification {
                flow.place_verification(block);
            }
        }
        Style::V2 | Style::Document => {
            // The end of the text and the signatures share a page: a signature page cannot be
            // taken off and put under another text. Measured by laying them out on a scratch page.
            let mut scratch = Flow::new(fonts, doc.style);
            scratch.blocks(&doc.closing);
            scratch.signatures(&doc.signatures, 0.0);
            if scratch.pages.len() == 1 {
                flow.need(scratch.y - TOP);
            }
            flow.blocks(&doc.closing);
            flow.signatures(&doc.signatures, 0.0);
            flow.blocks(&doc.appendix);
            if let Some(block) = verification {
                flow.place_verification(block);
            }
        }
    }
    let mut pages = flow.pages;
    add_furniture(&mut pages, doc, fonts);
    Ok(pages)
}

/// Every character must be printable in one of the faces: a name must never come out as a box.
fn check_glyphs(doc: &SheetDoc, fonts: &Fonts) -> Result<(), SheetError> {
    let mut texts: Vec<&str> = vec![&doc.title];
    texts.extend(doc.subtitle.as_deref());
    for block in doc.blocks.iter().chain(&doc.closing).chain(&doc.appendix) {
        match block {
            Block::Heading(t) | Block::Paragraph(t) | Block::Unindented(t) => texts.push(t),
            Block::KeyValues(pairs) => texts.extend(pairs.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()])),
            Block::Table { headers, rows, .. } => {
                texts.extend(headers.iter().map(String::as_str));
                texts.extend(rows.iter().flatten().map(String::as_str));
            }
            Block::RightAligned(lines) => texts.extend(lines.iter().map(String::as_str)),
            // The values are printed in ASCII digits, which both faces have.
            Block::Bars { title, labels, .. } => {
                texts.push(title);
                texts.extend(labels.iter().map(String::as_str));
            }
        }
    }
    for sig in &doc.signatures {
        texts.extend([sig.role.as_str(), sig.name.as_str()]);
        texts.extend(sig.note.as_deref());
    }
    texts.extend(doc.footer.digest.as_deref());
    texts.extend(doc.page_mark.as_deref());
    texts.extend(doc.footer.lines.iter().map(String::as_str));
    if let Some(masthead) = &doc.masthead {
        texts.extend([masthead.issuer.as_str(), masthead.number.as_str()]);
    }
    for text in texts {
        for ch in clean(text).chars() {
            if ch != '\n' && fonts.resolve(Face::Serif, ch).is_none() {
                let context: String = text.chars().take(30).collect();
                return Err(SheetError::MissingGlyph { ch, code: u32::from(ch), context });
            }
        }
    }
    Ok(())
}

/// Tabs become spaces; other control characters (and `\r`) go, and so do the invisible
/// formatting characters text pasted from the web or a word processor brings along (zero-width
/// spaces and joiners, direction marks, byte-order marks), which no face draws.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c == '\t' {
                Some(' ')
            } else if (c.is_control() && c != '\n') || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}') {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Labels, signature roles and footer lines have no hard line breaks.
fn one_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

/// The flow of content down the pages.
struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    /// The top of the next line, on the last page.
    y: f32,
    /// The layout rules.
    style: Style,
    /// The body's size (pt).
    body: f32,
    /// The body's line pitch (pt).
    pitch: f32,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a Fonts, style: Style) -> Flow<'a> {
        let (body, pitch) = match style {
            Style::V1 | Style::V2 => (BODY_SIZE, PITCH),
            Style::Document => (DOCUMENT_SIZE, DOCUMENT_PITCH),
        };
        Flow { fonts, pages: vec![Page::default()], y: TOP, style, body, pitch }
    }
}

impl Flow<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading(text) => self.heading(text),
                Block::Paragraph(text) => self.paragraph(text, 2.0),
                Block::Unindented(text) => self.paragraph(text, 0.0),
                Block::KeyValues(pairs) => self.key_values(pairs),
                Block::Table { headers, widths, rows, align } => self.table(headers, widths, rows, align),
                Block::RightAligned(lines) => self.right_aligned(lines),
                Block::Bars { title, labels, values } => {
                    if self.style == Style::Document {
                        self.bars(title, labels, values);
                    }
                }
            }
        }
    }

    /// The extra space per character that justifies `line` to `width`. The second style leaves a
    /// line with a Latin word or a number of three or more characters ragged rather than
    /// letter-spacing it (`LY20170912_0930.mp4` stays one word).
    fn justify(&self, line: &BrokenLine, width: f32, size: f32) -> f32 {
        if self.style == Style::V2 {
            let mut run = 0;
            for ch in line.text.chars() {
                run = if ch.is_ascii_alphanumeric() || (run > 0 && matches!(ch, '.' | '_' | '-' | ':' | ',')) {
                    run + 1
                } else {
                    0
                };
                if run >= 3 {
                    return 0.0;
                }
            }
        }
        justify(line, width, size)
    }
    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    fn at_top(&self) -> bool {
        self.y <= TOP + 0.01
    }

    /// Starts a new page unless `height` fits here (or nothing would be gained).
    fn need(&mut self, height: f32) {
        if height > self.room() + 0.01 && !self.at_top() {
            self.new_page();
        }
    }

    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        text.chars().map(|c| char_width(self.fonts, face, size, c)).sum()
    }

    fn lines(&self, face: Face, size: f32, text: &str, first_width: f32, width: f32) -> Vec<BrokenLine> {
        let fonts = self.fonts;
        let keep_dates = self.style == Style::V2;
        break_lines(text, first_width, width, &|c| char_width(fonts, face, size, c), keep_dates)
    }

    fn runs(&self, face: Face, text: &str) -> Vec<(Face, String)> {
        runs(self.fonts, face, text)
    }

    /// A line of text in a box of height `pitch` whose top is `top`.
    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, top: f32, pitch: f32, size: f32, spacing: f32, runs: Vec<(Face, String)>, ink: Ink) {
        let baseline = top + (pitch - size) / 2.0 + ASCENT * size;
        self.push(Item::Text(TextLine { x, baseline, size, spacing, runs, ink }));
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.push(Item::Rule { x1, y1, x2, y2, width: RULE, ink: Ink::Black });
    }

    fn title(&mut self, title: &str, subtitle: Option<&str>) {
        let title = clean(title);
        let mut lines = self.lines(Face::Serif, TITLE_SIZE, &title, BLOCK_W, BLOCK_W);
        if self.style == Style::Document && lines.len() > 1 {
            // GB/T 9704 7.3.1: a title over several lines is set 梯形或菱形, not one full line and a
            // stub: the same number of lines, as even as they come.
            let even = lines.iter().map(|l| l.width).sum::<f32>() / lines.len() as f32 + TITLE_SIZE;
            let balanced = self.lines(Face::Serif, TITLE_SIZE, &title, even, even);
            if balanced.len() == lines.len() {
                lines = balanced;
            }
        }
        for line in lines {
            let runs = self.runs(Face::Serif, &line.text);
            self.text(LEFT + (BLOCK_W - line.width) / 2.0, self.y, TITLE_PITCH, TITLE_SIZE, 0.0, runs, Ink::Black);
            self.y += TITLE_PITCH;
        }
        if let Some(subtitle) = subtitle {
            for line in self.lines(Face::Serif, self.body, &clean(subtitle), BLOCK_W, BLOCK_W) {
                let runs = self.runs(Face::Serif, &line.text);
                self.text(LEFT + (BLOCK_W - line.width) / 2.0, self.y, self.pitch, self.body, 0.0, runs, Ink::Black);
                self.y += self.pitch;
            }
        }
        // An official document leaves a whole line under its title (before 主送机关).
        self.y += if self.style == Style::Document { self.pitch } else { self.pitch / 2.0 };
    }

    /// The 版头 (GB/T 9704-2012 7.2): the issuing body's mark in red, centred, its top 35 mm below
    /// the text block's top, as large as fits up to [`MASTHEAD_MAX`]; the document number two
    /// blank lines under it; the red rule 4 mm under the number, as wide as the text block; the title
    /// two lines under the rule.
    fn masthead(&mut self, masthead: &super::model::Masthead) {
        let issuer = one_line(&masthead.issuer);
        let natural = self.width(Face::Serif, 1.0, &issuer).max(1.0);
        let size = (BLOCK_W / natural).min(MASTHEAD_MAX);
        let pitch = size * 1.25;
        self.y = TOP + mm(35.0);
        let runs = self.runs(Face::Serif, &issuer);
        self.text(LEFT + (BLOCK_W - natural * size) / 2.0, self.y, pitch, size, 0.0, runs, Ink::Red);
        // 下空二行 (7.2.3).
        self.y += pitch + 2.0 * self.pitch;
        let number = one_line(&masthead.number);
        if !number.trim().is_empty() {
            let width = self.width(Face::Serif, self.body, &number);
            let runs = self.runs(Face::Serif, &number);
            self.text(LEFT + (BLOCK_W - width) / 2.0, self.y, self.pitch, self.body, 0.0, runs, Ink::Black);
            self.y += self.pitch;
        }
        let rule = self.y + mm(4.0);
        self.push(Item::Rule { x1: LEFT, y1: rule, x2: LEFT + BLOCK_W, y2: rule, width: 1.2, ink: Ink::Red });
        // The title 下空二行 under the rule (7.3.1).
        self.y = rule + 2.0 * self.pitch;
    }

    fn heading(&mut self, text: &str) {
        let indent = 2.0 * self.body;
        let lines = self.lines(Face::Sans, self.body, &clean(text), BLOCK_W - indent, BLOCK_W);
        // Keep the heading with the first two lines of what follows.
        self.need((lines.len() + 2) as f32 * self.pitch);
        for (i, line) in lines.iter().enumerate() {
            let x = if i == 0 { LEFT + indent } else { LEFT };
            let runs = self.runs(Face::Sans, &line.text);
            self.text(x, self.y, self.pitch, self.body, 0.0, runs, Ink::Black);
            self.y += self.pitch;
        }
    }

    /// Body text, justified, its first line indented by `indent_chars` characters.
    fn paragraph(&mut self, text: &str, indent_chars: f32) {
        let indent = indent_chars * self.body;
        let text = clean(text);
        let lines = self.lines(Face::Serif, self.body, &text, BLOCK_W - indent, BLOCK_W);
        for (i, line) in lines.iter().enumerate() {
            self.need(self.pitch);
            let (x, width) = if i == 0 { (LEFT + indent, BLOCK_W - indent) } else { (LEFT, BLOCK_W) };
            let spacing = self.justify(line, width, self.body);
            let runs = self.runs(Face::Serif, &line.text);
            self.text(x, self.y, self.pitch, self.body, spacing, runs, Ink::Black);
            self.y += self.pitch;
        }
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        let indent = 2.0 * self.body;
        let labels: Vec<String> = pairs
            .iter()
            .map(|(k, _)| {
                let k = one_line(k);
                let k = k.trim_end();
                if k.ends_with('：') || k.ends_with(':') { k.to_string() } else { format!("{k}：") }
            })
            .collect();
        let widest = labels.iter().map(|l| self.width(Face::Sans, self.body, l)).fold(0.0f32, f32::max);
        let label_w = widest.min((BLOCK_W - indent) * 0.4);
        let value_x = LEFT + indent + label_w;
        let value_w = BLOCK_W - indent - label_w;
        for (label, (_, value)) in labels.iter().zip(pairs) {
            let label_lines = self.lines(Face::Sans, self.body, label, label_w, label_w);
            let value_lines = self.lines(Face::Serif, self.body, &clean(value), value_w, value_w);
            let rows = label_lines.len().max(value_lines.len());
            if (rows as f32) * self.pitch <= BLOCK_H {
                self.need(rows as f32 * self.pitch);
            }
            for row in 0..rows {
                self.need(self.pitch);
                if let Some(line) = label_lines.get(row) {
                    let runs = self.runs(Face::Sans, &line.text);
                    self.text(LEFT + indent, self.y, self.pitch, self.body, 0.0, runs, Ink::Black);
                }
                if let Some(line) = value_lines.get(row) {
                    let spacing = self.justify(line, value_w, self.body);
                    let runs = self.runs(Face::Serif, &line.text);
                    self.text(value_x, self.y, self.pitch, self.body, spacing, runs, Ink::Black);
                }
                self.y += self.pitch;
            }
        }
    }

    /// The issuing body and the date, as GB/T 9704-2012 sets them on a document without a seal
    /// (7.3.5.2): one blank line after the text; the body's name two characters in from the
    /// right; the date under it, starting two characters to the right of where the name starts,
    /// unless that would push it past the same two-character margin (then the date keeps the
    /// margin and the name moves left with it).
    fn right_aligned(&mut self, lines: &[String]) {
        let em = self.body;
        let right = LEFT + BLOCK_W - 2.0 * em;
        let texts: Vec<String> = lines.iter().map(|l| one_line(l)).filter(|l| !l.trim().is_empty()).collect();
        let Some((date, names)) = texts.split_last() else {
            return;
        };
        let fonts = self.fonts;
        let body = self.body;
        let width = |t: &str| -> f32 { t.chars().map(|c| char_width(fonts, Face::Serif, body, c)).sum() };
        let names_w = names.iter().map(|n| width(n)).fold(0.0f32, f32::max);
        let date_w = width(date).min(BLOCK_W);
        let (names_x, date_x) = if names.is_empty() {
            (right, right - date_w)
        } else if right - names_w + 2.0 * em + date_w <= right {
            (right - names_w, right - names_w + 2.0 * em)
        } else {
            (right - date_w - 2.0 * em, right - date_w)
        };
        self.y += self.pitch;
        self.need((names.len() + 1) as f32 * self.pitch);
        for name in names {
            let runs = self.runs(Face::Serif, name);
            let x = names_x.max(LEFT) + (names_w - width(name)).max(0.0);
            self.text(x, self.y, self.pitch, self.body, 0.0, runs, Ink::Black);
            self.y += self.pitch;
        }
        let runs = self.runs(Face::Serif, date);
        self.text(date_x.max(LEFT), self.y, self.pitch, self.body, 0.0, runs, Ink::Black);
        self.y += self.pitch;
    }

    fn table(&mut self, headers: &[String], widths: &[f32], rows: &[Vec<String>], align: &[Align]) {
        let columns = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let weights: Vec<f32> =
            (0..columns).map(|i| widths.get(i).copied().filter(|w| w.is_finite() && *w > 0.0).unwrap_or(1.0)).collect();
        let total: f32 = weights.iter().sum();
        let col_w: Vec<f32> = weights.iter().map(|w| w / total * BLOCK_W).collect();
        let col_x: Vec<f32> = col_w.iter().scan(LEFT, |x, w| Some(std::mem::replace(x, *x + w))).collect();
        let cell_lines = |flow: &Self, face: Face, cells: &[String]| -> Vec<Vec<BrokenLine>> {
            (0..columns)
                .map(|i| {
                    let text = cells.get(i).map(|c| clean(c)).unwrap_or_default();
                    let inner = col_w[i] - 2.0 * CELL_PAD_X;
                    flow.lines(face, TABLE_SIZE, &text, inner, inner)
                })
                .collect()
        };
        let header = if headers.is_empty() { None } else { Some(cell_lines(self, Face::Sans, headers)) };
        let header_h = header.as_ref().map_or(0.0, |h| row_height(h));
        let bodies: Vec<Vec<Vec<BrokenLine>>> = rows.iter().map(|r| cell_lines(self, Face::Serif, r)).collect();
        let table = TableGeometry {
            col_x,
            col_w,
            align: (0..columns).map(|i| align.get(i).copied().unwrap_or_default()).collect(),
        };

        self.y += self.pitch / 4.0;
        let first_h = bodies.first().map_or(0.0, |r| row_height(r));
        self.need(header_h + first_h);
        if let Some(h) = &header {
            self.table_row(&table, h, Face::Sans, true, 0, usize::MAX);
        }
        for body in &bodies {
            let height = row_height(body);
            if height > self.room() + 0.01 && height + header_h <= BLOCK_H {
                // The row fits on a fresh page: move it there, under a repeated header.
                self.new_page();
                if let Some(h) = &header {
                    self.table_row(&table, h, Face::Sans, true, 0, usize::MAX);
                }
            }
            // Taller than a page: split it between lines.
            let lines = body.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut from = 0;
            let mut fresh_page = false;
            while from < lines {
                let mut fit = ((self.room() - 2.0 * CELL_PAD_Y) / TABLE_PITCH).floor().max(0.0) as usize;
                if fit == 0 && !fresh_page {
                    self.new_page();
                    if let Some(h) = &header {
                        self.table_row(&table, h, Face::Sans, true, 0, usize::MAX);
                    }
                    fresh_page = true;
                    continue;
                }
                // A header that leaves no room at all: print a line anyway rather than loop.
                fit = fit.max(1);
                fresh_page = false;
                let to = (from + fit).min(lines);
                self.table_row(&table, body, Face::Serif, false, from, to);
                from = to;
            }
        }
        self.y += self.pitch / 2.0;
    }

    /// A horizontal bar chart ([`Block::Bars`]): the title centred, then per label a row with the
    /// label set right against the axis, the bar and its value. The chart is kept on one page when
    /// it fits on one (else its title stays with the first row), and a row is never split.
    fn bars(&mut self, title: &str, labels: &[String], values: &[u32]) {
        let size = BAR_TEXT_SIZE;
        let gap = size / 2.0;
        let title_lines = self.lines(Face::Sans, size, &clean(title), BLOCK_W, BLOCK_W);
        let labels: Vec<String> = labels.iter().map(|l| one_line(l)).collect();
        let values: Vec<u32> = (0..labels.len()).map(|i| values.get(i).copied().unwrap_or(0)).collect();
        let max = values.iter().copied().max().unwrap_or(0);
        let value_w = values.iter().map(|v| self.width(Face::Serif, size, &v.to_string())).fold(0.0f32, f32::max);
        let widest = labels.iter().map(|l| self.width(Face::Serif, size, l)).fold(0.0f32, f32::max);
        let label_w = widest.min(BLOCK_W * BAR_LABEL_SHARE);
        let axis_x = LEFT + label_w + gap;
        let bar_max = (LEFT + BLOCK_W - axis_x - gap - value_w).max(0.0);
        let rows: Vec<Vec<BrokenLine>> =
            labels.iter().map(|l| self.lines(Face::Serif, size, l, label_w.max(size), label_w.max(size))).collect();
        let row_h = |lines: &Vec<BrokenLine>| lines.len().max(1) as f32 * BAR_PITCH;
        let title_h = title_lines.len() as f32 * BAR_PITCH;
        let first_h = rows.first().map_or(BAR_PITCH, row_h);
        let total = title_h + rows.iter().map(row_h).sum::<f32>().max(BAR_PITCH);

        self.y += self.pitch / 4.0;
        if total <= BLOCK_H {
            self.need(total)
        } else {
            self.need(title_h + first_h)
        }
        for line in title_lines {
            let runs = self.runs(Face::Sans, &line.text);
            self.text(LEFT + (BLOCK_W - line.width) / 2.0, self.y, BAR_PITCH, size, 0.0, runs, Ink::Black);
            self.y += BAR_PITCH;
        }
        if rows.is_empty() {
            let none = "（无）";
            let runs = self.runs(Face::Serif, none);
            let width = self.width(Face::Serif, size, none);
            self.text(LEFT + (BLOCK_W - width) / 2.0, self.y, BAR_PITCH, size, 0.0, runs, Ink::Black);
            self.y += BAR_PITCH;
        }
        for (lines, value) in rows.iter().zip(&values) {
            let height = row_h(lines);
            self.need(height);
            let top = self.y;
            let mut line_top = top;
            for line in lines {
                let runs = self.runs(Face::Serif, &line.text);
                self.text(axis_x - gap - line.width, line_top, BAR_PITCH, size, 0.0, runs, Ink::Black);
                line_top += BAR_PITCH;
            }
            let length = if max == 0 { 0.0 } else { bar_max * *value as f32 / max as f32 };
            if length > 0.0 {
                let y = top + (BAR_PITCH - BAR_HEIGHT) / 2.0;
                self.push(Item::Fill { x: axis_x, y, w: length, h: BAR_HEIGHT, ink: Ink::Grey(0.45) });
            }
            let runs = self.runs(Face::Serif, &value.to_string());
            self.text(axis_x + length + gap, top, BAR_PITCH, size, 0.0, runs, Ink::Black);
            self.rule(axis_x, top, axis_x, top + height);
            self.y += height;
        }
        self.y += self.pitch / 2.0;
    }

    /// Draws lines `from..to` of a row's cells at the cursor and moves down.
    fn table_row(
        &mut self,
        table: &TableGeometry,
        cells: &[Vec<BrokenLine>],
        face: Face,
        header: bool,
        from: usize,
        to: usize,
    ) {
        let shown = |c: &Vec<BrokenLine>| c.len().min(to).saturating_sub(from);
        let lines = cells.iter().map(shown).max().unwrap_or(0).max(1);
        let height = lines as f32 * TABLE_PITCH + 2.0 * CELL_PAD_Y;
        let top = self.y;
        let left = table.col_x.first().copied().unwrap_or(LEFT);
        let right = LEFT + BLOCK_W;
        if header {
            self.push(Item::Fill { x: left, y: top, w: right - left, h: height, ink: Ink::Grey(0.9) });
        }
        for (i, cell) in cells.iter().enumerate() {
            let count = shown(cell);
            // Centred vertically in the row.
            let mut line_top = top + CELL_PAD_Y + (lines - count) as f32 * TABLE_PITCH / 2.0;
            let inner_x = table.col_x[i] + CELL_PAD_X;
            let inner_w = table.col_w[i] - 2.0 * CELL_PAD_X;
            let align = if header { Align::Center } else { table.align[i] };
            for line in cell.iter().skip(from).take(count) {
                let x = match align {
                    Align::Left => inner_x,
                    Align::Center => inner_x + (inner_w - line.width) / 2.0,
                    Align::Right => inner_x + inner_w - line.width,
                };
                let runs = self.runs(face, &line.text);
                self.text(x, line_top, TABLE_PITCH, TABLE_SIZE, 0.0, runs, Ink::Black);
                line_top += TABLE_PITCH;
            }
        }
        self.rule(left, top, right, top);
        self.rule(left, top + height, right, top + height);
        for x in table.col_x.iter().copied().chain([right]) {
            self.rule(x, top, x, top + height);
        }
        self.y += height;
    }

    /// Signature boxes, two to a row. The rows stay together, with what follows them
    /// (`keep_with`: the verification block), when they fit on a page; else each row stays whole
    /// and the last one stays with what follows.
    fn signatures(&mut self, signatures: &[SignatureBox], keep_with: f32) {
        if signatures.is_empty() {
            return;
        }
        let gap = 2.0 * self.body;
        let col_w = (BLOCK_W - gap) / 2.0;
        let rows: Vec<SignatureRow<'_>> = signatures
            .chunks(2)
            .map(|pair| {
                let notes: Vec<Vec<BrokenLine>> = pair
                    .iter()
                    .map(|s| {
                        let note = s.note.as_deref().map(clean).unwrap_or_default();
                        if note.trim().is_empty() {
                            Vec::new()
                        } else {
                            self.lines(Face::Serif, SMALL_SIZE, &note, col_w, col_w)
                        }
                    })
                    .collect();
                let note_lines = notes.iter().map(Vec::len).max().unwrap_or(0);
                let height = SIGN_LABEL_PITCH + SIGN_FRAME_H + 4.0 + note_lines as f32 * SMALL_PITCH + self.pitch / 2.0;
                (pair, notes, height)
            })
            .collect();
        self.y += self.pitch / 2.0;
        let total: f32 = rows.iter().map(|r| r.2).sum::<f32>() + keep_with;
        if total <= BLOCK_H {
            self.need(total);
        }
        let count = rows.len();
        for (row, (pair, notes, height)) in rows.into_iter().enumerate() {
            let keep = if row + 1 == count { keep_with } else { 0.0 };
            if height + keep <= BLOCK_H {
                self.need(height + keep);
            } else {
                self.need(height);
            }
            let top = self.y;
            for (i, (sig, note)) in pair.iter().zip(&notes).enumerate() {
                let x = LEFT + i as f32 * (col_w + gap);
                let role = one_line(&sig.role);
                let role = role.trim_end();
                let label =
                    if role.ends_with('：') || role.is_empty() { role.to_string() } else { format!("{role}：") };
                let mut runs = self.runs(Face::Sans, &label);
                runs.extend(self.runs(Face::Serif, &one_line(&sig.name)));
                self.text(x, top, SIGN_LABEL_PITCH, TABLE_SIZE, 0.0, runs, Ink::Black);
                let frame_top = top + SIGN_LABEL_PITCH;
                let (x2, y2) = (x + SIGN_FRAME_W, frame_top + SIGN_FRAME_H);
                for (a, b, c, d) in
                    [(x, frame_top, x2, frame_top), (x, y2, x2, y2), (x, frame_top, x, y2), (x2, frame_top, x2, y2)]
                {
                    self.push(Item::Rule { x1: a, y1: b, x2: c, y2: d, width: 0.4, ink: Ink::Grey(0.6) });
                }
                let strokes = scale_strokes(&sig.strokes, x, frame_top);
                if !strokes.is_empty() {
                    self.push(Item::Strokes { strokes, width: 1.4 });
                }
                let mut line_top = y2 + 4.0;
                for line in note {
                    let runs = self.runs(Face::Serif, &line.text);
                    self.text(x, line_top, SMALL_PITCH, SMALL_SIZE, 0.0, runs, Ink::Grey(0.25));
                    line_top += SMALL_PITCH;
                }
            }
            self.y += height;
        }
    }

    /// The QR code with the digest and the closing lines beside it, measured; `None` when the
    /// footer has nothing to print; an error when the QR payload is too long to encode.
    fn verification_block(&self, footer: &super::model::Footer) -> Result<Option<Verification>, SheetError> {
        let qr = match footer.qr_payload.as_deref() {
            Some(payload) => Some(QrModules::new(payload).ok_or(SheetError::QrTooLong { bytes: payload.len() })?),
            None => None,
        };
        let module = qr.as_ref().map_or(0.0, |q| (QR_MAX / q.width as f32).min(QR_MODULE_MAX));
        let qr_side = qr.as_ref().map_or(0.0, |q| module * q.width as f32);
        let text_x = if qr.is_some() { LEFT + qr_side + mm(5.0) } else { LEFT };
        let text_w = LEFT + BLOCK_W - text_x;
        let mut texts: Vec<String> = Vec::new();
        if let Some(digest) = &footer.digest {
            texts.push(format!("签署内容摘要：{}", one_line(digest)));
        }
        texts.extend(footer.lines.iter().map(|l| one_line(l)));
        let lines: Vec<BrokenLine> =
            texts.iter().flat_map(|t| self.lines(Face::Serif, SMALL_SIZE, t, text_w, text_w)).collect();
        if qr.is_none() && lines.is_empty() {
            return Ok(None);
        }
        // A quiet zone of four modules (at least 2 mm) above the code.
        let gap = (4.0 * module).max(mm(2.0));
        let height = gap + qr_side.max(lines.len() as f32 * SMALL_PITCH);
        Ok(Some(Verification { qr, module, gap, text_x, lines, height }))
    }

    fn place_verification(&mut self, block: Verification) {
        self.need(block.height);
        let top = self.y + block.gap;
        if let Some(qr) = &block.qr {
            for (row, x0, run) in qr.dark_runs() {
                self.push(Item::Fill {
                    x: LEFT + x0 as f32 * block.module,
                    y: top + row as f32 * block.module,
                    w: run as f32 * block.module,
                    h: block.module,
                    ink: Ink::Black,
                });
            }
        }
        let mut line_top = top;
        for line in block.lines {
            let runs = self.runs(Face::Serif, &line.text);
            self.text(block.text_x, line_top, SMALL_PITCH, SMALL_SIZE, 0.0, runs, Ink::Grey(0.2));
            line_top += SMALL_PITCH;
        }
        self.y += block.height;
    }
}

/// A row of (up to) two signature boxes: the boxes, their notes broken into lines, the height.
type SignatureRow<'a> = (&'a [SignatureBox], Vec<Vec<BrokenLine>>, f32);

/// The verification block, measured before it is placed.
struct Verification {
    qr: Option<QrModules>,
    module: f32,
    gap: f32,
    text_x: f32,
    lines: Vec<BrokenLine>,
    height: f32,
}

/// Column positions of a table.
struct TableGeometry {
    col_x: Vec<f32>,
    col_w: Vec<f32>,
    align: Vec<Align>,
}

fn row_height(cells: &[Vec<BrokenLine>]) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * TABLE_PITCH + 2.0 * CELL_PAD_Y
}

/// The width of `ch` in the face that will draw it.
fn char_width(fonts: &Fonts, face: Face, size: f32, ch: char) -> f32 {
    fonts.resolve(face, ch).map_or(0.0, |f| fonts.advance(f, ch, size))
}

/// Splits `text` into runs of characters drawn by the same face (the preferred one, or the other
/// for the few ideographs only it has).
pub(crate) fn runs(fonts: &Fonts, face: Face, text: &str) -> Vec<(Face, String)> {
    let mut runs: Vec<(Face, String)> = Vec::new();
    for ch in text.chars() {
        let f = fonts.resolve(face, ch).unwrap_or(face);
        match runs.last_mut() {
            Some((last, s)) if *last == f => s.push(ch),
            _ => runs.push((f, ch.to_string())),
        }
    }
    runs
}

/// Extra space per character that makes a full line end exactly at the right edge; none on the
/// last line of a paragraph, and none when the gap is too wide to spread without showing.
fn justify(line: &BrokenLine, width: f32, size: f32) -> f32 {
    let gaps = line.text.chars().count().saturating_sub(1);
    if line.last || gaps == 0 {
        return 0.0;
    }
    let spacing = (width - line.width) / gaps as f32;
    if spacing > 0.0 && spacing <= size * 0.25 { spacing } else { 0.0 }
}

/// Signature strokes from the 1000 × 400 box into the frame at `(x, y)`.
fn scale_strokes(strokes: &[Vec<[f32; 2]>], x: f32, y: f32) -> Vec<Vec<(f32, f32)>> {
    let sx = SIGN_FRAME_W / STROKE_BOX[0];
    let sy = SIGN_FRAME_H / STROKE_BOX[1];
    strokes
        .iter()
        .map(|stroke| {
            stroke
                .iter()
                .filter(|p| p[0].is_finite() && p[1].is_finite())
                .map(|p| (x + p[0].clamp(0.0, STROKE_BOX[0]) * sx, y + p[1].clamp(0.0, STROKE_BOX[1]) * sy))
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Page numbers on every page (in the second style with the version and check code: a page of
/// one version cannot pass for a page of another); on a draft, the mark across the page and in a
/// header line.
fn add_furniture(pages: &mut [Page], doc: &SheetDoc, fonts: &Fonts) {
    let draft = doc.draft;
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut items = Vec::new();
        if draft {
            let width: f32 = DRAFT_HEADER.chars().map(|c| char_width(fonts, Face::Sans, FURNITURE_SIZE, c)).sum();
            items.push(Item::Text(TextLine {
                x: LEFT + (BLOCK_W - width) / 2.0,
                baseline: TOP - mm(12.0),
                size: FURNITURE_SIZE,
                spacing: 0.0,
                runs: runs(fonts, Face::Sans, DRAFT_HEADER),
                ink: Ink::Red,
            }));
        }
        items.append(&mut page.items);
        if draft {
            // Over the content, along the diagonal of the text block (drawn so as not to hide
            // anything: see `draw`).
            let size = 64.0;
            let mark = runs(fonts, Face::Serif, DRAFT_MARK);
            let width: f32 = DRAFT_MARK.chars().map(|c| char_width(fonts, Face::Serif, size, c)).sum();
            let angle_deg = (BLOCK_H / BLOCK_W).atan().to_degrees();
            let line = TextLine { x: 0.0, baseline: 0.0, size, spacing: 0.0, runs: mark, ink: Ink::Grey(0.8) };
            items.push(Item::Rotated { line, cx: PAGE_W / 2.0, cy: TOP + BLOCK_H / 2.0, width, angle_deg });
        }
        if doc.style == Style::Document {
            // GB/T 9704-2012 7.5: `— 1 —` in 四号, 7 mm under the text block, odd pages one
            // character in from the right, even pages one character in from the left.
            let folio = format!("— {} —", i + 1);
            let width: f32 = folio.chars().map(|c| char_width(fonts, Face::Serif, FOLIO_SIZE, c)).sum();
            let x = if i % 2 == 0 { LEFT + BLOCK_W - FOLIO_SIZE - width } else { LEFT + FOLIO_SIZE };
            items.push(Item::Text(TextLine {
                x,
                baseline: BOTTOM + mm(7.0) + ASCENT * FOLIO_SIZE,
                size: FOLIO_SIZE,
                spacing: 0.0,
                runs: runs(fonts, Face::Serif, &folio),
                ink: Ink::Black,
            }));
            page.items = items;
            continue;
        }
        let number = match (doc.style, &doc.page_mark) {
            (Style::V2, Some(mark)) => format!("{} · 第 {} 页 共 {} 页", one_line(mark), i + 1, total),
            _ => format!("第 {} 页 共 {} 页", i + 1, total),
        };
        let width: f32 = number.chars().map(|c| char_width(fonts, Face::Serif, FURNITURE_SIZE, c)).sum();
        items.push(Item::Text(TextLine {
            x: (PAGE_W - width) / 2.0,
            baseline: BOTTOM + mm(7.0) + ASCENT * FURNITURE_SIZE,
            size: FURNITURE_SIZE,
            spacing: 0.0,
            runs: runs(fonts, Face::Serif, &number),
            ink: Ink::Black,
        }));
        page.items = items;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::model::{Footer, SheetDoc};

    fn doc(blocks: Vec<Block>) -> SheetDoc {
        SheetDoc {
            title: "标题".into(),
            subtitle: None,
            blocks,
            signatures: vec![],
            footer: Footer::default(),
            draft: false,
            style: Default::default(),
            page_mark: None,
            closing: Vec::new(),
            appendix: Vec::new(),
            created: None,
            masthead: None,
        }
    }

    fn texts(page: &Page) -> Vec<(f32, f32, String)> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some((t.x, t.baseline, t.runs.iter().map(|r| r.1.as_str()).collect())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn everything_stays_inside_the_text_block() {
        let fonts = Fonts::shared().unwrap();
        let pages = layout(&crate::sheet::sample_doc(), fonts).unwrap();
        for page in &pages {
            for item in &page.items {
                if let Item::Text(t) = item {
                    let width: f32 =
                        t.runs.iter().flat_map(|(f, s)| s.chars().map(|c| fonts.advance(*f, c, t.size))).sum::<f32>()
                            + t.spacing
                                * (t.runs.iter().map(|r| r.1.chars().count()).sum::<usize>().saturating_sub(1)) as f32;
                    assert!(t.x >= LEFT - 0.5 && t.x + width <= LEFT + BLOCK_W + 0.5, "{t:?} is {width} wide");
                    assert!(t.baseline > 0.0 && t.baseline < PAGE_H);
                }
                if let Item::Rule { y1, y2, .. } = item {
                    assert!(*y1 >= TOP - 0.5 && *y2 <= BOTTOM + 0.5, "rule at {y1}..{y2}");
                }
            }
        }
    }

    #[test]
    fn justified_lines_end_at_the_right_edge() {
        let fonts = Fonts::shared().unwrap();
        let text = "经查，该局2017年度共作出行政处罚决定126件，罚没款合计人民币1,500.00元（壹仟伍佰元整），其中当场收缴罚款的案件未见执法人员出示执法证件的记录。".repeat(2);
        let pages = layout(&doc(vec![Block::Paragraph(text)]), fonts).unwrap();
        let body: Vec<&TextLine> = pages[0]
            .items
            .iter()
            .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
            .filter(|t| t.size == BODY_SIZE)
            .collect();
        assert!(body.len() >= 3);
        for line in &body[..body.len() - 1] {
            let chars: Vec<char> = line.runs.iter().flat_map(|r| r.1.chars()).collect();
            let natural: f32 = chars.iter().map(|c| fonts.advance(Face::Serif, *c, BODY_SIZE)).sum();
            let end = line.x + natural + line.spacing * (chars.len() - 1) as f32;
            assert!((end - (LEFT + BLOCK_W)).abs() < 0.6, "line ends at {end}, edge {}", LEFT + BLOCK_W);
        }
        // The first line is indented two characters.
        assert!((body[0].x - (LEFT + 24.0)).abs() < 0.01);
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page() {
        let fonts = Fonts::shared().unwrap();
        let rows: Vec<Vec<String>> =
            (1..=80).map(|i| vec![i.to_string(), format!("鲅综执罚〔2017〕{i}号"), "1,500.00".into()]).collect();
        let table = Block::Table {
            headers: vec!["序号".into(), "决定书文号".into(), "罚款金额（元）".into()],
            widths: vec![1.0, 4.0, 2.0],
            rows,
            align: vec![Align::Center, Align::Left, Align::Right],
        };
        let pages = layout(&doc(vec![table]), fonts).unwrap();
        assert!(pages.len() >= 2, "80 rows take more than a page");
        for page in &pages {
            assert!(texts(page).iter().any(|t| t.2 == "决定书文号"), "header repeated");
        }
        // Every row is printed exactly once, and rows are not split.
        let all: Vec<String> = pages.iter().flat_map(texts).map(|t| t.2).collect();
        for i in 1..=80 {
            assert_eq!(all.iter().filter(|t| **t == format!("鲅综执罚〔2017〕{i}号")).count(), 1);
        }
        // Amounts are right-aligned: they all end at the same x.
        let ends: Vec<f32> = pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) if t.runs.iter().map(|r| r.1.as_str()).collect::<String>() == "1,500.00" => {
                    Some(t.x + t.runs[0].1.chars().map(|c| fonts.advance(Face::Serif, c, TABLE_SIZE)).sum::<f32>())
                }
                _ => None,
            })
            .collect();
        assert_eq!(ends.len(), 80);
        assert!(ends.iter().all(|e| (e - ends[0]).abs() < 0.01));
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_not_lost() {
        let fonts = Fonts::shared().unwrap();
        let long = "很长的说明文字。".repeat(400);
        let table = Block::Table {
            headers: vec!["说明".into()],
            widths: vec![1.0],
            rows: vec![vec![long.clone()]],
            align: vec![],
        };
        let pages = layout(&doc(vec![table]), fonts).unwrap();
        assert!(pages.len() >= 3);
        // The cell's lines are the left-aligned ones (title, header and page numbers are centred).
        let printed: String =
            pages.iter().flat_map(texts).filter(|t| (t.0 - (LEFT + CELL_PAD_X)).abs() < 0.01).map(|t| t.2).collect();
        assert_eq!(printed, long);
    }

    #[test]
    fn a_table_whose_header_fills_a_page_still_ends() {
        let fonts = Fonts::shared().unwrap();
        let table = Block::Table {
            headers: vec!["表头".repeat(400), "窄".into()],
            widths: vec![1.0, 1.0],
            rows: vec![vec!["甲".into(), "乙".into()]; 3],
            align: vec![],
        };
        let pages = layout(&doc(vec![table]), fonts).unwrap();
        let all: Vec<String> = pages.iter().flat_map(texts).map(|t| t.2).collect();
        assert_eq!(all.iter().filter(|t| *t == "甲").count(), 3, "every row printed once");
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_bottom_of_a_page() {
        let fonts = Fonts::shared().unwrap();
        // 28 one-line paragraphs leave room for two more lines on page one: the heading moves.
        let mut blocks: Vec<Block> = (0..27).map(|i| Block::Paragraph(format!("第{i}段。"))).collect();
        blocks.push(Block::Heading("三、存在的问题".into()));
        blocks.push(Block::Paragraph("正文。".into()));
        let pages = layout(&doc(blocks), fonts).unwrap();
        assert_eq!(pages.len(), 2);
        assert!(texts(&pages[1]).iter().any(|t| t.2 == "三、存在的问题"));
    }

    #[test]
    fn a_character_no_face_has_is_an_error_not_a_box() {
        let fonts = Fonts::shared().unwrap();
        let err = layout(&doc(vec![Block::Paragraph("签名：😀".into())]), fonts).unwrap_err();
        assert!(matches!(err, SheetError::MissingGlyph { ch: '😀', .. }), "{err}");
        assert!(err.to_string().contains("U+1F600"));
    }

    #[test]
    fn invisible_characters_pasted_in_are_dropped_not_refused() {
        let fonts = Fonts::shared().unwrap();
        let pages = layout(&doc(vec![Block::Paragraph("李\u{200B}堃\u{FEFF}\r\t签字".into())]), fonts).unwrap();
        assert!(texts(&pages[0]).iter().any(|t| t.2 == "李堃 签字"));
    }

    #[test]
    fn a_qr_payload_too_long_to_encode_is_an_error_not_a_missing_code() {
        let fonts = Fonts::shared().unwrap();
        let mut d = doc(vec![]);
        d.footer.qr_payload = Some("x".repeat(4000));
        assert_eq!(layout(&d, fonts).unwrap_err(), SheetError::QrTooLong { bytes: 4000 });
    }

    /// The label, value and bars of a chart: where each label's row is (page, top of its text).
    fn chart_rows(pages: &[Page], labels: &[String]) -> Vec<(usize, f32)> {
        labels
            .iter()
            .map(|label| {
                let found: Vec<(usize, f32)> = pages
                    .iter()
                    .enumerate()
                    .flat_map(|(p, page)| texts(page).into_iter().map(move |t| (p, t)))
                    .filter(|(_, t)| t.2 == *label)
                    .map(|(p, t)| (p, t.1))
                    .collect();
                assert_eq!(found.len(), 1, "{label} printed once");
                found[0]
            })
            .collect()
    }

    fn bars_doc(before: usize, labels: &[String]) -> SheetDoc {
        let mut blocks: Vec<Block> = (0..before).map(|i| Block::Paragraph(format!("第{i}段。"))).collect();
        blocks.push(Block::Bars {
            title: "图1　发现问题按执法领域分布（个）".into(),
            labels: labels.to_vec(),
            values: (0..labels.len() as u32).map(|i| (i * 37) % 11).collect(),
        });
        blocks.push(Block::Paragraph("图后的正文。".into()));
        let mut d = doc(blocks);
        d.style = Style::Document;
        d
    }

    #[test]
    fn bars_stay_inside_the_text_block_and_a_chart_that_fits_a_page_is_not_split() {
        let fonts = Fonts::shared().unwrap();
        let labels: Vec<String> =
            ["城管", "市场监管", "发改（物价）", "规划建设", "海洋渔业", "教育体育", "环保", "卫计"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        // However much text comes before it, the chart's rows share a page with its title.
        for before in 0..22 {
            let pages = layout(&bars_doc(before, &labels), fonts).unwrap();
            let rows = chart_rows(&pages, &labels);
            let title = chart_rows(&pages, &["图1　发现问题按执法领域分布（个）".to_string()])[0];
            assert!(rows.iter().all(|(p, _)| *p == title.0), "{before} paragraphs before: {rows:?}, title {title:?}");
            for page in &pages {
                for item in &page.items {
                    match item {
                        Item::Fill { x, y, w, h, .. } => {
                            assert!(*x >= LEFT - 0.01 && x + w <= LEFT + BLOCK_W + 0.01, "bar {x}+{w}");
                            assert!(*y >= TOP - 0.01 && y + h <= BOTTOM + 0.01, "bar {y}+{h}");
                            assert!(*w > 0.0);
                        }
                        Item::Rule { y1, y2, .. } => assert!(*y1 >= TOP - 0.01 && *y2 <= BOTTOM + 0.01),
                        Item::Text(t) if t.size == BAR_TEXT_SIZE => {
                            let width: f32 =
                                t.runs.iter().flat_map(|(f, s)| s.chars().map(|c| fonts.advance(*f, c, t.size))).sum();
                            assert!(t.x >= LEFT - 0.01 && t.x + width <= LEFT + BLOCK_W + 0.01, "{t:?}");
                            assert!(t.baseline - ASCENT * t.size >= TOP - 0.01 && t.baseline <= BOTTOM, "{t:?}");
                        }
                        _ => {}
                    }
                }
            }
            // One bar per non-zero value, each as long as its value says.
            let bars: Vec<f32> = pages
                .iter()
                .flat_map(|p| p.items.iter())
                .filter_map(|i| if let Item::Fill { w, .. } = i { Some(*w) } else { None })
                .collect();
            let values: Vec<u32> = (0..labels.len() as u32).map(|i| (i * 37) % 11).filter(|v| *v > 0).collect();
            assert_eq!(bars.len(), values.len());
            let max = *values.iter().max().unwrap() as f32;
            let longest = bars.iter().copied().fold(0.0, f32::max);
            for (w, v) in bars.iter().zip(&values) {
                assert!((w / longest - *v as f32 / max).abs() < 1e-3);
            }
        }
    }

    #[test]
    fn a_chart_longer_than_a_page_breaks_between_rows_and_its_text_stays_in_the_block() {
        let fonts = Fonts::shared().unwrap();
        let labels: Vec<String> = (0..60).map(|i| format!("单位{i}")).collect();
        let pages = layout(&bars_doc(10, &labels), fonts).unwrap();
        assert!(pages.len() >= 3);
        let rows = chart_rows(&pages, &labels);
        // Each row's bar and value are on the page of its label, at its height.
        for (i, (page, baseline)) in rows.iter().enumerate() {
            let value = ((i as u32 * 37) % 11).to_string();
            let same_row: Vec<String> =
                texts(&pages[*page]).into_iter().filter(|t| (t.1 - baseline).abs() < 0.01).map(|t| t.2).collect();
            assert!(same_row.contains(&value), "row {i}: {same_row:?}");
            assert!(*baseline <= BOTTOM && *baseline - ASCENT * BAR_TEXT_SIZE >= TOP - 0.01);
        }
        assert!(rows.windows(2).all(|w| w[0].0 < w[1].0 || w[0].1 < w[1].1), "rows in order");
    }

    #[test]
    fn the_sheets_styles_draw_no_bars() {
        let fonts = Fonts::shared().unwrap();
        let labels = vec!["城管".to_string()];
        for style in [Style::V1, Style::V2] {
            let mut with = bars_doc(3, &labels);
            with.style = style;
            let mut without = with.clone();
            without.blocks.retain(|b| !matches!(b, Block::Bars { .. }));
            assert_eq!(layout(&with, fonts).unwrap(), layout(&without, fonts).unwrap());
        }
    }

    #[test]
    fn page_numbers_know_the_total() {
        let fonts = Fonts::shared().unwrap();
        let blocks: Vec<Block> = (0..70).map(|i| Block::Paragraph(format!("第{i}段。"))).collect();
        let pages = layout(&doc(blocks), fonts).unwrap();
        assert_eq!(pages.len(), 3);
        for (i, page) in pages.iter().enumerate() {
            let last = texts(page).pop().unwrap().2;
            assert_eq!(last, format!("第 {} 页 共 3 页", i + 1));
        }
    }
}
