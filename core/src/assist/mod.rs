//! Help while typing, for the playground's editor and a language server: what the field under
//! the cursor means and what it renders to ([`hover`]), and what may be written there
//! ([`complete`]). Both read the text as it is, half-typed included, and never fail: a place
//! they cannot place gets `None` or nothing.

mod complete;
mod hover;

pub use complete::{complete, Completion, CompletionKind};
pub use hover::{hover, Hover};

use crate::explain::dotted;
use crate::validate::schema::{ObjectSchema, Schema, ROOT};

/// The schema of the object at a path of keys from the document's root (`[]` steps into a
/// list's items), if the path names an object.
fn object_at(path: &[&str]) -> Option<&'static ObjectSchema> {
    let mut schema = &Schema::Object(&ROOT);
    for step in path {
        schema = match (schema, *step) {
            (Schema::Array(a), "[]") => &a.items,
            (Schema::Object(o), key) => &o.property(key)?.schema,
            _ => return None,
        };
    }
    match schema {
        Schema::Object(o) => Some(o),
        _ => None,
    }
}
