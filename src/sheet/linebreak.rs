//! Line breaking for Chinese text, character by character, with 避头尾 (kinsoku).
//!
//! The text is cut into *atoms* that never break inside:
//! - one CJK character;
//! - a run of ASCII letters, digits and punctuation (`1,500.00`, `SHA-256`, `ab12cd`), so
//!   numbers and words stay whole;
//! - `——` and `……`, which are one mark each;
//! - and the glue of 避头尾: closing punctuation (`，。、；：）》」〕` …) sticks to the atom before
//!   it, so it never starts a line; opening punctuation (`（《「〔` …) sticks to the atom after
//!   it, so it never ends one.
//!
//! Atoms are then laid greedily into lines. An ASCII space is a break opportunity and is dropped
//! at line ends. An atom wider than a whole line (a 64-digit hash in a narrow column) is the only
//! thing ever cut, character by character. When a glued atom does not fit, it moves to the next
//! line whole ("push out"), and the line it left is justified by the caller.

/// One line of broken text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BrokenLine {
    /// The characters on the line (spaces at its ends removed).
    pub text: String,
    /// Their natural width, in the caller's unit.
    pub width: f32,
    /// The line ends a paragraph (or a `\n`): it is not justified.
    pub last: bool,
}

/// Punctuation that must not start a line.
pub(crate) fn is_closing(ch: char) -> bool {
    "，。、；：？！）》」』〕】〉〗〙〛”’…—～·％‰℃°′″,.;:?!)]}%".contains(ch)
}

/// Punctuation that must not end a line.
pub(crate) fn is_opening(ch: char) -> bool {
    "（《「『〔【〈〖〘〚“‘([{￥$£¥".contains(ch)
}

fn is_ascii_word(ch: char) -> bool {
    ch.is_ascii_graphic()
}

/// An unbreakable piece: a byte range of the text and its width.
#[derive(Clone, Copy, Debug)]
struct Atom {
    start: usize,
    end: usize,
    width: f32,
    space: bool,
}

/// Breaks `text` into lines no wider than `first_width` (the first line, which may carry an
/// indent) and `width` (the others). `measure` gives the width of one character. Each `\n`
/// ends a line, marked `last`. With `keep_dates`, a date written in Chinese (`2017年10月31日`,
/// `2017年9月`) is one atom too, never split across lines.
pub(crate) fn break_lines(
    text: &str,
    first_width: f32,
    width: f32,
    measure: &dyn Fn(char) -> f32,
    keep_dates: bool,
) -> Vec<BrokenLine> {
    let mut lines = Vec::new();
    for (i, part) in text.split('\n').enumerate() {
        let first = if i == 0 { first_width } else { width };
        break_part(part, first, width, measure, keep_dates, &mut lines);
    }
    lines
}

fn break_part(
    text: &str,
    first_width: f32,
    width: f32,
    measure: &dyn Fn(char) -> f32,
    keep_dates: bool,
    out: &mut Vec<BrokenLine>,
) {
    let mut line =
        LineBuilder { text, first_width, width, emitted: 0, start: None, end: 0, width_used: 0.0, space: 0.0, out };
    let mut atoms = atoms(text, measure);
    if keep_dates {
        atoms = glue_spans(atoms, &date_spans(text));
    }
    for atom in atoms {
        line.push(atom, measure);
    }
    line.flush(true);
}

/// Byte ranges of dates written in Chinese: digits, 年, digits, 月, and optionally digits, 日.
fn date_spans(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digits = |from: usize| chars[from..].iter().take_while(|(_, c)| c.is_ascii_digit()).count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let year = digits(i);
        let after_year = i + year;
        if year == 4 && chars.get(after_year).is_some_and(|(_, c)| *c == '年') {
            let month = digits(after_year + 1);
            let after_month = after_year + 1 + month;
            if (1..=2).contains(&month) && chars.get(after_month).is_some_and(|(_, c)| *c == '月') {
                let mut end = after_month + 1;
                let day = digits(end);
                if (1..=2).contains(&day) && chars.get(end + day).is_some_and(|(_, c)| *c == '日') {
                    end += day + 1;
                }
                let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
                spans.push((chars[i].0, end_byte));
                i = end;
                continue;
            }
        }
        i += year.max(1);
    }
    spans
}

/// Merges the atoms that overlap each span into one.
fn glue_spans(atoms: Vec<Atom>, spans: &[(usize, usize)]) -> Vec<Atom> {
    if spans.is_empty() {
        return atoms;
    }
    let mut out: Vec<Atom> = Vec::with_capacity(atoms.len());
    for atom in atoms {
        let inside = |a: &Atom| spans.iter().any(|(s, e)| a.start < *e && a.end > *s);
        let same_span =
            |a: &Atom, b: &Atom| spans.iter().any(|(s, e)| a.start < *e && a.end > *s && b.start < *e && b.end > *s);
        match out.last_mut() {
            Some(prev) if !atom.space && !prev.space && inside(&atom) && same_span(prev, &atom) => {
                prev.end = atom.end;
                prev.width += atom.width;
            }
            _ => out.push(atom),
        }
    }
    out
}

