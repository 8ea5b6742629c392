//! Pass two: laid-out pages to PDF operations (printpdf), then the finishing touches printpdf
//! does not offer (lopdf): the attached payload, a plain document-information dictionary and a
//! trailer `/ID` derived from the input, so that the output is deterministic.

use lopdf::{Dictionary as LoDictionary, Object, Stream, StringFormat};
use printpdf::{
    BlendMode, Codepoint, Color, ExtendedGraphicsState, ExtendedGraphicsStateId, FontId, Greyscale, Line, LineCapStyle,
    LineJoinStyle, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use super::SheetError;
use super::fonts::{Face, Fonts};
use super::layout::{Ink, Item, PAGE_H, Page, TextLine};
use super::model::{Embedded, SheetDoc, Style};

/// The attachment's file name in the `/EmbeddedFiles` name tree.
pub(crate) const ATTACHMENT_NAME: &str = "daocha-signed.json";
/// The attachment's description, as viewers show it.
const ATTACHMENT_DESC: &str = "倒查反馈意见的签署内容与签名";
/// The graphics state the draft mark is drawn in: multiply, so the mark shows on white paper and
/// on the grey table headers alike while the text over which it lies stays black. A fixed name,
/// like the fonts', keeps the output deterministic.
const MULTIPLY: &str = "DCMULT";
/// The `/Creator` of every sheet.
pub(crate) const CREATOR: &str = "倒查 daocha";

/// Builds the PDF bytes.
pub(crate) fn to_pdf(
    doc: &SheetDoc,
    pages: &[Page],
    fonts: &Fonts,
    embedded: &Embedded,
) -> Result<Vec<u8>, SheetError> {
    let mut pdf = PdfDocument::new(&doc.title);
    for face in [Face::Serif, Face::Sans] {
        let used = pages.iter().flat_map(|p| &p.items).any(|item| match item {
            Item::Text(line) | Item::Rotated { line, .. } => line.runs.iter().any(|(f, _)| *f == face),
            _ => false,
        });
        if used {
            pdf.resources
                .fonts
                .map
                .insert(FontId(face.resource_name().to_string()), PdfFont::new(fonts.parsed(face).clone()));
        }
    }
    if pages.iter().flat_map(|p| &p.items).any(|item| matches!(item, Item::Rotated { .. })) {
        pdf.resources.extgstates.map.insert(
            ExtendedGraphicsStateId(MULTIPLY.to_string()),
            ExtendedGraphicsState::default().with_blend_mode(BlendMode::multiply()),
        );
    }
    pdf.pages = pages.iter().map(|page| PdfPage::new(Mm(210.0), Mm(297.0), page_ops(page, fonts))).collect();

    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut out = pdf.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
        return Err(SheetError::Render(error.msg.clone()));
    }
    finish(&mut out, doc, embedded)?;
    out.prune_objects();
    out.compress();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(|e| SheetError::Render(e.to_string()))?;
    Ok(bytes)
}

/// Graphics state already set, so each colour or width is written once per change.
#[derive(Clone, Default)]
struct State {
    fill: Option<Ink>,
    stroke: Option<Ink>,
    line_width: Option<f32>,
    font: Option<(Face, f32)>,
    spacing: f32,
}

impl State {
    fn fill(&mut self, ink: Ink, ops: &mut Vec<Op>) {
        if self.fill != Some(ink) {
            ops.push(Op::SetFillColor { col: color(ink) });
            self.fill = Some(ink);
        }
    }

    fn stroke(&mut self, ink: Ink, width: f32, ops: &mut Vec<Op>) {
        if self.stroke != Some(ink) {
            ops.push(Op::SetOutlineColor { col: color(ink) });
            self.stroke = Some(ink);
        }
        if self.line_width != Some(width) {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.line_width = Some(width);
        }
    }

    fn font(&mut self, face: Face, size: f32, ops: &mut Vec<Op>) {
        if self.font != Some((face, size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(face.resource_name().to_string())),
                size: Pt(size),
            });
            self.font = Some((face, size));
        }
    }

    fn spacing(&mut self, spacing: f32, ops: &mut Vec<Op>) {
        if self.spacing != spacing {
            ops.push(Op::SetCharacterSpacing { multiplier: spacing });
            self.spacing = spacing;
        }
    }
}

fn color(ink: Ink) -> Color {
    let rgb = |r, g, b| Color::Rgb(Rgb { r, g, b, icc_profile: None });
    match ink {
        Ink::Black => Color::Greyscale(Greyscale { percent: 0.0, icc_profile: None }),
        Ink::Grey(level) => Color::Greyscale(Greyscale { percent: level, icc_profile: None }),
        Ink::Red => rgb(0.75, 0.05, 0.05),
        Ink::BlueBlack => rgb(0.06, 0.1, 0.32),
    }
}

/// PDF y (up from the bottom) from layout y (down from the top).
fn flip(y: f32) -> f32 {
    PAGE_H - y
}

