//! The two faces printed on the sheet, parsed once per process.
//!
//! Parsing a 10 MB CJK face is most of the cost of a sheet, so [`Fonts::shared`] parses both
//! on first use and keeps them; [`super::preload_fonts`] lets the program do that on a worker
//! thread at start-up. The map from the codes in a content stream back to characters (needed
//! only to read a sheet back) is built lazily, the first time it is asked for.

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
        Ok(Fonts { serif: FaceData::parse(SERIF_OTF, "Noto Serif CJK SC")?, sans: FaceData::parse(SANS_OTF, "Noto Sans CJK SC")? })
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
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| SheetError::Font(name.to_string()))?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        Ok(FaceData { font, units_per_em, codes: OnceLock::new() })
    }

    fn glyph(&self, ch: char) -> Option<u16> {
        self.font.lookup_glyph_index(u32::from(ch)).filter(|gid| *gid != 0)
    }

    fn codes(&self) -> &CodeMaps {
        self.codes.get_or_init(|| {
            let Some(source) = self.font.source_bytes() else {
                return CodeMaps::default();
            };
            let gid_to_cid: HashMap<u16, u16> = match printpdf::cff_charset_gid_to_cid_map(source.as_slice(), 0) {
                Some(map) => map.into_iter().collect(),
                // Not CID-keyed: codes are glyph ids.
                None => (0..self.font.num_glyphs).map(|gid| (gid, gid)).collect(),
            };
            let mut cid_to_char: HashMap<u16, (u8, char)> = HashMap::new();
            for cp in (0x20u32..0xD800).chain(0xE000..0x3_0000) {
                let Some(ch) = char::from_u32(cp) else { continue };
                let Some(cid) = self.glyph(ch).and_then(|gid| gid_to_cid.get(&gid)) else { continue };
                let rank = preference(ch);
                cid_to_char
                    .entry(*cid)
                    .and_modify(|best| {
                        if rank < best.0 {
                            *best = (rank, ch);
                        }
                    })
                    .or_insert((rank, ch));
            }
            CodeMaps { cid_to_char: cid_to_char.into_iter().map(|(cid, (_, ch))| (cid, ch)).collect(), gid_to_cid }
        })
    }
}

/// Which of several characters sharing one glyph a code reads back as: the ones people type
/// (ASCII, CJK Unified Ideographs, CJK punctuation, full-width forms) before radicals,
/// compatibility ideographs and the like; among equals the lowest code point (visited first).
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
