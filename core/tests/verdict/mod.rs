//! One verdict: whatever `render` (and so the MCO) refuses, `validate` has already said. Both
//! vector harnesses run every input through this check.

use ctrcfg_core::diag::{Diagnostic, Severity};
use ctrcfg_core::validate::{validate, Options};
use ctrcfg_core::{merge, render};

/// `validate` and `render` give the same errors for `text`; `render` plans exactly when no
/// error refuses the text; and what the MCO says while naming the MachineConfigs of the
/// configs it accepts (the ten-config limit, suffixes, takeovers) is among `validate`'s
/// diagnostics, at the same place. `Err` says what differs.
pub fn check(text: &str, options: &Options) -> Result<(), String> {
    let report = validate(text, options);
    let rendered = render(text, options);
    let errors = |ds: Vec<&Diagnostic>| -> Vec<String> {
        ds.into_iter().filter(|d| d.severity == Severity::Error).map(Diagnostic::display_message).collect()
    };
    let (said, rendered_errors) =
        (errors(report.diagnostics.iter().collect()), errors(rendered.diagnostics().collect()));
    if said != rendered_errors {
        return Err(format!("validate says {said:#?}\nrender says {rendered_errors:#?}"));
    }
    if rendered.plan.is_some() == report.refused() {
        return Err(format!("planned: {}, refused: {}", rendered.plan.is_some(), report.refused()));
    }
    // The configs the API server and the MCO accept one by one, planned whatever else stands.
    let accepted: Vec<_> = report
        .configs
        .iter()
        .filter(|c| {
            !report.diagnostics.iter().any(|d| {
                d.refuses() && d.document == c.document && d.span.start >= c.span.start && d.span.end <= c.span.end
            })
        })
        .cloned()
        .collect();
    let plan = merge::plan(&accepted, &options.pools, &options.gates);
    match plan.diagnostics.iter().find(|d| !report.diagnostics.contains(d)) {
        Some(unsaid) => Err(format!("the MCO says {unsaid:?} while generating, and validate does not")),
        None => Ok(()),
    }
}
