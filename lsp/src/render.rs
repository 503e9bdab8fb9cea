//! What the MCO would write for a file, as virtual documents an editor can open: per pool,
//! the files its nodes end up with (storage.conf, the CRI-O drop-ins), and the MachineConfigs
//! the MCO generates, in `ctrcfg render`'s bytes. The request `ctrcfg/render` and the command
//! `ctrcfg.render` give the same answer:
//! `{"documents": [{"uri", "title", "languageId", "text"}]}`.

use crate::scope::Scope;
use ctrcfg_core::render::machine_config::MachineConfig;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{report, Rendered};
use serde_json::{json, Value};

/// The custom request: params `{"textDocument": {"uri": ...}}`.
pub const METHOD: &str = "ctrcfg/render";
/// The `workspace/executeCommand` command: arguments `[uri]`.
pub const COMMAND: &str = "ctrcfg.render";
/// The scheme of the virtual documents' URIs: `ctrcfg-render:/<file>/<pool>/<path on the
/// node>` and `ctrcfg-render:/<file>/machineconfigs.yaml`.
pub const SCHEME: &str = "ctrcfg-render";

/// The rendered documents of `text` (the document at `uri`), or why there are none.
pub fn documents(uri: &str, text: &str, options: &Options) -> Result<Value, String> {
    let rendered = ctrcfg_core::render(text, options);
    if !Scope::new(text, &rendered.report.documents).any() {
        return Err(format!("{uri}: no ContainerRuntimeConfig to render"));
    }
    let Some(plan) = &rendered.plan else { return Err(refusal(&rendered, text)) };
    let file = uri.rsplit('/').next().unwrap_or(uri);
    let document = |path: String, title: String, language: &str, text: String| json!({"uri": format!("{SCHEME}:/{file}/{path}"), "title": title, "languageId": language, "text": text});
    let mut out = Vec::new();
    for pool in plan.pools.iter().filter(|p| !p.machine_configs.is_empty()) {
        for effective in &pool.effective_files {
            let path = &effective.file.path;
            let title = format!("{path} ({} nodes, from {})", pool.pool.name, effective.from);
            out.push(document(format!("{}{path}", pool.pool.name), title, "toml", effective.file.contents.clone()));
        }
    }
    let machine_configs = report::each_machine_config(plan, MachineConfig::yaml);
    if !machine_configs.is_empty() {
        out.push(document("machineconfigs.yaml".into(), "MachineConfigs".into(), "yaml", machine_configs));
    }
    Ok(json!({"documents": out}))
}

/// Nothing half-valid is rendered: the first error that keeps the text off the nodes.
fn refusal(rendered: &Rendered, text: &str) -> String {
    let index = LineIndex::new(text);
    let first = rendered.diagnostics().find(|d| d.refuses());
    let reason = first.map_or_else(String::new, |d| format!(": {}", d.to_compiler_line(&index)));
    format!("nothing is rendered while the API server or the MCO refuses the text{reason}")
}
