//! Docs widgets: what an element marked `data-ctrcfg` asks for (its attributes, read and checked
//! here, `docs/embed.md`), and `ctrcfgMount`, which `embed.js` calls to draw one
//! (`components/widget.rs`). An attribute with an unknown value is not guessed at: the widget
//! shows the problem, naming the attribute and the values it takes, above the element's text.

use crate::autosave;
use crate::components::outputs::tab_names;
use crate::components::widget::{Widget, WidgetProps};
use crate::state::{Compact, Mode};
use ctrcfg_core::gates::FeatureSet;
use ctrcfg_core::release::Release;
use ctrcfg_core::spelling::edits_within;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Every attribute a widget reads.
const KNOWN: [&str; 8] = [
    "data-ctrcfg",
    "data-view",
    "data-tab",
    "data-feature-set",
    "data-openshift-version",
    "data-editable",
    "data-context",
    "data-theme",
];

/// The attributes that only the Configs view has (a scenario names its own release).
const CONFIGS_ONLY: [&str; 4] = ["data-tab", "data-feature-set", "data-openshift-version", "data-context"];

/// What a widget shows, as its attributes say.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub mode: Mode,
    /// The output tab open at first (`Tab::name`).
    pub tab: &'static str,
    pub feature_set: FeatureSet,
    pub release: Release,
    pub compact: Compact,
}

impl Settings {
    /// The widget's memory at first: what its view reads as the playground reads its saved
    /// state, and so what its playground link carries.
    pub fn seed(&self, text: &str) -> Vec<(&'static str, String)> {
        let mut values = vec![(autosave::MODE, self.mode.name().to_owned())];
        match self.mode {
            Mode::Configs => values.extend([
                (autosave::CONFIGS, text.to_owned()),
                (autosave::FEATURE_SET, self.feature_set.name().to_owned()),
                (autosave::RELEASE, self.release.name().to_owned()),
                (autosave::OUTPUT, self.tab.to_owned()),
            ]),
            Mode::Scenario => values.push((autosave::SCENARIO, text.to_owned())),
        }
        values
    }
}

/// `"a", "b", "c"`, as Kubernetes lists supported values.
fn quoted<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

fn unsupported(attribute: &str, value: &str, supported: String) -> String {
    format!("{attribute}: Unsupported value: \"{value}\": supported values: {supported}")
}

