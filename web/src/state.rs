//! What the views hold between renders: the Configs view's reducer (its text, the context it is
//! checked against, and the engine's answer), which of the two views shows, and what a view
//! starts from, and the Scenario view's model as the simulation worker sends it ([`SimView`]).
//! Components read it and dispatch actions; only the reducer runs the configs engine.

use crate::autosave;
use ctrcfg_core::diag::{Diagnostic, Origin, Severity};
use ctrcfg_core::gates::{FeatureGates, FeatureSet, Gate};
use ctrcfg_core::merge::Plan;
use ctrcfg_core::pools::{self, Pool};
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

/// What the page says about the address it was opened with (`components/share.rs`), or about
/// its drafts (`components/drafts.rs`).
#[derive(Clone, PartialEq)]
pub struct Notice {
    /// A link that could not be opened, or another tab's change to a draft (an alert), rather
    /// than news (a status).
    pub alert: bool,
    pub text: String,
    /// Whether to offer the draft a link or preset replaced.
    pub restore: bool,
}

/// The page's own state (`components/app.rs`), in one reducer (each `use_state` is a reducer
/// of its own in the wasm): the view shown, and what the share links need.
pub struct Page {
    pub mode: Mode,
    pub notice: Option<Notice>,
    /// What the last Share said (the link's length).
    pub shared: Option<String>,
    /// False while a share link is read: the views mount after, over the state it holds.
    pub ready: bool,
    /// Bumped when a link, preset or restored draft replaced the saved state, so the views
    /// mount again and read it.
    pub generation: u32,
    /// What `autosave` says about the drafts, if anything.
    pub drafts: Option<Notice>,
}

pub enum PageAction {
    Mode(Mode),
    Notice(Option<Notice>),
    Shared(String),
    /// The saved state was replaced (or a link refused): show the saved view afresh.
    Opened(Option<Notice>),
    Drafts(Option<Notice>),
    /// The choice about another tab's drafts was made: loading them (`true`) mounts the views
    /// again, to read them.
    Chosen(bool),
}

impl Page {
    /// A `blank` page (`#new`) shows the Configs view whatever was saved.
    pub fn new(blank: bool, ready: bool) -> Page {
        let mode = if blank { Mode::Configs } else { Page::saved_mode() };
        Page { mode, notice: None, shared: None, ready, generation: 0, drafts: None }
    }

    fn saved_mode() -> Mode {
        autosave::load(autosave::MODE).as_deref().and_then(Mode::from_name).unwrap_or(Mode::Configs)
    }
}

impl Reducible for Page {
    type Action = PageAction;

    fn reduce(self: Rc<Self>, action: PageAction) -> Rc<Self> {
        let mut page =
            Page { notice: self.notice.clone(), shared: self.shared.clone(), drafts: self.drafts.clone(), ..*self };
        match action {
            PageAction::Mode(mode) => page.mode = mode,
            PageAction::Notice(notice) => page.notice = notice,
            PageAction::Shared(text) => page.shared = Some(text),
            PageAction::Drafts(drafts) => page.drafts = drafts,
            PageAction::Chosen(theirs) => page.generation += u32::from(theirs),
            PageAction::Opened(notice) => {
                page = Page { notice, ready: true, generation: page.generation + 1, ..Page::new(false, true) };
                (page.shared, page.drafts) = (self.shared.clone(), self.drafts.clone());
            }
        }
        Rc::new(page)
    }
}

/// How a docs widget shows a view (`components/widget.rs`): compact, with no presets or
/// stories; the input as read-only code unless editable; the context panel only when asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Compact {
    pub editable: bool,
    pub context: bool,
}

/// What a view starts from and keeps its state in: the visitor's saved state (the playground),
/// or a memory of its own (a widget, `#new`); and whether it is a widget's compact view.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub store: autosave::Store,
    #[prop_or_default]
    pub compact: Option<Compact>,
}

impl ViewProps {
    /// Whether the input can be edited (anything but a read-only widget).
    pub fn editable(&self) -> bool {
        self.compact.is_none_or(|c| c.editable)
    }
}

