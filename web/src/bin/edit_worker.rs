//! The base-file edit worker: a second, separate wasm that the playground starts only when the
//! user pastes their own storage.conf or crio.conf ("Your own files"). Editing a TOML file so
//! that its comments and layout survive takes `toml_edit` and `similar` (core's `edit`), which
//! cost about 70 KB gzip: far too much for the first paint, which never needs them
//! (BENCHMARKS.md). Trunk builds this bin as a Web Worker (`index.html`, `data-type="worker"`);
//! the page talks to it through `web/src/base_edit.rs`.
//!
//! A request is one JSON object of strings (`seq`, `kind` ("storage" or "crio"), `base`,
//! `configs`, `featureSet`, `release`, `gates` as `--feature-gates` takes them, `pools` and
//! `pool`); JSON is YAML, so core's own parser reads it and no JSON library is linked. The
//! answer is JSON: `{seq, contents, diff}`, or `{seq, error, line, column}` (the line and
//! column in the base file, or 0 when the error is not about it).

use ctrcfg_core::api::ContainerRuntimeConfiguration;
use ctrcfg_core::edit::{self, CRIO_CONF_PATH};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::parse::{parse_input, Node, Value};
use ctrcfg_core::release::Release;
use ctrcfg_core::render::STORAGE_CONF_PATH;
use ctrcfg_core::tree::Tree;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{pools, render};

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let request = e.data().as_string().unwrap_or_default();
        let _ = reply.post_message(&answer(&request).into());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrive while the wasm loads are dropped, so the page waits for this one.
    let _ = scope.post_message(&"ready".into());
}

/// Native builds (tests, clippy) have no worker to run in.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}

/// The string at `key` of the request's top-level object, or `""`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // natively only the tests call it
fn field<'a>(root: Option<&'a Node>, key: &str) -> &'a str {
    match root.and_then(|r| r.get(key)).map(|e| &e.value.value) {
        Some(Value::Scalar(s)) => &s.text,
        _ => "",
    }
}

/// Edits the request's base file with the configs of its pool, in the MCO's merge order, as
/// `ctrcfg render --base-storage-conf` / `--base-crio-conf` does.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // natively only the tests call it
fn answer(request: &str) -> String {
    let parsed = parse_input(request);
    let root = parsed.documents.first().and_then(|d| d.root.as_ref());
    let seq = Tree::str(field(root, "seq"));
    let failed = |message: &str, line: usize, column: usize| {
        Tree::map([
            ("seq", seq.clone()),
            ("error", Tree::str(message)),
            ("line", Tree::Int(line as i64)),
            ("column", Tree::Int(column as i64)),
        ])
        .to_json()
    };
    let release = Release::from_name(field(root, "release")).unwrap_or_default();
    let set = FeatureSet::from_name(field(root, "featureSet")).unwrap_or(FeatureSet::Default);
    let gates = FeatureGates::new(set).at(release);
    let gates = gates.clone().parse_overrides(field(root, "gates")).unwrap_or(gates);
    let pools = pools::read_or_defaults(field(root, "pools")).0;
    let options = Options { gates, pools, ..Options::default() };
    let rendered = render(field(root, "configs"), &options);
    let Some(plan) = &rendered.plan else {
        return failed("the ContainerRuntimeConfigs have errors: fix them to edit your file", 0, 0);
    };
    let name = field(root, "pool");
    let owners = plan.pools.iter().find(|p| p.pool.name == name).map_or(&[][..], |p| &p.owners[..]);
    let configs: Vec<&ContainerRuntimeConfiguration> =
        owners.iter().filter_map(|&i| rendered.report.configs.get(i)?.config.as_ref()).collect();
    let base = field(root, "base");
    let edited = if field(root, "kind") == "crio" {
        edit::crio_conf(base, &configs, &options.gates, CRIO_CONF_PATH)
    } else {
        edit::storage_conf(base, &configs, &options.gates, STORAGE_CONF_PATH)
    };
    match edited {
        Ok(e) => Tree::map([("seq", seq), ("contents", Tree::Str(e.contents)), ("diff", Tree::Str(e.diff))]).to_json(),
        Err(e) => failed(&e.message, e.line, e.column),
    }
}

#[cfg(test)]
mod tests {
    use super::answer;
    /// A request as the page writes it (`base_edit::request`).
    use ctrcfg_core::tree::yaml_safe_json_object as request;

    const CONFIG: &str = include_str!("../../../tests/vectors/render/image-stores.yaml");

    #[test]
    fn edits_the_pools_storage_conf_and_keeps_comments() {
        let base = "\u{feff}# ours \"quoted\"\n[storage]\ndriver = \"overlay\"\n";
        let out = answer(&request(&[
            ("seq", "7"),
            ("kind", "storage"),
            ("base", base),
            ("configs", CONFIG),
            ("pool", "worker"),
        ]));
        assert!(out.starts_with("{\"seq\":\"7\",\"contents\":\"\u{feff}# ours \\\"quoted\\\"\\n[storage]\\ndriver = \\\"overlay\\\"\\n\\n[storage.options]\\nadditionalimagestores = [\\\"/mnt/nfs-images\\\", \\\"/mnt/ssd-images\\\"]"), "{out}");
        assert!(
            out.contains("\"diff\":\"--- a/etc/containers/storage.conf\\n+++ b/etc/containers/storage.conf\\n"),
            "{out}"
        );
    }

    #[test]
    fn a_pool_without_configs_leaves_the_file_as_it_is() {
        let out = answer(&request(&[
            ("seq", "1"),
            ("kind", "crio"),
            ("base", "[crio]\n"),
            ("configs", CONFIG),
            ("pool", "master"),
        ]));
        assert_eq!(out, "{\"seq\":\"1\",\"contents\":\"[crio]\\n\",\"diff\":\"\"}");
    }

    #[test]
    fn errors_have_the_base_files_line_and_column() {
        let out = answer(&request(&[
            ("seq", "2"),
            ("base", "[storage]\ndriver = \n"),
            ("configs", CONFIG),
            ("pool", "worker"),
        ]));
        assert!(out.ends_with(",\"line\":2,\"column\":10}"), "{out}");
        let out = answer(&request(&[
            ("seq", "3"),
            ("base", "[storage]\n"),
            ("configs", "kind: ContainerRuntimeConfig\nmetadata: {name: x}\nspec: {bogus: 1}\n"),
            ("pool", "worker"),
        ]));
        assert!(out.contains("have errors"), "{out}");
    }

    /// The context travels with the request: at 4.22 the Default set has no store lists, unless
    /// the gate is turned on.
    #[test]
    fn the_release_and_gate_overrides_apply() {
        let at = |gates: &str| {
            answer(&request(&[
                ("seq", "4"),
                ("base", ""),
                ("configs", CONFIG),
                ("pool", "worker"),
                ("release", "4.22"),
                ("gates", gates),
            ]))
        };
        assert!(at("").contains("have errors"));
        assert!(at("AdditionalStorageConfig=true").contains("additionalimagestores"));
    }
}
