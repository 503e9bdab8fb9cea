//! The header's colour theme menu: System (the page follows `prefers-color-scheme`), Light or
//! Dark. A forced choice is `data-theme` on `<html>`, which the palette (`web/style.css`, through
//! `color-scheme`) and the code editor (`editor.js`) follow; it is kept in `localStorage`, and
//! index.html's first script applies it before the first paint, so a reload never flashes the
//! other theme. A plain function rather than a component with state (the menu holds its own
//! choice, and the saved one is read when the header draws it): this keeps it cheap in the wasm.

use crate::autosave;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Each choice: its value (saved, and the `data-theme` it sets; `system` sets none) and its label.
const THEMES: [(&str, &str); 3] = [("system", "System"), ("light", "Light"), ("dark", "Dark")];

pub fn theme_toggle() -> Html {
    let saved = autosave::load(autosave::THEME).unwrap_or_default();
    let saved = if THEMES.iter().any(|(v, _)| *v == saved) { saved } else { THEMES[0].0.to_owned() };
    let onchange = Callback::from(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = match value.as_str() {
                "system" => root.remove_attribute("data-theme"),
                theme => root.set_attribute("data-theme", theme),
            };
        }
        autosave::save(autosave::THEME, &value);
    });
    let options = THEMES.iter().map(|(value, label)| {
        html! { <option value={*value} selected={saved == *value}>{ *label }</option> }
    });
    html! {
        <label class="field theme">{ "Theme " }<select id="theme" {onchange}>{ for options }</select></label>
    }
}
