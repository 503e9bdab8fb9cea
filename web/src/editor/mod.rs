//! The text editor of both views, and the one JavaScript boundary of the playground's own
//! code: a plain `<textarea id="editor">` is on screen at once; after the first paint the page
//! imports the CodeMirror 6 bundle (`editor.js` beside this file, built by `build.mjs` into
//! `dist/editor.js`) and swaps it in, starting from the textarea's current text, caret and focus,
//! so nothing typed before the swap is lost. If the module cannot be loaded (blocked, offline
//! cache, an old browser) the textarea simply stays, with the same behaviour as before.
//!
//! Either way the editor reports each change at once to the autosave (`localStorage`), and to
//! the view, which runs the engine, when [`schedule`] says: at once while the engine is quick,
//! after the keystroke's frame is painted for a key on its own, and once typing pauses
//! ([`DEBOUNCE_MS`]) during a burst of keys, so typing never waits for the engine.
//! Diagnostics are passed in as core's byte spans and shown as marks on the exact
//! range (UTF-16 offsets, as CodeMirror and textareas count), with a gutter mark; [`EditorHandle`]
//! selects a span in whichever editor is live, for the diagnostics list and the node files'
//! source links.

use crate::autosave::Store;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::text::{LineIndex, Span};
use ctrcfg_core::tree::Tree;
use ctrcfg_core::validate::Options;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

/// During a burst of keys (each within this many milliseconds of the one before), how long after
/// the last one the engine runs, when a run is not quick.
pub const DEBOUNCE_MS: i32 = 80;

/// A run that took less than this (milliseconds), the engine and the view's DOM update together,
/// is quick: the next runs at once, before the keystroke's frame, so the text and the preview
/// are painted in one frame and the frame still has room for CodeMirror's own work.
const QUICK_RUN_MS: f64 = 4.0;

// The module is imported once per page, after the first paint (a frame, then a task), from next
// to the wasm-bindgen glue: wasm-bindgen puts this snippet in `snippets/<crate>-<hash>/`, two
// levels below the directory Trunk copies `editor.js` into. `done` is called once, with the
// module, or with nothing when it failed to load (which stays so for the page: every view then
// keeps its textarea).
#[wasm_bindgen(inline_js = r#"
let loading = null;
export function now() { return performance.now(); }
export function soon(f) { queueMicrotask(f); }
export function afterPaint(f) { requestAnimationFrame(() => setTimeout(f, 0)); }
export function selectText(el, from, to) {
  const text = el.firstChild;
  if (!text) return;
  const range = document.createRange();
  range.setStart(text, Math.min(from, text.length));
  range.setEnd(text, Math.min(to, text.length));
  el.focus();
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  const [box, view] = [range.getBoundingClientRect(), el.getBoundingClientRect()];
  if (box.top < view.top || box.bottom > view.bottom) el.scrollTop += box.top - view.top - view.height / 3;
}
export function markRun() { performance.clearMarks('ctrcfg:run'); performance.mark('ctrcfg:run'); }
export function loadEditor(done) {
  if (!loading) {
    loading = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
      .then(() => import(new URL('../../editor.js', import.meta.url).href));
  }
  loading.then(done, (e) => {
    console.warn('ctrcfg: the code editor did not load; the plain editor stays', e);
    done(undefined);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = loadEditor)]
    fn load_editor(done: &JsValue);
    fn now() -> f64;
    /// Calls `f` once the current task is done, before the frame is painted.
    fn soon(f: &js_sys::Function);
    /// Calls `f` in a task after the next frame has been painted.
    #[wasm_bindgen(js_name = afterPaint)]
    fn after_paint(f: &js_sys::Function);
    /// A User Timing mark, `ctrcfg:run`, at each engine run (only the latest is kept), which
    /// `tests/e2e/bench/playground.mjs` reads.
    #[wasm_bindgen(js_name = markRun)]
    fn mark_run();
    /// Focuses `el` (a read-only widget's code) and selects `from..to` of its text (UTF-16
    /// offsets, as the DOM counts).
    #[wasm_bindgen(js_name = selectText)]
    fn select_text(el: &Element, from: u32, to: u32);
}

