//! What the views hold between renders: the Configs view's reducer (its text, the context it is
//! checked against, and the engine's answer), which of the two views shows, and what a view
//! starts from, and the Scenario view's model as the simulation worker sends it ([`SimView`]).
//! Components read it and dispatch actions; only the reducer runs the configs engine.

use crate::autosave;
use ctrcfg_core::diag::{Diagnostic, Origin, Severity};
use ctrcfg_core::gates::{FeatureGates, FeatureSet};
use ctrcfg_core::merge::Plan;
use ctrcfg_core::release::Release;
use ctrcfg_core::text::Span;
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
            ConfigsAction::Edit(text) => {
                ConfigsState::new(text.into(), version, self.feature_set, self.release, previous)
            }
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

/// What the Scenario view draws, as the engine sent it (`sim_view.rs` writes it, in the
/// `sim_worker` or in the page): everything already worded, grouped and capped, so reading it
/// is splitting lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimView {
    /// The text it was computed from: spans point into it.
    pub text: Rc<str>,
    /// The node whose store trees it holds.
    pub node: usize,
    pub ran: bool,
    pub release: Option<Release>,
    pub summary: String,
    pub diagnostics: Vec<Diagnostic>,
    pub nodes: Vec<NodeRow>,
    /// Said when the table leaves nodes out.
    pub nodes_more: Option<String>,
    /// The nodes the store tree's menu offers.
    pub choices: Vec<String>,
    pub charts: Vec<Chart>,
    pub groups: Vec<StepGroup>,
    /// Said when groups were left out.
    pub groups_more: Option<String>,
    /// The chosen node's store tree, "before" directories then "after" ones.
    pub trees: Vec<TreeDir>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub name: String,
    /// CRI-O's error, empty when it runs.
    pub crio: String,
    pub bytes: String,
    pub seconds: String,
    pub images: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// `bytes`, `seconds` or `hits`.
    pub key: String,
    pub title: String,
    /// How the chart is drawn (a bar per node, or nodes counted by range).
    pub note: String,
    pub bars: Vec<Bar>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    /// In thousandths of the longest bar.
    pub length: u32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepGroup {
    pub what: String,
    pub ok: bool,
    pub facts: String,
    pub span: Span,
    pub trace: Vec<String>,
    pub mounts: Vec<String>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TreeDir {
    pub after: bool,
    pub role: String,
    pub path: String,
    pub state: String,
    pub items: Vec<String>,
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

impl SimView {
    /// Reads an answer of the engine for `text`; `None` when it is not for request `id`.
    pub fn read(answer: &str, id: u32, text: Rc<str>) -> Option<SimView> {
        let mut view = SimView { text, ..SimView::default() };
        let mut ours = false;
        for line in answer.lines() {
            let mut fields = line.split('\t');
            let tag = fields.next().unwrap_or("");
            let f: Vec<String> = fields.map(unescape).collect();
            let at = |i: usize| f.get(i).cloned().unwrap_or_default();
            let num = |i: usize| f.get(i).and_then(|x| x.parse::<usize>().ok()).unwrap_or(0);
            match tag {
                "R" => {
                    ours = at(0) == id.to_string();
                    view.ran = at(1) == "1";
                    view.release = Release::from_name(&at(2));
                    view.summary = at(3);
                    view.node = num(4);
                }
                "D" => view.diagnostics.push(Diagnostic {
                    severity: match at(0).as_str() {
                        "error" => Severity::Error,
                        "warning" => Severity::Warning,
                        _ => Severity::Info,
                    },
                    origin: match at(1).as_str() {
                        "api" => Origin::Api,
                        "mco" => Origin::Mco,
                        "crio" => Origin::Crio,
                        "lint" => Origin::Lint,
                        _ => Origin::Ctrcfg,
                    },
                    field: None,
                    message: at(4),
                    document: 0,
                    span: Span { start: num(2), end: num(3) },
                    note: Some(at(5)).filter(|n| !n.is_empty()),
                }),
                "N" => {
                    view.nodes.push(NodeRow { name: at(0), crio: at(1), bytes: at(2), seconds: at(3), images: at(4) })
                }
                "n" => view.nodes_more = Some(at(0)),
                "O" => view.choices.push(at(0)),
                "C" => view.charts.push(Chart { key: at(0), title: at(1), note: at(2), bars: Vec::new() }),
                "B" => {
                    if let Some(c) = view.charts.last_mut() {
                        c.bars.push(Bar { label: at(0), length: num(1) as u32, text: at(2) });
                    }
                }
                "G" => view.groups.push(StepGroup {
                    what: at(0),
                    ok: at(1) == "ok",
                    facts: at(2),
                    span: Span { start: num(3), end: num(4) },
                    trace: Vec::new(),
                    mounts: Vec::new(),
                    message: String::new(),
                }),
                "L" | "M" | "E" => {
                    if let Some(g) = view.groups.last_mut() {
                        match tag {
                            "L" => g.trace.push(at(0)),
                            "M" => g.mounts.push(at(0)),
                            _ => g.message = at(0),
                        }
                    }
                }
                "g" => view.groups_more = Some(at(0)),
                "T" => view.trees.push(TreeDir {
                    after: at(0) == "after",
                    role: at(1),
                    path: at(2),
                    state: at(3),
                    items: Vec::new(),
                }),
                "I" => {
                    if let Some(t) = view.trees.last_mut() {
                        t.items.push(at(0));
                    }
                }
                _ => {}
            }
        }
        ours.then_some(view)
    }
}
