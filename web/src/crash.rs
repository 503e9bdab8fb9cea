//! What the page does if its wasm ever panics: core never panics on any input (fuzzed), but a
//! bug elsewhere, or a browser refusing what the page asks of it, could still end in one, and
//! with `panic = "abort"` the wasm stops at that point (its state is no longer trusted, so
//! the page stops updating). What must not stop is the user's text: the editor saves every
//! change as a draft before the engine runs (`editor::changed`), and the code editor is
//! JavaScript that keeps working, so typing goes on being saved. This hook says so, calmly, in
//! index.html's `#crash` line, which is there from the start: a panic can come from the very
//! DOM calls that would draw anything new. A page without that line (a docs page's widgets)
//! gets the console message only.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn error(message: &str);
}

/// Replaces Yew's hook (which only logs) for every later panic of this wasm.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        error(&format!("ctrcfg: {message}"));
        let line = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("crash"));
        if let Some(line) = line.filter(|l| l.has_attribute("hidden")) {
            line.set_text_content(Some(&format!(
                "ctrcfg hit an internal error, so this page stopped updating ({}). Your text is kept: the editor still holds it and saves each change as a draft, as before. Reload the page to go on.",
                // The first line of the message, after `panicked at <place>:`.
                message.lines().nth(1).unwrap_or_default()
            )));
            // A notice's look only now: `.notice` is a flex box, which `hidden` would not hide.
            let _ = line.set_attribute("class", "notice alert");
            let _ = line.remove_attribute("hidden");
        }
    }));
}
