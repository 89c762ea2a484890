//! The Connect page's QR code: the deep link as an SVG (dark on white, with the standard quiet
//! zone), served as a data: URI so the CSP needs no inline markup.
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `data:image/svg+xml;base64,…` of `text`'s QR code, or None if it does not fit in one.
pub fn svg_data_uri(text: &str) -> Option<String> {
    Some(format!(
        "data:image/svg+xml;base64,{}",
        STANDARD.encode(svg(text)?)
    ))
}

/// The SVG document of `text`'s QR code, or None if it does not fit in one.
pub fn svg(text: &str) -> Option<String> {
    // Medium error correction: robust to a dirty screen, still few modules for a ~100-char link.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Some(svg)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_deep_link_becomes_an_svg_data_uri() {
        let link = format!("https://t.me/some_bot?start={}", "A".repeat(43));
        let uri = super::svg_data_uri(&link).expect("fits");
        assert!(uri.starts_with("data:image/svg+xml;base64,"));
        let svg =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &uri[26..]).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(
            svg.contains("<svg")
                && svg.contains("fill=\"#000000\"")
                && svg.contains("fill=\"#ffffff\"")
        );
    }
}
