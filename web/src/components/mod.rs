//! The playground's components, one a file: the page ([`app`]), its header and footer, the two
//! views, and the parts the views are made of.

pub mod app;
pub mod configs_view;
pub mod context_panel;
pub mod copy_download;
pub mod diagnostics;
pub mod drafts;
pub mod footer;
pub mod header;
pub mod index_menu;
pub mod node_files;
pub mod outputs;
pub mod own_files;
pub mod scenario_view;
pub mod share;
pub mod status_badge;
pub mod step_groups;
pub mod store_tree;
pub mod tab_button;
pub mod theme_toggle;
pub mod widget;
