//! Number formats that show a number with leading zeros. A receipt number typed into Excel as a
//! number and formatted `00000000` shows as `00003217`, while the number stored is 3217; the same
//! list saved as CSV says `00003217`. Read as the number, the two would be two receipts. So a
//! number cell whose format pads it with zeros is read as the text it shows.

/// How a format shows a whole number: literal text around a run of zero digits (`"NO."000000`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZeroPad {
    prefix: String,
    digits: usize,
    suffix: String,
}

impl ZeroPad {
    /// The padding a format code asks for, or `None` if it is not a plain zero-padded integer
    /// format (`0`, `#,##0`, `0.00`, dates … are not).
    pub fn from_format(code: &str) -> Option<ZeroPad> {
        // The first section is the one for positive numbers.
        let mut chars = code.chars().peekable();
        let (mut prefix, mut suffix) = (String::new(), String::new());
        let mut digits = 0usize;
        while let Some(c) = chars.next() {
            let literal = match c {
                ';' => break,
                '0' => {
                    if !suffix.is_empty() {
                        // Zeros, text, zeros: not one run.
                        return None;
                    }
                    digits += 1;
                    continue;
                }
                '"' => {
                    let mut text = String::new();
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        text.push(c);
                    }
                    text
                }
                '\\' => chars.next()?.to_string(),
                // Colour and condition codes: [Red], [>=100].
                '[' => {
                    for c in chars.by_ref() {
                        if c == ']' {
                            break;
                        }
                    }
                    continue;
                }
                // Padding to the width of a character, and repeated fill: nothing shown.
                '_' | '*' => {
                    chars.next();
                    continue;
                }
                // Text shown as is in most locales.
                '-' | '(' | ')' | ' ' | '/' => c.to_string(),
                _ => return None,
            };
            if digits == 0 {
                prefix.push_str(&literal);
            } else {
                suffix.push_str(&literal);
            }
        }
        (digits >= 2).then_some(ZeroPad { prefix, digits, suffix })
    }

    /// The text the format shows for `value`, if it is a whole number it can show (not
    /// negative, not too large to be exact).
    pub fn show(&self, value: f64) -> Option<String> {
        if value.fract() != 0.0 || !(0.0..1e15).contains(&value) {
            return None;
        }
        // Whole, non-negative and bounded: exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = value as u64;
        Some(format!("{}{whole:0width$}{}", self.prefix, self.suffix, width = self.digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_padded_formats_show_their_zeros() {
        let pad = ZeroPad::from_format("00000000").unwrap();
        assert_eq!(pad.show(3217.0).as_deref(), Some("00003217"));
        assert_eq!(pad.show(123_456_789.0).as_deref(), Some("123456789"), "wider numbers are not cut");
        assert_eq!(pad.show(12.5), None);
        assert_eq!(pad.show(-1.0), None);
        let pad = ZeroPad::from_format("\"NO.\"000000;@").unwrap();
        assert_eq!(pad.show(42.0).as_deref(), Some("NO.000042"));
        let pad = ZeroPad::from_format("[Blue]\\A00000_)").unwrap();
        assert_eq!(pad.show(7.0).as_deref(), Some("A00007"));
        for other in ["General", "0", "#,##0", "0.00", "yyyy-mm-dd", "000-000-00", "0%", "@", "#0000"] {
            assert_eq!(ZeroPad::from_format(other), None, "{other}");
        }
    }
}