fn page_ops(page: &Page, fonts: &Fonts) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut state = State::default();
    for item in &page.items {
        match item {
            Item::Text(line) => text_ops(line, fonts, None, &mut state, &mut ops),
            Item::Rotated { line, cx, cy, width, angle_deg } => {
                let (sin, cos) = angle_deg.to_radians().sin_cos();
                // The baseline starts half the width back along the direction of writing, and
                // sits below the centre by the middle of the em box (0.38 em above the baseline).
                let lift = 0.38 * line.size;
                let x = cx - width / 2.0 * cos + lift * sin;
                let y = flip(*cy) - width / 2.0 * sin - lift * cos;
                let saved = state.clone();
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::LoadGraphicsState { gs: ExtendedGraphicsStateId(MULTIPLY.to_string()) });
                text_ops(line, fonts, Some([cos, sin, -sin, cos, x, y]), &mut state, &mut ops);
                ops.push(Op::RestoreGraphicsState);
                state = saved;
            }
            Item::Rule { x1, y1, x2, y2, width, ink } => {
                state.stroke(*ink, *width, &mut ops);
                let point = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(flip(y)) }, bezier: false };
                ops.push(Op::DrawLine {
                    line: Line { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false },
                });
            }
            Item::Fill { x, y, w, h, ink } => {
                state.fill(*ink, &mut ops);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(flip(y + h)),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Strokes { strokes, width } => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Round });
                ops.push(Op::SetLineJoinStyle { join: LineJoinStyle::Round });
                let saved = state.clone();
                state.stroke(Ink::BlueBlack, *width, &mut ops);
                for stroke in strokes {
                    ops.push(Op::DrawLine { line: smooth(stroke) });
                }
                ops.push(Op::RestoreGraphicsState);
                state = saved;
            }
        }
    }
    ops
}

/// One line of text as one text object (`BT … ET`), positioned runs of glyphs, one per face.
fn text_ops(line: &TextLine, fonts: &Fonts, rotation: Option<[f32; 6]>, state: &mut State, ops: &mut Vec<Op>) {
    ops.push(Op::StartTextSection);
    state.fill(line.ink, ops);
    state.spacing(line.spacing, ops);
    let mut x = line.x;
    for (face, text) in &line.runs {
        state.font(*face, line.size, ops);
        let matrix = match rotation {
            Some(m) => TextMatrix::Raw(m),
            None => TextMatrix::Translate(Pt(x), Pt(flip(line.baseline))),
        };
        ops.push(Op::SetTextMatrix { matrix });
        // Glyph ids, not text: printpdf would look every character up again, slowly. The
        // character goes along for the PDF's /ToUnicode map (copy and search in viewers).
        let glyphs = text
            .chars()
            .filter_map(|ch| {
                fonts.glyph(*face, ch).map(|gid| Codepoint { gid, offset: 0.0, cid: Some(ch.to_string()) })
            })
            .collect();
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] });
        for ch in text.chars() {
            x += fonts.advance(*face, ch, line.size) + line.spacing;
        }
    }
    ops.push(Op::EndTextSection);
}

/// A stroke as a smooth path: quadratic curves through the midpoints of its segments, the
/// points themselves as control points (so the pen's corners are rounded, not cut).
fn smooth(points: &[(f32, f32)]) -> Line {
    let point = |(x, y): (f32, f32), bezier: bool| LinePoint { p: Point { x: Pt(x), y: Pt(flip(y)) }, bezier };
    let mut out = Vec::new();
    let Some(&first) = points.first() else {
        return Line { points: out, is_closed: false };
    };
    out.push(point(first, false));
    if points.len() == 1 {
        // A dot: a tiny segment, which the round cap makes round.
        out.push(point((first.0 + 0.05, first.1), false));
        return Line { points: out, is_closed: false };
    }
    let mut current = first;
    for pair in points[1..].windows(2) {
        let (control, next) = (pair[0], pair[1]);
        let mid = ((control.0 + next.0) / 2.0, (control.1 + next.1) / 2.0);
        // The quadratic (current, control, mid) as a cubic.
        let c1 = (current.0 + 2.0 / 3.0 * (control.0 - current.0), current.1 + 2.0 / 3.0 * (control.1 - current.1));
        let c2 = (mid.0 + 2.0 / 3.0 * (control.0 - mid.0), mid.1 + 2.0 / 3.0 * (control.1 - mid.1));
        out.extend([point(c1, true), point(c2, true), point(mid, false)]);
        current = mid;
    }
    if let Some(&last) = points.last() {
        out.push(point(last, false));
    }
    Line { points: out, is_closed: false }
}

