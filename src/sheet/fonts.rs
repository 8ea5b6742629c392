//! The two faces printed on the sheet, parsed once per process.
//!
//! Parsing a 10 MB CJK face is most of the cost of a sheet, so [`Fonts::shared`] parses both
//! on first use and keeps them; [`super::preload_fonts`] lets the program do that on a worker
//! thread at start-up.
//!
//! Characters are mapped to glyphs through our own table, read once from the face's format 12
//! `cmap`: the parsed face's own lookup scans its 30,000 character groups one by one, which
//! costs seconds over a whole sheet. The glyph ids go to printpdf directly, so it never looks
//! characters up either. The map from the codes in a content stream back to characters (needed
//! only to read a sheet back) is built the first time it is asked for.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::SheetError;

/// Noto Serif CJK SC Regular (宋体 role: title and body), SIL OFL 1.1.
pub static SERIF_OTF: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Regular.otf");
/// Noto Sans CJK SC Regular (黑体 role: headings, table headers), SIL OFL 1.1. The GUI uses the
/// same bytes (`ui::fonts::SANS`), so the binary carries them once.
pub static SANS_OTF: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular.otf");

/// A face on the sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// 宋体 role: title, body, table cells.
    Serif,
    /// 黑体 role: headings, table headers, signature roles.
    Sans,
}

impl Face {
    /// The font's resource name in the PDF. Fixed (printpdf would pick random ones) so that the
    /// same sheet renders to the same bytes, and so that a reader recognises our fonts; its
    /// first six letters are also the subset tag (`DCSONG+NotoSerifCJKsc-Regular`).
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Face::Serif => "DCSONG",
            Face::Sans => "DCHEIT",
        }
    }

    /// The face's PostScript name, as printpdf writes it after the subset tag.
    pub(crate) fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "NotoSerifCJKsc-Regular",
            Face::Sans => "NotoSansCJKsc-Regular",
        }
    }

    /// The face a resource name stands for, if it is one of ours.
    pub(crate) fn from_resource_name(name: &[u8]) -> Option<Face> {
        [Face::Serif, Face::Sans].into_iter().find(|f| f.resource_name().as_bytes() == name)
    }

    fn other(self) -> Face {
        match self {
            Face::Serif => Face::Sans,
            Face::Sans => Face::Serif,
        }
    }
}

/// Both faces, parsed.
pub struct Fonts {
    serif: FaceData,
    sans: FaceData,
}

struct FaceData {
    font: ParsedFont,
    units_per_em: f32,
    /// Character → glyph id, from the `cmap`, sorted by character.
    glyphs: Vec<(char, u16)>,
    codes: OnceLock<CodeMaps>,
}

/// What a two-byte code in a content stream means. For these CID-keyed CFF faces printpdf writes
/// the CID of each glyph (the subset keeps the original CIDs), so codes are read back through
/// the original face: CID → glyph → the character it stands for.
#[derive(Default)]
struct CodeMaps {
    cid_to_char: HashMap<u16, char>,
    gid_to_cid: HashMap<u16, u16>,
}

impl Fonts {
    /// Parses both faces. Slow (tens of milliseconds); prefer [`Fonts::shared`].
    pub fn parse() -> Result<Fonts, SheetError> {
        Ok(Fonts {
            serif: FaceData::parse(SERIF_OTF, "Noto Serif CJK SC")?,
            sans: FaceData::parse(SANS_OTF, "Noto Sans CJK SC")?,
        })
    }

