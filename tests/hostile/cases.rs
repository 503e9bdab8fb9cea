//! The hostile-input corpus: what a playground paste, a CI repository or a docs page may hold,
//! each case with what ctrcfg must say about it (exactly) and the worst time it may take.
//!
//! One list, run three ways: natively and in headless Chromium by `core/tests/hostile.rs`
//! (through core, from the bytes as the CLI reads them), and through the built binary by
//! `cli/tests/hostile.rs`. `scripts/bench` (part `hostile`) times every case against its
//! budget; the tests never time anything. Big inputs are generated, so nothing large is
//! committed.
//!
//! Limits are no looser than the Kubernetes YAML decoder's (k8s-messages.md §7): go-yaml's
//! alias ratio and depth 10000 (ctrcfg stops at 1000 levels and 100,000 alias nodes), and the
//! API server's 3 MiB request body.

/// Which entry point reads the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// `ctrcfg validate FILE`.
    Validate,
    /// `ctrcfg simulate FILE`.
    Simulate,
    /// `ctrcfg validate --pools FILE` with a valid config.
    Pools,
}

pub struct Case {
    pub name: &'static str,
    pub entry: Entry,
    pub input: Vec<u8>,
    /// Whether the verdict is clean: no error (validate), the simulation ran (simulate), the
    /// pools file read without a diagnostic (pools).
    pub clean: bool,
    /// How many diagnostics, exactly.
    pub count: usize,
    /// Diagnostics that must be among them, as `line:col: severity[origin]: field: message`.
    pub says: Vec<String>,
    /// The worst time allowed natively, in milliseconds (Chromium gets twice as long).
    pub budget_ms: u32,
}

const HEADER: &str = "apiVersion: machineconfiguration.openshift.io/v1
kind: ContainerRuntimeConfig
metadata:
  name: hostile
spec:
  machineConfigPoolSelector:
    matchLabels:
      pools.operator.machineconfiguration.openshift.io/worker: \"\"
  containerRuntimeConfig:
";

/// A config whose `containerRuntimeConfig` holds `body` (indented by four spaces already).
fn config(body: &str) -> Vec<u8> {
    format!("{HEADER}{body}").into_bytes()
}

/// A config with one image store at `path`, written as a double-quoted YAML string.
fn store(path: &str) -> Vec<u8> {
    config(&format!("    additionalImageStores:\n    - path: {path}\n"))
}

fn case(name: &'static str, entry: Entry, input: Vec<u8>, clean: bool, says: &[&str]) -> Case {
    Case {
        name,
        entry,
        input,
        clean,
        count: says.len(),
        says: says.iter().map(|s| s.to_string()).collect(),
        budget_ms: 50,
    }
}

fn validate(name: &'static str, input: Vec<u8>, clean: bool, says: &[&str]) -> Case {
    case(name, Entry::Validate, input, clean, says)
}

impl Case {
    fn budget(mut self, ms: u32) -> Case {
        self.budget_ms = ms;
        self
    }

    /// Only some of the diagnostics are listed; `count` is all of them.
    fn of(mut self, count: usize) -> Case {
        self.count = count;
        self
    }
}

const NOT_CHECKED: &str = "1:1: info[api]: <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";
const PATH_CHARS: &str = "path must be absolute and contain only alphanumeric characters, '/', '.', '_', and '-'";
const NO_OBJECTS: &str =
    "1:1: warning[lint]: no objects to check: `kubectl apply -f` given only this says \"error: no objects passed to apply\"";

fn path_error(line: u32, value: &str) -> [String; 2] {
    [
        format!("{line}:13: error[api]: spec.containerRuntimeConfig.additionalImageStores[0].path: Invalid value: \"string\": {PATH_CHARS}"),
        format!("{line}:13: error[mco]: spec.containerRuntimeConfig.additionalImageStores[0].path: invalid AdditionalImageStores path {value}: must be an absolute path containing only alphanumeric characters, '/', '.', '_', and '-'"),
    ]
}

fn with(mut c: Case, more: impl IntoIterator<Item = String>) -> Case {
    c.says.extend(more);
    c.count = c.says.len();
    c
}

/// A scenario on one worker node with `events`.
fn scenario(pools: &str, events: &str) -> Vec<u8> {
    format!(
        "kind: Scenario\nconfigs: []\npools:\n{pools}registry:\n  images:\n  - {{ref: quay.io/acme/web:1, size: 1GiB}}\nevents:\n{events}"
    )
    .into_bytes()
}

const ONE_NODE: &str = "- {name: worker, nodes: [worker-0]}\n";