#[wasm_bindgen]
extern "C" {
    /// The bundle's namespace (`editor.js` beside this file).
    type Module;
    #[wasm_bindgen(method, catch)]
    fn create(
        this: &Module,
        parent: &Element,
        text: &str,
        on_change: &js_sys::Function,
        options: &JsValue,
    ) -> Result<CodeMirror, JsValue>;

    /// One CodeMirror editor, through the small API `create` returns.
    type CodeMirror;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &CodeMirror, text: &str);
    #[wasm_bindgen(method, js_name = getText)]
    fn get_text(this: &CodeMirror) -> String;
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &CodeMirror, list: &JsValue, for_text: &str) -> bool;
    #[wasm_bindgen(method)]
    fn select(this: &CodeMirror, from: u32, to: u32);
    #[wasm_bindgen(method)]
    fn destroy(this: &CodeMirror);

    #[wasm_bindgen(js_namespace = console)]
    fn warn(message: &str, error: &JsValue);
}

#[derive(Default)]
struct Inner {
    textarea: NodeRef,
    /// CodeMirror, once swapped in. Its callbacks into Rust belong to JavaScript's garbage
    /// collector (`Closure::into_js_value`), not to this: CodeMirror may still call one after
    /// it is destroyed (a completion query started by the last keys, when the view unmounts), and
    /// a dropped closure would throw.
    live: RefCell<Option<CodeMirror>>,
    /// A read-only widget's code ([`code_view`]), where there is no editor.
    code: NodeRef,
}

/// Whichever editor is live in a view: what the diagnostics list and the source links select
/// text in. Made once per view and handed to [`CodeEditor`] and to every part that selects.
#[derive(Clone, Default)]
pub struct EditorHandle(Rc<Inner>);

impl PartialEq for EditorHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl EditorHandle {
    /// Focuses the editor and selects `from..to` (UTF-16 offsets). The textarea gets at least one
    /// character selected so that its caret shows; CodeMirror draws its own.
    pub fn select(&self, from: usize, to: usize) {
        if let Some(live) = &*self.0.live.borrow() {
            live.select(from as u32, to as u32);
        } else if let Some(area) = self.0.textarea.cast::<HtmlTextAreaElement>() {
            let _ = area.focus();
            let _ = area.set_selection_range(from as u32, to.max(from + 1) as u32);
        } else if let Some(code) = self.0.code.cast::<Element>() {
            select_text(&code, from as u32, to as u32);
        }
    }

    /// The text in the editor now, typing not yet sent to the view included.
    pub fn text(&self) -> Option<String> {
        if let Some(live) = &*self.0.live.borrow() {
            return Some(live.get_text());
        }
        self.0.textarea.cast::<HtmlTextAreaElement>().map(|area| area.value())
    }

    /// A click handler that selects `span` of the text `index` was made from.
    pub fn on_select(&self, index: &LineIndex<'_>, span: Span) -> Callback<MouseEvent> {
        let (from, to) = (index.utf16_offset(span.start), index.utf16_offset(span.end));
        let handle = self.clone();
        Callback::from(move |_| handle.select(from, to))
    }
}

#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    pub handle: EditorHandle,
    /// The text the view last analysed; the editor shows it at first and whenever `version`
    /// changes (a loaded example), and `diagnostics` are spans in it.
    pub text: Rc<str>,
    pub version: u32,
    pub diagnostics: Vec<Diagnostic>,
    /// Called with the whole text, [`DEBOUNCE_MS`] after the last change.
    pub on_change: Callback<String>,
    /// Where every change is saved at once, and under which key.
    pub store: Store,
    pub save_key: &'static str,
    /// What assistive technology calls the editor.
    pub label: AttrValue,
    /// The release and feature set that hover and completion answer for.
    pub assist: Rc<Options>,
    /// Hears the caret's byte offset after moves that change no text, and `None` while the
    /// text changes (the code editor only).
    #[prop_or_default]
    pub on_cursor: Callback<Option<usize>>,
    /// The textarea's height in lines, when it fits its text (a docs widget) rather than the pane.
    #[prop_or_default]
    pub rows: Option<usize>,
}

