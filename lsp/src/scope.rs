//! Which parts of a text are ContainerRuntimeConfigs: the server speaks only about them, so
//! that yaml-language-server (or any other YAML tool on the same buffer) keeps everything else
//! and no file without a ContainerRuntimeConfig gets a word from ctrcfg.

use ctrcfg_core::api::KIND;
use ctrcfg_core::decode;
use ctrcfg_core::diag::Diagnostic;
use ctrcfg_core::parse::Document;
use ctrcfg_core::text::Span;

pub struct Scope {
    /// Per document: whether it is (or holds, as a `kind: List`) a ContainerRuntimeConfig.
    ours: Vec<bool>,
    /// Items of other kinds inside such a `kind: List`, which stay someone else's.
    others: Vec<Span>,
    /// Whether the text names the kind at all: decides for what lies past the documents read
    /// (a syntax error that stopped the parser).
    names_kind: bool,
}

impl Scope {
    pub fn new(text: &str, documents: &[Document]) -> Scope {
        let mut ours = vec![false; documents.len()];
        let mut others = Vec::new();
        for object in decode::objects(documents) {
            match (object.kind() == Some(KIND), object.item) {
                (true, _) => ours[object.document] = true,
                (false, Some(_)) => others.push(object.node.span),
                (false, None) => {}
            }
        }
        // A document that has no kind yet, or did not parse (typing breaks YAML all the time),
        // is ours when a line of it says `kind: ContainerRuntimeConfig`, so its syntax errors
        // are shown where the user is writing a config.
        for (i, document) in documents.iter().enumerate() {
            let unkinded = document.root.as_ref().and_then(|r| r.get("kind")).is_none();
            if unkinded && names_kind(text.get(document.span.start..document.span.end).unwrap_or_default()) {
                ours[i] = true;
            }
        }
        Scope { ours, others, names_kind: names_kind(text) }
    }

    /// Whether anything in the text is ours; when not, the server says nothing about it.
    pub fn any(&self) -> bool {
        self.ours.contains(&true)
    }

    fn document_is_ours(&self, document: usize) -> bool {
        self.ours.get(document).copied().unwrap_or(self.names_kind)
    }

    fn in_other_item(&self, offset: usize) -> bool {
        self.others.iter().any(|s| s.start <= offset && offset < s.end)
    }

    /// Whether a diagnostic is about a ContainerRuntimeConfig (so not, say, the "skipped kind"
    /// note on another kind's document).
    pub fn covers(&self, d: &Diagnostic) -> bool {
        self.document_is_ours(d.document) && !self.in_other_item(d.span.start)
    }

    /// Whether byte `offset` is inside a ContainerRuntimeConfig's document, for hover and
    /// completion.
    pub fn holds(&self, documents: &[Document], offset: usize) -> bool {
        let document = documents.iter().position(|d| d.span.start <= offset && offset <= d.span.end);
        // Past what parsed (a half-typed text): the text decides.
        document.map_or(self.names_kind, |d| self.document_is_ours(d)) && !self.in_other_item(offset)
    }
}

/// A line that is `kind: ContainerRuntimeConfig` (quoted or not): the one test an editor can
/// also make before starting the server (docs/editors.md's Neovim `root_dir`).
fn names_kind(text: &str) -> bool {
    text.lines().any(|line| {
        let rest = line.trim().strip_prefix("kind:").map(str::trim);
        rest.is_some_and(|v| v.trim_matches(|c| c == '"' || c == '\'') == KIND)
    })
}
