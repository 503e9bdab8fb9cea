//! The playground page: the header with the two views, and the view itself. "Configs" shows what
//! ContainerRuntimeConfigs write onto the nodes; "Scenario" simulates where images, layers and
//! artifacts come from. Each view keeps its own text across reloads. The address's fragment
//! can open a share link (`#s=1.…`), a blank editor (`#new`) or a preset (`#preset=<name>`):
//! see `share.rs`. [`Embed`] is one view in
//! someone else's page.

use crate::autosave;
use crate::base_edit::copy_text;
use crate::components::configs_view::ConfigsView;
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::components::scenario_view::ScenarioView;
use crate::components::share::{notice_bar, share_button, Notice};
use crate::presets::{may_replace, PRESETS, PRESET_NAMES};
use crate::share::{self, Fragment};
use crate::state::{Mode, ViewProps};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// One view embedded in someone else's page (docs, a blog): its starting text, no tabs, and
/// nothing read from or written to the visitor's storage.
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub mode: Mode,
    pub text: Option<Rc<str>>,
}

#[function_component(Embed)]
pub fn embed(props: &EmbedProps) -> Html {
    let view = ViewProps { initial: props.text.clone(), persist: false };
    html! {
        <div class="app embedded">
            { match props.mode {
                Mode::Configs => html! { <ConfigsView ..view /> },
                Mode::Scenario => html! { <ScenarioView ..view /> },
            } }
            <Footer />
        </div>
    }
}

/// The saved view.
fn saved_mode() -> Mode {
    autosave::load(autosave::MODE).as_deref().and_then(Mode::from_name).unwrap_or(Mode::Configs)
}

#[function_component(App)]
pub fn app() -> Html {
    // The address's fragment, as the page opened: a share link, `#new` or `#preset=`.
    let start = use_memo((), |_| share::fragment());
    let blank = Fragment::read(&start) == Fragment::New;
    let mode = use_state(|| if blank { Mode::Configs } else { saved_mode() });
    let notice = use_state(|| None::<Notice>);
    // A share link is read before the views mount (they read the saved state when they do);
    // bumping `generation` mounts them again over a state put in place later.
    let ready = use_state(|| !matches!(Fragment::read(&start), Fragment::Share(..)));
    let generation = use_state(|| 0u32);
    let shared = use_state(|| None::<String>);
    let on_mode = {
        let mode = mode.clone();
        Callback::from(move |m: Mode| {
            if !blank {
                autosave::save(autosave::MODE, m.name());
            }
            mode.set(m);
        })
    };
    {
        let (mode, notice, ready, generation) = (mode.clone(), notice.clone(), ready.clone(), generation.clone());
        use_effect_with((), move |_| {
            // The page's static "Loading" line goes once the app runs.
            if let Some(loading) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading"))
            {
                loading.remove();
            }
            let say = move |alert: bool, text: String, restore: bool| notice.set(Some(Notice { alert, text, restore }));
            match Fragment::read(&start) {
                Fragment::None => {}
                Fragment::New => say(false, "A blank editor: nothing typed here is saved, and your draft is kept. Open the page without #new to return to it.".into(), false),
                Fragment::Preset(name) => match PRESET_NAMES.iter().position(|n| *n == name) {
                    None => say(true, format!("There is no preset called \u{201c}{name}\u{201d}; the presets are {}. Your draft is unchanged.", PRESET_NAMES.join(", ")), false),
                    Some(i) => {
                        let (title, text) = PRESETS[i];
                        let draft = autosave::load(autosave::CONFIGS);
                        let typed = draft.as_deref().is_some_and(|d| !PRESETS.iter().any(|(_, t)| *t == d));
                        if !typed || may_replace(draft.as_deref().unwrap_or_default(), "", title) {
                            let mut values: Vec<_> = share::FIELDS.iter().map(|(_, k)| (*k, autosave::load(k).unwrap_or_default())).collect();
                            values.retain(|(k, _)| *k != autosave::CONFIGS && *k != autosave::MODE);
                            values.push((autosave::CONFIGS, text.to_owned()));
                            let restore = share::open(&values);
                            share::set_fragment("");
                            mode.set(Mode::Configs);
                            generation.set(*generation + 1);
                            say(false, format!("Loaded the preset \u{201c}{title}\u{201d}."), restore);
                        }
                    }
                },
                Fragment::Share(version, data) => {
                    if let Some(problem) = share::version_problem(version) {
                        say(true, problem, false);
                        ready.set(true);
                    } else {
                        share::unpack_link(data, Closure::once_into_js(move |ok: bool, payload: String| {
                            match share::decode(&payload).filter(|_| ok) {
                                Some(values) => {
                                    let restore = share::open(&values);
                                    share::set_fragment("");
                                    mode.set(saved_mode());
                                    say(false, "Opened the shared link.".into(), restore);
                                }
                                None => say(true, share::DAMAGED.into(), false),
                            }
                            ready.set(true);
                        }));
                    }
                }
            }
        });
    }
    let on_share = {
        let shared = shared.clone();
        Callback::from(move |_| {
            let shared = shared.clone();
            share::pack_link(
                &share::current(),
                Closure::once_into_js(move |data: String| {
                    if data.is_empty() {
                        return shared.set(Some("This browser could not make the link.".into()));
                    }
                    let link = share::set_fragment(&format!("#s={}.{data}", share::VERSION));
                    let len = link.len();
                    copy_text(&link, Closure::once_into_js(move |ok: bool| shared.set(Some(share::describe(len, ok)))));
                }),
            );
        })
    };
    let on_dismiss = {
        let notice = notice.clone();
        Callback::from(move |_| notice.set(None))
    };
    let on_restore = {
        let (mode, notice, generation) = (mode.clone(), notice.clone(), generation.clone());
        Callback::from(move |_| {
            share::restore();
            mode.set(saved_mode());
            generation.set(*generation + 1);
            notice.set(Some(Notice { alert: false, text: "Your previous draft is back.".into(), restore: false }));
        })
    };
    let persist = !blank;
    let initial = blank.then(|| Rc::<str>::from(""));
    html! {
        <div class="app">
            <Header mode={*mode} {on_mode}>
                if persist { { share_button(shared.as_deref(), on_share) } }
            </Header>
            if let Some(n) = &*notice { { notice_bar(n, on_dismiss, on_restore) } }
            { match *mode {
                _ if !*ready => html! { <main><p class="opening">{ "Opening the shared link\u{2026}" }</p></main> },
                Mode::Configs => html! { <ConfigsView key={*generation} {initial} {persist} /> },
                Mode::Scenario => html! { <ScenarioView key={*generation} initial={None::<Rc<str>>} {persist} /> },
            } }
            <Footer />
        </div>
    }
}
