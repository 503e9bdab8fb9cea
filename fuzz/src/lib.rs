//! The bodies of ctrcfg's fuzz targets: each runs one of core's entry points on an input and
//! asserts what core promises of its answer beyond not panicking (ARCHITECTURE.md's
//! invariants): every span lies inside the input on character boundaries, diagnostics come in
//! order, the same input gives the same bytes, JSON output parses back with every key of
//! `docs/diagnostics.md`, rendered TOML parses back, and nothing refused is rendered.
//!
//! The same file is compiled into `core/tests/fuzz_regressions.rs`, so a minimized crasher kept
//! under `tests/fuzz-regressions/<target>/` is replayed natively by `cargo test` through exactly
//! the checks that found it.
//!
//! Input layout: where a target takes options, the first byte picks them ([`options`]); where
//! it takes two texts, a NUL byte separates them (without one, a fixed second text from
//! `tests/` is used). Bytes that are not UTF-8 are replaced, as the CLI's readers replace them.

use ctrcfg_core as ctr;
use ctrcfg_core::api::ContainerRuntimeConfiguration;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::edit::{EditError, Edited};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::release::Release;
use ctrcfg_core::sim::groups::Grouping;
use ctrcfg_core::text::Span;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{parse, report, sim, Rendered};
use serde_json::Value;

/// A fuzz target's body: one input, checked.
pub type Target = fn(&[u8]);

/// `edit::storage_conf` or `edit::crio_conf`.
type Edit = fn(&str, &[&ContainerRuntimeConfiguration], &FeatureGates, &str) -> Result<Edited, EditError>;

/// Every fuzz target by name, as `scripts/fuzz` and the regression tests name them.
pub const TARGETS: &[(&str, Target)] = &[
    ("validate", validate),
    ("render", render),
    ("pools", pools),
    ("simulate", simulate),
    ("edit", edit),
    ("assist", assist),
    ("share", share),
    ("yaml", yaml),
];

/// The keys of every diagnostic in JSON (`docs/diagnostics.md`: each always present).
const DIAGNOSTIC_KEYS: [&str; 13] = [
    "severity",
    "origin",
    "field",
    "message",
    "note",
    "file",
    "document",
    "line",
    "column",
    "columnUtf16",
    "endLine",
    "endColumn",
    "endColumnUtf16",
];

/// The config the `pools` target renders when its input gives none: configs for the worker
/// pool and for a custom `infra` pool.
const POOLS_CONFIG: &str = include_str!("../../tests/vectors/render/custom-pool.yaml");

/// The config the `edit` target applies when its input gives none: every store kind and a size.
const EDIT_CONFIG: &str = include_str!("../../tests/vectors/render/all-stores.yaml");

/// Validation options for every feature set × release level × gate override, from one byte.
pub fn options(selector: u8) -> Options {
    let n = usize::from(selector);
    let set = FeatureSet::ALL[n % FeatureSet::ALL.len()];
    let release = Release::ALL[n / 5 % Release::ALL.len()];
    let overrides = ["", "AdditionalStorageConfig=true", "AdditionalStorageConfig=false", "GomaxprocsInjection=true"];
    let gates = FeatureGates::new(set).at(release);
    // An override the release lacks is refused, as `--feature-gates` refuses it.
    let gates = gates.clone().parse_overrides(overrides[n / 15 % overrides.len()]).unwrap_or(gates);
    Options { gates, ..Options::default() }
}

/// The selector byte and the text after it; an empty input is byte 0 and no text.
fn selected(data: &[u8]) -> (u8, String) {
    match data.split_first() {
        Some((&selector, rest)) => (selector, String::from_utf8_lossy(rest).into_owned()),
        None => (0, String::new()),
    }
}

/// The text before the first NUL and the one after it, or `text` and `fallback`.
fn two_texts<'a>(text: &'a str, fallback: &'a str) -> (&'a str, &'a str) {
    text.split_once('\0').unwrap_or((text, fallback))
}

fn span_inside(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what}: span {}..{} is not a range of characters of the {}-byte input",
        span.start,
        span.end,
        text.len()
    );
}

/// Every diagnostic points into `text`, says something, and they come ordered by document and
/// position (validate's promise, `Report::diagnostics`).
fn diagnostics_sound(text: &str, diagnostics: &[Diagnostic], ordered: bool) {
    for d in diagnostics {
        span_inside(text, d.span, &d.display_message());
        assert!(!d.message.is_empty(), "a diagnostic without a message: {d:?}");
    }
    if ordered {
        let keys: Vec<_> = diagnostics.iter().map(|d| (d.document, d.span.start)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "diagnostics out of order: {keys:?}");
    }
}