/// The line being filled.
struct LineBuilder<'a> {
    text: &'a str,
    first_width: f32,
    width: f32,
    /// Lines already emitted for this part.
    emitted: usize,
    /// Byte offset of the first character on the line; `None` while the line is empty.
    start: Option<usize>,
    /// Byte offset after the last non-space character.
    end: usize,
    /// Width up to `end`.
    width_used: f32,
    /// Width of the spaces after `end`, counted only if something follows them.
    space: f32,
    out: &'a mut Vec<BrokenLine>,
}

/// Rounding slack, so a line that fits exactly is not broken early.
const EPSILON: f32 = 0.01;

impl LineBuilder<'_> {
    fn available(&self) -> f32 {
        if self.emitted == 0 { self.first_width } else { self.width }
    }

    fn push(&mut self, atom: Atom, measure: &dyn Fn(char) -> f32) {
        if atom.space {
            if self.start.is_some() {
                self.space += atom.width;
            }
            return;
        }
        if atom.width > self.width + EPSILON {
            // Wider than a whole line: the one case where an atom is cut, by characters, from
            // where the line has got to (a fresh line would not keep it whole either).
            self.cut(atom, measure);
            return;
        }
        if self.start.is_some() && self.width_used + self.space + atom.width > self.available() + EPSILON {
            self.flush(false);
        }
        if self.start.is_none() && atom.width > self.available() + EPSILON {
            // Wider than an indented first line (but not a full one).
            self.cut(atom, measure);
            return;
        }
        self.add(atom.start, atom.end, atom.width);
    }

    fn cut(&mut self, atom: Atom, measure: &dyn Fn(char) -> f32) {
        for (offset, ch) in self.text[atom.start..atom.end].char_indices() {
            let w = measure(ch);
            if self.start.is_some() && self.width_used + self.space + w > self.available() + EPSILON {
                self.flush(false);
            }
            self.add(atom.start + offset, atom.start + offset + ch.len_utf8(), w);
        }
    }

    fn add(&mut self, start: usize, end: usize, width: f32) {
        if self.start.is_none() {
            self.start = Some(start);
            self.width_used = 0.0;
            self.space = 0.0;
        }
        self.width_used += self.space + width;
        self.space = 0.0;
        self.end = end;
    }

    fn flush(&mut self, last: bool) {
        let text = self.start.map(|s| self.text[s..self.end].to_string()).unwrap_or_default();
        let width = if self.start.is_some() { self.width_used } else { 0.0 };
        self.out.push(BrokenLine { text, width, last });
        self.emitted += 1;
        self.start = None;
        self.width_used = 0.0;
        self.space = 0.0;
    }
}