/// The editor's own state, shared with its callbacks (timer, CodeMirror's change listener).
#[derive(Default)]
struct State {
    on_change: Callback<String>,
    save: Option<(Store, &'static str)>,
    pending: Option<String>,
    /// The run to come, if one is scheduled.
    scheduled: Option<Scheduled>,
    tick: Option<Closure<dyn FnMut()>>,
    /// Notes the end of a run: queued after the view's update, which Yew renders in a microtask.
    ran: Option<Closure<dyn FnMut()>>,
    /// When the last change came, when the last run started and how long it took (milliseconds).
    last_change: f64,
    run_start: f64,
    last_run: f64,
    /// The latest diagnostics as JSON, and the text they were found in.
    marks: (String, Rc<str>),
    mounted: bool,
    assist: Rc<Options>,
    on_cursor: Callback<Option<usize>>,
}

type Shared = Rc<RefCell<State>>;

/// How the next engine run is scheduled.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scheduled {
    /// Soon (at once, or after the frame): changes meanwhile join it.
    Soon,
    /// A debounce timer, restarted by each change.
    Debounce(i32),
}

/// When a change should reach the engine, given how long the last run took and whether the
/// change is part of a burst of keys. A quick engine runs at once: its run fits in the
/// keystroke's frame. A slow one runs after the frame for a key on its own, so the text is
/// painted first and the preview one frame later; during a burst it waits for the pause, so a
/// fast typist's keys are never held up by runs whose results they would replace at once.
fn schedule(last_run_ms: f64, burst: bool) -> When {
    if last_run_ms < QUICK_RUN_MS {
        When::Now
    } else if burst {
        When::Pause
    } else {
        When::AfterPaint
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    Now,
    AfterPaint,
    Pause,
}

/// A change in either editor: saved at once, sent to the view when [`schedule`] says.
fn changed(state: &Shared, text: String) {
    let mut s = state.borrow_mut();
    if let Some((store, key)) = &s.save {
        store.save(key, &text);
    }
    s.pending = Some(text);
    let Some(window) = web_sys::window() else { return };
    let at = now();
    let burst = at - s.last_change < f64::from(DEBOUNCE_MS);
    s.last_change = at;
    match s.scheduled {
        Some(Scheduled::Soon) => return,
        Some(Scheduled::Debounce(timer)) => window.clear_timeout_with_handle(timer),
        None => {}
    }
    if s.tick.is_none() {
        let on_ran = state.clone();
        s.ran = Some(Closure::new(move || {
            let mut s = on_ran.borrow_mut();
            s.last_run = now() - s.run_start;
        }));
        let state = state.clone();
        s.tick = Some(Closure::new(move || {
            let (text, emit) = {
                let mut s = state.borrow_mut();
                s.scheduled = None;
                (s.pending.take(), s.on_change.clone())
            };
            if let Some(text) = text {
                mark_run();
                state.borrow_mut().run_start = now();
                emit.emit(text);
                // The view's update is queued as a microtask by now; this one runs after it.
                if let Some(ran) = &state.borrow().ran {
                    soon(ran.as_ref().unchecked_ref());
                }
            }
        }));
    }
    let Some(tick) = s.tick.as_ref().map(|c| c.as_ref().unchecked_ref::<js_sys::Function>().clone()) else { return };
    s.scheduled = match schedule(s.last_run, burst) {
        When::Now => {
            soon(&tick);
            Some(Scheduled::Soon)
        }
        When::AfterPaint => {
            after_paint(&tick);
            Some(Scheduled::Soon)
        }
        When::Pause => window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&tick, DEBOUNCE_MS)
            .ok()
            .map(Scheduled::Debounce),
    };
}