    /// The faces, parsed on first use and kept for the life of the process.
    pub fn shared() -> Result<&'static Fonts, SheetError> {
        static FONTS: OnceLock<Result<Fonts, SheetError>> = OnceLock::new();
        FONTS.get_or_init(Fonts::parse).as_ref().map_err(Clone::clone)
    }

    fn data(&self, face: Face) -> &FaceData {
        match face {
            Face::Serif => &self.serif,
            Face::Sans => &self.sans,
        }
    }

    /// The parsed face, for embedding.
    pub(crate) fn parsed(&self, face: Face) -> &ParsedFont {
        &self.data(face).font
    }

    /// Whether `face` draws `ch`.
    pub(crate) fn has_glyph(&self, face: Face, ch: char) -> bool {
        self.data(face).glyph(ch).is_some()
    }

    /// The glyph id of `ch` in `face`.
    pub(crate) fn glyph(&self, face: Face, ch: char) -> Option<u16> {
        self.data(face).glyph(ch)
    }

    /// The face that draws `ch`: `preferred` when it can, else the other one (the two cover
    /// slightly different rare ideographs), else `None`.
    pub(crate) fn resolve(&self, preferred: Face, ch: char) -> Option<Face> {
        if self.has_glyph(preferred, ch) {
            Some(preferred)
        } else if self.has_glyph(preferred.other(), ch) {
            Some(preferred.other())
        } else {
            None
        }
    }

    /// The advance of `ch` in `face` at `size_pt`, in points (0 when the face lacks it).
    pub(crate) fn advance(&self, face: Face, ch: char, size_pt: f32) -> f32 {
        let data = self.data(face);
        match data.glyph(ch) {
            Some(gid) => f32::from(data.font.get_horizontal_advance(gid)) / data.units_per_em * size_pt,
            None => 0.0,
        }
    }

    /// The character a content-stream code of `face` stands for.
    pub(crate) fn decode(&self, face: Face, code: u16) -> Option<char> {
        self.data(face).codes().cid_to_char.get(&code).copied()
    }

    /// `ch` as [`Fonts::decode`] gives it back: characters that share one glyph (a CJK
    /// compatibility ideograph and its unified twin, say) read back as one of them.
    pub(crate) fn canonical(&self, face: Face, ch: char) -> char {
        let data = self.data(face);
        let codes = data.codes();
        data.glyph(ch)
            .and_then(|gid| codes.gid_to_cid.get(&gid))
            .and_then(|cid| codes.cid_to_char.get(cid))
            .copied()
            .unwrap_or(ch)
    }
}

impl FaceData {
    fn parse(bytes: &[u8], name: &str) -> Result<FaceData, SheetError> {
        let broken = || SheetError::Font(name.to_string());
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(broken)?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let glyphs = cmap_format12(bytes).ok_or_else(broken)?;
        Ok(FaceData { font, units_per_em, glyphs, codes: OnceLock::new() })
    }

    fn glyph(&self, ch: char) -> Option<u16> {
        let at = self.glyphs.binary_search_by_key(&ch, |(c, _)| *c).ok()?;
        Some(self.glyphs[at].1).filter(|gid| *gid != 0)
    }

    fn codes(&self) -> &CodeMaps {
        self.codes.get_or_init(|| {
            let Some(source) = self.font.source_bytes() else {
                return CodeMaps::default();
            };
            let glyph_count = self.font.num_glyphs;
            let gid_to_cid = sfnt_table(source.as_slice(), b"CFF ")
                .and_then(|cff| cff_gid_to_cid(cff, glyph_count))
                // Not CID-keyed: codes are glyph ids.
                .unwrap_or_else(|| (0..glyph_count).map(|gid| (gid, gid)).collect());
            let mut cid_to_char: HashMap<u16, char> = HashMap::new();
            for (ch, gid) in self.glyphs.iter().copied() {
                let Some(&cid) = gid_to_cid.get(&gid) else { continue };
                cid_to_char
                    .entry(cid)
                    .and_modify(|best| {
                        if (preference(ch), ch) < (preference(*best), *best) {
                            *best = ch;
                        }
                    })
                    .or_insert(ch);
            }
            CodeMaps { cid_to_char, gid_to_cid }
        })
    }
}

/// Reads the format 12 (full Unicode) subtable of an OpenType font's `cmap`: characters and
/// their glyph ids, sorted by character. `None` if the font has none or is malformed.
fn cmap_format12(font: &[u8]) -> Option<Vec<(char, u16)>> {
    let cmap = sfnt_table(font, b"cmap")?;
    // Encoding records: platform, encoding, offset of the subtable.
    let subtables = usize::from(u16_at(cmap, 2)?);
    let table = (0..subtables).find_map(|i| {
        let record = 4 + 8 * i;
        let offset = usize::try_from(u32_at(cmap, record + 4)?).ok()?;
        (u16_at(cmap, offset)? == 12).then_some(offset)
    })?;
    let groups = usize::try_from(u32_at(cmap, table + 12)?).ok()?;
    let mut map = Vec::new();
    for i in 0..groups {
        let group = table + 16 + 12 * i;
        let (first, last, first_glyph) = (u32_at(cmap, group)?, u32_at(cmap, group + 4)?, u32_at(cmap, group + 8)?);
        // A malformed group must not make us insert millions of entries.
        if last < first || last - first > 0x1_0000 {
            return None;
        }
        for code in first..=last {
            let (Some(ch), Ok(gid)) = (char::from_u32(code), u16::try_from(first_glyph + (code - first))) else {
                continue;
            };
            map.push((ch, gid));
        }
    }
    // Groups come sorted in a well-formed font; make sure, and keep the first of duplicates.
    map.sort_by_key(|(ch, _)| *ch);
    map.dedup_by_key(|(ch, _)| *ch);
    Some(map)
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at.checked_add(2)?).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at.checked_add(4)?).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// One table of an OpenType font, by tag.
fn sfnt_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    // The table directory: 12 bytes of header, then 16-byte records (tag, checksum, offset, length).
    let tables = usize::from(u16_at(font, 4)?);
    (0..tables).find_map(|i| {
        let record = 12 + 16 * i;
        (font.get(record..record + 4)? == tag).then_some(())?;
        let offset = usize::try_from(u32_at(font, record + 8)?).ok()?;
        let length = usize::try_from(u32_at(font, record + 12)?).ok()?;
        font.get(offset..offset.checked_add(length)?)
    })
}

