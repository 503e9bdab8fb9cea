//! The right-hand pane's outputs, in tabs: per pool the node files (the first tab, the view the
//! playground always had), every MachineConfig as `ctrcfg render` prints it, Butane in both
//! variants, the merged config when several configs target the pool, and the user's own
//! storage.conf or crio.conf edited with its diff. Each output has Copy and Download; what they
//! report is read out through one live region.

use crate::base_edit::{request, Kind};
use crate::components::copy_download::copy_download;
use crate::components::node_files::node_files;
use crate::components::own_files::{own_files, OwnFiles};
use crate::editor::EditorHandle;
use crate::hooks::use_base_edit;
use crate::state::Context;
use ctrcfg_core::merge::{Plan, PoolPlan};
use ctrcfg_core::render::machine_config::MachineConfig;
use ctrcfg_core::text::LineIndex;
use ctrcfg_core::{butane, report};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
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

#[function_component(Outputs)]
pub fn outputs(props: &OutputsProps) -> Html {
    let chosen_pool = use_state(|| None::<String>);
    let chosen_tab = use_state(|| Tab::Nodes);
    let status = use_state(String::new);
    let on_status = {
        let status = status.clone();
        Callback::from(move |s: String| status.set(s))
    };
    let pools: Vec<&PoolPlan> = props.plan.pools.iter().filter(|p| !p.machine_configs.is_empty()).collect();
    let pool_name = chosen_pool.as_ref().filter(|n| pools.iter().any(|p| &p.pool.name == *n)).cloned();
    let pool_name = pool_name.or_else(|| pools.first().map(|p| p.pool.name.clone())).unwrap_or_default();
    // The user's own file: the edit worker starts with its first text, and edits it again
    // whenever the configs, the context or the pool change.
    let own_kind = use_state(|| Kind::Storage);
    let own_base = use_state(|| Rc::<str>::from(""));
    let wanted =
        (!own_base.trim().is_empty()).then(|| request(*own_kind, &own_base, &props.text, &props.context, &pool_name));
    let own_answer = use_base_edit(wanted);
    let class = classes!("preview", props.stale.then_some("is-stale"));
    let Some(first) = pools.first() else {
        return html! {
            <div id="preview" {class}>
                <p>{ "These configs make the MCO write no files: nodes keep their defaults." }</p>
                <p>{ "A config needs a machineConfigPoolSelector that matches a pool, and a field the MCO renders." }</p>
            </div>
        };
    };
    let pool = chosen_pool.as_ref().and_then(|name| pools.iter().find(|p| &p.pool.name == name)).unwrap_or(first);
    // The merged config is there only when several configs target the pool.
    let shown = |t: &Tab| *t != Tab::Merged || pool.merged.is_some();
    let tab = Some(*chosen_tab).filter(shown).unwrap_or(Tab::Nodes);
    let tabs = Tab::ALL.iter().filter(|t| shown(t)).map(|&t| {
        let onclick = {
            let chosen_tab = chosen_tab.clone();
            Callback::from(move |_| chosen_tab.set(t))
        };
        tab_button(t.label().to_owned(), Some(t.id()), t == tab, onclick)
    });
    let pool_tabs = pools.iter().map(|p| {
        let onclick = {
            let (chosen, name) = (chosen_pool.clone(), p.pool.name.clone());
            Callback::from(move |_| chosen.set(Some(name.clone())))
        };
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
            kind: *own_kind,
            base: (*own_base).clone(),
            answer: own_answer.as_ref(),
            on_kind: own_kind.setter(),
            on_base: own_base.setter(),
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
            <p class="copy-status" id="copy-status" role="status" aria-live="polite">{ (*status).clone() }</p>
        </div>
    }
}

fn tab_button(label: String, id: Option<&'static str>, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" role="tab" id={id} class={classes!("tab", selected.then_some("selected"))}
            aria-selected={selected.to_string()} {onclick}>{ label }</button>
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