/// Every case of the corpus.
pub fn cases() -> Vec<Case> {
    let deep_block = format!("{}x\n", "- ".repeat(1001));
    let deep_flow = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_map = format!("{}1{}", "{a: ".repeat(5000), "}".repeat(5000));
    let deep_json = format!("{}{}", "{\"a\":".repeat(20_000), "}".repeat(20_000));
    let laughs = {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in "bcdefghi".chars().enumerate() {
            let prev = (b'a' + i as u8) as char;
            text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        text
    };
    let flow_laughs = format!("{{a: &a [x, x, x, x, x, x, x, x, x, x], {}}}", {
        let names: Vec<String> = "bcdefghi"
            .chars()
            .enumerate()
            .map(|(i, n)| {
                let p = (b'a' + i as u8) as char;
                format!("{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]")
            })
            .collect();
        names.join(", ")
    });
    // 3 MiB of labels: a generated object just under the API server's request limit, and
    // one just over it.
    let labels = |count: usize| {
        let mut text = String::from(HEADER).replace("  name: hostile\n", "  name: hostile\n  labels:\n");
        let at = text.find("spec:").unwrap_or_default();
        let entries: String = (0..count).map(|i| format!("    label-{i:06}: value-{i:040}\n")).collect();
        text.insert_str(at, &entries);
        text.push_str("    logLevel: info\n");
        text.into_bytes()
    };
    let stores = |count: usize| {
        let list: String = (0..count).map(|i| format!("    - path: /mnt/cache-{i}\n")).collect();
        config(&format!("    additionalImageStores:\n{list}"))
    };
    let list = |count: usize| {
        let items: String = (0..count)
            .map(|i| {
                format!("- apiVersion: machineconfiguration.openshift.io/v1\n  kind: ContainerRuntimeConfig\n  metadata: {{name: c{i}}}\n  spec:\n    machineConfigPoolSelector: {{matchLabels: {{pools.operator.machineconfiguration.openshift.io/worker: ''}}}}\n    containerRuntimeConfig: {{logLevel: info}}\n")
            })
            .collect();
        format!("apiVersion: v1\nkind: List\nitems:\n{items}").into_bytes()
    };
    let utf16 = |big_endian: bool| {
        let text = String::from_utf8(config("    logLevel: debug\n")).unwrap_or_default();
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    };
    let mut invalid_utf8 = config("    logLevel: debug # caf");
    invalid_utf8.extend([0xFF, 0xFE, b'\n']);
    let mut invalid_in_path = config("    additionalImageStores:\n    - path: /mnt/caf");
    invalid_in_path.extend([0xE9, b'\n']);
    let events = |count: usize| {
        let list: String = (0..count).map(|_| "- {pull: quay.io/acme/web:1}\n").collect();
        scenario(ONE_NODE, &list)
    };

    vec![
        // Alias bombs and nesting.
        validate("billion laughs, block style", laughs.into_bytes(), false, &["5:36: error[api]: yaml: document contains excessive aliasing"]),
        validate("billion laughs, flow style", flow_laughs.into_bytes(), false, &["1:219: error[api]: yaml: document contains excessive aliasing"]),
        validate("1001 nested block sequences", deep_block.into_bytes(), false, &["1:2001: error[api]: yaml: exceeded max depth of 1000"]),
        validate("100,000 nested flow sequences", deep_flow.into_bytes(), false, &["1:256: error[api]: yaml: line 1: recursion limit exceeded"]),
        validate("5,000 nested flow mappings", deep_map.into_bytes(), false, &["1:1021: error[api]: yaml: line 1: recursion limit exceeded"]),
        validate("20,000 nested JSON objects", deep_json.into_bytes(), false, &["1:1276: error[api]: yaml: line 1: recursion limit exceeded"]),
        validate("an alias used before its anchor", b"a: *nowhere\n".to_vec(), false, &["1:4: error[api]: yaml: unknown anchor 'nowhere' referenced"]),
        // Size.
        validate("a 3 MiB object, just under the request limit", labels(48_000), true, &[]).budget(300),
        validate("an object over the request limit", labels(50_000), false, &["1:1: error[api]: Request entity too large: limit is 3145728 (+note)"]).budget(300),
        validate("a path of 3 MiB, over the request limit", store(&"a".repeat(3 << 20)), false, &["1:1: error[api]: Request entity too large: limit is 3145728 (+note)"]).budget(300),
        validate("10,000 image stores", stores(10_000), false, &[NOT_CHECKED, "10:5: error[api]: spec.containerRuntimeConfig.additionalImageStores: Too many: 10000: must have at most 10 items"]).budget(100),
        validate("a kind List of 10,000 configs", list(10_000), false, &["66:20: error[mco]: could not get ctrcfg key: max number of supported ctrcfgs (10) has been reached. Please delete old ctrcfgs before retrying"]).of(9_990).budget(300),
        validate("100,000 empty documents", "---\n".repeat(100_000).into_bytes(), true, &[NO_OBJECTS]).budget(100),
        // Encodings and characters.
        validate("tabs as indentation", config("\tlogLevel: debug\n"), false, &["10:2: error[api]: yaml: line 10: tabs disallowed within this context (block indentation)"]),
        validate("a tab inside a value", config("    logLevel: \"de\tbug\"\n"), false, &["10:15: error[mco]: spec.containerRuntimeConfig.logLevel: invalid LogLevel \"de\\tbug\", must be one of error, fatal, panic, warn, info, debug, or trace"]).of(2),
        validate("a UTF-8 byte order mark", [b"\xEF\xBB\xBF".as_slice(), &config("    logLevel: debug\n")].concat(), true, &[]),
        validate("CRLF line ends", String::from_utf8(config("    logLevel: nope\n")).unwrap_or_default().replace('\n', "\r\n").into_bytes(), false, &["10:15: error[mco]: spec.containerRuntimeConfig.logLevel: invalid LogLevel \"nope\", must be one of error, fatal, panic, warn, info, debug, or trace"]).of(2),
        validate("a NUL byte", config("    logLevel: de\0bug\n"), false, &["10:17: error[api]: yaml: line 10: found unprintable character"]),
        validate("a lone surrogate in a JSON escape", br#"{"apiVersion": "v1", "kind": "\ud800"}"#.to_vec(), false, &[]).of(1),
        validate("UTF-16 little-endian with its byte order mark, read as kubectl reads it", utf16(false), true, &[]),
        validate("UTF-16 big-endian with its byte order mark", utf16(true), true, &[]),
        validate("invalid UTF-8 in a comment", invalid_utf8, true, &["10:26: warning[lint]: U+FFFD, the replacement character (2 in the text; this is the first): bytes that are not UTF-8 read as it, and kubectl sends it to the API server as it is; was the file saved in another encoding?"]),
        with(validate("invalid UTF-8 in a path", invalid_in_path, false, &["11:21: warning[lint]: U+FFFD, the replacement character: bytes that are not UTF-8 read as it, and kubectl sends it to the API server as it is; was the file saved in another encoding?"]), path_error(11, "\"/mnt/caf\u{FFFD}\"")),
        // Types and shapes.
        validate("a duplicate key", config("    logLevel: nope\n    logLevel: debug\n"), true, &["10:5: warning[lint]: spec.containerRuntimeConfig.logLevel: duplicate key \"logLevel\": a later \"logLevel\" in this mapping replaces this one without a word, as kubectl reads YAML; kustomize (`oc apply -k`) refuses the file: mapping key \"logLevel\" already defined"]),
        validate("a duplicate key in JSON", br#"{"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "ContainerRuntimeConfig", "metadata": {"name": "j"}, "spec": {"machineConfigPoolSelector": {"matchLabels": {"pools.operator.machineconfiguration.openshift.io/worker": ""}}, "containerRuntimeConfig": {"logLevel": "nope", "logLevel": "info"}}}"#.to_vec(), true, &["1:264: warning[lint]: spec.containerRuntimeConfig.logLevel: duplicate key \"logLevel\": a later \"logLevel\" in this mapping replaces this one without a word, as kubectl reads YAML; kustomize (`oc apply -k`) refuses the file: mapping key \"logLevel\" already defined"]),
        validate("a number where a string belongs", store("12345"), false, &["11:13: error[api]: spec.containerRuntimeConfig.additionalImageStores[0].path: Invalid value: \"integer\": spec.containerRuntimeConfig.additionalImageStores[0].path in body must be of type string: \"integer\""]).of(2),
        validate("null for the whole spec", format!("{}spec: null\n", &HEADER[..HEADER.find("spec:").unwrap_or_default()]).into_bytes(), false, &["5:1: error[api]: spec: Required value"]).of(3),
        validate("null for containerRuntimeConfig", config(""), false, &[NOT_CHECKED, "9:3: error[api]: spec.containerRuntimeConfig: Required value"]),
        validate("null for a store list", config("    additionalImageStores: null\n"), true, &[]).of(0),
        validate("null for a store", config("    additionalImageStores: [null]\n"), false, &[]).of(2),
        validate("null for a path", store("null"), false, &[NOT_CHECKED, "11:7: error[api]: spec.containerRuntimeConfig.additionalImageStores[0].path: Required value", "11:7: error[mco]: spec.containerRuntimeConfig.additionalImageStores[0].path: invalid AdditionalImageStores: path must not be empty"]),
        validate("an empty document", Vec::new(), true, &[NO_OBJECTS]),
        validate("a document of --- only", b"---\n".to_vec(), true, &[NO_OBJECTS]),
        validate("only comments", b"# nothing\n# here\n".to_vec(), true, &[NO_OBJECTS]),
        validate("a scalar document", b"just some words\n".to_vec(), false, &["1:1: error[api]: json: cannot unmarshal string into Go value of type map[string]interface {}"]),
        validate("a top-level JSON array", b"[1, 2, 3]\n".to_vec(), false, &["1:1: error[api]: json: cannot unmarshal array into Go value of type map[string]interface {}"]),
        validate("a custom YAML tag", config("    logLevel: !secret debug\n"), true, &[]),
        // Paths.
        with(validate("a path with quotes", store("'/mnt/\"quoted\"'"), false, &[]), path_error(11, "\"/mnt/\\\"quoted\\\"\"")),
        with(validate("a path with a newline", store("\"/mnt/a\\nb\""), false, &[]), path_error(11, "\"/mnt/a\\nb\"")),
        with(validate("a path that injects TOML", store("\"/mnt/a\\\"]\\n[storage]\\ndriver = \\\"vfs\""), false, &[]), path_error(11, "\"/mnt/a\\\"]\\n[storage]\\ndriver = \\\"vfs\"")),
        validate("a path with ..", store("/mnt/../etc"), false, &[]).of(2),
        validate("a path with //", store("/mnt//cache"), false, &[]).of(2),
        with(validate("a path with a Cyrillic look-alike", store("/mnt/c\u{0430}che"), false, &[]), path_error(11, "\"/mnt/c\u{0430}che\"")),
        validate("a path of 257 characters", store(&format!("/{}", "a".repeat(256))), false, &[NOT_CHECKED, "11:13: error[api]: spec.containerRuntimeConfig.additionalImageStores[0].path: Too long: may not be more than 256 bytes"]).of(3),
        validate("a path with a NUL escape", store("\"/mnt/a\\0b\""), false, &[]).of(2),
        // Kinds.
        validate("an unknown kind", b"apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: g}\n".to_vec(), true, &["2:7: info[lint]: skipped kind \"Gizmo\": ctrcfg reads only ContainerRuntimeConfig documents"]),
        validate("a kind List whose items are not objects", b"apiVersion: v1\nkind: List\nitems: [1, \"two\"]\n".to_vec(), false, &["3:9: error[api]: json: cannot unmarshal number into Go value of type map[string]interface {}", "3:12: error[api]: json: cannot unmarshal string into Go value of type map[string]interface {}"]),
        // Scenarios.
        case("a scenario with unknown references", Entry::Simulate, scenario(ONE_NODE, "- {pull: quay.io/acme/nowhere:1}\n- {reboot: worker-9}\n- {stopPlugin: /nowhere}\n"), false, &[]).of(3),
        case("a 10-million-node fleet", Entry::Simulate, scenario("- {name: worker, nodeCount: 10000000}\n", "- {pull: quay.io/acme/web:1}\n"), false, &["4:29: error[ctrcfg]: pools[0].nodeCount: Invalid value: \"10000000\": must be a count from 0 to 100000"]),
        case("200,000 events on one node", Entry::Simulate, events(200_000), true, &[]).budget(300),
        case("events that never end: 101 pulls on 100,000 nodes", Entry::Simulate, scenario("- {name: worker, nodeCount: 100000}\n", &"- {pull: quay.io/acme/web:1}\n".repeat(101)), false, &["9:3: error[ctrcfg]: events: Too many: the events run more than 10000000 node-steps (events × the nodes each applies to), the most ctrcfg simulates"]),
        case("eight variants over the node-step cap together", Entry::Simulate, [scenario("- {name: worker, nodeCount: 100000}\n", &"- {pull: quay.io/acme/web:1}\n".repeat(13)), (0..8).map(|i| format!("- name: v{i}\n")).collect::<String>().into_bytes()].join(&b"variants:\n"[..]), false, &["23:3: error[ctrcfg]: variants: Too many: the variants together run 10400000 node-steps (each runs every event), more than the 10000000 ctrcfg simulates"]).budget(300),
        case("nine variants", Entry::Simulate, [scenario(ONE_NODE, "- {pull: quay.io/acme/web:1}\n"), (0..9).map(|i| format!("- name: v{i}\n")).collect::<String>().into_bytes()].join(&b"variants:\n"[..]), false, &["11:3: error[ctrcfg]: variants: Too many: 9 variants, at most 8"]),
        case("a scenario that is not a mapping", Entry::Simulate, b"- kind: Scenario\n".to_vec(), false, &["1:1: error[ctrcfg]: Invalid value: \"array\": must be an object"]),
        // Pools files.
        case("a pools file of 100,000 pools", Entry::Pools, (0..100_000).map(|i| format!("- {{name: pool-{i}, nodes: [n-{i}]}}\n")).collect::<String>().into_bytes(), true, &[]).budget(300),
        case("a pools file with a pool of no name", Entry::Pools, b"- {name: '', nodes: [a]}\n".to_vec(), false, &["1:3: error[ctrcfg]: pools[0].name: Required value: a pool needs a name"]),
    ]
}
