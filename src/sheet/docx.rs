//! The editable copy of an official document ([`Style::Document`](super::Style::Document)): a
//! `.docx` for WPS or Word, set after GB/T 9704-2012 as the PDF is, built with `docx-rs` (no
//! hand-written OOXML).
//!
//! # What the file holds
//! - A4 (11906 × 16838 twips); 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm: a text block
//!   of 156 × 225 mm. The section's document grid is 22 lines of 579 twips (225 mm ⁄ 22) and the
//!   body is set on an exact line of 579 twips, so it keeps 22 lines a page in any editor; a line
//!   holds 27 characters of 三号, as the PDF's do (no character grid: see [`grid`]).
//! - The 版头 when there is a [`Masthead`]: the issuing body's mark centred in red in the
//!   小标宋 role, as large as fits the line (up to 42 pt, as the PDF computes it), its top 35 mm
//!   below the text block's top; the document number (仿宋 16 pt) centred two lines under it,
//!   with the red rule as that paragraph's bottom border 4 mm under it; the title two lines
//!   under the rule.
//! - The title in 二号 (22 pt) 小标宋, centred, a long one broken into even lines as the PDF
//!   breaks it; a subtitle centred in 三号; the body in 三号
//!   仿宋, first lines indented two characters, justified; headings in 三号 黑体; label/value
//!   pairs as `label：value` paragraphs; tables as Word tables (header row in bold 黑体 on grey);
//!   the issuing body and the date right-aligned, placed as GB/T 9704-2012 7.3.5.2 and the PDF
//!   place them, one line under the text.
//! - Page numbers `— N —` in 四号 宋体 in the footer: odd pages on the right one character in,
//!   even pages on the left one character in (a default and an even footer, with
//!   `evenAndOddHeaders` in the settings).
//!
//! Fonts are named by their usual office names (方正小标宋简体, 仿宋_GB2312, 黑体, 宋体) and
//! not embedded: an editor without one substitutes its own face. Latin letters and figures are
//! set in Times New Roman (the headings' and folios' in their own face).
//!
//! The signatures and the verification block of a sheet are not part of an official document
//! and are left out. The same [`SheetDoc`] always gives the same bytes: paragraph ids are
//! numbered here, the zip entries carry no time, and the document's dates are its `created`
//! field (1970-01-01 when it has none).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE, InstrText,
    LineSpacing, LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders,
    Run, RunFonts, Shading, ShdType, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::fonts::{Face, Fonts};
use super::linebreak::break_lines;
use super::model::{Align, Block, Masthead, SheetDoc};

/// What can go wrong writing the Word copy. The message is shown to people as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// The Word library failed to write the package.
    #[error("生成 Word 文档（.docx）失败：{0}")]
    Write(String),
}

/// Twips (1⁄20 pt) in a millimetre.
const fn mm(v: f64) -> f64 {
    v * 1440.0 / 25.4
}

/// A4 portrait, in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// GB/T 9704-2012 5.2.1: 天头 37 mm, 订口 28 mm, text block 156 × 225 mm.
const TOP: i32 = 2098;
const LEFT: i32 = 1588;
const RIGHT: i32 = 1474;
const BOTTOM: i32 = 1984;
/// The text block's width in twips (8844 = 156 mm).
const BLOCK_W: i32 = PAGE_W as i32 - LEFT - RIGHT;
/// 22 lines a page: 225 mm ⁄ 22, rounded down so that 22 lines fit (579 twips = 28.95 pt).
const PITCH: i32 = (PAGE_H as i32 - TOP - BOTTOM) / 22;

/// Sizes in half-points (`w:sz`): 二号, 三号, 四号, 五号.
const TITLE_SZ: usize = 44;
const BODY_SZ: usize = 32;
const FOLIO_SZ: usize = 28;
const TABLE_SZ: usize = 21;
/// The largest issuing body's mark (pt), as in the PDF.
const MASTHEAD_MAX_PT: f64 = 42.0;
/// One body character (16 pt) in twips: the unit of indents.
const EM: i32 = 320;
/// The title's line (pt × 20), as in the PDF (32 pt).
const TITLE_LINE: i32 = 640;
/// A table's line (15 pt) and the grey of its header row.
const TABLE_LINE: i32 = 300;
const TABLE_HEADER_FILL: &str = "E6E6E6";

