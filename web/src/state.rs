//! What the views hold between renders: the Configs view's reducer (its text, the context it is
//! checked against, and the engine's answer), which of the two views shows, and what a view
//! starts from. Components read it and dispatch actions; only the reducer runs the engine.

use crate::autosave;
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::merge::Plan;
use ctrcfg_core::release::Release;
use ctrcfg_core::validate::Options;
use ctrcfg_core::{render, Rendered};
use std::rc::Rc;
use yew::prelude::*;

/// The two views of the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Configs,
    Scenario,
}

impl Mode {
    /// The name saved in `localStorage` and taken by the embed API.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Configs => "configs",
            Mode::Scenario => "scenario",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        [Mode::Configs, Mode::Scenario].into_iter().find(|m| m.name() == name)
    }
}

/// What a view starts from: given text (an embed), or the visitor's saved text.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub initial: Option<Rc<str>>,
    /// Whether the text is read from and saved to `localStorage`.
    pub persist: bool,
}

impl ViewProps {
    pub fn initial_text(&self, key: &str) -> Option<String> {
        match &self.initial {
            Some(text) => Some(text.to_string()),
            None if self.persist => autosave::load(key),
            None => None,
        }
    }
}

#[derive(PartialEq)]
pub struct ConfigsState {
    pub text: Rc<str>,
    /// Bumped when the text is replaced rather than typed (the example), so the editor shows it.
    pub version: u32,
    pub feature_set: FeatureSet,
    pub release: Release,
    pub rendered: Rendered,
    /// The last plan computed from a text that nothing refused (only CRI-O's errors, if any),
    /// and the text it came from (its source links point into that text).
    pub last_good: Option<(Rc<Plan>, Rc<str>)>,
    /// What the text was checked against; hover and completion answer for it too.
    pub options: Rc<Options>,
    /// The text last loaded (a preset, or the first visit's example): a text that differs has
    /// edits a preset would replace.
    pub loaded: Rc<str>,
}

impl ConfigsState {
    pub fn new(
        text: Rc<str>,
        version: u32,
        feature_set: FeatureSet,
        release: Release,
        previous: Option<(Rc<Plan>, Rc<str>)>,
    ) -> Self {
        let options = Options { gates: FeatureGates::new(feature_set).at(release), ..Options::default() };
        let rendered = render(&text, &options);
        let last_good = match &rendered.plan {
            Some(plan) => Some((Rc::new(plan.clone()), text.clone())),
            None => previous,
        };
        ConfigsState {
            text: text.clone(),
            version,
            feature_set,
            release,
            rendered,
            last_good,
            options: Rc::new(options),
            loaded: text,
        }
    }
}

pub enum ConfigsAction {
    Edit(String),
    /// A text that replaces the editor's (the example).
    Load(String),
    FeatureSet(FeatureSet),
    Release(Release),
}

impl Reducible for ConfigsState {
    type Action = ConfigsAction;

    fn reduce(self: Rc<Self>, action: ConfigsAction) -> Rc<Self> {
        let previous = self.last_good.clone();
        let (version, text) = (self.version, self.text.clone());
        let mut loaded = self.loaded.clone();
        let mut next = match action {
            ConfigsAction::Edit(text) => ConfigsState::new(text.into(), version, self.feature_set, self.release, previous),
            ConfigsAction::Load(text) => {
                loaded = text.as_str().into();
                ConfigsState::new(text.into(), version + 1, self.feature_set, self.release, previous)
            }
            ConfigsAction::FeatureSet(set) => ConfigsState::new(text, version, set, self.release, previous),
            ConfigsAction::Release(release) => ConfigsState::new(text, version, self.feature_set, release, previous),
        };
        next.loaded = loaded;
        Rc::new(next)
    }
}

