//! Reading a sheet back: the attached payload, and the text its pages draw (see the module docs
//! of `sheet` for why the text is decoded through daocha's own fonts).
//!
//! Input here may be anything a user drops on the window, so every step checks and nothing
//! panics: lopdf parses with a bound on decompressed sizes, and a panic inside it (a bug in a
//! third-party parser meeting a hostile file) is caught and reported as a damaged file.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, LoadOptions, Object};

use super::SheetError;
use super::draw::ATTACHMENT_NAME;
use super::fonts::{Face, Fonts};

/// No stream we read may inflate beyond this (a decompression bomb stops here).
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// The payload attached by [`super::render`], exactly as given; `Ok(None)` for a PDF without
/// one (a draft, or a PDF from elsewhere); an error for bytes that are not a readable PDF.
pub fn read_embedded(pdf: &[u8]) -> Result<Option<String>, SheetError> {
    guarded(|| {
        let doc = load(pdf)?;
        let Some(spec) = find_attachment(&doc) else {
            return Ok(None);
        };
        let not_ours = |why: &str| SheetError::NotOurs(why.to_string());
        let ef = spec.get(b"EF").ok().and_then(|o| resolve(&doc, o)).and_then(|o| o.as_dict().ok());
        let file = ef.and_then(|ef| ef.get(b"F").ok()).and_then(|o| resolve(&doc, o)).and_then(|o| o.as_stream().ok());
        let Some(stream) = file else {
            return Err(not_ours("附件缺少内容"));
        };
        let bytes = if stream.dict.has(b"Filter") {
            stream
                .decompressed_content_with_limit(MAX_STREAM_BYTES)
                .map_err(|_| SheetError::NotPdf("附件无法解压（文件损坏或被改动）".to_string()))?
        } else {
            stream.content.clone()
        };
        String::from_utf8(bytes).map(Some).map_err(|_| not_ours("附件不是 UTF-8 文本"))
    })
}

/// The text each page draws, one string per page, lines separated by `\n`, in drawing order —
/// the same form as [`super::page_texts`] gives for a document. Works only on PDFs this renderer
/// wrote: any other font, an image, a form or an annotation is refused as
/// [`SheetError::NotOurs`].
pub fn extract_text(pdf: &[u8]) -> Result<Vec<String>, SheetError> {
    guarded(|| {
        let doc = load(pdf)?;
        let fonts = Fonts::shared()?;
        let pages = doc.get_pages();
        if pages.is_empty() {
            return Err(SheetError::NotOurs("没有页面".to_string()));
        }
        pages.values().enumerate().map(|(i, page_id)| page_text(&doc, *page_id, fonts, i + 1)).collect()
    })
}

fn page_text(doc: &Document, page_id: lopdf::ObjectId, fonts: &Fonts, number: usize) -> Result<String, SheetError> {
    let not_ours = |why: String| SheetError::NotOurs(format!("第 {number} 页{why}"));
    let page = doc.get_dictionary(page_id).map_err(|_| not_ours("无法读取".to_string()))?;
    if page
        .get(b"Annots")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_array().ok())
        .is_some_and(|a| !a.is_empty())
    {
        return Err(not_ours("带有批注或表单".to_string()));
    }
    let (resources, _) = doc.get_page_resources(page_id).map_err(|_| not_ours("的资源无法读取".to_string()))?;
    if let Some(xobjects) =
        resources.and_then(|r| r.get(b"XObject").ok()).and_then(|o| resolve(doc, o)).and_then(|o| o.as_dict().ok())
        && !xobjects.is_empty()
    {
        return Err(not_ours("含有图像或嵌入对象".to_string()));
    }
    // Every font on the page must be one of ours, under our name: a subset tag (six capitals,
    // fixed in renderer 1, derived from the document in renderer 2) and the face's own name.
    let page_fonts = doc.get_page_fonts(page_id).map_err(|_| not_ours("的字体无法读取".to_string()))?;
    for (name, dict) in &page_fonts {
        let face = Face::from_resource_name(name);
        let base = dict.get(b"BaseFont").and_then(Object::as_name).unwrap_or_default();
        let tagged = base.len() > 7 && base[..6].iter().all(u8::is_ascii_uppercase) && base[6] == b'+';
        let ours = face.is_some_and(|f| tagged && base[7..] == *f.postscript_name().as_bytes());
        if !ours {
            return Err(not_ours(format!("使用了非倒查字体“{}”", String::from_utf8_lossy(name))));
        }
    }

    let content = doc
        .get_page_content_with_limit(page_id, MAX_STREAM_BYTES)
        .map_err(|_| not_ours("的内容无法读取".to_string()))?;
    let content = lopdf::content::Content::decode(&content).map_err(|_| not_ours("的内容无法解析".to_string()))?;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut in_text = false;
    let mut face: Option<Face> = None;
    // The font is graphics state: `Q` brings back the one in force at the matching `q`.
    let mut saved_faces: Vec<Option<Face>> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => saved_faces.push(face),
            "Q" => face = saved_faces.pop().flatten(),
            "BT" => {
                in_text = true;
                line.clear();
            }
            "ET" => {
                in_text = false;
                lines.push(std::mem::take(&mut line));
            }
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or_default();
                face = Face::from_resource_name(name);
                if face.is_none() {
                    return Err(not_ours(format!("使用了非倒查字体“{}”", String::from_utf8_lossy(name))));
                }
            }
            "Tj" | "TJ" | "'" | "\"" => {
                let Some(face) = face.filter(|_| in_text) else {
                    return Err(not_ours("的文字没有字体".to_string()));
                };
                for operand in &op.operands {
                    decode_operand(operand, face, fonts, &mut line).map_err(|why| not_ours(why.to_string()))?;
                }
            }
            "Do" | "BI" | "ID" | "EI" | "sh" => return Err(not_ours("含有图像或嵌入对象".to_string())),
            _ => {}
        }
    }
    if in_text {
        return Err(not_ours("的文字对象不完整".to_string()));
    }
    Ok(lines.join("\n"))
}