/// The 版头's red.
pub const RED: &str = "C00000";

/// The faces, by their usual names in a Chinese office.
const XIAOBIAOSONG: &str = "方正小标宋简体";
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const SONGTI: &str = "宋体";
const LATIN: &str = "Times New Roman";

/// The Word copy of `doc`: the bytes of a `.docx` (see the module docs). The masthead, title,
/// subtitle, blocks, closing and appendix, in that order; signatures and the sheet's footer are
/// not drawn.
pub fn to_docx(doc: &SheetDoc) -> Result<Vec<u8>, DocxError> {
    let mut w = Writer { next_id: 0, fonts: Fonts::shared().ok() };
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(TOP)
                .left(LEFT)
                .right(RIGHT)
                .bottom(BOTTOM)
                .header(851)
                // The folio's top 7 mm under the text block (GB/T 9704-2012 7.5): the footer's
                // distance is to its bottom, a 四号 line under that.
                .footer((mm(35.0 - 7.0) as i32) - FOLIO_SZ as i32 * 10)
                .gutter(0),
        )
        .default_fonts(serif(FANGSONG))
        .default_size(BODY_SZ)
        .default_line_spacing(exact(PITCH))
        .footer(w.footer(false))
        .even_footer(w.footer(true));
    docx.document = std::mem::take(&mut docx.document).doc_grid(grid());
    if let Some(date) = doc.created.as_deref().filter(|d| is_w3c_date(d)) {
        docx = docx.created_at(date).updated_at(date);
    }

    let mut title_before = 0;
    if let Some(masthead) = &doc.masthead {
        for p in w.masthead(masthead) {
            docx = docx.add_paragraph(p);
        }
        // GB/T 9704-2012 7.3.1: the title two lines under the rule.
        title_before = 2 * PITCH;
    }
    let subtitle = doc.subtitle.as_deref().map(clean).filter(|s| !s.trim().is_empty());
    // An official document leaves a line under its title (before 主送机关), as the PDF does.
    let title = w.para().align(AlignmentType::Center).snap_to_grid(false).line_spacing(
        exact(TITLE_LINE).before(title_before as u32).after(if subtitle.is_some() { 0 } else { PITCH as u32 }),
    );
    let title_text = w.title_lines(&clean(&doc.title)).join("\n");
    docx = docx.add_paragraph(lines(title, &title_text, |r| r.fonts(serif(XIAOBIAOSONG)).size(TITLE_SZ)));
    if let Some(subtitle) = subtitle {
        let p = w.para().align(AlignmentType::Center).line_spacing(exact(PITCH).after(PITCH as u32));
        docx = docx.add_paragraph(lines(p, &subtitle, body_run));
    }

    for block in doc.blocks.iter().chain(&doc.closing).chain(&doc.appendix) {
        for part in w.block(block) {
            docx = match part {
                Part::Paragraph(p) => docx.add_paragraph(*p),
                Part::Table(t) => docx.add_table(*t),
            };
        }
    }

    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| DocxError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

/// A piece of the document's body.
enum Part {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl From<Paragraph> for Part {
    fn from(p: Paragraph) -> Part {
        Part::Paragraph(Box::new(p))
    }
}

/// Numbers the paragraphs (`w14:paraId`) from 1 in every document, so the same input gives the
/// same bytes (docx-rs numbers them per thread otherwise), and measures text as the PDF does.
struct Writer {
    next_id: u32,
    /// The PDF's faces, to measure with (None if they cannot be read: then in plain ems).
    fonts: Option<&'static Fonts>,
}

impl Writer {
    /// The width of `text` in ems, measured with the PDF's serif face (so a line breaks and a mark
    /// is sized where the PDF breaks and sizes them); an ideograph is about one, a figure about half.
    fn ems(&self, text: &str) -> f64 {
        text.chars().map(|c| self.char_ems(c)).sum()
    }

    fn char_ems(&self, c: char) -> f64 {
        match self.fonts.and_then(|f| f.resolve(Face::Serif, c).map(|face| f.advance(face, c, 1.0))) {
            Some(width) => f64::from(width),
            None => ems(c),
        }
    }

