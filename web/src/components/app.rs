//! The playground page: the header with the two views, and the view itself. "Configs" shows what
//! ContainerRuntimeConfigs write onto the nodes; "Scenario" simulates where images, layers and
//! artifacts come from. Each view keeps its own text across reloads. The address's fragment
//! can open a share link (`#s=1.…`), a blank editor (`#new`), a preset (`#preset=<name>`) or a
//! seed story (`#story=<name>`): see `share.rs`. A docs widget, one view in someone else's
//! page, is `widget.rs`.

use crate::autosave::{self, Store};
use crate::base_edit::copy_text;
use crate::components::configs_view::ConfigsView;
use crate::components::drafts::{drafts_bar, theirs};
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::components::scenario_view::ScenarioView;
use crate::components::share::{notice_bar, share_button};
use crate::presets::{may_replace, Preset, PRESETS, STORIES};
use crate::share::{self, Fragment};
use crate::state::Notice;
use crate::state::{Mode, Page, PageAction};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The texts a deep link opens by name: config presets into the Configs view (`#preset=`), seed
/// stories into the Scenario view (`#story=`).
struct Named {
    /// What the notices call one, and several.
    kind: &'static str,
    kinds: &'static str,
    list: &'static [Preset],
    /// The saved text it replaces.
    key: &'static str,
    mode: Mode,
}

const PRESET_LINKS: Named =
    Named { kind: "preset", kinds: "presets", list: &PRESETS, key: autosave::CONFIGS, mode: Mode::Configs };
const STORY_LINKS: Named =
    Named { kind: "story", kinds: "stories", list: &STORIES, key: autosave::SCENARIO, mode: Mode::Scenario };

/// Opens `named`'s text called `name` in place of the saved state, as a share link does (the
/// draft it replaces is kept to restore), after asking when the view's saved text has edits.
/// What the page should do, or nothing when the visitor declined.
fn open_named(named: &Named, name: &str) -> Option<PageAction> {
    let Some(&Preset { title, text, .. }) = named.list.iter().find(|p| p.name == name) else {
        let names: Vec<&str> = named.list.iter().map(|p| p.name).collect();
        let (kind, kinds) = (named.kind, named.kinds);
        let text = format!(
            "There is no {kind} called \u{201c}{name}\u{201d}; the {kinds} are {}. Your draft is unchanged.",
            names.join(", ")
        );
        return Some(PageAction::Notice(Some(Notice { alert: true, text, restore: false })));
    };
    let draft = autosave::load(named.key);
    let typed = draft.as_deref().is_some_and(|d| !named.list.iter().any(|p| p.text == d));
    if typed && !may_replace(draft.as_deref().unwrap_or_default(), "", named.kind, title, "They are kept, to restore.")
    {
        return None;
    }
    let mut values: Vec<_> = share::FIELDS.iter().map(|(_, k)| (*k, autosave::load(k).unwrap_or_default())).collect();
    values.retain(|(k, _)| *k != named.key && *k != autosave::MODE);
    values.push((named.key, text.to_owned()));
    // No saved view is the Configs view, as before a preset link.
    if named.mode != Mode::Configs {
        values.push((autosave::MODE, named.mode.name().to_owned()));
    }
    let restore = share::open(&values);
    share::set_fragment("");
    let text = format!("Loaded the {} \u{201c}{title}\u{201d}.", named.kind);
    Some(PageAction::Opened(Some(Notice { alert: false, text, restore })))
}

