//! The small JavaScript API for documentation embeds: what `ctrcfg validate`, `render` and
//! `simulate --format json` print, as JSON strings (the simulation as a promise of one: it runs
//! in the simulation worker, so the page's wasm carries no simulator). Docs widgets are
//! `widget.rs` (`ctrcfgMount`). Trunk exposes the exports as `window.wasmBindings`, and
//! `embed.js` re-exports them:
//!
//! ```js
//! const { ctrcfgValidate, ctrcfgRender } = window.wasmBindings;
//! JSON.parse(ctrcfgRender(yamlText, "Default")).pools[0].effectiveFiles;
//! JSON.parse(ctrcfgValidate(yamlText, "Default", "5.0")).diagnostics;
//! JSON.parse(await ctrcfgSimulate(scenarioText)).steps;
//! ```
//!
//! `ctrcfgValidate` and `ctrcfgRender` take an optional feature set (`Default` when absent or
//! empty) and an optional OpenShift release, as `--openshift-version` takes it: `4.22`, `5.0` or
//! `latest` (the default when absent or empty). A scenario names its own release
//! (`openshiftVersion`). An unknown feature set or release throws an `Error` naming the known
//! ones. Validate and render are the npm package's (the `ctrcfg-js` crate's `json`), the same
//! answers and messages; the package's own API takes an options object and returns objects, and
//! its `simulate` is synchronous, where this page's runs in a worker.

use ctrcfg_core::validate::Options;
use ctrcfg_js::json::{self, Settings};
use wasm_bindgen::prelude::*;

// One simulation worker for the API's calls, started on the first (the view has its own):
// requests go in order once it says it is ready, and answers come back in the same order.
// Trunk writes its loader next to the page's glue; this snippet is two levels below it.
#[wasm_bindgen(inline_js = r#"
let api = null;
export function simulateJson(text) {
  if (!api) {
    let ready;
    const worker = new Worker(new URL('../../sim_worker_loader.js', import.meta.url));
    api = { worker, waiting: [], ready: new Promise((r) => { ready = r; }) };
    worker.onmessage = (e) => { if (e.data === 'ready') ready(); else api.waiting.shift()?.resolve(e.data); };
    worker.onerror = () => {
      for (const w of api.waiting.splice(0)) w.reject(new Error('ctrcfg: the simulation worker failed'));
      worker.terminate();
      api = null;
    };
  }
  const call = api;
  return new Promise((resolve, reject) => {
    call.waiting.push({ resolve, reject });
    call.ready.then(() => call.worker.postMessage('json\n' + text));
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = simulateJson)]
    fn simulate_json(text: &str) -> js_sys::Promise;
}

/// The page's positional feature set and release, as the npm package reads its options (empty
/// is absent); the page's texts name no pools and no stored configs.
fn options(feature_set: Option<String>, openshift_version: Option<String>) -> Result<Options, JsError> {
    let given = |name: Option<String>| name.filter(|n| !n.is_empty());
    let settings = Settings {
        feature_set: given(feature_set),
        openshift_version: given(openshift_version),
        ..Settings::default()
    };
    let gates = settings.release_gates().map_err(|m| JsError::new(&m))?;
    Ok(Options { gates, ..Options::default() })
}

/// `{"valid": bool, "diagnostics": [...]}` for a text of ContainerRuntimeConfigs. `valid` is
/// false for any error, CRI-O's included (a config only CRI-O refuses still renders).
#[wasm_bindgen(js_name = ctrcfgValidate)]
pub fn validate(text: &str, feature_set: Option<String>, openshift_version: Option<String>) -> Result<String, JsError> {
    Ok(json::validate(text, &options(feature_set, openshift_version)?, false))
}

/// What `ctrcfg render --format json` prints (without base-file edits).
#[wasm_bindgen(js_name = ctrcfgRender)]
pub fn render(text: &str, feature_set: Option<String>, openshift_version: Option<String>) -> Result<String, JsError> {
    Ok(json::render(text, &options(feature_set, openshift_version)?))
}

/// A promise of what `ctrcfg simulate --format json` prints, computed in the simulation worker
/// (`web/src/bin/sim_worker.rs`).
#[wasm_bindgen(js_name = ctrcfgSimulate)]
pub fn simulate(text: &str) -> js_sys::Promise {
    simulate_json(text)
}
