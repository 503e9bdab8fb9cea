//! Kubernetes `resource.Quantity`, as k8s.io/apimachinery `pkg/api/resource` parses, prints
//! and rounds it (quantity.go, suffix.go, amount.go, scale_int.go at eed236ce, unchanged since
//! v0.30 and up to v0.37.0-beta.0).
//!
//! The MCO quotes a quantity's `String()` in its messages and writes `overlaySize` with it; it
//! compares and writes `logSizeMax` through `Value()`. Both depend on which of apimachinery's two
//! representations a text parses into, and ctrcfg follows both, quirks included:
//! - the int64 fast path keeps the input text as the string form when it looks canonical, so
//!   `+10G` prints as `+10G` and `01` as `01`; its `Value()` rounds away from zero and gives 0 on
//!   overflow;
//! - the arbitrary-precision path rounds below one nano up (away from zero), caps BinarySI at
//!   2^63-1, and its `Value()` truncates and adds one for any fraction, even for negative values,
//!   and wraps beyond int64 (kubernetes/kubernetes#110654; fixed on master after v0.37.0-beta.0).
//!
//! ctrcfg holds the arbitrary-precision amounts in i128: a quantity of 10^29 or more is reported
//! as too large instead of being approximated.

use std::fmt;

/// How a quantity prints: chosen by its suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `1e3`, `2E-6`.
    DecimalExponent,
    /// `Ki`, `Mi`, ... `Ei`.
    BinarySI,
    /// `n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`.
    DecimalSI,
}

impl Format {
    pub const fn name(self) -> &'static str {
        match self {
            Format::DecimalExponent => "DecimalExponent",
            Format::BinarySI => "BinarySI",
            Format::DecimalSI => "DecimalSI",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// apimachinery `ErrFormatWrong`.
    Format,
    /// apimachinery `ErrNumeric`.
    Numeric,
    /// apimachinery `ErrSuffix`.
    Suffix,
    /// Larger than ctrcfg models (apimachinery would accept it); see the module docs.
    TooLarge,
}

impl QuantityError {
    pub const fn name(self) -> &'static str {
        match self {
            QuantityError::Format => "ErrFormatWrong",
            QuantityError::Numeric => "ErrNumeric",
            QuantityError::Suffix => "ErrSuffix",
            QuantityError::TooLarge => "TooLarge",
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::Format => {
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Numeric => "unable to parse numeric part of quantity",
            QuantityError::Suffix => "unable to parse quantity's suffix",
            QuantityError::TooLarge => "quantity is larger than ctrcfg can model (10^29 or more)",
        })
    }
}

/// The two representations apimachinery uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Amount {
    /// `int64Amount`: `value × 10^scale`.
    Int { value: i64, scale: i32 },
    /// `inf.Dec` after parsing: `unscaled × 10^-9`, or `× 10^0` for the BinarySI cap.
    Dec { unscaled: i128, nanos: bool },
}

/// A parsed quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    amount: Amount,
    format: Format,
    /// The input, kept as the string form when the fast path deems it canonical.
    cached: Option<String>,
}

const NANO: i64 = -9;
/// apimachinery's `maxInt64Factors`: decimal digits an int64 always holds.
const MAX_INT64_FACTORS: i64 = 18;
const ONE_E9: i128 = 1_000_000_000;

