//! Everything the API server, the Machine Config Operator and ctrcfg's lint say about a text,
//! in one pass. Each diagnostic is labelled with its [`Origin`]:
//! - [`api`]: strict decoding, the CRD's OpenAPI schema and CEL rules, ObjectMeta's rules;
//! - [`mco`]: the MCO controller's `validateUserContainerRuntimeConfig` and pool lookup;
//! - [`crio`]: CRI-O's own config check when it starts with the rendered files;
//! - [`lint`]: ctrcfg's own advice, never an error;
//! - [`stream`]: the text as bytes and keys (the request limit, no objects, invalid UTF-8,
//!   duplicate keys).
//!
//! The release ([`FeatureGates::release`]) decides which of upstream's rules apply.

pub mod api;
pub mod crio;
pub mod lint;
pub mod mco;
pub mod schema;
pub mod stream;

use crate::api::{ContainerRuntimeConfig, KIND};
use crate::decode::{self, Object};
use crate::diag::{self, Diagnostic, FieldPath, Origin, Severity, Sink};
use crate::gates::FeatureGates;
use crate::merge;
use crate::parse::{self, Document, Node, Parsed};
use crate::pools::{default_pools, Pool};

/// What validation runs against.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The release, its feature-gate table, the feature set and overrides.
    pub gates: FeatureGates,
    /// The cluster's MachineConfigPools; the default master and worker pools unless given.
    pub pools: Vec<Pool>,
    /// The objects the cluster already stores: a config with one of their names is an update.
    pub stored: Stored,
}

impl Default for Options {
    fn default() -> Self {
        Options { gates: FeatureGates::default(), pools: default_pools(), stored: Stored::default() }
    }
}

/// ContainerRuntimeConfigs as the cluster stores them (`oc get ctrcfg -o yaml`). A text that
/// names one of them is validated as an update of it, so the API server's ratcheting applies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    documents: Vec<Document>,
}

impl Stored {
    /// Reads the stored objects; syntax errors come back as diagnostics of that text.
    pub fn parse(text: &str) -> (Stored, Vec<Diagnostic>) {
        let Parsed { documents, diagnostics } = parse::parse_input(text);
        (Stored { documents }, diagnostics)
    }

    /// How many ContainerRuntimeConfigs with a name it holds.
    pub fn len(&self) -> usize {
        decode::objects(&self.documents)
            .into_iter()
            .filter(|o| o.kind() == Some(KIND) && object_name(o.node).is_some())
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stored object with this name (the last, if the text repeats it).
    fn get(&self, name: &str) -> Option<&Node> {
        decode::objects(&self.documents)
            .into_iter()
            .rev()
            .find(|o| o.kind() == Some(KIND) && object_name(o.node) == Some(name))
            .map(|o| o.node)
    }
}

fn object_name(node: &Node) -> Option<&str> {
    node.get("metadata")?.value.get("name")?.value.text()
}

/// The outcome of validating a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The documents as parsed.
    pub documents: Vec<Document>,
    /// The ContainerRuntimeConfigs found, typed as the MCO would see them.
    pub configs: Vec<ContainerRuntimeConfig>,
    /// Every diagnostic, ordered by document and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The verdict: any error, CRI-O's included.
    pub fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
    }

    /// An error that keeps a config off the nodes (the API server's or the MCO's): nothing is
    /// rendered. CRI-O's errors are about what the rendered files do on a node.
    pub fn refused(&self) -> bool {
        crate::diag::refused(&self.diagnostics)
    }
}

/// Parses and validates `text`: YAML or JSON, one or many documents, `kind: List` included.
pub fn validate(text: &str, options: &Options) -> Report {
    let Parsed { documents, mut diagnostics } = parse::parse(text);
    stream::replacement_characters(text, &documents, &mut diagnostics);
    let objects = decode::objects(&documents);
    if objects.is_empty() && !diag::has_errors(&diagnostics) {
        stream::no_objects(&mut Sink { document: 0, out: &mut diagnostics });
    }
    let mut configs = Configs::default();
    for object in objects {
        let start = diagnostics.len();
        if let Some(config) = check_object(&object, options, &mut diagnostics) {
            let accepted = !diagnostics[start..].iter().any(Diagnostic::refuses);
            configs.add(config, accepted, &mut diagnostics);
        }
    }
    let configs = configs.check(&options.pools, &mut diagnostics);
    crate::order::sort_by(&mut diagnostics, |a, b| {
        (a.document, a.span.start, a.origin as u8).cmp(&(b.document, b.span.start, b.origin as u8))
    });
    Report { documents, configs, diagnostics }
}

/// The configs of one text as a cluster holds them, for the checks across configs: what the
/// MCO says only when it sees them together (names, its ten-config limit) is said by
/// validation, so that `validate` and `render` agree.
#[derive(Default)]
pub struct Configs {
    configs: Vec<ContainerRuntimeConfig>,
    /// Whether the API server and the MCO accept each config on its own.
    accepted: Vec<bool>,
    /// A hash of each config's name, compared before the names themselves, so that a
    /// `kind: List` of thousands of configs compares numbers, not strings (a hash table would
    /// add its code to the page's first paint, which has no room for it).
    name_hashes: Vec<u64>,
}

