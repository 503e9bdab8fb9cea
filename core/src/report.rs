//! `ctrcfg render`'s JSON: the shape the CLI prints, the docs-embed API returns and the render
//! vectors hold.

use crate::diag::Diagnostic;
use crate::merge::{Plan, PoolPlan, Rollout};
use crate::render::machine_config::MachineConfig;
use crate::render::{ignition::FILE_MODE, NodeFile};
use crate::text::{LineIndex, Position};
use crate::tree::Tree;
use crate::Rendered;

/// One YAML document per MachineConfig of the plan, each printed by `print` (its YAML, or a
/// Butane config), joined by `---`: what `ctrcfg render --format yaml` and `--format butane`
/// print, and what the playground shows and downloads, so both give the same bytes. A worker
/// MachineConfig that a custom pool also takes is printed once.
pub fn each_machine_config(plan: &Plan, print: fn(&MachineConfig) -> String) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut docs = Vec::new();
    for mc in plan.pools.iter().flat_map(|p| &p.machine_configs) {
        if !seen.contains(&mc.name.as_str()) {
            seen.push(&mc.name);
            docs.push(print(mc));
        }
    }
    docs.join("---\n")
}

/// `ctrcfg validate`'s JSON: `{"valid": bool, "diagnostics": [...]}`, the verdict (the exit
/// status's) and the diagnostics in [`diagnostic`]'s shape; the JavaScript API's too.
pub fn validate_json(valid: bool, diagnostics: Tree) -> Tree {
    Tree::map([("valid", Tree::Bool(valid)), ("diagnostics", diagnostics)])
}

/// The whole render result for `text`. Pools without MachineConfigs are left out.
pub fn render_json(rendered: &Rendered, text: &str) -> Tree {
    let index = LineIndex::new(text);
    render_json_placed(rendered, |d| Place::in_text(&index, d))
}

/// The render result with each diagnostic placed by `place` (the CLI joins several files into
/// one text and places each diagnostic in its own file). `valid` is the verdict, as in
/// `validate`'s JSON.
pub fn render_json_placed(rendered: &Rendered, place: impl Fn(&Diagnostic) -> Place) -> Tree {
    let pools =
        rendered.plan.iter().flat_map(|p| &p.pools).filter(|p| !p.machine_configs.is_empty()).map(pool).collect();
    let diagnostics = rendered.diagnostics().map(|d| diagnostic(d, &place(d)));
    Tree::map([
        ("valid", Tree::Bool(!crate::diag::has_errors(&rendered.report.diagnostics))),
        ("pools", Tree::Seq(pools)),
        ("diagnostics", Tree::Seq(diagnostics.collect())),
    ])
}

fn pool(p: &PoolPlan) -> Tree {
    let mcs = p
        .machine_configs
        .iter()
        .map(|mc| {
            Tree::map([
                ("name", Tree::str(&mc.name)),
                ("config", Tree::str(&mc.owner)),
                ("yaml", Tree::Str(mc.yaml())),
                ("files", Tree::Seq(mc.files.iter().map(file).collect())),
            ])
        })
        .collect();
    let effective = p
        .effective_files
        .iter()
        .map(|e| {
            Tree::map([
                ("path", Tree::str(&e.file.path)),
                ("contents", Tree::str(&e.file.contents)),
                ("from", Tree::str(&e.from)),
                ("sources", sources(&e.file)),
            ])
        })
        .collect();
    let lost = p
        .lost
        .iter()
        .map(|l| {
            Tree::map([
                ("config", Tree::str(&l.config)),
                ("field", Tree::str(l.field.as_str())),
                ("reason", Tree::str(&l.reason)),
            ])
        })
        .collect();
    let conflicts = p
        .conflicts
        .iter()
        .map(|c| {
            let values = c
                .values
                .iter()
                .map(|(config, value)| Tree::map([("config", Tree::str(config)), ("value", Tree::str(value))]));
            Tree::map([
                ("field", Tree::str(c.field.as_str())),
                ("values", Tree::Seq(values.collect())),
                ("message", Tree::str(&c.message)),
            ])
        })
        .collect();
    Tree::map([
        ("pool", Tree::str(&p.pool.name)),
        ("machineConfigs", Tree::Seq(mcs)),
        ("effectiveFiles", Tree::Seq(effective)),
        ("lost", Tree::Seq(lost)),
        ("conflicts", Tree::Seq(conflicts)),
        ("merged", p.merged.as_ref().map_or(Tree::Null, Tree::str)),
        ("rollout", rollout(&p.rollout)),
    ])
}

