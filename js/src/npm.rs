//! The npm package's exports. Each call is synchronous and runs in-process (in Node and in the
//! browser alike); results are the command line's JSON as JavaScript objects (one
//! `JSON.parse` of the text `json` builds), refusals are thrown as `Error`s with the command
//! line's messages, and the TypeScript declarations of every shape are `types.d.ts`.

use crate::host::{JsHost, Machine};
use crate::json::{self, Settings};
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Options;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// The keys of `Options` (types.d.ts); `validate` also takes `strict`.
const OPTIONS: [&str; 5] = ["featureSet", "openshiftVersion", "featureGates", "pools", "existing"];

/// What a call was given: its settings and `strict`.
struct Given {
    settings: Settings,
    strict: bool,
}

/// Reads an options object; an unknown key (a typo) or a value of the wrong type is refused
/// rather than ignored.
fn given(options: Option<Object>, extra: &[&str]) -> Result<Given, JsError> {
    let Some(object) = options else { return Ok(Given { settings: Settings::default(), strict: false }) };
    let known = |k: &str| OPTIONS.contains(&k) || extra.contains(&k);
    for key in Object::keys(&object).iter().filter_map(|k| k.as_string()) {
        if !known(&key) {
            let names: Vec<&str> = OPTIONS.iter().chain(extra).copied().collect();
            return Err(JsError::new(&format!("unknown option {key:?}; the options are {}", names.join(", "))));
        }
    }
    let value = |key: &str| Reflect::get(&object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined());
    let text = |key: &str| match value(key) {
        None => Ok(None),
        Some(v) => v.as_string().map(Some).ok_or_else(|| JsError::new(&format!("{key}: must be a string"))),
    };
    let gates = match value("featureGates") {
        None => None,
        Some(v) if v.is_string() => v.as_string(),
        Some(v) if v.is_object() => Some(gate_list(&v.into())),
        Some(_) => return Err(JsError::new("featureGates: must be a string (Gate=true,...) or an object of booleans")),
    };
    let strict = match value("strict") {
        None => false,
        Some(v) => v.as_bool().ok_or_else(|| JsError::new("strict: must be true or false"))?,
    };
    let settings = Settings {
        feature_set: text("featureSet")?,
        openshift_version: text("openshiftVersion")?,
        feature_gates: gates,
        pools: text("pools")?,
        existing: text("existing")?,
    };
    Ok(Given { settings, strict })
}

/// `{Gate: true, Other: false}` as the command line's `Gate=true,Other=false`.
fn gate_list(gates: &Object) -> String {
    let entries = Object::entries(gates);
    let list = entries.iter().map(|pair| {
        let pair: js_sys::Array = pair.into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let value = match value.as_bool() {
            Some(on) => on.to_string(),
            None => js_sys::JSON::stringify(&value).map(String::from).unwrap_or_default(),
        };
        format!("{name}={value}")
    });
    list.collect::<Vec<_>>().join(",")
}

/// A refusal as the `Error` JavaScript catches.
fn error(message: String) -> JsError {
    JsError::new(&message)
}

/// The JSON text as a JavaScript value, in one `JSON.parse`.
fn object(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(|_| JsError::new("ctrcfg: an answer that is not JSON"))
}

/// The options object as core's options: pools and stored configs read, gates set.
fn options(options: Option<Object>, extra: &[&str]) -> Result<(Options, bool), JsError> {
    let given = given(options, extra)?;
    Ok((given.settings.options().map_err(error)?, given.strict))
}

/// What `ctrcfg validate --format json` prints for `text` (YAML or JSON, one or many
/// documents): `{valid, diagnostics}`.
#[wasm_bindgen(unchecked_return_type = "ValidateResult")]
pub fn validate(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<Object>,
) -> Result<JsValue, JsError> {
    let (options, strict) = self::options(options, &["strict"])?;
    object(&json::validate(text, &options, strict))
}

/// What `ctrcfg render --format json` prints: per pool, the MachineConfigs the MCO generates,
/// the files a node ends up with, lost settings, conflicts, a merged config and the rollout.
#[wasm_bindgen(unchecked_return_type = "RenderResult")]
pub fn render(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<Object>,
) -> Result<JsValue, JsError> {
    object(&json::render(text, &self::options(options, &[])?.0))
}

/// What `ctrcfg simulate --format json` prints for a Scenario, which names its own release,
/// gates and pools: its run, or for one with `variants:` each variant's run and their comparison.
#[wasm_bindgen(unchecked_return_type = "SimulateResult | ComparisonResult")]
pub fn simulate(text: &str) -> Result<JsValue, JsError> {
    object(&json::simulate(text))
}

/// What `ctrcfg explain FIELD` prints: the field's description, type, whether the release and
/// feature set have it, and the fields under it. Throws for a field the API does not have.
#[wasm_bindgen]
pub fn explain(
    field: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<Object>,
) -> Result<String, JsError> {
    let gates = given(options, &[])?.settings.gates().map_err(error)?;
    json::explain(field, &gates).map_err(error)
}

/// Hover docs for the field at `offset` (a string index, UTF-16) of `text`, or null.
#[wasm_bindgen(unchecked_return_type = "Hover | null")]
pub fn hover(
    text: &str,
    offset: u32,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<Object>,
) -> Result<JsValue, JsError> {
    assist(json::hover, text, offset, options)
}

/// What may be written at `offset` (a string index, UTF-16) of `text`, best first.
#[wasm_bindgen(unchecked_return_type = "Completion[]")]
pub fn complete(
    text: &str,
    offset: u32,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<Object>,
) -> Result<JsValue, JsError> {
    assist(json::completions, text, offset, options)
}

/// An editor assist (`json::hover`, `json::completions`) at a UTF-16 offset, as the byte
/// offset core counts in.
fn assist(
    answer: fn(&str, usize, &Options) -> String,
    text: &str,
    offset: u32,
    options: Option<Object>,
) -> Result<JsValue, JsError> {
    let (options, _) = self::options(options, &[])?;
    object(&answer(text, LineIndex::new(text).offset_of_utf16(offset as usize), &options))
}

/// Runs the command line (`argv` without the program's name, as `ctrcfg` takes it) over
/// `host`, and returns its exit status: the same flags, output and statuses as the native
/// binary. The package's `bin/ctrcfg.js` calls it with Node's `fs` and `process`.
#[wasm_bindgen]
pub fn run(argv: Vec<String>, host: &JsHost) -> u8 {
    ctrcfg_cli::run(&argv, &mut Machine(host))
}
