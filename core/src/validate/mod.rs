//! Everything the API server, the Machine Config Operator and ctrcfg's lint say about a text,
//! in one pass. Each diagnostic is labelled with its [`Origin`]:
//! - [`api`]: strict decoding, the CRD's OpenAPI schema and CEL rules, ObjectMeta's rules;
//! - [`mco`]: the MCO controller's `validateUserContainerRuntimeConfig` and pool lookup;
//! - [`lint`]: ctrcfg's own advice, never an error.

pub mod api;
pub mod lint;
pub mod mco;
pub mod schema;

use crate::api::{ContainerRuntimeConfig, KIND};
use crate::decode::{self, Object};
use crate::diag::{Diagnostic, FieldPath, Origin, Severity};
use crate::gates::FeatureGates;
use crate::parse::{self, Document, Parsed};
use crate::pools::{default_pools, Pool};
use crate::text::Span;

/// What validation runs against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub gates: FeatureGates,
    /// The cluster's MachineConfigPools; the default master and worker pools unless given.
    pub pools: Vec<Pool>,
}

impl Default for Options {
    fn default() -> Self {
        Options { gates: FeatureGates::default(), pools: default_pools() }
    }
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
    pub fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
    }
}

/// Parses and validates `text`: YAML or JSON, one or many documents, `kind: List` included.
pub fn validate(text: &str, options: &Options) -> Report {
    let Parsed { documents, mut diagnostics } = parse::parse(text);
    let mut configs = Vec::new();
    for object in decode::objects(&documents) {
        configs.extend(check_object(&object, options, &mut diagnostics));
    }
    diagnostics.sort_by_key(|d| (d.document, d.span.start, d.origin as u8));
    Report { documents, configs, diagnostics }
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
    if object.kind() != Some(KIND) {
        skipped(object, &mut sink);
        return None;
    }
    api::check(object.node, &options.gates, &mut sink);
    let config = decode::decode(object)?;
    mco::check(&config, &options.pools, &mut sink);
    lint::check(&config, &options.gates, &mut sink);
    Some(config)
}

fn skipped(object: &Object<'_>, sink: &mut Sink<'_>) {
    let what = object.kind().map_or_else(|| "a document without a kind".to_owned(), |k| format!("kind {k:?}"));
    sink.push(
        Severity::Info,
        Origin::Lint,
        None,
        format!("skipped {what}: ctrcfg reads only {KIND} documents"),
        decode::object_span(object),
    );
}

/// Collects diagnostics for one document.
pub struct Sink<'a> {
    pub document: usize,
    pub out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    pub fn push(&mut self, severity: Severity, origin: Origin, field: Option<FieldPath>, message: String, span: Span) {
        self.out.push(Diagnostic { severity, origin, field, message, document: self.document, span, note: None });
    }

    pub fn push_noted(
        &mut self,
        severity: Severity,
        origin: Origin,
        field: Option<FieldPath>,
        message: String,
        span: Span,
        note: &str,
    ) {
        self.out.push(Diagnostic {
            severity,
            origin,
            field,
            message,
            document: self.document,
            span,
            note: Some(note.to_owned()),
        });
    }
}