/// FNV-1a: a few instructions, and no hasher's code in the wasm.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

impl Configs {
    /// Adds a config checked on its own. Two documents with one name are one object: applying
    /// the later replaces the earlier, which keeps its place (and its suffix annotation, which
    /// `oc apply` leaves alone) with the later one's settings.
    pub fn add(&mut self, config: ContainerRuntimeConfig, accepted: bool, out: &mut Vec<Diagnostic>) {
        let hash = name_hash(config.name());
        let same = config.name.as_ref().and_then(|n| {
            (0..self.configs.len()).find(|&i| self.name_hashes[i] == hash && self.configs[i].name() == n.value)
        });
        let Some(i) = same else {
            self.name_hashes.push(hash);
            self.configs.push(config);
            self.accepted.push(accepted);
            return;
        };
        let earlier = &self.configs[i];
        let name = config.name();
        let field = Some(FieldPath::root("metadata").child("name"));
        let at = |c: &ContainerRuntimeConfig| c.name.as_ref().map_or(c.span, |n| n.span);
        Sink { document: earlier.document, out }.push(
            Severity::Warning,
            Origin::Lint,
            field.clone(),
            format!("{name:?}: a later document has the same name and replaces this one when applied, so none of this document's settings reach the nodes"),
            at(earlier),
        );
        Sink { document: config.document, out }.push(
            Severity::Warning,
            Origin::Lint,
            field,
            format!("Duplicate value: {name:?}: an earlier document has the same name; on a cluster the two are one object and applying this one replaces it (`oc create` refuses it: AlreadyExists)"),
            at(&config),
        );
        let suffix = earlier.name_suffix.clone();
        self.configs[i] = ContainerRuntimeConfig { name_suffix: config.name_suffix.clone().or(suffix), ..config };
        self.accepted[i] = accepted;
    }

    /// The checks across configs ([`merge::names`] for the accepted ones), then every config.
    pub fn check(self, pools: &[Pool], out: &mut Vec<Diagnostic>) -> Vec<ContainerRuntimeConfig> {
        let accepted: Vec<&ContainerRuntimeConfig> =
            self.configs.iter().zip(&self.accepted).filter(|(_, ok)| **ok).map(|(c, _)| c).collect();
        merge::names(&accepted, pools, out);
        self.configs
    }
}

/// Validates one parsed object in place (its spans stay those of the text it was parsed from,
/// so a scenario can validate the configs it embeds) and returns the typed view of a
/// ContainerRuntimeConfig. Other kinds are skipped with a note.
pub fn check_object(
    object: &Object<'_>,
    options: &Options,
    out: &mut Vec<Diagnostic>,
) -> Option<ContainerRuntimeConfig> {
    let mut sink = Sink { document: object.document, out };
    if object.node.kind() != parse::Kind::Object {
        sink.push(
            Severity::Error,
            Origin::Api,
            None,
            // What kubectl's decoding into an unstructured object says.
            format!(
                "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                object.node.kind().as_str().replace("integer", "number").replace("boolean", "bool")
            ),
            object.node.span,
        );
        return None;
    }
    if stream::too_large(object.node, &mut sink) {
        return None;
    }
    if object.kind() != Some(KIND) {
        skipped(object, &mut sink);
        return None;
    }
    stream::duplicate_keys(object.node, &mut sink);
    let stored = object_name(object.node).and_then(|name| options.stored.get(name));
    let start = sink.out.len();
    api::check(object.node, stored, &options.gates, &mut sink);
    let config = decode::decode(object)?;
    mco::check(&config, &options.pools, options.gates.release(), &mut sink);
    // CRI-O and lint talk only about what the API server and the MCO let through.
    crio::check(&config, &options.gates, start, &mut sink);
    lint::check(&config, &options.gates, start, &mut sink);
    Some(config)
}

/// How the note on an object of another kind begins.
const SKIPPED: &str = "skipped ";

/// Whether `d` is the note that an object of another kind was skipped: what a command line
/// run on a whole repository (`kustomize build`, `helm template`) counts.
pub fn is_skip_note(d: &Diagnostic) -> bool {
    d.severity == Severity::Info && d.origin == Origin::Lint && d.field.is_none() && d.message.starts_with(SKIPPED)
}

fn skipped(object: &Object<'_>, sink: &mut Sink<'_>) {
    let what = object.kind().map_or_else(|| "a document without a kind".to_owned(), |k| format!("kind {k:?}"));
    sink.push(
        Severity::Info,
        Origin::Lint,
        None,
        format!("{SKIPPED}{what}: ctrcfg reads only {KIND} documents"),
        decode::object_span(object),
    );
}
