//! The QR code on the sheet, as modules to draw as filled squares (vector, not an image: sharp
//! at any print resolution, and a few hundred bytes).

use qrcode::{Color, EcLevel, QrCode};

/// A QR code's dark modules.
pub(crate) struct QrModules {
    /// Modules per side (without the quiet zone, which the white paper around it provides).
    pub width: usize,
    dark: Vec<bool>,
}

impl QrModules {
    /// Encodes `payload` with error correction level M; `None` if it is too long for any QR
    /// version (more than about 2.3 KB).
    pub(crate) fn new(payload: &str) -> Option<QrModules> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
        let width = code.width();
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        Some(QrModules { width, dark })
    }

    /// The dark modules as horizontal runs `(row, first column, length)`: one rectangle per run
    /// keeps the content stream small.
    pub(crate) fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for (row, modules) in self.dark.chunks(self.width.max(1)).enumerate() {
            let mut col = 0;
            while col < modules.len() {
                if modules[col] {
                    let start = col;
                    while col < modules.len() && modules[col] {
                        col += 1;
                    }
                    runs.push((row, start, col - start));
                } else {
                    col += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let qr = QrModules::new("daocha:sha256:3f2a").unwrap();
        let mut covered = vec![false; qr.width * qr.width];
        for (row, start, len) in qr.dark_runs() {
            for col in start..start + len {
                assert!(!covered[row * qr.width + col]);
                covered[row * qr.width + col] = true;
            }
        }
        assert_eq!(covered, qr.dark);
        // The finder pattern: the top-left corner row starts with seven dark modules.
        assert_eq!(qr.dark_runs()[0], (0, 0, 7));
    }

    #[test]
    fn too_long_a_payload_gives_no_code() {
        assert!(QrModules::new(&"x".repeat(5000)).is_none());
    }
}
