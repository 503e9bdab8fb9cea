//! The right-hand pane's outputs, in tabs: per pool the node files (the first tab, the view the
//! playground always had), every MachineConfig as `ctrcfg render` prints it, Butane in both
//! variants, the merged config when several configs target the pool, and the user's own
//! storage.conf or crio.conf edited with its diff. Each output has Copy and Download; what they
//! report is read out through one live region.

use crate::autosave::{self, Store};
use crate::base_edit::{request, Answer, Kind};
use crate::components::copy_download::copy_download;
use crate::components::node_files::node_files;
use crate::components::own_files::{own_files, OwnFiles};
use crate::components::tab_button::tab_button;
use crate::editor::EditorHandle;
use crate::hooks::{use_base_edit, use_persisted};
use crate::state::Context;
use ctrcfg_core::merge::{Plan, PoolPlan};
use ctrcfg_core::render::machine_config::MachineConfig;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::{butane, report};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct OutputsProps {
    pub plan: Rc<Plan>,
    /// The text the plan was rendered from: source links select spans in it.
    pub text: Rc<str>,
    /// The context the plan was rendered in (the base-file edit uses it too).
    pub context: Rc<Context>,
    pub stale: bool,
    /// The editor the source links select text in.
    pub handle: EditorHandle,
    /// The caret's byte offset in `text`, when it is known to be in that text: the lines the
    /// field under it produces are marked.
    #[prop_or_default]
    pub cursor: Option<usize>,
    /// Where the chosen tab and pool are kept (and read from at first): what share links and a
    /// widget's playground link carry.
    pub store: Store,
}

/// A new plan, text or context always comes in a new `Rc`, so comparing pointers is enough (and
/// spares the wasm a deep comparison of plans and pools).
impl PartialEq for OutputsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan)
            && Rc::ptr_eq(&self.text, &other.text)
            && Rc::ptr_eq(&self.context, &other.context)
            && (self.stale, &self.handle, self.cursor, &self.store)
                == (other.stale, &other.handle, other.cursor, &other.store)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Nodes,
    MachineConfigs,
    Butane,
    Merged,
    Own,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Nodes, Tab::MachineConfigs, Tab::Butane, Tab::Merged, Tab::Own];

    fn label(self) -> &'static str {
        match self {
            Tab::Nodes => "Node files",
            Tab::MachineConfigs => "MachineConfigs",
            Tab::Butane => "Butane",
            Tab::Merged => "Merged config",
            Tab::Own => "Your own files",
        }
    }

    /// The tab's name where it is kept (`localStorage`, share links): its id without `out-`.
    fn name(self) -> &'static str {
        &self.id()[4..]
    }

    fn from_name(name: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.name() == name)
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Nodes => "out-nodes",
            Tab::MachineConfigs => "out-machine-configs",
            Tab::Butane => "out-butane",
            Tab::Merged => "out-merged",
            Tab::Own => "out-own",
        }
    }
}

/// The tabs' names, as a widget's `data-tab` and share links take them.
pub fn tab_names() -> impl Iterator<Item = &'static str> {
    Tab::ALL.into_iter().map(Tab::name)
}

/// What the pane holds between renders, in one reducer (each `use_state` is a reducer of its
/// own in the wasm): the tab and pool chosen, the last Copy's status, and the user's own file.
#[derive(Clone)]
struct View {
    tab: Tab,
    pool: Option<String>,
    status: String,
    kind: Kind,
    base: Rc<str>,
    /// The edit worker's answer for the file, kept on screen until the next one arrives.
    answer: Option<Answer>,
}

enum Change {
    Tab(Tab),
    Pool(String),
    Status(String),
    Kind(Kind),
    Base(String),
    Answer(Answer),
}

impl Reducible for View {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut v = (*self).clone();
        match change {
            Change::Tab(tab) => v.tab = tab,
            Change::Pool(pool) => v.pool = Some(pool),
            Change::Status(status) => v.status = status,
            Change::Kind(kind) => v.kind = kind,
            Change::Base(base) => v.base = base.into(),
            Change::Answer(answer) => v.answer = Some(answer),
        }
        Rc::new(v)
    }
}