/// `json` parses back (serde_json, an independent reader) and each of its diagnostics has
/// the documented keys and places that start at line 1, column 1 or later and end after
/// they start.
fn json_sound(json: &str, diagnostics: &[Diagnostic]) -> Value {
    let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("JSON does not parse back ({e}):\n{json}"));
    let printed = value["diagnostics"].as_array().expect("a diagnostics array");
    assert_eq!(printed.len(), diagnostics.len(), "every diagnostic is printed once");
    for d in printed {
        let object = d.as_object().expect("a diagnostic is an object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = DIAGNOSTIC_KEYS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "a diagnostic's keys");
        let at = |k: &str| d[k].as_u64().unwrap_or_else(|| panic!("{k} is not a count: {d}"));
        assert!(at("line") >= 1 && at("column") >= 1 && at("columnUtf16") >= 1, "a place before 1:1: {d}");
        assert!(
            (at("endLine"), at("endColumn")) >= (at("line"), at("column")),
            "a place that ends before it starts: {d}"
        );
    }
    value
}

/// A rendered file's source links point into the input and at lines of the file, and a TOML
/// file parses back (no value opened a key of its own).
fn files_sound(text: &str, files: &[ctr::render::NodeFile]) {
    for file in files {
        let lines = file.contents.lines().count();
        for s in &file.sources {
            span_inside(text, s.span, &format!("{} line {} source", file.path, s.line));
            assert!((1..=lines).contains(&s.line), "{}: source line {} of a {lines}-line file", file.path, s.line);
        }
        if file.path.ends_with(".conf") {
            if let Err(e) = file.contents.parse::<toml_edit::DocumentMut>() {
                panic!("{} does not parse back as TOML ({e}):\n{}", file.path, file.contents);
            }
        }
    }
}

/// Parse and validate at the selected feature set and release.
pub fn validate(data: &[u8]) {
    let (selector, text) = selected(data);
    let options = options(selector);
    let report = ctr::validate::validate(&text, &options);
    diagnostics_sound(&text, &report.diagnostics, true);
    assert!(!report.refused() || report.has_errors(), "a refusal that is not an error");
    for document in &report.documents {
        span_inside(&text, document.span, "a document");
    }
    let json = report::diagnostics(report.diagnostics.iter(), &text).to_json();
    json_sound(&format!("{{\"diagnostics\":{json}}}"), &report.diagnostics);
}

/// Render and its JSON report, as `ctrcfg render --format json` prints it, twice.
pub fn render(data: &[u8]) {
    let (selector, text) = selected(data);
    let options = options(selector);
    render_checked(&text, &options);
}

/// Renders `text`, checks the result, and returns it.
fn render_checked(text: &str, options: &Options) -> Rendered {
    let rendered = ctr::render(text, options);
    diagnostics_sound(text, &rendered.report.diagnostics, true);
    assert_eq!(rendered.report, ctr::validate::validate(text, options), "render's report is validate's (one verdict)");
    assert_eq!(rendered.plan.is_some(), !rendered.report.refused(), "a plan exactly when nothing is refused");
    let json = report::render_json(&rendered, text).to_json_pretty();
    let value = json_sound(&json, &rendered.report.diagnostics);
    assert_eq!(value["valid"], Value::Bool(!rendered.report.has_errors()), "valid is the verdict");
    if let Some(plan) = &rendered.plan {
        diagnostics_sound(text, &plan.diagnostics, false);
        for pool in &plan.pools {
            files_sound(text, &pool.effective_files.iter().map(|e| e.file.clone()).collect::<Vec<_>>());
            for mc in &pool.machine_configs {
                files_sound(text, &mc.files);
                let yaml = mc.yaml();
                let parsed = parse::parse(&yaml);
                assert!(parsed.diagnostics.is_empty(), "MachineConfig YAML does not parse back:\n{yaml}");
            }
        }
    }
    let again = ctr::render(text, options);
    assert_eq!(report::render_json(&again, text).to_json_pretty(), json, "render is deterministic");
    rendered
}

/// A pools file (`--pools`, the playground's pools text), then a config rendered against the
/// pools it names.
pub fn pools(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (pools_text, config) = two_texts(&text, POOLS_CONFIG);
    let (pools, diagnostics) = ctr::pools::read_or_defaults(pools_text);
    // The pools text's diagnostics point into it; offsets of the config are its own.
    let pools_part = &text[..pools_text.len()];
    diagnostics_sound(pools_part, &diagnostics, false);
    for pool in &pools {
        assert!(!pool.name.is_empty(), "a pool without a name");
    }
    if diagnostics.is_empty() {
        let options = Options { pools: pools.clone(), ..Options::default() };
        let rendered = render_checked(config, &options);
        for planned in rendered.plan.iter().flat_map(|p| &p.pools) {
            assert!(
                pools.iter().any(|p| p.name == planned.pool.name),
                "a plan for pool {} not given",
                planned.pool.name
            );
        }
    }
}