impl Quantity {
    /// `resource.ParseQuantity`.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::Format);
        }
        if text == "0" {
            let amount = Amount::Int { value: 0, scale: 0 };
            return Ok(Quantity { amount, format: Format::DecimalSI, cached: Some("0".into()) });
        }
        let parts = split(text)?;
        let (exponent, format) = interpret(parts.suffix).ok_or(QuantityError::Suffix)?;
        if let Some(q) = fast_path(text, &parts, exponent, format) {
            return Ok(q);
        }
        slow_path(&parts, exponent, format)
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn is_zero(&self) -> bool {
        match self.amount {
            Amount::Int { value, .. } => value == 0,
            Amount::Dec { unscaled, .. } => unscaled == 0,
        }
    }

    /// The exact value as `mantissa × 10^exponent`.
    fn exact(&self) -> (i128, i64) {
        match self.amount {
            Amount::Int { value, scale } => (i128::from(value), i64::from(scale)),
            Amount::Dec { unscaled, nanos } => (unscaled, if nanos { NANO } else { 0 }),
        }
    }

    /// `Quantity.String()`: the cached input, or `CanonicalizeBytes`.
    pub fn canonical(&self) -> String {
        if let Some(s) = &self.cached {
            return s.clone();
        }
        if self.is_zero() {
            return "0".into();
        }
        let (mantissa, exponent) = self.exact();
        let mut format = self.format;
        let mut integer = None;
        if format == Format::BinarySI {
            match exact_integer(mantissa, exponent) {
                Some(v) if v > -1024 && v < 1024 => format = Format::DecimalSI,
                Some(v) => integer = Some(v),
                None => format = Format::DecimalSI,
            }
        }
        if let (Format::BinarySI, Some(mut v)) = (format, integer) {
            let mut times = 0;
            while v % 1024 == 0 && times < 6 {
                v /= 1024;
                times += 1;
            }
            return format!("{v}{}", BINARY_SUFFIXES[times]);
        }
        let (mut mantissa, mut exponent) = (mantissa, exponent);
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        while exponent % 3 != 0 {
            mantissa = mantissa.saturating_mul(10);
            exponent -= 1;
        }
        let suffix = match format {
            Format::DecimalExponent if exponent == 0 => String::new(),
            Format::DecimalExponent => format!("e{exponent}"),
            // apimachinery ignores a missing suffix (exponents past E) and prints none.
            _ => decimal_suffix(exponent).unwrap_or_default().to_owned(),
        };
        format!("{mantissa}{suffix}")
    }

    /// `Quantity.Value()`.
    pub fn value(&self) -> i64 {
        match self.amount {
            Amount::Int { value, scale } if scale >= 0 => {
                // positiveScaleInt64: 0 when the result overflows.
                10i64.checked_pow(scale as u32).and_then(|p| value.checked_mul(p)).unwrap_or(0)
            }
            Amount::Int { value, scale } => {
                // negativeScaleInt64: any dropped fraction rounds away from zero.
                let divisor = 10i128.checked_pow(scale.unsigned_abs()).unwrap_or(i128::MAX);
                let (q, r) = (i128::from(value) / divisor, i128::from(value) % divisor);
                (q + if r != 0 { i128::from(value.signum()) } else { 0 }) as i64
            }
            // scaledValue(unscaled, 0, 0): the low 64 bits.
            Amount::Dec { unscaled, nanos: false } => unscaled as i64,
            Amount::Dec { unscaled, nanos: true } => {
                if unscaled < i128::from(i64::MAX) {
                    // The int64 branch of scaledValue, on the low 64 bits, truncating, then +1.
                    let low = unscaled as i64;
                    let (q, r) = (low / ONE_E9 as i64, low % ONE_E9 as i64);
                    q + i64::from(r != 0)
                } else {
                    let (q, r) = (unscaled.div_euclid(ONE_E9), unscaled.rem_euclid(ONE_E9));
                    (q + i128::from(r != 0)) as i64
                }
            }
        }
    }
}

fn exact_integer(mantissa: i128, exponent: i64) -> Option<i128> {
    if exponent >= 0 {
        return 10i128.checked_pow(u32::try_from(exponent).ok()?).and_then(|p| mantissa.checked_mul(p));
    }
    let divisor = 10i128.checked_pow(u32::try_from(-exponent).ok()?)?;
    (mantissa % divisor == 0).then(|| mantissa / divisor)
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

struct Parts<'a> {
    positive: bool,
    /// The sign, digits and point, as apimachinery's slow path reads them.
    value: &'a str,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

/// apimachinery `parseQuantityString`.
fn split(s: &str) -> Result<Parts<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    match b.first() {
        Some(b'-') => {
            positive = false;
            pos += 1;
        }
        Some(b'+') => pos += 1,
        _ => {}
    }
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(Parts { positive, value: "0", num: "0", denom: "", suffix: "" });
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos >= end {
        return Ok(Parts { positive, value: s, num: &s[num_start..], denom: "", suffix: "" });
    }
    let num = if pos == num_start { "0" } else { &s[num_start..pos] };
    let mut denom = "";
    if b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[denom_start..pos];
        if pos >= end {
            return Ok(Parts { positive, value: s, num, denom, suffix: "" });
        }
    }
    let value = &s[..pos];
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return Err(QuantityError::Format);
    }
    Ok(Parts { positive, value, num, denom, suffix: &s[suffix_start..] })
}

