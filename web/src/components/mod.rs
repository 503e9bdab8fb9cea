//! The playground's components, one a file: the page ([`app`]), its header and footer, the two
//! views, and the parts the views are made of.

pub mod app;
pub mod configs_view;
pub mod diagnostics;
pub mod footer;
pub mod header;
pub mod node_files;
pub mod scenario_view;
pub mod status_badge;
pub mod theme_toggle;