#[function_component(App)]
pub fn app() -> Html {
    // The address's fragment, as the page opened: a share link, `#new` or `#preset=`.
    let start = use_memo((), |_| share::fragment());
    let fragment = Fragment::read(&start);
    let blank = fragment == Fragment::New;
    let page = use_reducer(|| Page::new(blank, !matches!(fragment, Fragment::Share(..))));
    let on_mode = {
        let page = page.dispatcher();
        Callback::from(move |m: Mode| {
            if !blank {
                autosave::save(autosave::MODE, m.name());
            }
            page.dispatch(PageAction::Mode(m));
        })
    };
    {
        let page = page.dispatcher();
        use_effect_with((), move |_| {
            // Whether drafts are stored, and another tab's changes to them (autosave.rs).
            if !blank {
                let page = page.clone();
                autosave::watch_drafts(move |text, alert| {
                    let notice = (!text.is_empty()).then_some(Notice { alert, text, restore: false });
                    page.dispatch(PageAction::Drafts(notice));
                });
            }
            let note = |alert: bool, text: String, restore: bool| Some(Notice { alert, text, restore });
            match Fragment::read(&start) {
                Fragment::None => {}
                Fragment::New => page.dispatch(PageAction::Notice(note(false, "A blank editor: nothing typed here is saved, and your draft is kept. Open the page without #new to return to it.".into(), false))),
                Fragment::Preset(name) => open_named(&PRESET_LINKS, name).into_iter().for_each(|a| page.dispatch(a)),
                Fragment::Story(name) => open_named(&STORY_LINKS, name).into_iter().for_each(|a| page.dispatch(a)),
                Fragment::Share(version, data) => match share::version_problem(version) {
                    Some(problem) => page.dispatch(PageAction::Opened(note(true, problem, false))),
                    None => share::unpack_link(data, Closure::once_into_js(move |payload: String| {
                        let notice = match share::decode(&payload) {
                            Some(values) => {
                                let restore = share::open(&values);
                                share::set_fragment("");
                                note(false, "Opened the shared link.".into(), restore)
                            }
                            None => note(true, share::DAMAGED.into(), false),
                        };
                        page.dispatch(PageAction::Opened(notice));
                    })),
                },
            }
        });
    }
    let on_share = {
        let page = page.dispatcher();
        Callback::from(move |_| {
            let page = page.clone();
            share::pack_link(
                &share::current(&Store::Local),
                Closure::once_into_js(move |data: String| {
                    if data.is_empty() {
                        return page.dispatch(PageAction::Shared("This browser could not make the link.".into()));
                    }
                    let link = share::set_fragment(&format!("#s={}.{data}", share::VERSION));
                    let len = link.len();
                    copy_text(
                        &link,
                        Closure::once_into_js(move |ok: bool| {
                            page.dispatch(PageAction::Shared(share::describe(len, ok)))
                        }),
                    );
                }),
            );
        })
    };
    let dispatch = Callback::<PageAction>::from(page.dispatcher());
    let on_dismiss = dispatch.reform(|_| PageAction::Notice(None));
    let on_restore = dispatch.reform(|_| {
        share::restore();
        PageAction::Opened(Some(Notice { alert: false, text: "Your previous draft is back.".into(), restore: false }))
    });
    let persist = !blank;
    let on_choose = dispatch.reform(|e: MouseEvent| {
        let theirs = theirs(&e);
        autosave::resolve(theirs);
        PageAction::Chosen(theirs)
    });
    // A `#new` page's views keep their state in a memory of their own, starting blank.
    let store =
        (*use_memo(
            (),
            move |_| {
                if blank {
                    Store::memory(vec![(autosave::CONFIGS, String::new())])
                } else {
                    Store::Local
                }
            },
        ))
        .clone();
    html! {
        <div class="app">
            <Header mode={page.mode} {on_mode}>
                if persist { { share_button(page.shared.as_deref(), on_share) } }
            </Header>
            if let Some(n) = &page.notice { { notice_bar(n, on_dismiss, on_restore) } }
            if let Some(n) = &page.drafts { { drafts_bar(n, &on_choose) } }
            { match page.mode {
                _ if !page.ready => html! { <main><p class="opening">{ "Opening the shared link\u{2026}" }</p></main> },
                Mode::Configs => html! { <ConfigsView key={page.generation} store={store.clone()} /> },
                Mode::Scenario => html! { <ScenarioView key={page.generation} {store} /> },
            } }
            <Footer />
        </div>
    }
}