/// Glyph id → CID from the charset of a CID-keyed `CFF ` table (Adobe TN 5176); `None` if the
/// font is not CID-keyed or is malformed. (allsorts parses the whole CFF for this, which takes
/// seconds on a 30,000-glyph face; the charset alone is a few kilobytes.)
fn cff_gid_to_cid(cff: &[u8], glyph_count: u16) -> Option<HashMap<u16, u16>> {
    let header_size = usize::from(*cff.get(2)?);
    let names_end = index_end(cff, header_size)?;
    // The Top DICT INDEX: its first entry is the font's Top DICT.
    let count = usize::from(u16_at(cff, names_end)?);
    let off_size = usize::from(*cff.get(names_end + 2)?);
    if count == 0 || !(1..=4).contains(&off_size) {
        return None;
    }
    let offset = |i: usize| -> Option<usize> {
        let at = names_end + 3 + i * off_size;
        let bytes = cff.get(at..at + off_size)?;
        Some(bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)))
    };
    let data_start = names_end + 3 + (count + 1) * off_size - 1;
    let top = cff.get(data_start + offset(0)?..data_start + offset(1)?)?;
    let (cid_keyed, charset) = top_dict(top)?;
    if !cid_keyed || charset < 3 {
        // Not CID-keyed, or a predefined (non-CID) charset.
        return None;
    }
    let mut map = HashMap::new();
    map.insert(0, 0);
    let format = *cff.get(charset)?;
    let mut at = charset + 1;
    let mut gid: u16 = 1;
    while gid < glyph_count {
        match format {
            0 => {
                map.insert(gid, u16_at(cff, at)?);
                at += 2;
                gid += 1;
            }
            1 | 2 => {
                let first = u16_at(cff, at)?;
                let left = if format == 1 { u16::from(*cff.get(at + 2)?) } else { u16_at(cff, at + 2)? };
                at += if format == 1 { 3 } else { 4 };
                for k in 0..=left {
                    if gid >= glyph_count {
                        break;
                    }
                    map.insert(gid, first.checked_add(k)?);
                    gid += 1;
                }
            }
            _ => return None,
        }
    }
    Some(map)
}

/// Where the CFF INDEX starting at `at` ends.
fn index_end(cff: &[u8], at: usize) -> Option<usize> {
    let count = usize::from(u16_at(cff, at)?);
    if count == 0 {
        return Some(at + 2);
    }
    let off_size = usize::from(*cff.get(at + 2)?);
    if !(1..=4).contains(&off_size) {
        return None;
    }
    let last_at = at + 3 + count * off_size;
    let last = cff.get(last_at..last_at + off_size)?.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    Some(last_at + off_size + last - 1)
}

/// From a Top DICT: whether it has `ROS` (CID-keyed) and the charset offset (0 if absent).
fn top_dict(dict: &[u8]) -> Option<(bool, usize)> {
    let mut operands: Vec<i64> = Vec::new();
    let (mut cid_keyed, mut charset) = (false, 0usize);
    let mut i = 0;
    while i < dict.len() {
        let b0 = dict[i];
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    i += 1;
                    1200 + u16::from(*dict.get(i)?)
                } else {
                    u16::from(b0)
                };
                match op {
                    15 => charset = usize::try_from(*operands.last()?).ok()?,
                    1230 => cid_keyed = true,
                    _ => {}
                }
                operands.clear();
                i += 1;
            }
            28 => {
                operands.push(i64::from(i16::from_be_bytes([*dict.get(i + 1)?, *dict.get(i + 2)?])));
                i += 3;
            }
            29 => {
                let b = dict.get(i + 1..i + 5)?;
                operands.push(i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])));
                i += 5;
            }
            30 => {
                // A real number: nibbles up to an 0xf. Its value is not needed here.
                i += 1;
                while (*dict.get(i)? & 0x0f) != 0x0f && (*dict.get(i)? >> 4) != 0x0f {
                    i += 1;
                }
                i += 1;
                operands.push(0);
            }
            32..=246 => {
                operands.push(i64::from(b0) - 139);
                i += 1;
            }
            247..=250 => {
                operands.push((i64::from(b0) - 247) * 256 + i64::from(*dict.get(i + 1)?) + 108);
                i += 2;
            }
            251..=254 => {
                operands.push(-(i64::from(b0) - 251) * 256 - i64::from(*dict.get(i + 1)?) - 108);
                i += 2;
            }
            _ => return None,
        }
    }
    Some((cid_keyed, charset))
}

