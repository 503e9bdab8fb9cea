//! The playground's own hooks.

mod use_persisted;

pub use use_persisted::use_persisted;
