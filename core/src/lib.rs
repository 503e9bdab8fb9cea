//! ctrcfg's core: a pure model of OpenShift's ContainerRuntimeConfig additional storage.
//!
//! Data flows one way: text → [`parse`] (documents with spans) → [`decode`] (typed [`api`]
//! values, as the MCO sees them) and [`validate`] (what the API server, the MCO and ctrcfg's lint
//! say) → [`render`] (node files in the MCO's bytes). The crate does no I/O, reads no clock,
//! knows nothing of the browser and never panics on any input; `ARCHITECTURE.md` lists these
//! invariants and where each concept lives.

pub mod api;
pub mod assist;
pub mod butane;
pub mod decode;
pub mod diag;
pub mod edit;
pub mod encoding;
pub mod explain;
pub mod fix;
pub mod gates;
pub mod json_schema;
pub mod merge;
pub mod order;
pub mod parse;
pub mod paths;
pub mod pools;
pub mod quantity;
pub mod release;
pub mod render;
pub mod report;
pub mod share;
pub mod sim;
pub mod spelling;
pub mod text;
pub mod tree;
pub mod validate;

use diag::Diagnostic;
use validate::{Options, Report};

/// Everything `ctrcfg render` says about a text: the validation report, and the plan when the
/// text has no errors (nothing half-valid is ever rendered).
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    pub report: Report,
    pub plan: Option<merge::Plan>,
}

impl Rendered {
    /// Validation's diagnostics: they include what the MCO says while naming MachineConfigs
    /// (validation runs the same naming), so `validate` and `render` give one verdict.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.report.diagnostics.iter()
    }
}

/// Validates `text` and, unless the API server or the MCO refuses it, plans what every pool
/// gets. A config only CRI-O refuses is planned: the MCO renders it and the nodes break.
pub fn render(text: &str, options: &Options) -> Rendered {
    let report = validate::validate(text, options);
    let plan = (!report.refused()).then(|| merge::plan(&report.configs, &options.pools, &options.gates));
    Rendered { report, plan }
}

// Unit tests run in headless Chromium too (`scripts/test`); the harness is a dev-dependency only.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
