//! JUnit XML, as GitLab's unit test reports and Jenkins' junit step read it (the schema:
//! Jenkins' xunit-plugin `junit-10.xsd`, kept in tests/junit/ and checked there with xmllint).
//! One `<testsuite>` per file; one `<testcase>` per ContainerRuntimeConfig in it, named by the
//! config, and one named after the file for what belongs to no config (a YAML syntax error, a
//! document that is not an object). A case fails (`<failure>`) on what fails the run: an
//! error, or with `--strict` a warning; the rest of what it says is its `<system-out>`. No
//! clock is read: the report is the same bytes on every run, so `time` is left out.

use super::{line, placed, Checked};
use crate::fails;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::report::Place;

/// One test case: a config, or the file itself.
struct Case<'a> {
    name: String,
    said: Vec<(&'a Diagnostic, Place)>,
}

pub fn report(results: &[Checked], strict: bool) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for checked in results {
        let cases = cases(checked);
        let failed = cases.iter().filter(|c| case_fails(c, strict)).count();
        tests += cases.len();
        failures += failed;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">\n",
            escape(&checked.input.name),
            cases.len()
        ));
        for case in &cases {
            suites.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                escape(&case.name),
                escape(&checked.input.name)
            ));
            if case.said.is_empty() {
                suites.push_str("/>\n");
                continue;
            }
            suites.push_str(">\n");
            let lines = |f: &dyn Fn(&Diagnostic) -> bool| -> String {
                case.said.iter().filter(|(d, _)| f(d)).map(|(d, at)| format!("{}\n", line(d, at))).collect()
            };
            let failing = lines(&|d| fails(std::slice::from_ref(d), strict));
            if let Some((first, at)) = case.said.iter().find(|(d, _)| fails(std::slice::from_ref(*d), strict)) {
                suites.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&line(first, at)),
                    first.origin.as_str(),
                    escape(&failing)
                ));
            }
            let other = lines(&|d| !fails(std::slice::from_ref(d), strict));
            if !other.is_empty() {
                suites.push_str(&format!("      <system-out>{}</system-out>\n", escape(&other)));
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ctrcfg validate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

fn case_fails(case: &Case<'_>, strict: bool) -> bool {
    case.said.iter().any(|(d, _)| fails(std::slice::from_ref(*d), strict))
}

/// The file's cases: each config with what is said inside its span, then the file's own case
/// when something is said outside every config or the file holds none.
fn cases(checked: &Checked) -> Vec<Case<'_>> {
    let configs = &checked.report.configs;
    let mut cases: Vec<Case<'_>> = configs
        .iter()
        .map(|c| Case {
            name: match &c.name {
                Some(name) => format!("ContainerRuntimeConfig {}", name.value),
                None => format!("ContainerRuntimeConfig in document {}", c.document + 1),
            },
            said: Vec::new(),
        })
        .collect();
    let mut own = Case { name: checked.input.name.clone(), said: Vec::new() };
    for (d, at) in placed(checked) {
        let config = configs
            .iter()
            .position(|c| c.document == d.document && c.span.start <= d.span.start && d.span.start <= c.span.end);
        match config {
            Some(i) => cases[i].said.push((d, at)),
            None => own.said.push((d, at)),
        }
    }
    if cases.is_empty() || !own.said.is_empty() {
        cases.push(own);
    }
    cases
}

/// Text as XML attribute or element content: the five predefined entities, and control
/// characters XML 1.0 cannot hold replaced (a tab and a newline stay).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