/// Which of several characters sharing one glyph a code reads back as: the ones people type
/// (ASCII, CJK Unified Ideographs, CJK punctuation, full-width forms) before radicals,
/// compatibility ideographs and the like; among equals the lowest code point.
fn preference(ch: char) -> u8 {
    match u32::from(ch) {
        0x20..=0x7E | 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF => 0,
        0x3400..=0x4DBF | 0x00A0..=0x2E7F => 1,
        0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_draw_the_rare_names_and_measure_ideographs_at_one_em() {
        let fonts = Fonts::shared().unwrap();
        for face in [Face::Serif, Face::Sans] {
            for ch in "李堃赵彧王喆陈昇〔〕（）：，。".chars() {
                assert!(fonts.has_glyph(face, ch), "{face:?} lacks {ch}");
                assert!((fonts.advance(face, ch, 12.0) - 12.0).abs() < 0.01, "{face:?} {ch}");
            }
            let digit = fonts.advance(face, '1', 12.0);
            assert!(digit > 4.0 && digit < 8.0, "digits are proportional: {digit}");
        }
        assert_eq!(fonts.resolve(Face::Serif, '😀'), None);
    }

    #[test]
    fn our_cmap_agrees_with_the_parsed_face() {
        let fonts = Fonts::shared().unwrap();
        for face in [Face::Serif, Face::Sans] {
            let data = fonts.data(face);
            assert!(data.glyphs.len() > 30_000, "{face:?}: {}", data.glyphs.len());
            for ch in "李堃赵彧王喆陈昇〔〕（）：，。1,500.00 ABCxyz".chars().chain(['\u{3400}', '\u{20000}'])
            {
                assert_eq!(data.glyph(ch), data.font.lookup_glyph_index(u32::from(ch)).filter(|g| *g != 0), "{ch}");
            }
        }
        assert_eq!(cmap_format12(b"not a font"), None);
        assert_eq!(cmap_format12(&SERIF_OTF[..2000]), None);
    }

    #[test]
    fn the_cff_charset_gives_the_cids_fonttools_reports() {
        // (face, character, glyph id, CID) as `fontTools` lists them for these two files.
        let fonts = Fonts::shared().unwrap();
        for (face, ch, gid, cid) in [
            (Face::Serif, '李', 14642, 20759),
            (Face::Serif, '堃', 10717, 13553),
            (Face::Serif, '，', 29309, 58960),
            (Face::Serif, '。', 759, 1405),
            (Face::Serif, 'A', 34, 34),
            (Face::Sans, '李', 14634, 20809),
            (Face::Sans, '堃', 10709, 13576),
            (Face::Sans, '，', 29329, 59058),
        ] {
            assert_eq!(fonts.glyph(face, ch), Some(gid), "{face:?} {ch}");
            assert_eq!(fonts.data(face).codes().gid_to_cid.get(&gid), Some(&cid), "{face:?} {ch}");
        }
        assert_eq!(cff_gid_to_cid(b"", 10), None);
        assert_eq!(cff_gid_to_cid(&[1, 0, 4, 1, 0, 0], 10), None);
    }

    #[test]
    fn codes_read_back_as_the_characters_drawn() {
        let fonts = Fonts::shared().unwrap();
        for face in [Face::Serif, Face::Sans] {
            let codes = fonts.data(face).codes();
            for ch in "区综合执法局李堃鲅罚〔2017〕12号1,500.00壹仟伍佰元整".chars() {
                let gid = fonts.data(face).glyph(ch).unwrap();
                let cid = codes.gid_to_cid[&gid];
                assert_eq!(fonts.decode(face, cid), Some(ch), "{face:?} {ch}");
                assert_eq!(fonts.canonical(face, ch), ch);
            }
        }
    }
}