    /// The title's lines, as the PDF breaks them (GB/T 9704-2012 7.3.1): a title too long for one
    /// line is set 梯形或菱形 — the same number of lines, as even as they come — with line breaks, not
    /// one full line and a stub. Measured as the PDF measures, with its 避头尾.
    fn title_lines(&self, title: &str) -> Vec<String> {
        let size = TITLE_SZ as f32 / 2.0;
        let width = BLOCK_W as f32 / 20.0;
        let measure = |c: char| self.char_ems(c) as f32 * size;
        let mut lines = break_lines(title, width, width, &measure, false);
        if lines.len() > 1 {
            let even = lines.iter().map(|l| l.width).sum::<f32>() / lines.len() as f32 + size;
            let balanced = break_lines(title, even, even, &measure, false);
            if balanced.len() == lines.len() {
                lines = balanced;
            }
        }
        lines.into_iter().map(|l| l.text).collect()
    }

    fn para(&mut self) -> Paragraph {
        self.next_id += 1;
        Paragraph::new().id(format!("{:08X}", self.next_id))
    }

    /// The 版头 (GB/T 9704-2012 7.2).
    fn masthead(&mut self, masthead: &Masthead) -> Vec<Paragraph> {
        let issuer = one_line(&masthead.issuer);
        let number = one_line(&masthead.number);
        // As large as fits the text block, as the PDF computes it (an ideograph is one em, a
        // Latin letter or figure half of one), in whole half-points.
        let size_pt = (f64::from(BLOCK_W) / 20.0 / self.ems(&issuer).max(1.0)).min(MASTHEAD_MAX_PT);
        let sz = ((size_pt * 2.0).floor() as usize).max(2);
        let line = (sz as f64 * 10.0 * 1.25).round() as i32;
        let mark = self.para().align(AlignmentType::Center).snap_to_grid(false).line_spacing(
            exact(line)
                // Its top 35 mm under the text block's top.
                .before(mm(35.0) as u32),
        );
        let mark = mark.add_run(Run::new().add_text(issuer).fonts(serif(XIAOBIAOSONG)).size(sz).color(RED));
        // The number two lines under the mark, the red rule 4 mm under the number, as wide as
        // the text block (the paragraph's bottom border; w:space is in points).
        let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            .size(10)
            .space((mm(4.0) / 20.0).round() as usize)
            .color(RED);
        let mut number_p = self.para().align(AlignmentType::Center).line_spacing(exact(PITCH).before(2 * PITCH as u32));
        number_p.property = number_p.property.set_borders(ParagraphBorders::with_empty().set(rule));
        let number_p =
            if number.trim().is_empty() { number_p } else { number_p.add_run(body_run(Run::new().add_text(number))) };
        vec![mark, number_p]
    }