/// The decimal SI suffixes and their powers of ten (apimachinery suffix.go).
const DECIMAL_SUFFIXES: [(&str, i64); 10] =
    [("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)];
/// The binary SI suffixes, indexed by their power of 1024.
const BINARY_SUFFIXES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// apimachinery `suffixHandler.interpret`: (exponent, format); BinarySI exponents are powers of 2.
fn interpret(suffix: &str) -> Option<(i64, Format)> {
    if let Some(&(_, e)) = DECIMAL_SUFFIXES.iter().find(|(s, _)| *s == suffix) {
        return Some((e, Format::DecimalSI));
    }
    if let Some(i) = BINARY_SUFFIXES.iter().skip(1).position(|s| *s == suffix) {
        return Some((10 * (i as i64 + 1), Format::BinarySI));
    }
    let rest = suffix.strip_prefix(['e', 'E']).filter(|r| !r.is_empty())?;
    // strconv.ParseInt(rest, 10, 64), then a truncating int32 conversion.
    let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parsed: i64 = rest.parse().ok()?;
    Some((i64::from(parsed as i32), Format::DecimalExponent))
}

fn decimal_suffix(exponent: i64) -> Option<&'static str> {
    DECIMAL_SUFFIXES.iter().find(|(_, e)| *e == exponent).map(|(s, _)| *s)
}

/// apimachinery's int64 fast path; `None` when it falls through to the slow path.
fn fast_path(text: &str, p: &Parts<'_>, exponent: i64, format: Format) -> Option<Quantity> {
    let digits = (p.num.len() + p.denom.len()) as i64;
    let (mut scale, mantissa, precision) = match format {
        Format::DecimalExponent | Format::DecimalSI => (exponent, 1i64, MAX_INT64_FACTORS - digits),
        Format::BinarySI if p.denom.is_empty() => {
            let precision = 15 - p.num.len() as i64 - i64::from((exponent as f32 * 3.0 / 10.0) as i32) - 1;
            (0, 1i64 << exponent, precision)
        }
        Format::BinarySI => (0, 1, -1),
    };
    if precision < 0 {
        return None;
    }
    scale -= p.denom.len() as i64;
    if scale < NANO || scale > i64::from(i32::MAX) {
        return None;
    }
    let shifted = format!("{}{}", p.num, p.denom);
    let value: i64 = shifted.parse().ok()?;
    let result = value.checked_mul(mantissa)?;
    let result = if p.positive { result } else { -result };
    let looks_canonical = match format {
        Format::BinarySI => exponent % 10 == 0 && value & 0x07 != 0,
        _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
    };
    Some(Quantity {
        amount: Amount::Int { value: result, scale: scale as i32 },
        format,
        cached: looks_canonical.then(|| text.to_owned()),
    })
}

/// apimachinery's `inf.Dec` path.
fn slow_path(p: &Parts<'_>, exponent: i64, mut format: Format) -> Result<Quantity, QuantityError> {
    // inf.Dec's SetString: a sign, digits with at most one point, at least one digit.
    let numeric = p.value.strip_prefix(['+', '-']).unwrap_or(p.value);
    let (whole, fraction) = numeric.split_once('.').unwrap_or((numeric, ""));
    let all_digits = whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits {
        return Err(QuantityError::Numeric);
    }
    let joined = format!("{whole}{fraction}");
    let significant = joined.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    // value = trimmed × 10^scale
    let mut scale = (significant.len() - trimmed.len()) as i64 - fraction.len() as i64;
    let mut magnitude: i128 = if trimmed.is_empty() {
        0
    } else if trimmed.len() > 38 {
        return Err(QuantityError::TooLarge);
    } else {
        trimmed.parse().map_err(|_| QuantityError::TooLarge)?
    };
    if format == Format::BinarySI {
        magnitude = magnitude.checked_mul(1i128 << exponent).ok_or(QuantityError::TooLarge)?;
    } else {
        scale += exponent;
    }
    // Rescale to exactly nine decimals, rounding anything finer up, away from zero.
    let nanos = if scale >= NANO {
        let up = u32::try_from(scale - NANO).map_err(|_| QuantityError::TooLarge)?;
        10i128.checked_pow(up).and_then(|m| magnitude.checked_mul(m)).ok_or(QuantityError::TooLarge)?
    } else {
        match u32::try_from(NANO - scale).ok().and_then(|d| 10i128.checked_pow(d)) {
            Some(d) => magnitude / d + i128::from(magnitude % d != 0),
            None => i128::from(magnitude != 0),
        }
    };
    if nanos >= 10i128.pow(38) {
        return Err(QuantityError::TooLarge);
    }
    let mut amount = Amount::Dec { unscaled: nanos, nanos: true };
    if format == Format::BinarySI {
        let max = i128::from(i64::MAX);
        if nanos > max * ONE_E9 {
            amount = Amount::Dec { unscaled: max, nanos: false };
        } else if nanos > 0 && nanos < ONE_E9 {
            format = Format::DecimalSI;
        }
    }
    if !p.positive {
        if let Amount::Dec { unscaled, .. } = &mut amount {
            *unscaled = -*unscaled;
        }
    }
    Ok(Quantity { amount, format, cached: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The MCO's verified figures (shared/reference/upstream/mco.md §2, run against the
    /// apimachinery the MCO vendors at 7ff337a4). apimachinery's own tables are in
    /// tests/vectors/quantity.tsv.
    #[test]
    fn mco_verified_quantities() {
        for (input, string, value) in [
            ("10G", "10G", 10_000_000_000),
            ("10Gi", "10Gi", 10_737_418_240),
            ("10240Mi", "10Gi", 10_737_418_240),
            ("1.5G", "1500M", 1_500_000_000),
            ("1000000000", "1G", 1_000_000_000),
            ("10e9", "10e9", 10_000_000_000),
            ("8192", "8192", 8192),
            ("8Ki", "8Ki", 8192),
            ("2048Ki", "2Mi", 2_097_152),
            ("0.5", "500m", 1),
            ("+10G", "+10G", 10_000_000_000),
        ] {
            let q = Quantity::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!((q.canonical().as_str(), q.value()), (string, value), "{input}");
        }
    }

    #[test]
    fn hostile_exponents_do_not_panic() {
        for input in ["1e2147483647", "1e-2147483648", "1e2147483648", "1e9223372036854775807", "9e-99999999"] {
            let _ = Quantity::parse(input).map(|q| (q.canonical(), q.value()));
        }
    }
}
