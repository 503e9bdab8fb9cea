//! Sizes and bandwidths as a scenario writes them: `8GiB`, `20Gi`, `500MB`, `100MB/s`, or a plain
//! number of bytes. Binary suffixes (`Ki`, `KiB`, `Mi`, ...) are powers of 1024, decimal ones
//! (`k`, `KB`, `M`, `MB`, ...) powers of 1000, as in Kubernetes quantities.

const BINARY: [(&str, u32); 6] = [("Ki", 1), ("Mi", 2), ("Gi", 3), ("Ti", 4), ("Pi", 5), ("Ei", 6)];
const DECIMAL: [(&str, u32); 7] = [("k", 1), ("K", 1), ("M", 2), ("G", 3), ("T", 4), ("P", 5), ("E", 6)];

/// Bytes in `text`; an error says what was expected.
pub fn size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let t = t.strip_suffix('B').unwrap_or(t);
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, suffix) = t.split_at(split);
    let (number, suffix) = (number.trim(), suffix.trim());
    let multiplier: f64 = if suffix.is_empty() {
        1.0
    } else if let Some((_, p)) = BINARY.iter().find(|(s, _)| *s == suffix) {
        1024f64.powi(*p as i32)
    } else if let Some((_, p)) = DECIMAL.iter().find(|(s, _)| *s == suffix) {
        1000f64.powi(*p as i32)
    } else {
        return Err(format!("unknown unit {suffix:?} (use B, KB, MB, GB, TB or KiB, MiB, GiB, TiB)"));
    };
    let value: f64 = number.parse().map_err(|_| "expected a number of bytes such as 8GiB or 500MB".to_owned())?;
    let bytes = value * multiplier;
    if !bytes.is_finite() || bytes > 1e18 {
        return Err("too large: at most 1 EB".into());
    }
    Ok(bytes.round() as u64)
}

/// Bytes per second in `100MB/s` (the `/s` may be left out).
pub fn bandwidth(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let bytes = size(t.strip_suffix("/s").unwrap_or(t))?;
    if bytes == 0 {
        return Err("a bandwidth must be more than 0".into());
    }
    Ok(bytes)
}

/// A size for people: `8.0 GiB`, `512 MiB`, `1.5 KiB`, `300 B`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sizes_and_bandwidths() {
        assert_eq!(size("8GiB"), Ok(8 << 30));
        assert_eq!(size("8Gi"), Ok(8 << 30));
        assert_eq!(size("500MB"), Ok(500_000_000));
        assert_eq!(size("1.5k"), Ok(1500));
        assert_eq!(size("42"), Ok(42));
        assert_eq!(size("8 GiB"), Ok(8 << 30));
        assert_eq!(bandwidth("100MB/s"), Ok(100_000_000));
        assert!(
            size("8 parsecs").is_err() && size("GiB").is_err() && bandwidth("0/s").is_err() && size("1e30").is_err()
        );
        assert_eq!(human(8 << 30), "8.0 GiB");
        assert_eq!(human(300), "300 B");
    }
}