    fn block(&mut self, block: &Block) -> Vec<Part> {
        match block {
            Block::Heading(text) => {
                let p = self.para().align(AlignmentType::Both).keep_next(true).indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * EM)),
                    None,
                    None,
                );
                vec![lines(p, &clean(text), heading_run).into()]
            }
            Block::Paragraph(text) => {
                let p = self.para().align(AlignmentType::Both).indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * EM)),
                    None,
                    None,
                );
                vec![lines(p, &clean(text), body_run).into()]
            }
            Block::Unindented(text) => {
                vec![lines(self.para().align(AlignmentType::Both), &clean(text), body_run).into()]
            }
            Block::KeyValues(pairs) => pairs
                .iter()
                .map(|(label, value)| {
                    let label = one_line(label);
                    let label = label.trim_end();
                    let label = if label.ends_with('：') || label.ends_with(':') {
                        label.to_string()
                    } else {
                        format!("{label}：")
                    };
                    let p = self
                        .para()
                        .align(AlignmentType::Both)
                        .indent(None, Some(SpecialIndentType::FirstLine(2 * EM)), None, None)
                        .add_run(heading_run(Run::new().add_text(label)));
                    lines(p, &clean(value), body_run).into()
                })
                .collect(),
            Block::Table { headers, widths, rows, align } => {
                self.table(headers, widths, rows, align).into_iter().collect()
            }
            Block::RightAligned(texts) => self.right_aligned(texts),
            // Word has no bars drawn from the body text: the chart's title, centred and kept with
            // it, and a two-column table of label and value (the same figures the PDF draws).
            Block::Bars { title, labels, values } => {
                let title = lines(self.para().align(AlignmentType::Center).keep_next(true), &clean(title), heading_run);
                let rows: Vec<Vec<String>> = labels
                    .iter()
                    .enumerate()
                    .map(|(i, label)| vec![label.clone(), values.get(i).copied().unwrap_or(0).to_string()])
                    .collect();
                let mut parts = vec![title.into()];
                parts.extend(self.table(&[], &[3.0, 1.0], &rows, &[Align::Left, Align::Right]));
                // A short empty line after it: a table that follows at once would run into it.
                parts.push(self.para().snap_to_grid(false).line_spacing(exact(TABLE_LINE)).into());
                parts
            }
        }
    }

    /// The issuing body and the date (GB/T 9704-2012 7.3.5.2, a document without a seal), placed
    /// as the PDF places them: one line under the text; the body's name two characters in from
    /// the right; the date under it, starting two characters right of where the name starts,
    /// unless that would push it past the same two-character margin (then the date keeps the
    /// margin and the name moves left with it). Each line is right-aligned with a right indent.
    fn right_aligned(&mut self, texts: &[String]) -> Vec<Part> {
        let texts: Vec<String> = texts.iter().map(|l| one_line(l)).filter(|l| !l.trim().is_empty()).collect();
        let Some((date, names)) = texts.split_last() else {
            return Vec::new();
        };
        let names_w = names.iter().map(|n| self.ems(n)).fold(0.0f64, f64::max);
        let date_w = self.ems(date);
        // Right ends of the names and of the date, in characters from the text block's right.
        let (names_end, date_end) = if names.is_empty() {
            (2.0, 2.0)
        } else if date_w + 2.0 <= names_w {
            (2.0, 2.0 + names_w - 2.0 - date_w)
        } else {
            (2.0 + date_w + 2.0 - names_w, 2.0)
        };
        let twips = |chars: f64| (chars * f64::from(EM)).round() as i32;
        let mut out = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let end = if i + 1 == texts.len() { date_end } else { names_end };
            let before = if i == 0 { PITCH as u32 } else { 0 };
            let p = self
                .para()
                .align(AlignmentType::Right)
                .keep_next(i + 1 < texts.len())
                .line_spacing(exact(PITCH).before(before))
                .indent(None, None, Some(twips(end)), None)
                .add_run(body_run(Run::new().add_text(text.as_str())));
            out.push(p.into());
        }
        out
    }

    /// A Word table as wide as the text block; columns in the given proportions; the header row
    /// in bold 黑体 on grey; cells in 五号 仿宋, aligned per column; rows never split.
    fn table(&mut self, headers: &[String], widths: &[f32], rows: &[Vec<String>], align: &[Align]) -> Option<Part> {
        let columns = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return None;
        }
        let weights: Vec<f64> = (0..columns)
            .map(|i| widths.get(i).copied().filter(|w| w.is_finite() && *w > 0.0).map_or(1.0, f64::from))
            .collect();
        let total: f64 = weights.iter().sum();
        let col_w: Vec<usize> = weights.iter().map(|w| (w / total * f64::from(BLOCK_W)).floor() as usize).collect();
        let mut cell = |text: &str, i: usize, header: bool| {
            let alignment = if header {
                AlignmentType::Center
            } else {
                match align.get(i).copied().unwrap_or_default() {
                    Align::Left => AlignmentType::Left,
                    Align::Center => AlignmentType::Center,
                    Align::Right => AlignmentType::Right,
                }
            };
            // The header row is kept with the first row (docx-rs cannot mark it to repeat).
            let p = self.para().align(alignment).snap_to_grid(false).keep_next(header).line_spacing(exact(TABLE_LINE));
            let style = |r: Run| {
                if header { r.fonts(all(HEITI)).size(TABLE_SZ).bold() } else { r.fonts(serif(FANGSONG)).size(TABLE_SZ) }
            };
            let c = TableCell::new().width(col_w[i], WidthType::Dxa).add_paragraph(lines(p, &clean(text), style));
            if header {
                c.shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(TABLE_HEADER_FILL))
            } else {
                c
            }
        };
        let mut table_rows = Vec::new();
        if !headers.is_empty() {
            let cells = (0..columns).map(|i| cell(headers.get(i).map_or("", String::as_str), i, true)).collect();
            table_rows.push(TableRow::new(cells).cant_split());
        }
        for row in rows {
            let cells = (0..columns).map(|i| cell(row.get(i).map_or("", String::as_str), i, false)).collect();
            table_rows.push(TableRow::new(cells).cant_split());
        }
        let table = Table::new(table_rows).set_grid(col_w).width(BLOCK_W as usize, WidthType::Dxa);
        Some(Part::Table(Box::new(table)))
    }

    /// The folio `— N —` (GB/T 9704-2012 7.5): 四号 宋体; odd pages right-aligned one character in
    /// from the right, even pages left-aligned one character in from the left.
    fn footer(&mut self, even: bool) -> Footer {
        let one = FOLIO_SZ as i32 * 10;
        let p = self.para().snap_to_grid(false).line_spacing(exact(one));
        let p = if even {
            p.align(AlignmentType::Left).indent(Some(one), None, None, None)
        } else {
            p.align(AlignmentType::Right).indent(None, None, Some(one), None)
        };
        let run = || Run::new().fonts(all(SONGTI)).size(FOLIO_SZ);
        let p = p
            .add_run(run().add_text("— "))
            .add_run(run().add_field_char(FieldCharType::Begin, false))
            .add_run(run().add_instr_text(InstrText::PAGE(InstrPAGE::new())))
            .add_run(run().add_field_char(FieldCharType::Separate, false))
            .add_run(run().add_text("1"))
            .add_run(run().add_field_char(FieldCharType::End, false))
            .add_run(run().add_text(" —"));
        Footer::new().add_paragraph(p)
    }
}

