//! Every answer of the JavaScript API as JSON text, in the command line's shapes (core's
//! `report` and `sim::output`; docs/diagnostics.md). The text crosses into JavaScript once and
//! is read there with one `JSON.parse`, which is cheaper than building the objects field by
//! field across the boundary.

use ctrcfg_cli::context;
use ctrcfg_core::assist::{self, CompletionKind};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::release::Release;
use ctrcfg_core::report;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::tree::Tree;
use ctrcfg_core::validate::{Options, Stored};

/// The context of a call, as the command line takes it (`--feature-set`, `--openshift-version`,
/// `--feature-gates`, and the texts of `--pools` and `--existing`); absent is the CLI's default.
/// Refusals carry the CLI's messages under the options' JavaScript names.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub feature_set: Option<String>,
    pub openshift_version: Option<String>,
    pub feature_gates: Option<String>,
    pub pools: Option<String>,
    pub existing: Option<String>,
}

impl Settings {
    /// The feature set's gates at the release, before any `featureGates` override: all a text
    /// needs that names no overrides, pools or stored configs (the playground's embed API, which
    /// then links nothing more).
    pub fn release_gates(&self) -> Result<FeatureGates, String> {
        let set =
            self.feature_set.as_deref().map_or(Ok(FeatureSet::Default), |n| context::feature_set("featureSet", n))?;
        let release = self
            .openshift_version
            .as_deref()
            .map_or(Ok(Release::default()), |n| context::release("openshiftVersion", n))?;
        Ok(FeatureGates::new(set).at(release))
    }

    /// The gates with the `featureGates` overrides applied.
    pub fn gates(&self) -> Result<FeatureGates, String> {
        context::gates(self.release_gates()?, "featureGates", self.feature_gates.as_deref())
    }

    pub fn options(&self) -> Result<Options, String> {
        let pools = match &self.pools {
            Some(text) => context::pools("pools", "<pools>", text)?,
            None => ctrcfg_core::pools::default_pools(),
        };
        let stored = match &self.existing {
            Some(text) => context::stored("existing", "<existing>", text)?,
            None => Stored::default(),
        };
        Ok(Options { gates: self.gates()?, pools, stored })
    }
}

/// `ctrcfg validate --format json` for one text: `valid` is the exit status's verdict, with
/// `strict` as `--strict`.
pub fn validate(text: &str, options: &Options, strict: bool) -> String {
    let checked = ctrcfg_core::validate::validate(text, options);
    let valid = !ctrcfg_cli::fails(&checked.diagnostics, strict);
    report::validate_json(valid, report::diagnostics(checked.diagnostics.iter(), text)).to_json()
}

/// `ctrcfg render --format json` for one text (no base-file edits).
pub fn render(text: &str, options: &Options) -> String {
    let rendered = ctrcfg_core::render(text, options);
    report::render_json(&rendered, text).to_json()
}

/// `ctrcfg simulate --format json`: a scenario names its own release, gates and pools; one
/// with `variants:` gives each variant's run and their comparison.
pub fn simulate(text: &str) -> String {
    ctrcfg_core::sim::output::json_of(text, ctrcfg_core::sim::groups::Grouping::Shared).to_json()
}

/// `ctrcfg explain FIELD`'s text, or why there is none.
pub fn explain(field: &str, gates: &FeatureGates) -> Result<String, String> {
    ctrcfg_core::explain::explain(field, gates)
}

/// Completions at byte `at`: `[{label, kind, detail, from, to}]`, in UTF-16 offsets as
/// JavaScript strings and CodeMirror count.
pub fn completions(text: &str, at: usize, options: &Options) -> String {
    let index = LineIndex::new(text);
    let offset = |o: usize| Tree::Int(index.utf16_offset(o) as i64);
    let list = assist::complete(text, at, options).into_iter().map(|c| {
        let kind = match c.kind {
            CompletionKind::Field => "field",
            CompletionKind::Value => "value",
        };
        Tree::map([
            ("label", Tree::Str(c.label)),
            ("kind", Tree::str(kind)),
            ("detail", c.detail.map_or(Tree::Null, Tree::Str)),
            ("from", offset(c.from)),
            ("to", offset(c.to)),
        ])
    });
    Tree::Seq(list.collect()).to_json()
}

/// Hover docs at byte `at`: `{from, to, text}` in UTF-16 offsets, or `null` off any field.
pub fn hover(text: &str, at: usize, options: &Options) -> String {
    let Some(found) = assist::hover(text, at, options) else { return "null".into() };
    let index = LineIndex::new(text);
    let offset = |o: usize| Tree::Int(index.utf16_offset(o) as i64);
    Tree::map([("from", offset(found.span.start)), ("to", offset(found.span.end)), ("text", Tree::Str(found.text))])
        .to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(feature_set: &str) -> Settings {
        Settings { feature_set: Some(feature_set.into()), ..Settings::default() }
    }

    #[test]
    fn refusals_name_the_javascript_option_with_the_cli_wording() {
        let err = named("Nope").options().unwrap_err();
        assert!(err.starts_with("featureSet: unknown feature set \"Nope\"; known: Default"), "{err}");
        let release = Settings { openshift_version: Some("4.99".into()), ..Settings::default() };
        assert_eq!(
            release.release_gates().unwrap_err(),
            "openshiftVersion: unknown release \"4.99\"; known: 4.22, 5.0, latest"
        );
        let gates = Settings { feature_gates: Some("Nope=true".into()), ..Settings::default() };
        assert!(gates.options().unwrap_err().starts_with("featureGates: unknown gate \"Nope\""));
        let pools = Settings { pools: Some("- name: [x]\n".into()), ..Settings::default() };
        assert!(pools.options().unwrap_err().starts_with("pools: the file has errors:\n<pools>:1:"));
    }

    #[test]
    fn strict_turns_a_warning_into_the_verdict() {
        let text = include_str!("../tests/fixtures/graphroot-store.yaml");
        assert!(validate(text, &Options::default(), false).starts_with("{\"valid\":true"));
        assert!(validate(text, &Options::default(), true).starts_with("{\"valid\":false"));
    }
}