/// A scenario through `simulate` and `simulate_start`, both outputs, each twice; one with
/// `variants:` through `compare` too.
pub fn simulate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if sim::compare::has_variants(&text) {
        let (first, again) = (sim::compare::compare(&text), sim::compare::compare(&text));
        diagnostics_sound(&text, &first.diagnostics, false);
        for grouping in [Grouping::Shared, Grouping::PerNode] {
            let json = sim::output::comparison_json(&first, &text, grouping).to_json_pretty();
            json_sound(&json, &first.diagnostics);
            let again = sim::output::comparison_json(&again, &text, grouping).to_json_pretty();
            assert_eq!(again, json, "the comparison's JSON is deterministic");
        }
    }
    for run in [sim::simulate, sim::simulate_start] {
        let first = run(&text);
        diagnostics_sound(&text, &first.diagnostics, false);
        let again = run(&text);
        for grouping in [Grouping::Shared, Grouping::PerNode] {
            let json = sim::output::json(&first, &text, grouping).to_json_pretty();
            json_sound(&json, &first.diagnostics);
            let trace = sim::output::text(&first, grouping);
            let json_again = sim::output::json(&again, &text, grouping).to_json_pretty();
            assert_eq!(json_again, json, "the simulation's JSON is deterministic");
            assert_eq!(sim::output::text(&again, grouping), trace, "the simulation's trace is deterministic");
        }
    }
}

/// A base storage.conf or crio.conf edited with a config's settings: the input's selector
/// picks the file and the options, then the config text, NUL, and the base file.
pub fn edit(data: &[u8]) {
    let (selector, text) = selected(data);
    let options = options(selector / 2);
    let (config, base) = two_texts(&text, "");
    let (config, base) = if base.is_empty() && !text.contains('\0') { (EDIT_CONFIG, config) } else { (config, base) };
    let report = ctr::validate::validate(config, &options);
    let configs: Vec<_> = report.configs.iter().filter_map(|c| c.config.as_ref()).collect();
    let (path, run): (&str, Edit) = if selector % 2 == 0 {
        (ctr::render::STORAGE_CONF_PATH, ctr::edit::storage_conf)
    } else {
        (ctr::edit::CRIO_CONF_PATH, ctr::edit::crio_conf)
    };
    match run(base, &configs, &options.gates, path) {
        Ok(edited) => {
            assert_eq!(edited.diff.is_empty(), edited.contents == base, "a diff exactly when the file changed");
            if let Err(e) = edited.contents.parse::<toml_edit::DocumentMut>() {
                panic!("the edited file does not parse back as TOML ({e}):\n{}", edited.contents);
            }
            let twice = run(&edited.contents, &configs, &options.gates, path).expect("an edited file edits again");
            assert_eq!(twice.contents, edited.contents, "editing is idempotent");
        }
        Err(e) => {
            span_inside(base, e.span, &e.message);
            assert!(e.line >= 1 && e.column >= 1, "an edit error before 1:1: {e:?}");
        }
    }
}

/// Hover and completion at every byte offset of the input (and one past its end).
pub fn assist(data: &[u8]) {
    let (selector, text) = selected(data);
    let options = options(selector);
    for offset in 0..=text.len() + 1 {
        if let Some(hover) = ctr::assist::hover(&text, offset, &options) {
            span_inside(&text, hover.span, "a hover");
            assert!(!hover.text.is_empty(), "an empty hover at {offset}");
        }
        for c in ctr::assist::complete(&text, offset, &options) {
            span_inside(&text, Span::new(c.from, c.to), &format!("completion {:?}", c.label));
            assert!(
                c.to <= offset,
                "completion {:?} replaces {}..{} past the cursor at {offset}",
                c.label,
                c.from,
                c.to
            );
            assert!(!c.label.is_empty(), "an empty completion at {offset}");
        }
    }
}

/// A share link's payload and the address's fragment (`core/src/share.rs`): any text decodes to
/// known fields or to nothing, what decodes encodes back to a payload that decodes the same, and
/// the fragment reader and the version check take any text.
pub fn share(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(values) = ctr::share::decode(&text) {
        assert!(values.iter().all(|(name, _)| ctr::share::NAMES.contains(name)), "an unknown field kept");
        let again = ctr::share::encode(&values.iter().map(|(n, v)| (*n, v.clone())).collect::<Vec<_>>());
        assert_eq!(ctr::share::decode(&again), Some(values), "a decoded payload encodes back to itself");
    }
    if let ctr::share::Fragment::Share(version, _) = ctr::share::Fragment::read(&text) {
        let _ = ctr::share::version_problem(version);
    }
}

/// The fast block-YAML reader (`core/src/parse/block.rs`) against saphyr: whatever text the fast
/// reader takes, it must read to the same documents, nodes, spans and diagnostics.
pub fn yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some((fast, saphyr)) = parse::both_readers(&text) {
        assert_eq!(fast, saphyr, "the fast reader and saphyr differ");
    }
}
