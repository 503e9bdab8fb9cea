//! The playground's own hooks.

mod use_base_edit;
mod use_persisted;
mod use_simulation;

pub use use_base_edit::use_base_edit;
pub use use_persisted::use_persisted;
pub use use_simulation::{use_simulation, Stopped};
