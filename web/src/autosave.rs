//! Keeps each editor's text in `localStorage`, so that nothing the user typed is lost to a
//! reload or a closed tab, and keeps it in the tab when the browser will not store it:
//!
//! - **Storage refused** (a private window or storage turned off: `localStorage` throws; or
//!   full: `setItem` throws `QuotaExceededError`): each value the browser refused is kept in a
//!   memory of the tab's, read before storage, so switching views or opening a link loses
//!   nothing; each later save tries storage again (and the memory's other values with it, once
//!   there is room). The page says so ([`watch_drafts`]) and keeps working.
//! - **Two tabs**: a draft (the texts of [`DRAFTS`]) is written only over the value this tab
//!   last read or wrote there. Another tab's newer draft, heard at once through the `storage`
//!   event or found at the next save, is never overwritten and never replaces this tab's text:
//!   this tab's edits stay in its memory until the user chooses ([`resolve`]) between loading
//!   the other tab's draft and saving this tab's over it. While that choice waits with unsaved
//!   edits, closing the tab asks first (`beforeunload`).
//!
//! All of it is a few lines of JavaScript below, like the page's other browser plumbing
//! (strings and browser calls; `base_edit.rs` measured what its messaging would cost in Rust).
//!
//! The views keep their state in a [`Store`]: the playground's is `localStorage`, a docs widget's
//! its own memory (seeded from its attributes, and what its "Open in playground" link carries:
//! `share::current` reads either), and a `#new` page's a memory that is dropped with it.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The configs editor's text.
pub const CONFIGS: &str = "ctrcfg.editor.v1";
/// The scenario editor's text.
pub const SCENARIO: &str = "ctrcfg.scenario.v1";
/// The Configs view's pools text (the context panel).
pub const POOLS: &str = "ctrcfg.pools.v1";
/// The Configs view's feature-gate overrides, as `--feature-gates` takes them.
pub const GATES: &str = "ctrcfg.gates.v1";
/// The Configs view's feature set (its name).
pub const FEATURE_SET: &str = "ctrcfg.featureset.v1";
/// The Configs view's OpenShift release (its name).
pub const RELEASE: &str = "ctrcfg.release.v1";
/// The Configs view's output tab (its name, `Tab::name` in components/outputs.rs).
pub const OUTPUT: &str = "ctrcfg.output.v1";
/// The Configs view's pool tab (the pool's name).
pub const POOL: &str = "ctrcfg.pool.v1";
/// Which of the two the page shows.
pub const MODE: &str = "ctrcfg.mode.v1";
/// The colour theme chosen in the header: `system`, `light` or `dark`. index.html's first script
/// reads the same key, to apply it before the first paint.
pub const THEME: &str = "ctrcfg.theme.v1";

/// The texts a user types, each with what the page calls it: two tabs never overwrite each
/// other's (the module's doc). The controls' values are simply the last one chosen.
const DRAFTS: [&str; 6] = [CONFIGS, "the configs", SCENARIO, "the scenario", POOLS, "the pools"];

/// Calls `heard(message, ask)` now and after each change of what the page should say about its
/// drafts: nothing (empty), that the browser does not store them, or (`ask`) that another tab
/// changed one, for the user to choose with [`resolve`]. For the page's lifetime.
pub fn watch_drafts(heard: impl Fn(String, bool) + 'static) {
    let heard = Closure::<dyn Fn(String, bool)>::new(heard);
    watch(&DRAFTS.join("\n"), heard.as_ref());
    heard.forget();
}