#[function_component(Outputs)]
pub fn outputs(props: &OutputsProps) -> Html {
    let store = &props.store;
    let view = use_reducer(|| View {
        tab: store.load(autosave::OUTPUT).and_then(|n| Tab::from_name(&n)).unwrap_or(Tab::Nodes),
        pool: store.load(autosave::POOL).filter(|p| !p.is_empty()),
        status: String::new(),
        kind: Kind::Storage,
        base: "".into(),
        answer: None,
    });
    use_persisted(store, autosave::OUTPUT, view.tab.name().into());
    use_persisted(store, autosave::POOL, view.pool.as_deref().unwrap_or_default().into());
    let change = |wrap: fn(String) -> Change| view.dispatcher().to_callback().reform(wrap);
    let on_status = change(Change::Status);
    let pools: Vec<&PoolPlan> = props.plan.pools.iter().filter(|p| !p.machine_configs.is_empty()).collect();
    let pool = view.pool.as_ref().and_then(|name| pools.iter().find(|p| &p.pool.name == name)).or(pools.first());
    // The user's own file: the edit worker starts with its first text, and edits it again
    // whenever the configs, the context or the pool change.
    let wanted = pool
        .filter(|_| !view.base.trim().is_empty())
        .map(|p| request(view.kind, &view.base, &props.text, &props.context, &p.pool.name));
    use_base_edit(wanted, view.dispatcher().to_callback().reform(Change::Answer));
    let class = classes!("preview", props.stale.then_some("is-stale"));
    let Some(pool) = pool else {
        return html! {
            <div id="preview" {class}>
                <p>{ "These configs make the MCO write no files: nodes keep their defaults." }</p>
                <p>{ "A config needs a machineConfigPoolSelector that matches a pool, and a field the MCO renders." }</p>
            </div>
        };
    };
    // The merged config is there only when several configs target the pool.
    let shown = |t: &Tab| *t != Tab::Merged || pool.merged.is_some();
    let tab = Some(view.tab).filter(shown).unwrap_or(Tab::Nodes);
    let tabs = Tab::ALL.iter().filter(|t| shown(t)).map(|&t| {
        let onclick = view.dispatcher().to_callback().reform(move |_| Change::Tab(t));
        tab_button(t.label().to_owned(), Some(t.id()), t == tab, onclick)
    });
    let pool_tabs = pools.iter().map(|p| {
        let name = p.pool.name.clone();
        let onclick = view.dispatcher().to_callback().reform(move |_| Change::Pool(name.clone()));
        tab_button(format!("pool {}", p.pool.name), None, p.pool.name == pool.pool.name, onclick)
    });
    let index = LineIndex::new(&props.text);
    let name = &pool.pool.name;
    let body = match tab {
        Tab::Nodes => node_files(pool, &index, &props.handle, props.cursor, &on_status),
        Tab::MachineConfigs => output(
            "machine-configs",
            "Every MachineConfig, in each pool's merge order, as ctrcfg render --format yaml prints them",
            report::each_machine_config(&props.plan, MachineConfig::yaml),
            "machineconfigs.yaml".into(),
            &on_status,
        ),
        Tab::Butane => html! { <>
            { output("butane-openshift", "openshift variant: every MachineConfig, as ctrcfg render --format butane prints them",
                report::each_machine_config(&props.plan, butane::openshift), "machineconfigs.bu".into(), &on_status) }
            { output("butane-fcos", &format!("fcos variant: the files a node of pool {name} ends up with, for a node outside OpenShift"),
                butane::fcos(pool.effective_files.iter().map(|e| (e.file.path.as_str(), e.file.contents.as_str()))),
                format!("{name}-fcos.bu"), &on_status) }
        </> },
        Tab::Merged => output(
            "merged",
            &format!("One ContainerRuntimeConfig for pool {name} that keeps every setting of its configs"),
            pool.merged.clone().unwrap_or_default(),
            format!("{name}-merged-containerruntimeconfig.yaml"),
            &on_status,
        ),
        Tab::Own => own_files(&OwnFiles {
            kind: view.kind,
            base: view.base.clone(),
            answer: view.answer.as_ref(),
            on_kind: view.dispatcher().to_callback().reform(Change::Kind),
            on_base: change(Change::Base),
            pool: name,
            on_status: &on_status,
        }),
    };
    html! {
        <div id="preview" {class}>
            <div class="tabs outputs-tabs" role="tablist" id="outputs" aria-label="Outputs">{ for tabs }</div>
            if tab != Tab::MachineConfigs {
                <div class="tabs" role="tablist" id="pools" aria-label="Pools">{ for pool_tabs }</div>
            }
            <div role="tabpanel" id="output" aria-labelledby={tab.id()}>{ body }</div>
            <p class="copy-status" id="copy-status" role="status" aria-live="polite">{ view.status.clone() }</p>
        </div>
    }
}

/// One output: what it is, Copy and Download, and the text itself.
pub fn output(id: &'static str, title: &str, text: String, name: String, on_status: &Callback<String>) -> Html {
    let text: Rc<str> = text.into();
    html! {
        <section class="output" {id}>
            <h3><span>{ title }</span>{ copy_download(&text, &name, on_status) }</h3>
            <pre class="code">{ &*text }</pre>
        </section>
    }
}
