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
    let value = decimal(number).ok_or_else(|| "expected a number of bytes such as 8GiB or 500MB".to_owned())?;
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

/// Seconds in `90s`, `1.5m`, `2h`, `250ms` or a plain number of seconds; at most a year, so
/// that every time the simulator adds up stays finite and prints exactly.
pub fn duration(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)]
        .iter()
        .find_map(|(suffix, scale)| t.strip_suffix(suffix).map(|n| (n.trim(), *scale)))
        .unwrap_or((t, 1.0));
    let value = decimal(number).ok_or_else(|| "expected a duration such as 90s, 1.5m or 2h".to_owned())? * scale;
    if value > MAX_DURATION {
        return Err("too long: at most a year (31536000s)".into());
    }
    Ok(value)
}

/// The longest duration a scenario may write.
pub const MAX_DURATION: f64 = 31_536_000.0;

/// A plain decimal such as `8`, `1.5` or `.25` (no sign, no exponent). Written by hand rather
/// than with `str::parse::<f64>`, whose general algorithm would add kilobytes to the playground.
pub fn decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = |t: &str| t.bytes().fold(0f64, |acc, b| acc * 10.0 + f64::from(b - b'0'));
    Some(digits(whole) + digits(fraction) / 10f64.powi(fraction.len().min(300) as i32))
}

/// `x` with `decimals` digits after the point, rounded half away from zero: `fixed(1.25, 1)` is
/// `1.3`. Written with integers for the same reason as [`decimal`].
pub fn fixed(x: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let negative = x < 0.0;
    let scaled = (x.abs() * scale as f64).round();
    if !scaled.is_finite() || scaled >= u64::MAX as f64 {
        return "inf".into();
    }
    let scaled = scaled as u64;
    let sign = if negative && scaled > 0 { "-" } else { "" };
    match decimals {
        0 => format!("{sign}{scaled}"),
        d => format!("{sign}{}.{:0width$}", scaled / scale, scaled % scale, width = d as usize),
    }
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
    format!("{} {}", fixed(value, if value >= 100.0 { 0 } else { 1 }), UNITS[unit])
}

/// `10 000`: a count in groups of three, as the output and the Scenario view print counts.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn durations() {
        assert_eq!(duration("90s"), Ok(90.0));
        assert_eq!(duration("1.5m"), Ok(90.0));
        assert_eq!(duration("2h"), Ok(7200.0));
        assert_eq!(duration("250ms"), Ok(0.25));
        assert_eq!(duration("12"), Ok(12.0));
        assert!(duration("-1s").is_err());
        assert!(duration("soon").is_err());
        assert!(duration("400d").is_err());
        assert!(duration("9999999h").is_err());
    }

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
        assert_eq!(human(500_000_000), "477 MiB");
        assert_eq!(
            (decimal("1.5"), decimal(".25"), decimal("8"), decimal("1e3"), decimal("."), decimal("-1")),
            (Some(1.5), Some(0.25), Some(8.0), None, None, None)
        );
        assert_eq!(
            (fixed(1.25, 1), fixed(0.0004, 3), fixed(2.0, 3), fixed(103.3, 0), fixed(-0.5, 1)),
            ("1.3".into(), "0.000".into(), "2.000".into(), "103".into(), "-0.5".into())
        );
    }

    #[test]
    fn counts_are_grouped_in_threes() {
        assert_eq!([count(7), count(1000), count(10_000), count(1_000_000)], ["7", "1 000", "10 000", "1 000 000"]);
    }
}
