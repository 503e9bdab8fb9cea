//! Keeps each editor's text in `localStorage`, so that nothing the user typed is lost to a
//! reload or a closed tab. Storage can be missing or full (private windows, quotas); the editor
//! then works as before and simply does not persist.
//!
//! The views keep their state in a [`Store`]: the playground's is `localStorage`, a docs widget's
//! its own memory (seeded from its attributes, and what its "Open in playground" link carries:
//! `share::current` reads either), and a `#new` page's a memory that is dropped with it.

use std::cell::RefCell;
use std::rc::Rc;

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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, text: &str) {
    if let Some(storage) = storage() {
        // A failed write (quota) leaves the previous copy; there is nothing better to do.
        let _ = storage.set_item(key, text);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
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
