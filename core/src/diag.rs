//! Diagnostics: everything ctrcfg has to say about an input, in one shape.
//!
//! The shape follows what users already read from Kubernetes: a field path, then the message,
//! as in `spec.containerRuntimeConfig.additionalImageStores[2].path: Invalid value: "...": ...`.
//! Each diagnostic also says who would say it ([`Origin`]) and where in the text it points.

use crate::text::{LineIndex, Position, Span};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The severity [`Severity::as_str`] names.
    pub fn from_name(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == name)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Who would raise the problem on a real cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The API server (and kubectl's YAML decoding before it): the request is rejected.
    Api,
    /// The Machine Config Operator's controller: the config is accepted, then reported as failed.
    Mco,
    /// CRI-O on a node, starting with the files the MCO rendered: the API server and the MCO
    /// accept the config and roll it out, and CRI-O refuses to start after the reboot.
    Crio,
    /// ctrcfg's own advice; never an error.
    Lint,
    /// ctrcfg itself, about its own inputs (a scenario, a pools file, `--existing`) or a value
    /// it cannot model: nothing a cluster would say, and an error stops ctrcfg from judging.
    Ctrcfg,
}

impl Origin {
    pub const ALL: [Origin; 5] = [Origin::Api, Origin::Mco, Origin::Crio, Origin::Lint, Origin::Ctrcfg];

    /// The origin [`Origin::as_str`] names.
    pub fn from_name(name: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.as_str() == name)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Origin::Api => "api",
            Origin::Mco => "mco",
            Origin::Crio => "crio",
            Origin::Lint => "lint",
            Origin::Ctrcfg => "ctrcfg",
        }
    }
}

/// A Kubernetes field path such as `spec.containerRuntimeConfig.additionalImageStores[1].path`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(String);

impl FieldPath {
    pub fn root(name: &str) -> FieldPath {
        FieldPath(name.to_owned())
    }

    /// Built by hand rather than with `format!`, whose machinery costs more than the copy.
    pub fn child(&self, name: &str) -> FieldPath {
        if self.0.is_empty() {
            return FieldPath::root(name);
        }
        let mut path = String::with_capacity(self.0.len() + 1 + name.len());
        path.push_str(&self.0);
        path.push('.');
        path.push_str(name);
        FieldPath(path)
    }

    pub fn index(&self, i: usize) -> FieldPath {
        FieldPath(format!("{}[{i}]", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub origin: Origin,
    /// The field the problem is about; `None` for problems of the text itself (YAML syntax).
    pub field: Option<FieldPath>,
    pub message: String,
    /// Index of the YAML document in a multi-document stream, from 0.
    pub document: usize,
    /// The offending key or value in the source.
    pub span: Span,
    /// ctrcfg's remark on when or why this is said (e.g. that the API server only says it once
    /// other errors are fixed); not part of the upstream message.
    pub note: Option<String>,
}

impl Diagnostic {
    /// Adds ctrcfg's remark `note` after any the diagnostic has.
    pub fn add_note(&mut self, note: String) {
        self.note = Some(match self.note.take() {
            Some(earlier) => format!("{earlier}; {note}"),
            None => note,
        });
    }

    /// The message as Kubernetes prints it: `field: message`, or the bare message without a field.
    pub fn display_message(&self) -> String {
        match &self.field {
            Some(field) => format!("{field}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// An error that keeps the config off the nodes: the API server refuses the object or the
    /// MCO refuses to render it. A CRI-O error is not one: the config is rendered and rolled
    /// out, and the nodes break.
    pub fn refuses(&self) -> bool {
        self.severity == Severity::Error && self.origin != Origin::Crio
    }

    /// A line like a compiler's: `line:col: severity[origin]: field: message`.
    pub fn to_compiler_line(&self, index: &LineIndex<'_>) -> String {
        self.compiler_line_at(index.position(self.span.start))
    }

    /// [`Diagnostic::to_compiler_line`] at a position already found (in its own file, when a
    /// text joins several).
    pub fn compiler_line_at(&self, at: Position) -> String {
        let Position { line, column, .. } = at;
        format!("{line}:{column}: {}[{}]: {}", self.severity.as_str(), self.origin.as_str(), self.display_message())
    }
}

/// True when any diagnostic is an error: the verdict (exit status, `"valid"`).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// True when an error keeps the config off the nodes ([`Diagnostic::refuses`]): nothing is
/// rendered then.
pub fn refused(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::refuses)
}

/// Collects diagnostics for one document. Every diagnostic ctrcfg makes is built here, so
/// readers of any input (configs, pools files, scenarios) share one shape.
pub struct Sink<'a> {
    pub document: usize,
    pub out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// What was said about this document from `start` on, so that a later check can leave
    /// alone what an earlier one already reported.
    pub fn said_since(&self, start: usize) -> impl Iterator<Item = &Diagnostic> {
        self.out.get(start..).unwrap_or_default().iter().filter(|d| d.document == self.document)
    }

    pub fn push(&mut self, severity: Severity, origin: Origin, field: Option<FieldPath>, message: String, span: Span) {
        self.out.push(Diagnostic { severity, origin, field, message, document: self.document, span, note: None });
    }

    pub fn push_noted(
        &mut self,
        severity: Severity,
        origin: Origin,
        field: Option<FieldPath>,
        message: String,
        span: Span,
        note: &str,
    ) {
        self.out.push(Diagnostic {
            severity,
            origin,
            field,
            message,
            document: self.document,
            span,
            note: Some(note.to_owned()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_and_origins_are_read_back_by_their_names() {
        for s in Severity::ALL {
            assert_eq!(Severity::from_name(s.as_str()), Some(s));
        }
        for o in Origin::ALL {
            assert_eq!(Origin::from_name(o.as_str()), Some(o));
        }
        assert_eq!((Severity::from_name("fatal"), Origin::from_name("kubelet")), (None, None));
    }
}
