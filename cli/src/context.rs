//! The context configs are judged in (feature set, release, gate overrides, pools, the stored
//! configs), read from what the user gives, with one message for each refusal wherever it was
//! given: a flag of the command line (`--feature-set`) or a key of the JavaScript API's options
//! (`featureSet`, the `ctrcfg-js` crate). `option` is that name, so the message points at what
//! the user wrote.

use crate::output;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::pools::{self, Pool};
use ctrcfg_core::release::Release;
use ctrcfg_core::report::Place;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::validate::Stored;

pub fn feature_set(option: &str, name: &str) -> Result<FeatureSet, String> {
    FeatureSet::from_name(name)
        .ok_or_else(|| format!("{option}: unknown feature set {name:?}; known: {}", FeatureSet::names()))
}

pub fn release(option: &str, name: &str) -> Result<Release, String> {
    Release::from_name(name).ok_or_else(|| format!("{option}: unknown release {name:?}; known: {}", Release::names()))
}

/// `base` (a feature set's gates at a release) with each `Gate=bool,...` list of `option`
/// applied in order.
pub fn gates<'a>(
    base: FeatureGates,
    option: &str,
    overrides: impl IntoIterator<Item = &'a str>,
) -> Result<FeatureGates, String> {
    overrides
        .into_iter()
        .try_fold(base, |gates, spec| gates.parse_overrides(spec).map_err(|message| format!("{option}: {message}")))
}

/// The pools of a pools text (`oc get mcp -o yaml`, or the short form); `source` names the text
/// in the messages (a file name).
pub fn pools(option: &str, source: &str, text: &str) -> Result<Vec<Pool>, String> {
    let (pools, diagnostics) = pools::read(text);
    if !diagnostics.is_empty() {
        return Err(text_errors(option, source, text, &diagnostics));
    }
    Ok(pools)
}

/// The configs a cluster stores (`oc get ctrcfg -o yaml`), which a config of the same name
/// updates.
pub fn stored(option: &str, source: &str, text: &str) -> Result<Stored, String> {
    let (stored, diagnostics) = Stored::parse(text);
    if !diagnostics.is_empty() {
        return Err(text_errors(option, source, text, &diagnostics));
    }
    if stored.is_empty() {
        return Err(format!("{option}: {source} holds no ContainerRuntimeConfig with a name"));
    }
    Ok(stored)
}

/// `OPTION: the file has errors:` and each diagnostic in the one text shape.
fn text_errors(option: &str, source: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    format!("{option}: the file has errors:\n{}", placed_lines(source, text, diagnostics).trim_end())
}

/// Each diagnostic of the text named `source` as [`output::line`] prints it, one per line.
pub(crate) fn placed_lines(source: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let at = Place { file: Some(source.to_owned()), ..Place::in_text(&index, d) };
            format!("{}\n", output::line(d, &at))
        })
        .collect()
}