/// Appends the characters a text operand draws.
fn decode_operand(operand: &Object, face: Face, fonts: &Fonts, out: &mut String) -> Result<(), &'static str> {
    match operand {
        Object::String(bytes, _) => {
            if bytes.len() % 2 != 0 {
                return Err("的文字编码不完整");
            }
            for pair in bytes.chunks_exact(2) {
                let code = u16::from_be_bytes([pair[0], pair[1]]);
                out.push(fonts.decode(face, code).ok_or("含有无法识别的字形")?);
            }
            Ok(())
        }
        Object::Array(items) => items.iter().try_for_each(|item| decode_operand(item, face, fonts, out)),
        // Kerning and spacing numbers draw nothing.
        _ => Ok(()),
    }
}

fn load(pdf: &[u8]) -> Result<Document, SheetError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(SheetError::NotPdf("文件开头不是 %PDF-".to_string()));
    }
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM_BYTES), ..LoadOptions::default() };
    let doc = Document::load_mem_with_options(pdf, options)
        .map_err(|_| SheetError::NotPdf("文件结构无法解析（可能已损坏、不完整或不是 PDF）".to_string()))?;
    if doc.is_encrypted() {
        return Err(SheetError::NotOurs("文件已加密".to_string()));
    }
    Ok(doc)
}

/// Whether two PDFs draw the same thing: the same pages with the same drawing operations (decoded,
/// so compression and object numbering do not matter), and the same fonts, pictures and attached
/// payload. What another program's plain re-save (nothing changed) keeps, and any change of what
/// is shown does not.
pub fn same_drawing(a: &[u8], b: &[u8]) -> Result<bool, SheetError> {
    guarded(|| {
        let (a, b) = (load(a)?, load(b)?);
        let (pages_a, pages_b) = (a.get_pages(), b.get_pages());
        if pages_a.len() != pages_b.len() {
            return Ok(false);
        }
        let drawing = |doc: &Document, id: lopdf::ObjectId| -> Option<Vec<u8>> {
            let raw = doc.get_page_content_with_limit(id, MAX_STREAM_BYTES).ok()?;
            lopdf::content::Content::decode(&raw).ok()?.encode().ok()
        };
        for (pa, pb) in pages_a.values().zip(pages_b.values()) {
            match (drawing(&a, *pa), drawing(&b, *pb)) {
                (Some(x), Some(y)) if x == y => {}
                _ => return Ok(false),
            }
        }
        Ok(resource_streams(&a) == resource_streams(&b)
            && find_attachment(&a).is_some() == find_attachment(&b).is_some())
    })
}

/// The decoded contents of a document's streams other than page contents, cross-reference and
/// object streams and XMP metadata (which a re-save may rewrite), sorted.
fn resource_streams(doc: &Document) -> Vec<Vec<u8>> {
    let contents: std::collections::HashSet<lopdf::ObjectId> =
        doc.get_pages().values().flat_map(|p| doc.get_page_contents(*p)).collect();
    let mut out: Vec<Vec<u8>> = doc
        .objects
        .iter()
        .filter(|(id, _)| !contents.contains(id))
        .filter_map(|(_, o)| o.as_stream().ok())
        .filter(|s| {
            let kind = s.dict.get(b"Type").and_then(Object::as_name).unwrap_or_default();
            !matches!(kind, b"XRef" | b"ObjStm" | b"Metadata")
        })
        .map(|s| {
            if s.dict.has(b"Filter") {
                s.decompressed_content_with_limit(MAX_STREAM_BYTES).unwrap_or_else(|_| s.content.clone())
            } else {
                s.content.clone()
            }
        })
        .collect();
    out.sort();
    out
}

/// Our attachment's file specification, if the catalog names one.
fn find_attachment(doc: &Document) -> Option<&Dictionary> {
    let catalog = doc.catalog().ok()?;
    let names = resolve(doc, catalog.get(b"Names").ok()?)?.as_dict().ok()?;
    let tree = resolve(doc, names.get(b"EmbeddedFiles").ok()?)?.as_dict().ok()?;
    let entries = resolve(doc, tree.get(b"Names").ok()?)?.as_array().ok()?;
    entries.chunks_exact(2).find_map(|pair| {
        let name = pair[0].as_str().ok()?;
        if name != ATTACHMENT_NAME.as_bytes() {
            return None;
        }
        resolve(doc, &pair[1])?.as_dict().ok()
    })
}

/// Follows a reference (one level is all we write; lopdf guards against cycles).
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// Runs `f`, turning a panic in the PDF parser into an error.
fn guarded<T>(f: impl FnOnce() -> Result<T, SheetError>) -> Result<T, SheetError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(SheetError::NotPdf("解析时出现内部错误".to_string())))
}