/// Drops a change not yet sent (a loaded example replaces it). A run already scheduled soon
/// finds nothing to send.
fn cancel(state: &Shared) {
    let mut s = state.borrow_mut();
    s.pending = None;
    if let (Some(Scheduled::Debounce(timer)), Some(window)) = (s.scheduled, web_sys::window()) {
        window.clear_timeout_with_handle(timer);
        s.scheduled = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_engine_runs_at_once_and_a_slow_one_waits_for_the_frame_or_the_pause() {
        assert_eq!(schedule(0.0, false), When::Now);
        assert_eq!(schedule(1.5, true), When::Now, "a quick run keeps up even with a burst");
        assert_eq!(schedule(QUICK_RUN_MS, false), When::AfterPaint);
        assert_eq!(schedule(12.0, true), When::Pause);
    }
}

/// Diagnostics as CodeMirror's lint takes them: `{from, to, severity, message, source}`.
fn marks(diagnostics: &[Diagnostic], text: &str) -> String {
    let index = LineIndex::new(text);
    let offset = |o: usize| Tree::Int(index.utf16_offset(o) as i64);
    let list = diagnostics.iter().map(|d| {
        let message = match &d.note {
            Some(note) => format!("{} ({note})", d.display_message()),
            None => d.display_message().to_string(),
        };
        Tree::map([
            ("from", offset(d.span.start)),
            ("to", offset(d.span.end)),
            ("severity", Tree::str(d.severity.as_str())),
            ("message", Tree::Str(message)),
            ("source", Tree::str(d.origin.as_str())),
        ])
    });
    Tree::Seq(list.collect()).to_json()
}

fn show_marks(editor: &CodeMirror, state: &State) {
    if let Ok(list) = js_sys::JSON::parse(&state.marks.0) {
        editor.set_diagnostics(&list, &state.marks.1);
    }
}

/// A callback CodeMirror calls with the whole text and a UTF-16 offset, answered by `answer`
/// (core's `assist`, as the npm package's `hover` and `complete` answer: `ctrcfg_js::json`) at
/// the byte offset, with the options the view holds now.
fn assist_with(state: &Shared, answer: fn(&str, usize, &Options) -> String) -> JsValue {
    let state = state.clone();
    Closure::<dyn FnMut(String, u32) -> String>::new(move |text: String, at: u32| {
        let options = state.borrow().assist.clone();
        answer(&text, LineIndex::new(&text).offset_of_utf16(at as usize), &options)
    })
    .into_js_value()
}

/// Replaces the textarea with CodeMirror, from the textarea's current text, selection and focus.
fn swap(
    module: Module,
    host: &Element,
    handle: &EditorHandle,
    state: &Shared,
    label: &str,
    live: &UseStateHandle<bool>,
) {
    let Some(area) = handle.0.textarea.cast::<HtmlTextAreaElement>() else { return };
    let text = area.value();
    // `:focus` rather than the document's active element, which is a widget's shadow host.
    let focused = area.matches(":focus").unwrap_or(false);
    let selection = (area.selection_start().ok().flatten(), area.selection_end().ok().flatten());

    let on_change = {
        let state = state.clone();
        Closure::<dyn FnMut(String)>::new(move |text: String| changed(&state, text)).into_js_value()
    };
    let assist = [assist_with(state, ctrcfg_js::json::completions), assist_with(state, ctrcfg_js::json::hover)];
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"id".into(), &"editor".into());
    let _ = js_sys::Reflect::set(&options, &"label".into(), &label.into());
    let _ = js_sys::Reflect::set(&options, &"complete".into(), &assist[0]);
    let _ = js_sys::Reflect::set(&options, &"hover".into(), &assist[1]);
    let on_cursor = {
        let state = state.clone();
        Closure::<dyn FnMut(f64)>::new(move |at: f64| {
            let emit = state.borrow().on_cursor.clone();
            emit.emit((at >= 0.0).then_some(at as usize));
        })
        .into_js_value()
    };
    let _ = js_sys::Reflect::set(&options, &"onCursor".into(), &on_cursor);
    let editor = match module.create(host, &text, on_change.as_ref().unchecked_ref(), &options) {
        Ok(editor) => editor,
        Err(e) => return warn("ctrcfg: the code editor failed to start; the plain editor stays", &e),
    };
    show_marks(&editor, &state.borrow());
    if focused {
        if let (Some(from), Some(to)) = selection {
            editor.select(from, to);
        }
    }
    *handle.0.live.borrow_mut() = Some(editor);
    live.set(true);
}

