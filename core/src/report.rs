//! `ctrcfg render`'s JSON: the shape the CLI prints, the docs-embed API returns and the render
//! vectors hold.

use crate::diag::Diagnostic;
use crate::merge::{PoolPlan, Rollout};
use crate::render::{ignition::FILE_MODE, NodeFile};
use crate::text::LineIndex;
use crate::tree::Tree;
use crate::Rendered;

/// The whole render result for `text`. Pools without MachineConfigs are left out.
pub fn render_json(rendered: &Rendered, text: &str) -> Tree {
    let pools =
        rendered.plan.iter().flat_map(|p| &p.pools).filter(|p| !p.machine_configs.is_empty()).map(pool).collect();
    Tree::map([("pools", Tree::Seq(pools)), ("diagnostics", diagnostics(rendered.diagnostics(), text))])
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

/// Diagnostics with 1-based line and column (characters) and the column in UTF-16 units.
pub fn diagnostics<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>, text: &str) -> Tree {
    let index = LineIndex::new(text);
    Tree::Seq(
        diagnostics
            .map(|d| {
                let at = index.position(d.span.start);
                Tree::map([
                    ("severity", Tree::str(d.severity.as_str())),
                    ("origin", Tree::str(d.origin.as_str())),
                    ("field", d.field.as_ref().map_or(Tree::Null, |f| Tree::str(f.as_str()))),
                    ("message", Tree::str(&d.message)),
                    ("line", Tree::Int(at.line as i64)),
                    ("column", Tree::Int(at.column as i64)),
                    ("columnUtf16", Tree::Int(at.column_utf16 as i64)),
                    ("note", d.note.as_ref().map_or(Tree::Null, Tree::str)),
                ])
            })
            .collect(),
    )
}