#[wasm_bindgen(inline_js = r#"
const memory = new Map(), base = new Map(), conflicts = new Set();
let drafts = new Map(), problem = '', heard = null, told = '';
const local = () => { try { return localStorage; } catch (e) { return null; } };
const stored = (key) => { try { return local().getItem(key); } catch (e) { return null; } };
const mine = (key) => memory.has(key) ? memory.get(key) : base.get(key);
const tell = () => {
  const names = [...conflicts].map((k) => drafts.get(k)).join(', ');
  const now = names ? `This draft (${names}) was changed in another tab. What you type here stays in this tab until you choose:`
    : problem && `Drafts can't be saved in this browser: ${problem === 'full' ? 'its storage for this site is full'
      : 'it lets this page store nothing (a private window?)'}. Your text is kept while this tab is open; Share makes a link of it.`;
  if (heard && now !== told) { told = now; heard(now, !!names); }
};
const write = (key, value) => {
  local().setItem(key, value);
  base.set(key, value);
  memory.delete(key);
};
export function load(key) {
  const value = stored(key);
  if (!base.has(key)) base.set(key, value);
  return memory.has(key) ? memory.get(key) : value;
}
export function save(key, value) {
  if (base.get(key) === value && !memory.has(key)) return;
  if (drafts.has(key) && base.has(key) && ![base.get(key), value].includes(stored(key))) conflicts.add(key);
  if (conflicts.has(key)) memory.set(key, value);
  else try {
    write(key, value);
    for (const [k, v] of memory) if (!conflicts.has(k)) write(k, v);
    problem = '';
  } catch (e) {
    memory.set(key, value);
    problem = e && e.name === 'QuotaExceededError' ? 'full' : 'off';
  }
  tell();
}
export function remove(key) {
  memory.delete(key);
  base.set(key, null);
  try { local().removeItem(key); } catch (e) {}
}
export function watch(list, f) {
  const parts = list.split('\n');
  for (let i = 0; i < parts.length; i += 2) drafts.set(parts[i], parts[i + 1]);
  heard = f;
  addEventListener('storage', (e) => {
    if (drafts.has(e.key) && base.has(e.key) && e.newValue !== mine(e.key)) { conflicts.add(e.key); tell(); }
  });
  addEventListener('beforeunload', (e) => { if ([...conflicts].some((k) => memory.has(k))) e.preventDefault(); });
  tell();
}
export function resolve(theirs) {
  for (const key of conflicts) {
    const kept = mine(key);
    conflicts.delete(key);
    memory.delete(key);
    base.set(key, stored(key));
    if (!theirs && kept != null) save(key, kept);
  }
  tell();
}
"#)]
extern "C" {
    /// The value of `key`: the tab's memory's, or else the stored one.
    pub fn load(key: &str) -> Option<String>;
    /// Stores `text` under `key`, or keeps it in the tab's memory when storage refuses it or
    /// another tab's newer draft is there. A value this tab stored already (the view saves what
    /// the editor saved a moment before) is not written again, nor over another tab's change
    /// since.
    pub fn save(key: &str, text: &str);
    pub fn remove(key: &str);
    /// Treats the keys of `list` (each followed by its name, one a line) as drafts, and has
    /// `heard` told as [`watch_drafts`] says.
    fn watch(list: &str, heard: &JsValue);
    /// Ends every conflict: load the other tab's drafts (`theirs`), or store this tab's over them.
    pub fn resolve(theirs: bool);
}

/// A widget's memory: its values by key, and who hears each change (its playground link).
#[derive(Default)]
pub struct Memory {
    values: RefCell<Vec<(&'static str, String)>>,
    on_change: RefCell<Option<Rc<dyn Fn()>>>,
}

/// Where a view reads its starting state from and saves what changes.
#[derive(Clone)]
pub enum Store {
    /// The visitor's `localStorage`: the playground.
    Local,
    /// A memory of the view's own, gone with it: a docs widget, a `#new` page.
    Memory(Rc<Memory>),
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Store::Local, Store::Local) => true,
            (Store::Memory(a), Store::Memory(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Store {
    /// A memory holding `values` at first.
    pub fn memory(values: Vec<(&'static str, String)>) -> Store {
        Store::Memory(Rc::new(Memory { values: RefCell::new(values), on_change: RefCell::default() }))
    }

    /// Calls `f` after each change of a memory's values (a local store has no listener).
    pub fn listen(&self, f: Rc<dyn Fn()>) {
        if let Store::Memory(m) = self {
            *m.on_change.borrow_mut() = Some(f);
        }
    }

    pub fn load(&self, key: &str) -> Option<String> {
        match self {
            Store::Local => load(key),
            Store::Memory(m) => m.values.borrow().iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()),
        }
    }

    pub fn save(&self, key: &'static str, value: &str) {
        let Store::Memory(m) = self else { return save(key, value) };
        {
            let mut values = m.values.borrow_mut();
            match values.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) if v == value => return,
                Some((_, v)) => *v = value.to_owned(),
                None => values.push((key, value.to_owned())),
            }
        }
        let listener = m.on_change.borrow().clone();
        if let Some(f) = listener {
            f();
        }
    }
}
