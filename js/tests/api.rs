//! The npm package's API as JavaScript sees it, run by `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome` (scripts/test): objects out, options in, `Error`s with
//! the command line's messages, UTF-16 offsets, and the command line over a host made of plain
//! JavaScript (an in-memory file system), as `bin/ctrcfg.js` makes one of Node's.
#![cfg(target_arch = "wasm32")]

use ctrcfg_js::host::JsHost;
use ctrcfg_js::npm;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

const STORES: &str = include_str!("../../examples/additional-stores.yaml");
const MISTAKES: &str = include_str!("../../examples/mistakes.yaml");
const WARNED: &str = include_str!("fixtures/graphroot-store.yaml");
const TMPFS_SCENARIO: &str = include_str!("../../tests/scenarios/run-tmpfs-store.yaml");

#[wasm_bindgen(inline_js = r#"
// A host whose files are a map of path to text; it records what the command line writes.
// A missing file throws as Node's fs does (code and errno), a directory path as EISDIR.
export function memoryHost(files, stdin, links) {
  const encoder = new TextEncoder();
  const host = {
    out: '', err: '', written: {}, dirs: [],
    readFile(path) {
      if (path.endsWith('/')) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR', errno: -21 });
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', errno: -2 });
      return encoder.encode(files[path]);
    },
    readStdin() { return encoder.encode(stdin); },
    stdout(text) { host.out += text; },
    stderr(text) { host.err += text; },
    isSymlink(path) { return links.includes(path); },
    createDirAll(path) { host.dirs.push(path); },
    writeFile(path, contents) { host.written[path] = contents; },
  };
  return host;
}
export function parse(json) { return JSON.parse(json); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = memoryHost)]
    fn memory_host(files: &JsValue, stdin: &str, links: Vec<String>) -> JsHost;
    fn parse(json: &str) -> Object;
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// `value` at a path of keys and indices: `at(&r, "pools.0.pool")`.
fn at(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| get(&v, key))
}

fn text(value: &JsValue, path: &str) -> String {
    at(value, path).as_string().unwrap_or_else(|| panic!("{path} is not a string"))
}

fn length(value: &JsValue, path: &str) -> u32 {
    js_sys::Array::from(&at(value, path)).length()
}

fn thrown(result: Result<impl std::fmt::Debug, JsError>) -> String {
    let error: JsValue = result.expect_err("an Error").into();
    assert!(error.is_instance_of::<js_sys::Error>(), "a JavaScript Error");
    text(&error, "message")
}