/// The editor of a view: the textarea, replaced by CodeMirror once its module has loaded.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let state: Shared = use_mut_ref(State::default);
    let live = use_state(|| false);
    let host = use_node_ref();
    {
        let mut s = state.borrow_mut();
        s.on_change = props.on_change.clone();
        s.save = Some((props.store.clone(), props.save_key));
        s.assist = props.assist.clone();
        s.on_cursor = props.on_cursor.clone();
    }

    // Load and swap after the first paint; destroy CodeMirror and stop the timer on unmount.
    {
        let (state, handle, host, live, label) =
            (state.clone(), props.handle.clone(), host.clone(), live.clone(), props.label.clone());
        use_effect_with((), move |_| {
            state.borrow_mut().mounted = true;
            let (s, h) = (state.clone(), handle.clone());
            load_editor(&Closure::once_into_js(move |module: JsValue| {
                if module.is_undefined() || !s.borrow().mounted || h.0.live.borrow().is_some() {
                    return;
                }
                if let Some(host) = host.cast::<Element>() {
                    swap(module.unchecked_into(), &host, &h, &s, &label, &live);
                }
            }));
            move || {
                cancel(&state);
                let mut s = state.borrow_mut();
                s.mounted = false;
                // A run scheduled soon still holds the tick, which finds nothing to send (the
                // cancel above): it must outlive the editor for that one call.
                match (s.scheduled, s.tick.take()) {
                    (Some(Scheduled::Soon), Some(tick)) => tick.forget(),
                    (_, tick) => drop(tick),
                }
                // The end of a run may still be queued too.
                if let Some(ran) = s.ran.take() {
                    ran.forget();
                }
                if let Some(live) = handle.0.live.borrow_mut().take() {
                    live.destroy();
                }
            }
        });
    }

    // A new version (a loaded example or story) replaces the text, in whichever editor is live.
    {
        let (state, handle, text) = (state.clone(), props.handle.clone(), props.text.clone());
        use_effect_with(props.version, move |_| {
            cancel(&state);
            if let Some(live) = &*handle.0.live.borrow() {
                live.set_text(&text);
            } else if let Some(area) = handle.0.textarea.cast::<HtmlTextAreaElement>() {
                area.set_value(&text);
            }
        });
    }

    // The diagnostics of the analysed text, shown once the editor still holds that text.
    {
        let json = marks(&props.diagnostics, &props.text);
        let (state, handle) = (state.clone(), props.handle.clone());
        use_effect_with((json, props.text.clone()), move |(json, text)| {
            let mut s = state.borrow_mut();
            s.marks = (json.clone(), text.clone());
            if let Some(live) = &*handle.0.live.borrow() {
                show_marks(live, &s);
            }
        });
    }

    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            changed(&state, area.value());
        })
    };
    html! {
        <>
        <div class="editor-host">
            if !*live {
                <textarea id="editor" ref={props.handle.0.textarea.clone()} spellcheck="false" autocomplete="off" wrap="off"
                    aria-label={props.label.clone()} {oninput} rows={props.rows.map(|r| r.to_string())} />
            }
            <div class="cm-host" ref={host} />
        </div>
        // The code editor keeps Tab for indenting; this says how a keyboard leaves it (CodeMirror:
        // Escape, then Tab within two seconds, or Ctrl+M to switch Tab to moving focus).
        if *live {
            <p class="editor-hint" id="editor-hint">{ "Tab indents. To move on, press Esc then Tab (or Ctrl+M, on a Mac Shift+Alt+M, to let Tab move focus)." }</p>
        }
        </>
    }
}

/// A read-only widget's input: its text as code, focusable so a keyboard can scroll it, where
/// `handle` selects what a diagnostic points at. It is the markup `embed.js` shows before the
/// wasm arrives, so mounting moves nothing.
pub fn code_view(handle: &EditorHandle, text: &str, label: &'static str) -> Html {
    html! { <pre class="code input" id="editor" tabindex="0" role="region" aria-label={label} ref={handle.0.code.clone()}>{ text }</pre> }
}