/// A PDF text string in UTF-16BE with its byte-order mark (for non-ASCII text outside content
/// streams).
pub(crate) fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The attachment, the information dictionary, the version and the `/ID`.
fn finish(out: &mut lopdf::Document, doc: &SheetDoc, embedded: &Embedded) -> Result<(), SheetError> {
    // Embedded files and `/AF` need PDF 1.7.
    out.version = "1.7".to_string();
    // The same input gives the same file: what would be random (the /ID, font subset tags) is
    // derived from a hash of the input instead.
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(doc).map_err(|e| SheetError::Render(e.to_string()))?);
    hasher.update([0]);
    hasher.update(embedded.payload.as_bytes());
    let digest = hasher.finalize();

    let mut info = LoDictionary::from_iter(vec![
        ("Title", text_string(&doc.title)),
        ("Subject", text_string(subject(doc))),
        ("Creator", text_string(CREATOR)),
        ("Producer", Object::string_literal("daocha sheet renderer (printpdf 0.12, lopdf 0.44)")),
    ]);
    if matches!(doc.style, Style::V2 | Style::Document) {
        unique_subset_tags(out, &digest);
        if let Some(created) = doc.created.as_deref().and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok()) {
            let when = created.with_timezone(&chrono::Utc);
            let pdf_date = Object::string_literal(when.format("D:%Y%m%d%H%M%SZ").to_string());
            info.set("CreationDate", pdf_date.clone());
            info.set("ModDate", pdf_date);
            let xmp = xmp_metadata(&doc.title, &when.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            let metadata = Stream::new(
                LoDictionary::from_iter(vec![
                    ("Type", Object::Name(b"Metadata".to_vec())),
                    ("Subtype", Object::Name(b"XML".to_vec())),
                ]),
                xmp.into_bytes(),
            )
            .with_compression(false);
            let metadata_id = out.add_object(metadata);
            let catalog = out.catalog_mut().map_err(|e| SheetError::Render(e.to_string()))?;
            catalog.set("Metadata", Object::Reference(metadata_id));
        }
    }
    // Replace printpdf's dictionary (1970 dates, empty PDF/X fields) rather than orphan it.
    match out.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => out.set_object(id, info),
        Err(_) => {
            let info_id = out.add_object(info);
            out.trailer.set("Info", Object::Reference(info_id));
        }
    }

    if !embedded.payload.is_empty() {
        let mut params = LoDictionary::new();
        params.set("Size", Object::Integer(embedded.payload.len() as i64));
        let file = Stream::new(
            LoDictionary::from_iter(vec![
                ("Type", Object::Name(b"EmbeddedFile".to_vec())),
                ("Subtype", Object::Name(b"application/json".to_vec())),
                ("Params", Object::Dictionary(params)),
            ]),
            embedded.payload.as_bytes().to_vec(),
        );
        let file_id = out.add_object(file);
        let mut ef = LoDictionary::new();
        ef.set("F", Object::Reference(file_id));
        ef.set("UF", Object::Reference(file_id));
        let spec = LoDictionary::from_iter(vec![
            ("Type", Object::Name(b"Filespec".to_vec())),
            ("F", Object::string_literal(ATTACHMENT_NAME)),
            ("UF", text_string(ATTACHMENT_NAME)),
            ("Desc", text_string(ATTACHMENT_DESC)),
            ("AFRelationship", Object::Name(b"Data".to_vec())),
            ("EF", Object::Dictionary(ef)),
        ]);
        let spec_id = out.add_object(spec);
        let mut tree = LoDictionary::new();
        tree.set("Names", Object::Array(vec![Object::string_literal(ATTACHMENT_NAME), Object::Reference(spec_id)]));
        let mut names = LoDictionary::new();
        names.set("EmbeddedFiles", Object::Dictionary(tree));
        let catalog = out.catalog_mut().map_err(|e| SheetError::Render(e.to_string()))?;
        catalog.set("Names", Object::Dictionary(names));
        catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));
    }

    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    out.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// The six capital letters before `+` in a subset font's name must differ between documents
/// (PDF 32000-1, 9.6.4): derived from the document's hash and the face, so they are still the same
/// for the same document.
fn unique_subset_tags(out: &mut lopdf::Document, digest: &[u8]) {
    for (_, object) in out.objects.iter_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
            let Ok(Object::Name(name)) = dict.get(key) else { continue };
            let Some(plus) = name.iter().position(|b| *b == b'+') else { continue };
            if plus != 6 {
                continue;
            }
            let rest = name[plus..].to_vec();
            let mut h = Sha256::new();
            h.update(digest);
            h.update(&rest);
            let tag: Vec<u8> = h.finalize()[..6].iter().map(|b| b'A' + b % 26).collect();
            let renamed = [tag, rest].concat();
            dict.set(key, Object::Name(renamed));
        }
    }
}

/// A small XMP packet: title, creation date, producer (what archives and document managers read).
fn xmp_metadata(title: &str, created: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt></dc:title>
<dc:format>application/pdf</dc:format>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{created}</xmp:ModifyDate>
<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
<pdf:Producer>daocha sheet renderer (printpdf 0.12, lopdf 0.44)</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        escape(title),
        bom = '\u{feff}'
    )
}

/// The information dictionary's subject: a sheet says what it is; an official document its title.
fn subject(doc: &SheetDoc) -> &str {
    match (doc.style, doc.draft) {
        (Style::Document, _) => &doc.title,
        (_, true) => "反馈意见（草稿，未签署）",
        (_, false) => "反馈意见",
    }
}
