//! The hostile-input corpus (`tests/hostile/cases.rs`) through core, natively and in headless
//! Chromium: every case's bytes are read as the CLI reads a file (`ctrcfg_core::encoding::decode`) and
//! given to its entry point, which must say exactly what the case says, at places inside the
//! text, and never panic.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../tests/hostile/cases.rs"]
mod cases;
#[path = "../../tests/hostile/run.rs"]
#[allow(dead_code)] // its timings are scripts/bench's
mod run;

use cases::Case;
use ctrcfg_core::text::LineIndex;

/// What core says about a case: whether it is clean, and each diagnostic as a line.
fn judge(case: &Case) -> (bool, Vec<String>) {
    let (text, clean, diagnostics) = run::run(case);
    let index = LineIndex::new(&text);
    // Every diagnostic names where it is: a span inside the text, on character boundaries.
    for d in &diagnostics {
        let inside = d.span.start <= d.span.end && d.span.end <= text.len();
        assert!(inside && text.is_char_boundary(d.span.start), "{}: {d:?} is not inside the text", case.name);
    }
    let lines = diagnostics
        .iter()
        .map(|d| {
            let note = if d.note.is_some() { " (+note)" } else { "" };
            format!("{}{note}", d.to_compiler_line(&index))
        })
        .collect();
    (clean, lines)
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_hostile_case_gets_its_clear_answer() {
    let cases = cases::cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let (clean, lines) = judge(case);
        if std::env::var_os("CTRCFG_HOSTILE_SHOW").is_some() {
            println!(
                "{} (clean {clean}):\n  {}",
                case.name,
                lines.iter().take(4).cloned().collect::<Vec<_>>().join("\n  ")
            );
        }
        let missing: Vec<&String> = case.says.iter().filter(|s| !lines.contains(s)).collect();
        if clean != case.clean || lines.len() != case.count || !missing.is_empty() {
            let shown: Vec<&String> = lines.iter().take(8).collect();
            wrong.push(format!(
                "{}: clean {clean} (want {}), {} diagnostics (want {}), missing {missing:#?}, got {shown:#?}",
                case.name,
                case.clean,
                lines.len(),
                case.count
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}
