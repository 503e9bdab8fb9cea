//! ctrcfg's core: a pure model of OpenShift's ContainerRuntimeConfig additional storage.
//!
//! Data flows one way: text → [`parse`] (documents with spans) → [`decode`] (typed [`api`]
//! values, as the MCO sees them) and [`validate`] (what the API server, the MCO and ctrcfg's lint
//! say) → [`render`] (node files in the MCO's bytes). The crate does no I/O, reads no clock,
//! knows nothing of the browser and never panics on any input; `ARCHITECTURE.md` lists these
//! invariants and where each concept lives.

pub mod api;
pub mod butane;
pub mod decode;
pub mod diag;
pub mod edit;
pub mod gates;
pub mod merge;
pub mod parse;
pub mod pools;
pub mod quantity;
pub mod render;
pub mod report;
pub mod tree;
pub mod text;
pub mod validate;

use diag::{Diagnostic, Origin, Severity};
use validate::{Options, Report};

/// Everything `ctrcfg render` says about a text: the validation report, and the plan when the
/// text has no errors (nothing half-valid is ever rendered).
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    pub report: Report,
    pub plan: Option<merge::Plan>,
}

impl Rendered {
    /// Validation's diagnostics, then what the MCO says while generating MachineConfigs.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.report.diagnostics.iter().chain(self.plan.iter().flat_map(|p| &p.diagnostics))
    }
}

/// Validates `text` and, when it has no errors, plans what every pool gets.
pub fn render(text: &str, options: &Options) -> Rendered {
    let report = validate::validate(text, options);
    let plan = (!report.has_errors()).then(|| merge::plan(&report.configs, &options.pools, &options.gates));
    Rendered { report, plan }
}

/// What the playground shows for one text: the storage.conf a node would get, and every
/// diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// What `/etc/containers/storage.conf` looks like on the node.
    pub storage_conf: StorageConf,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageConf {
    /// The MCO writes this file.
    Rendered(String),
    /// The config is valid but sets nothing that makes the MCO write storage.conf.
    NotWritten,
    /// There is nothing to render: errors, or no ContainerRuntimeConfig in the text.
    Unavailable,
}

/// Validates `text` and renders the first ContainerRuntimeConfig's storage.conf. Nothing is
/// rendered while any error stands: half-valid output would mislead.
pub fn preview(text: &str, options: &Options) -> Preview {
    let report = validate::validate(text, options);
    let has_errors = report.has_errors();
    let mut diagnostics = report.diagnostics;
    if let Some(second) = report.configs.get(1) {
        diagnostics.push(Diagnostic {
            severity: Severity::Info,
            origin: Origin::Lint,
            field: None,
            message: format!("{} ContainerRuntimeConfigs found; the preview shows the first one", report.configs.len()),
            document: second.document,
            span: second.span,
            note: None,
        });
    }
    let storage_conf = match report.configs.first().and_then(|c| c.config.as_ref()) {
        Some(config) if !has_errors => match render::storage::storage_conf(config, &options.gates) {
            Some(text) => StorageConf::Rendered(text),
            None => StorageConf::NotWritten,
        },
        _ => StorageConf::Unavailable,
    };
    Preview { storage_conf, diagnostics }
}

// Unit tests run in headless Chromium too (`scripts/test`); the harness is a dev-dependency only.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