/// Cuts `text` into atoms (see the module docs).
fn atoms(text: &str, measure: &dyn Fn(char) -> f32) -> Vec<Atom> {
    // First the units: one CJK character, one ASCII run, one space, one `——`/`……`.
    let mut units: Vec<(Atom, char, char)> = Vec::new(); // (atom, first char, last char)
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let mut end = start + ch.len_utf8();
        let mut width = measure(ch);
        let mut last = ch;
        if ch == ' ' {
            units.push((Atom { start, end, width, space: true }, ch, ch));
            continue;
        }
        let joins = |next: char| (is_ascii_word(ch) && is_ascii_word(next)) || ((ch == '—' || ch == '…') && next == ch);
        while let Some(&(at, next)) = chars.peek() {
            if !joins(next) {
                break;
            }
            chars.next();
            end = at + next.len_utf8();
            width += measure(next);
            last = next;
        }
        units.push((Atom { start, end, width, space: false }, ch, last));
    }
    // Then the glue of 避头尾, across spaces too (`word ）` keeps its bracket).
    let mut atoms: Vec<Atom> = Vec::new();
    let mut glue_next = false;
    for (unit, first, last) in units {
        if unit.space {
            atoms.push(unit);
            continue;
        }
        let glue_prev = is_closing(first);
        // The last non-space atom, and the spaces after it.
        let spaces_after = atoms.iter().rev().take_while(|a| a.space).count();
        let has_prev = atoms.len() > spaces_after;
        if has_prev && (glue_prev || glue_next) {
            let spaces: f32 = atoms.drain(atoms.len() - spaces_after..).map(|a| a.width).sum();
            if let Some(prev) = atoms.last_mut() {
                prev.end = unit.end;
                prev.width += spaces + unit.width;
            }
        } else {
            atoms.push(unit);
        }
        glue_next = is_opening(last);
    }
    atoms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is one unit wide, ASCII half a unit: widths count characters.
    fn unit(ch: char) -> f32 {
        if ch.is_ascii() { 0.5 } else { 1.0 }
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        break_lines(text, width, width, &unit, false).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_chinese_date_is_kept_on_one_line_when_asked() {
        let text = "整改期限为2017年10月31日，逾期";
        let split = lines(text, 12.0);
        assert!(split.iter().any(|l| l.ends_with("31") || l.ends_with('月')), "{split:?}");
        let kept: Vec<String> = break_lines(text, 12.0, 12.0, &unit, true).into_iter().map(|l| l.text).collect();
        assert!(kept.iter().any(|l| l.contains("2017年10月31日")), "{kept:?}");
        assert_eq!(kept.concat(), text);
        let text = "于2017年9月12日和2018年1月";
        let (a, b) = (text.find("2017").unwrap(), text.find("和").unwrap());
        let c = text.find("2018").unwrap();
        assert_eq!(date_spans(text), vec![(a, b), (c, text.len())]);
    }

    #[test]
    fn fills_lines_character_by_character() {
        assert_eq!(lines("一二三四五六七八九十", 4.0), ["一二三四", "五六七八", "九十"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // The comma would start line 2: the character before it goes along.
        assert_eq!(lines("一二三四，五六", 4.0), ["一二三", "四，五六"]);
        assert_eq!(lines("一二三四。）五", 4.0), ["一二三", "四。）五"]);
        assert_eq!(lines("一二三四、", 4.0), ["一二三", "四、"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(lines("一二三（四）", 4.0), ["一二三", "（四）"]);
        assert_eq!(lines("鲅综执罚〔2017〕12号", 5.0), ["鲅综执罚", "〔2017〕12", "号"]);
    }

    #[test]
    fn digits_and_latin_words_stay_whole() {
        // `1,500.00` is four units wide; it moves to the next line rather than split.
        assert_eq!(lines("罚款金额为1,500.00元", 6.0), ["罚款金额为", "1,500.00元"]);
        assert_eq!(lines("SHA-256 digest", 4.0), ["SHA-256", "digest"]);
    }

    #[test]
    fn only_an_atom_wider_than_a_line_is_cut() {
        let hex = "0123456789abcdef0123";
        let got = lines(hex, 4.0);
        assert_eq!(got, ["01234567", "89abcdef", "0123"]);
        // It is cut from where the line has got to, not moved to a fresh line first.
        assert_eq!(lines("摘要 0123456789abcdef", 4.0), ["摘要 012", "3456789a", "bcdef"]);
    }

    #[test]
    fn spaces_break_and_vanish_at_line_ends() {
        assert_eq!(lines("ab cd ef", 2.5), ["ab cd", "ef"]);
        assert_eq!(lines("  前导空格", 10.0), ["前导空格"]);
    }

    #[test]
    fn the_first_line_may_be_narrower_and_newlines_end_lines() {
        let got = break_lines("一二三四五六\n七八", 2.0, 4.0, &unit, false);
        let texts: Vec<&str> = got.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["一二", "三四五六", "七八"]);
        assert_eq!(got.iter().map(|l| l.last).collect::<Vec<_>>(), [false, true, true]);
    }

    #[test]
    fn dashes_and_ellipses_are_one_mark() {
        assert_eq!(lines("一二三——四", 4.0), ["一二", "三——四"]);
        assert_eq!(lines("一二三……", 4.0), ["一二", "三……"]);
    }

    #[test]
    fn widths_are_measured() {
        let got = break_lines("一二A", 10.0, 10.0, &unit, false);
        assert_eq!(got, vec![BrokenLine { text: "一二A".into(), width: 2.5, last: true }]);
    }

    proptest::proptest! {
        #[test]
        fn no_line_breaks_the_rules_and_nothing_is_lost(
            text in "[一二三四五六，。、；：（）《》〔〕abc12. ]{0,60}",
            width in 3.0f32..12.0,
        ) {
            let got = break_lines(&text, width, width, &unit, false);
            // Atoms wider than a line are cut anyhow; the rules hold where that does not happen.
            let cut = atoms(&text, &unit).iter().any(|a| a.width > width);
            for line in &got {
                proptest::prop_assert!(line.width <= width + EPSILON, "too wide: {:?}", line);
                // The text's own first and last characters cannot move anywhere.
                let text_starts = text.trim_start().starts_with(&line.text);
                let text_ends = text.trim_end().ends_with(&line.text);
                if !cut {
                    let first = line.text.chars().next().unwrap_or('一');
                    let last = line.text.chars().last().unwrap_or('一');
                    proptest::prop_assert!(!is_closing(first) || text_starts, "starts with {}: {:?}", first, line);
                    proptest::prop_assert!(!is_opening(last) || text_ends, "ends with {}: {:?}", last, line);
                }
            }
            let joined: String = got.iter().map(|l| l.text.as_str()).collect::<String>().replace(' ', "");
            proptest::prop_assert_eq!(joined, text.replace(' ', ""));
        }
    }
}
