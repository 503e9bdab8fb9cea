//! The context configs are judged in, from the client: `initializationOptions` and
//! `workspace/didChangeConfiguration`'s settings (either bare or under a `ctrcfg` key, as VS
//! Code sends a configuration section), with the JavaScript API's names and the command line's
//! values: `openshiftVersion` (`--openshift-version`), `featureSet` (`--feature-set`) and
//! `featureGates` (`--feature-gates`, `Gate=bool,...`).

use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::release::Release;
use ctrcfg_core::validate::Options;
use serde_json::Value;

/// Options from settings; a missing setting takes the command line's default. A refusal names
/// the setting and lists the known values, as the command line does for its flag.
pub fn options(settings: &Value) -> Result<Options, String> {
    let settings = settings.get("ctrcfg").unwrap_or(settings);
    let text = |name: &str| -> Result<Option<&str>, String> {
        match settings.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!("{name}: expected a string, got {other}")),
        }
    };
    let set = match text("featureSet")? {
        None => FeatureSet::Default,
        Some(name) => FeatureSet::from_name(name)
            .ok_or_else(|| format!("featureSet: unknown feature set {name:?}; known: {}", FeatureSet::names()))?,
    };
    let release = match text("openshiftVersion")? {
        None => Release::default(),
        Some(name) => Release::from_name(name)
            .ok_or_else(|| format!("openshiftVersion: unknown release {name:?}; known: {}", Release::names()))?,
    };
    let mut gates = FeatureGates::new(set).at(release);
    if let Some(spec) = text("featureGates")? {
        gates = gates.parse_overrides(spec).map_err(|message| format!("featureGates: {message}"))?;
    }
    Ok(Options { gates, ..Options::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_are_read_bare_or_under_ctrcfg() {
        let bare = options(&json!({"openshiftVersion": "4.22", "featureSet": "TechPreviewNoUpgrade"})).unwrap();
        assert_eq!(bare.gates, FeatureGates::new(FeatureSet::TechPreviewNoUpgrade).at(Release::Ocp4_22));
        let nested = options(&json!({"ctrcfg": {"openshiftVersion": "4.22", "featureSet": "TechPreviewNoUpgrade"}}));
        assert_eq!(nested.unwrap(), bare);
        assert_eq!(options(&Value::Null).unwrap(), Options::default());
    }

    #[test]
    fn refusals_name_the_setting() {
        let err = options(&json!({"featureSet": "Nope"})).unwrap_err();
        assert!(err.starts_with("featureSet: unknown feature set \"Nope\"; known: Default"), "{err}");
        let err = options(&json!({"openshiftVersion": "4.99"})).unwrap_err();
        assert_eq!(err, "openshiftVersion: unknown release \"4.99\"; known: 4.22, 5.0, latest");
        assert_eq!(options(&json!({"featureSet": 3})).unwrap_err(), "featureSet: expected a string, got 3");
        assert!(options(&json!({"featureGates": "Nope=true"})).unwrap_err().starts_with("featureGates: unknown gate"));
    }
}