/// Reads the attributes `present` on an element (`value` of each) into its settings, or says
/// everything that is wrong with them.
pub fn read(present: &[String], value: &dyn Fn(&str) -> Option<String>) -> Result<Settings, Vec<String>> {
    let mut problems = Vec::new();
    for name in present.iter().filter(|n| n.starts_with("data-") && !KNOWN.contains(&n.as_str())) {
        if let Some(near) = KNOWN.iter().find(|k| edits_within(name, k, 2).is_some()) {
            problems.push(format!("{name}: unknown attribute; did you mean {near}?"));
        }
    }
    let mut pick = |attribute: &str, supported: &[&'static str]| -> Option<&'static str> {
        let given = value(attribute)?;
        let found = supported.iter().copied().find(|s| *s == given);
        if found.is_none() {
            problems.push(unsupported(attribute, &given, quoted(supported.iter().copied())));
        }
        found
    };
    let mode = pick("data-view", &[Mode::Configs.name(), Mode::Scenario.name()]).and_then(Mode::from_name);
    let tabs: Vec<&'static str> = tab_names().collect();
    let tab = pick("data-tab", &tabs).unwrap_or(tabs[0]);
    let sets = FeatureSet::ALL.map(FeatureSet::name);
    let feature_set = pick("data-feature-set", &sets).and_then(FeatureSet::from_name).unwrap_or(FeatureSet::Default);
    let releases = Release::ALL.map(Release::name);
    let release = pick("data-openshift-version", &releases).and_then(Release::from_name).unwrap_or_default();
    pick("data-theme", &["light", "dark", "system"]);
    let mut flag = |attribute: &str| match value(attribute).as_deref() {
        None | Some("false") => false,
        Some("" | "true") => true,
        Some(other) => {
            problems.push(unsupported(attribute, other, "\"true\", \"false\" (or no value: true)".into()));
            false
        }
    };
    let compact = Compact { editable: flag("data-editable"), context: flag("data-context") };
    let mode = mode.unwrap_or(Mode::Configs);
    if mode == Mode::Scenario {
        for attribute in CONFIGS_ONLY.iter().filter(|a| value(a).is_some()) {
            problems.push(format!(
                "{attribute}: Forbidden: only the configs view takes it (a scenario names its release in openshiftVersion)"
            ));
        }
    }
    if problems.is_empty() {
        Ok(Settings { mode, tab, feature_set, release, compact })
    } else {
        Err(problems)
    }
}

/// Draws the widget `element` asks for (its `data-*` attributes, its text as the input) into
/// `into`, or into `element` itself in place of its text. Attribute problems are shown in the
/// widget, never thrown: a page's widgets each mount whatever the others hold.
#[wasm_bindgen(js_name = ctrcfgMount)]
pub fn mount(element: web_sys::Element, into: Option<web_sys::Element>) {
    let present: Vec<String> = element.get_attribute_names().iter().filter_map(|n| n.as_string()).collect();
    let text = element.text_content().unwrap_or_default();
    let settings = read(&present, &|name| element.get_attribute(name));
    let root = into.unwrap_or_else(|| {
        element.set_text_content(None);
        element
    });
    let props = WidgetProps { text: text.into(), settings: Rc::new(settings) };
    yew::Renderer::<Widget>::with_root_and_props(root, props).render();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_from(attributes: &[(&str, &str)]) -> Result<Settings, Vec<String>> {
        let present: Vec<String> = attributes.iter().map(|(n, _)| n.to_string()).collect();
        read(&present, &|name| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn attributes_choose_the_view_tab_context_and_editing() {
        let plain = read_from(&[("data-ctrcfg", "")]).unwrap();
        assert_eq!(
            plain,
            Settings {
                mode: Mode::Configs,
                tab: "nodes",
                feature_set: FeatureSet::Default,
                release: Release::default(),
                compact: Compact::default()
            }
        );
        let chosen = read_from(&[
            ("data-ctrcfg", ""),
            ("data-view", "configs"),
            ("data-tab", "butane"),
            ("data-feature-set", "TechPreviewNoUpgrade"),
            ("data-openshift-version", "5.0"),
            ("data-editable", ""),
            ("data-context", "true"),
            ("data-theme", "dark"),
            ("data-other", "the host page's own"),
        ])
        .unwrap();
        assert_eq!(
            (chosen.tab, chosen.feature_set, chosen.release),
            ("butane", FeatureSet::TechPreviewNoUpgrade, Release::Ocp5_0)
        );
        assert_eq!(chosen.compact, Compact { editable: true, context: true });
        assert!(!read_from(&[("data-editable", "false")]).unwrap().compact.editable);
        let seed = chosen.seed("kind: X\n");
        assert!(seed.contains(&(autosave::OUTPUT, "butane".into())));
        assert!(seed.contains(&(autosave::RELEASE, "5.0".into())));
        assert!(seed.contains(&(autosave::CONFIGS, "kind: X\n".into())));
        let scenario = read_from(&[("data-view", "scenario")]).unwrap();
        assert_eq!(scenario.seed("s"), vec![(autosave::MODE, "scenario".into()), (autosave::SCENARIO, "s".into())]);
    }

    #[test]
    fn unknown_values_and_misspelt_attributes_are_named_with_what_is_known() {
        let problems = read_from(&[
            ("data-view", "config"),
            ("data-tab", "butan"),
            ("data-feature-set", "TechPreview"),
            ("data-openshift-version", "4.99"),
            ("data-editable", "yes"),
            ("data-featureset", "Default"),
            ("data-theme", "blue"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "data-featureset: unknown attribute; did you mean data-feature-set?",
                "data-view: Unsupported value: \"config\": supported values: \"configs\", \"scenario\"",
                "data-tab: Unsupported value: \"butan\": supported values: \"nodes\", \"machine-configs\", \"butane\", \"merged\", \"own\"",
                "data-feature-set: Unsupported value: \"TechPreview\": supported values: \"Default\", \"TechPreviewNoUpgrade\", \"DevPreviewNoUpgrade\", \"OKD\", \"CustomNoUpgrade\"",
                "data-openshift-version: Unsupported value: \"4.99\": supported values: \"4.22\", \"5.0\", \"latest\"",
                "data-theme: Unsupported value: \"blue\": supported values: \"light\", \"dark\", \"system\"",
                "data-editable: Unsupported value: \"yes\": supported values: \"true\", \"false\" (or no value: true)",
            ]
        );
        let scenario = read_from(&[("data-view", "scenario"), ("data-tab", "nodes")]).unwrap_err();
        assert_eq!(
            scenario,
            ["data-tab: Forbidden: only the configs view takes it (a scenario names its release in openshiftVersion)"]
        );
    }
}