fn file(f: &NodeFile) -> Tree {
    Tree::map([("path", Tree::str(&f.path)), ("mode", Tree::Int(FILE_MODE)), ("contents", Tree::str(&f.contents))])
}

fn sources(f: &NodeFile) -> Tree {
    Tree::Seq(
        f.sources
            .iter()
            .map(|s| Tree::map([("line", Tree::Int(s.line as i64)), ("field", Tree::str(s.field.as_str()))]))
            .collect(),
    )
}

fn rollout(r: &Rollout) -> Tree {
    let waves = r.waves.iter().map(|w| Tree::Seq(w.iter().map(Tree::str).collect())).collect();
    Tree::map([
        ("nodes", Tree::Int(r.nodes.len() as i64)),
        ("nodesAssumed", Tree::Bool(r.nodes_assumed)),
        ("maxUnavailable", Tree::Int(r.max_unavailable as i64)),
        ("reboot", Tree::Bool(r.reboot)),
        ("waves", Tree::Int(r.waves.len() as i64)),
        ("waveNodes", Tree::Seq(waves)),
        ("modelledMinutes", Tree::Int(i64::from(r.modelled_minutes))),
    ])
}

/// Where a diagnostic is, as output shows it: the file (when the output has files), the
/// document in that file (from 0), and where it starts and ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: Option<String>,
    pub document: usize,
    pub start: Position,
    pub end: Position,
}

impl Place {
    /// The place of `d` in the one text `index` was built from.
    pub fn in_text(index: &LineIndex<'_>, d: &Diagnostic) -> Place {
        Place {
            file: None,
            document: d.document,
            start: index.position(d.span.start),
            end: index.position(d.span.end.max(d.span.start)),
        }
    }
}

/// Diagnostics of `text`, in the one shape of [`diagnostic`].
pub fn diagnostics<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>, text: &str) -> Tree {
    let index = LineIndex::new(text);
    Tree::Seq(diagnostics.map(|d| diagnostic(d, &Place::in_text(&index, d))).collect())
}

/// One diagnostic, in the shape every JSON output of ctrcfg shares (`validate`, `render`,
/// `simulate`, the embed API; docs/diagnostics.md): every key is always present, `null` when
/// it does not apply. Lines and columns are 1-based; columns count characters, and the
/// `Utf16` ones UTF-16 code units, as browser editors do.
pub fn diagnostic(d: &Diagnostic, at: &Place) -> Tree {
    let int = |n: usize| Tree::Int(i64::try_from(n).unwrap_or(i64::MAX));
    Tree::map([
        ("severity", Tree::str(d.severity.as_str())),
        ("origin", Tree::str(d.origin.as_str())),
        ("field", d.field.as_ref().map_or(Tree::Null, |f| Tree::str(f.as_str()))),
        ("message", Tree::str(&d.message)),
        ("note", d.note.as_ref().map_or(Tree::Null, Tree::str)),
        ("file", at.file.as_ref().map_or(Tree::Null, Tree::str)),
        ("document", int(at.document)),
        ("line", int(at.start.line)),
        ("column", int(at.start.column)),
        ("columnUtf16", int(at.start.column_utf16)),
        ("endLine", int(at.end.line)),
        ("endColumn", int(at.end.column)),
        ("endColumnUtf16", int(at.end.column_utf16)),
    ])
}
