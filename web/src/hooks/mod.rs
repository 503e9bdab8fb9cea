//! The playground's own hooks.

mod use_persisted;
mod use_simulation;

pub use use_persisted::use_persisted;
pub use use_simulation::use_simulation;