/// The cluster the configs are checked against (the context panel): the feature set, gate
/// overrides, the OpenShift release and the MachineConfigPools. Every output follows it.
#[derive(Clone, Debug)]
pub struct Context {
    pub feature_set: FeatureSet,
    pub release: Release,
    /// Gates turned on or off whatever the feature set says. An override is kept when the
    /// release lacks its gate (it applies again on a release that has it).
    pub overrides: Vec<(Gate, bool)>,
    /// The pools text as the user wrote it; blank for the default pools.
    pub pools_text: Rc<str>,
    /// What is wrong with `pools_text` (its own spans).
    pub pools_diagnostics: Vec<Diagnostic>,
    /// The pools in use: read from the last pools text without errors (`pools_used`), so a
    /// half-typed pool never drops a pool from the outputs.
    pub pools: Vec<Pool>,
    pub pools_used: Rc<str>,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            feature_set: FeatureSet::Default,
            release: Release::default(),
            overrides: Vec::new(),
            pools_text: "".into(),
            pools_diagnostics: Vec::new(),
            pools: pools::default_pools(),
            pools_used: "".into(),
        }
    }
}

impl Context {
    /// The context with this pools text: blank is the default pools; a text with errors keeps
    /// the pools in use.
    pub fn with_pools(mut self, text: &str) -> Self {
        let (read, diagnostics) = pools::read_or_defaults(text);
        if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
            self.pools = read;
            self.pools_used = text.into();
        }
        self.pools_text = text.into();
        self.pools_diagnostics = diagnostics;
        self
    }

    /// The context with the overrides saved as [`Context::overrides_spec`] writes them.
    pub fn with_overrides_spec(mut self, spec: &str) -> Self {
        self.overrides = spec
            .split(',')
            .filter_map(|part| {
                let (name, on) = part.split_once('=')?;
                Some((Gate::from_name(name)?, on == "true"))
            })
            .collect();
        self
    }

    /// The overrides as `--feature-gates` takes them (`Gate=true,Gate=false`), all of them or
    /// only those the release has a gate for.
    pub fn overrides_spec(&self, applicable_only: bool) -> String {
        let parts: Vec<String> = self
            .overrides
            .iter()
            .filter(|(g, _)| !applicable_only || g.exists_at(self.release))
            .map(|(g, on)| format!("{}={on}", g.name()))
            .collect();
        parts.join(",")
    }

    pub fn gates(&self) -> FeatureGates {
        let gates = FeatureGates::new(self.feature_set).at(self.release);
        self.overrides
            .iter()
            .filter(|(g, _)| g.exists_at(self.release))
            .fold(gates, |gates, (g, on)| gates.with(*g, *on))
    }

    pub fn options(&self) -> Options {
        Options { gates: self.gates(), pools: self.pools.clone(), ..Options::default() }
    }
}