/// The section's grid: 22 lines of 579 twips. Lines only: with a character grid
/// (`linesAndChars`, 28 characters at a pitch of 16 pt − 849⁄4096 pt, as Word's 公文 templates set
/// it) LibreOffice 7.4 takes the pitch from a 12 pt Normal style and sets 18 characters a line with
/// gaps between them. Without it a line holds 27 characters of 三号 (156 mm ⁄ 16 pt), as the PDF's do.
fn grid() -> DocGrid {
    DocGrid::new().grid_type(DocGridType::Lines).line_pitch(PITCH as usize)
}

/// An exact line of `twips`.
fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips)
}

/// An ideographic face with Latin letters and figures in Times New Roman.
fn serif(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(LATIN).hi_ansi(LATIN).hint("eastAsia")
}

/// One face for every script.
fn all(face: &str) -> RunFonts {
    RunFonts::new().east_asia(face).ascii(face).hi_ansi(face).hint("eastAsia")
}

/// Body text: 三号 仿宋.
fn body_run(run: Run) -> Run {
    run.fonts(serif(FANGSONG)).size(BODY_SZ)
}

/// A heading or a label: 三号 黑体.
fn heading_run(run: Run) -> Run {
    run.fonts(all(HEITI)).size(BODY_SZ)
}

/// `text` added to `p` in runs styled by `style`, a `\n` starting a new line in the same
/// paragraph (no new indent), as in the PDF.
fn lines(mut p: Paragraph, text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    for (i, line) in text.split('\n').enumerate() {
        let mut run = Run::new();
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
        p = p.add_run(style(run));
    }
    p
}

/// Text as the PDF takes it: tabs become spaces; control characters other than `\n`, zero-width
/// marks and what XML cannot carry are dropped.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c == '\t' {
                Some(' ')
            } else if (c.is_control() && c != '\n')
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
            {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Labels, the masthead and the closing lines have no hard line breaks.
fn one_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

/// The width of `ch` in ems without the faces: an ideograph or full-width sign is one, ASCII half.
fn ems(ch: char) -> f64 {
    if ch.is_ascii() { 0.5 } else { 1.0 }
}

/// A date the core properties can carry (`2017-09-12T06:30:00Z`): only digits and `-:T.Z+`.
fn is_w3c_date(date: &str) -> bool {
    date.len() >= 10
        && date.len() <= 40
        && date.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | 'T' | 'Z' | '+' | '.'))
}