#[wasm_bindgen_test]
fn validate_returns_the_cli_json_as_an_object() {
    let result = npm::validate(MISTAKES, None).unwrap();
    assert_eq!(at(&result, "valid").as_bool(), Some(false));
    let first = at(&result, "diagnostics.0");
    let keys: Vec<String> = Object::keys(&first.clone().into()).iter().filter_map(|k| k.as_string()).collect();
    let documented =
        "severity origin field message note file document line column columnUtf16 endLine endColumn endColumnUtf16";
    assert_eq!(keys.join(" "), documented);
    assert_eq!(text(&first, "field"), "spec.containerRuntimeConfig.logSizeMax");
    assert_eq!(text(&first, "origin"), "mco");
    assert_eq!((at(&first, "line").as_f64(), at(&first, "column").as_f64()), (Some(12.0), Some(17.0)));
    assert!(at(&first, "file").is_null());
    assert_eq!(length(&result, "diagnostics"), 5);
    assert_eq!(at(&npm::validate(STORES, None).unwrap(), "valid").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn strict_fails_on_a_warning_as_the_cli_does() {
    let lenient = npm::validate(WARNED, None).unwrap();
    assert_eq!(at(&lenient, "valid").as_bool(), Some(true));
    assert_eq!(text(&lenient, "diagnostics.0.severity"), "warning");
    let strict = npm::validate(WARNED, Some(parse(r#"{"strict": true}"#))).unwrap();
    assert_eq!(at(&strict, "valid").as_bool(), Some(false));
    assert_eq!(
        thrown(npm::render(WARNED, Some(parse(r#"{"strict": true}"#)))).split(';').next(),
        Some("unknown option \"strict\"")
    );
}

#[wasm_bindgen_test]
fn options_are_refused_with_the_cli_messages_under_their_own_names() {
    let set = thrown(npm::validate(STORES, Some(parse(r#"{"featureSet": "Nope"}"#))));
    assert!(set.starts_with("featureSet: unknown feature set \"Nope\"; known: Default, TechPreviewNoUpgrade"), "{set}");
    let release = thrown(npm::render(STORES, Some(parse(r#"{"openshiftVersion": "4.99"}"#))));
    assert_eq!(release, "openshiftVersion: unknown release \"4.99\"; known: 4.22, 5.0, latest");
    let typo = thrown(npm::validate(STORES, Some(parse(r#"{"featureset": "OKD"}"#))));
    assert!(typo.starts_with("unknown option \"featureset\"; the options are featureSet, openshiftVersion"), "{typo}");
    assert_eq!(thrown(npm::validate(STORES, Some(parse(r#"{"featureSet": 3}"#)))), "featureSet: must be a string");
    let gates = thrown(npm::validate(STORES, Some(parse(r#"{"featureGates": 3}"#))));
    assert_eq!(gates, "featureGates: must be a string (Gate=true,...) or an object of booleans");
    let gate = thrown(npm::validate(STORES, Some(parse(r#"{"featureGates": {"Nope": true}}"#))));
    assert!(gate.starts_with("featureGates: unknown gate \"Nope\""), "{gate}");
    let pools = thrown(npm::render(STORES, Some(parse(r#"{"pools": "- name: [x]\n"}"#))));
    assert!(pools.starts_with("pools: the file has errors:\n<pools>:1:"), "{pools}");
}

#[wasm_bindgen_test]
fn gates_as_an_object_mean_what_the_cli_list_means() {
    // With AdditionalStorageConfig off the CRD has no additional stores: unknown fields.
    assert_eq!(at(&npm::validate(STORES, None).unwrap(), "valid").as_bool(), Some(true));
    for gates in [r#""AdditionalStorageConfig=false""#, r#"{"AdditionalStorageConfig": false}"#] {
        let off = npm::validate(STORES, Some(parse(&format!(r#"{{"featureGates": {gates}}}"#)))).unwrap();
        assert_eq!(at(&off, "valid").as_bool(), Some(false), "{gates}");
        assert_eq!(text(&off, "diagnostics.0.origin"), "api", "{gates}");
    }
}

#[wasm_bindgen_test]
fn render_gives_each_pool_its_machine_configs_and_files() {
    let result = npm::render(STORES, None).unwrap();
    assert_eq!(text(&result, "pools.0.pool"), "worker");
    assert_eq!(text(&result, "pools.0.machineConfigs.0.name"), "99-worker-generated-containerruntime");
    assert_eq!(text(&result, "pools.0.effectiveFiles.0.path"), "/etc/containers/storage.conf");
    assert!(text(&result, "pools.0.effectiveFiles.0.contents").contains("\"/mnt/nfs-images\""));
    let refused = npm::render(MISTAKES, None).unwrap();
    assert_eq!((at(&refused, "valid").as_bool(), length(&refused, "pools")), (Some(false), 0));
}

#[wasm_bindgen_test]
fn simulate_runs_a_scenario_or_says_why_not() {
    let result = npm::simulate(TMPFS_SCENARIO).unwrap();
    assert_eq!(at(&result, "ran").as_bool(), Some(true));
    assert!(length(&result, "steps") > 3);
    // Each node ends differently: a node group each, in node order.
    assert_eq!(text(&result, "nodes.0.nodes"), "worker-0");
    assert!(text(&result, "nodes.0.crio").starts_with("failed: overlay: can't stat"), "the store on tmpfs is gone");
    assert_eq!((text(&result, "nodes.1.nodes"), text(&result, "nodes.1.crio")), ("worker-1".into(), "running".into()));
    assert_eq!(text(&result, "metrics.pools.0.nodes"), "worker-[0-2]");
    let broken = npm::simulate("kind: Scenario\nevents: [{pul: x}]\n").unwrap();
    assert_eq!(at(&broken, "ran").as_bool(), Some(false));
    assert!(at(&broken, "metrics").is_null());
    assert_eq!(text(&broken, "diagnostics.0.origin"), "ctrcfg");
}

#[wasm_bindgen_test]
fn hover_and_completion_count_utf16_like_javascript_strings() {
    // "é" is one UTF-16 unit and two bytes, "😀" two units and four bytes.
    let yaml = "# café 😀\nkind: ContainerRuntimeConfig\nspec:\n  containerRuntimeConfig:\n    logLevel: info\n";
    let index = |s: &str| yaml[..yaml.find(s).unwrap()].encode_utf16().count() as u32;
    let found = npm::hover(yaml, index("logLevel") + 2, None).unwrap();
    assert!(text(&found, "text").starts_with("spec.containerRuntimeConfig.logLevel\n\n"));
    assert_eq!(at(&found, "from").as_f64(), Some(f64::from(index("logLevel"))));
    assert_eq!(at(&found, "to").as_f64(), Some(f64::from(index("logLevel") + 8)));
    assert!(npm::hover(yaml, 0, None).unwrap().is_null(), "a comment is no field");
    let typing = format!("{yaml}    log");
    let end = typing.encode_utf16().count() as u32;
    let list = npm::complete(&typing, end, None).unwrap();
    let labels: Vec<String> = js_sys::Array::from(&list).iter().map(|c| text(&c, "label")).collect();
    assert!(labels.contains(&"logSizeMax".to_owned()) && !labels.contains(&"logLevel".to_owned()), "{labels:?}");
    assert_eq!(text(&list, "0.kind"), "field");
    assert_eq!(at(&list, "0.from").as_f64(), Some(f64::from(end - 3)));
}

#[wasm_bindgen_test]
fn explain_prints_the_cli_text_and_refuses_an_unknown_field() {
    let text = npm::explain("spec.containerRuntimeConfig.logLevel", None).unwrap();
    assert!(text.contains("KIND:       ContainerRuntimeConfig") && text.contains("logLevel"), "{text}");
    assert!(thrown(npm::explain("spec.nope", None)).contains("spec.nope"));
}

fn run(argv: &[&str], host: &JsHost) -> u8 {
    npm::run(argv.iter().map(|a| a.to_string()).collect(), host)
}

fn files(pairs: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (path, text) in pairs {
        Reflect::set(&object, &JsValue::from_str(path), &JsValue::from_str(text)).unwrap();
    }
    object.into()
}

#[wasm_bindgen_test]
fn the_command_line_runs_over_a_javascript_host() {
    let host = memory_host(&files(&[("mistakes.yaml", MISTAKES)]), "", vec![]);
    assert_eq!(run(&["validate", "mistakes.yaml"], &host), 1);
    let out = text(&host, "out");
    assert!(
        out.starts_with("mistakes.yaml:12:17: error[mco]: spec.containerRuntimeConfig.logSizeMax: invalid LogSizeMax"),
        "{out}"
    );
    assert_eq!(text(&host, "err"), "ctrcfg: 3 errors, 1 warning, 1 note in 1 file\n");

    let stdin = memory_host(&files(&[]), STORES, vec![]);
    assert_eq!(run(&["validate", "--format", "json"], &stdin), 0);
    assert!(text(&stdin, "out").contains(r#""file": "\u003cstdin\u003e""#), "JSON escapes < and > as Go does");

    let version = memory_host(&files(&[]), "", vec![]);
    assert_eq!(run(&["--version"], &version), 0);
    assert!(text(&version, "out").starts_with(&format!("ctrcfg {}\n", env!("CARGO_PKG_VERSION"))));
}

#[wasm_bindgen_test]
fn host_errors_read_as_the_native_binary_words_them() {
    let host = memory_host(&files(&[]), "", vec![]);
    assert_eq!(run(&["validate", "missing.yaml"], &host), 2);
    assert_eq!(text(&host, "err"), "ctrcfg: missing.yaml: No such file or directory (os error 2)\n");
    let dir = memory_host(&files(&[]), "", vec![]);
    assert_eq!(run(&["simulate", "scenarios/"], &dir), 2);
    assert_eq!(text(&dir, "err"), "ctrcfg: scenarios/: Is a directory (os error 21)\n");
    let usage = memory_host(&files(&[]), "", vec![]);
    // clap's refusal, with its suggestion (issue 16), as the native binary prints it.
    assert_eq!(run(&["validate", "--strct"], &usage), 2);
    assert_eq!(
        text(&usage, "err"),
        "ctrcfg: unexpected argument '--strct' found\n\n  tip: a similar argument exists: '--strict'\n\nUsage: ctrcfg validate --strict [PATH]...\n\nFor more information, try '--help'.\n"
    );
}

#[wasm_bindgen_test]
fn render_files_writes_through_the_host_and_refuses_a_symbolic_link() {
    let host = memory_host(&files(&[("stores.yaml", STORES)]), "", vec![]);
    assert_eq!(run(&["render", "--format", "files", "--out", "out", "stores.yaml"], &host), 0);
    let storage_conf = get(&at(&host, "written"), "out/etc/containers/storage.conf");
    assert!(storage_conf.as_string().unwrap().contains("\"/mnt/nfs-images\""));
    assert!(text(&host, "err").contains("wrote out/etc/containers/storage.conf\n"));
    assert_eq!(text(&host, "dirs.0"), "out/etc/containers");

    let linked = memory_host(&files(&[("stores.yaml", STORES)]), "", vec!["out/etc".into()]);
    assert_eq!(run(&["render", "--format", "files", "--out", "out", "stores.yaml"], &linked), 2);
    assert!(text(&linked, "err").contains("out/etc is a symbolic link"), "{}", text(&linked, "err"));
    assert_eq!(length(&linked, "dirs"), 0);
}