pub struct ConfigsState {
    pub text: Rc<str>,
    /// Bumped when the text is replaced rather than typed (the example), so the editor shows it.
    pub version: u32,
    pub context: Rc<Context>,
    pub rendered: Rendered,
    /// The last plan computed from a text that nothing refused (only CRI-O's errors, if any),
    /// the text it came from (its source links point into that text) and its context.
    pub last_good: Option<(Rc<Plan>, Rc<str>, Rc<Context>)>,
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
        context: Rc<Context>,
        previous: Option<(Rc<Plan>, Rc<str>, Rc<Context>)>,
    ) -> Self {
        let options = context.options();
        let rendered = render(&text, &options);
        let last_good = match &rendered.plan {
            Some(plan) => Some((Rc::new(plan.clone()), text.clone(), context.clone())),
            None => previous,
        };
        ConfigsState {
            text: text.clone(),
            version,
            context,
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
    /// A gate forced on or off, or (`None`) back to what the feature set says.
    Gate(Gate, Option<bool>),
    Pools(String),
}

impl Reducible for ConfigsState {
    type Action = ConfigsAction;

    fn reduce(self: Rc<Self>, action: ConfigsAction) -> Rc<Self> {
        let previous = self.last_good.clone();
        let (version, text) = (self.version, self.text.clone());
        let mut loaded = self.loaded.clone();
        let with = |change: &dyn Fn(&mut Context)| {
            let mut context = (*self.context).clone();
            change(&mut context);
            ConfigsState::new(text.clone(), version, Rc::new(context), previous.clone())
        };
        let mut next = match action {
            ConfigsAction::Edit(text) => ConfigsState::new(text.into(), version, self.context.clone(), previous),
            ConfigsAction::Load(text) => {
                loaded = text.as_str().into();
                ConfigsState::new(text.into(), version + 1, self.context.clone(), previous)
            }
            ConfigsAction::FeatureSet(set) => with(&|c| c.feature_set = set),
            ConfigsAction::Release(release) => with(&|c| c.release = release),
            ConfigsAction::Gate(gate, on) => with(&|c| {
                c.overrides.retain(|(g, _)| *g != gate);
                c.overrides.extend(on.map(|on| (gate, on)));
            }),
            ConfigsAction::Pools(pools) => with(&|c| *c = c.clone().with_pools(&pools)),
        };
        next.loaded = loaded;
        Rc::new(next)
    }
}

/// What the Scenario view draws, as the engine sent it (`sim_view/`, in the `sim_worker`):
/// plain fields for what the page works with (diagnostics for the editor, the release, the node
/// and variant menus, counts), and the comparison of the variants, the charts, store trees,
/// node table and step rows as finished, escaped markup the page inserts as it is. Reading it
/// is splitting lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimView {
    /// The text it was computed from: the diagnostics' spans point into it.
    pub text: Rc<str>,
    /// The node whose store trees it holds.
    pub node: usize,
    /// The variant whose steps, charts and trees it holds (0 without variants).
    pub variant: usize,
    /// The scenario's variants, in its order; empty without `variants:`.
    pub variants: Vec<String>,
    /// The variants' comparison table and chart; empty without variants.
    pub compare: AttrValue,
    pub compare_chart: AttrValue,
    pub ran: bool,
    pub release: Option<Release>,
    pub summary: String,
    /// How many step groups failed.
    pub failed: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The nodes the store tree's menu offers.
    pub choices: Vec<String>,
    pub charts: AttrValue,
    pub before: AttrValue,
    pub after: AttrValue,
    pub nodes: AttrValue,
    pub steps: AttrValue,
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
                    view.failed = num(5);
                    view.variant = num(6);
                }
                "D" => view.diagnostics.push(Diagnostic {
                    severity: Severity::from_name(&at(0)).unwrap_or(Severity::Info),
                    origin: Origin::from_name(&at(1)).unwrap_or(Origin::Ctrcfg),
                    field: None,
                    message: at(4),
                    document: 0,
                    span: Span { start: num(2), end: num(3) },
                    note: Some(at(5)).filter(|n| !n.is_empty()),
                }),
                "O" => view.choices.push(at(0)),
                "V" => view.variants.push(at(0)),
                "H" => {
                    let html = AttrValue::from(at(1));
                    match f.first().map(String::as_str) {
                        Some("charts") => view.charts = html,
                        Some("before") => view.before = html,
                        Some("after") => view.after = html,
                        Some("nodes") => view.nodes = html,
                        Some("compare") => view.compare = html,
                        Some("compare-chart") => view.compare_chart = html,
                        _ => view.steps = html,
                    }
                }
                _ => {}
            }
        }
        ours.then_some(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_with_variants_is_read_into_their_names_comparison_and_the_chosen_one() {
        let answer = "R\t4\t1\t\tvariant b: 1 step(s)\t0\t0\t1\nV\ta\nV\tb\\tc\nH\tcompare\t<table></table>\nH\tcompare-chart\t<figure></figure>\nH\tsteps\t<li></li>\n";
        let view = SimView::read(answer, 4, "text".into()).expect("the answer to request 4");
        assert_eq!((view.variant, view.variants.clone()), (1, vec!["a".to_owned(), "b\tc".to_owned()]));
        assert_eq!((view.compare.as_str(), view.compare_chart.as_str()), ("<table></table>", "<figure></figure>"));
        assert_eq!(view.steps.as_str(), "<li></li>");
        assert!(SimView::read(answer, 5, "text".into()).is_none());
    }

    #[test]
    fn a_pools_text_with_errors_keeps_the_pools_in_use() {
        let custom = Context::default().with_pools("- name: infra\n  labels: {role: infra}\n  nodeCount: 2\n");
        assert_eq!(custom.pools.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["infra"]);
        let broken = custom.clone().with_pools("- name: infra\n  nodeCount: [\n");
        assert!(!broken.pools_diagnostics.is_empty());
        assert_eq!((broken.pools, broken.pools_used), (custom.pools, custom.pools_used));
        assert_eq!(Context::default().with_pools("  \n").pools, pools::default_pools());
    }

    #[test]
    fn overrides_round_trip_and_apply_only_where_the_release_has_the_gate() {
        let context = Context { release: Release::Ocp4_22, ..Context::default() }
            .with_overrides_spec("AdditionalStorageConfig=true,GomaxprocsInjection=false,Nope=true");
        assert_eq!(context.overrides_spec(false), "AdditionalStorageConfig=true,GomaxprocsInjection=false");
        assert_eq!(context.overrides_spec(true), "AdditionalStorageConfig=true");
        assert!(context.gates().enabled(Gate::AdditionalStorageConfig));
        assert!(!Context { release: Release::Ocp4_22, ..Context::default() }
            .gates()
            .enabled(Gate::AdditionalStorageConfig));
    }
}
