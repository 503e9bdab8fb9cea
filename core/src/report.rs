//! `ctrcfg render`'s JSON: the shape the CLI prints, the docs-embed API returns and the render
//! vectors hold.

use crate::diag::Diagnostic;
use crate::merge::{PoolPlan, Rollout};
use crate::render::{ignition::FILE_MODE, NodeFile};
use crate::text::{LineIndex, Position};
use crate::tree::Tree;
use crate::Rendered;

/// The whole render result for `text`. Pools without MachineConfigs are left out.
pub fn render_json(rendered: &Rendered, text: &str) -> Tree {
    let index = LineIndex::new(text);
    render_json_located(rendered, |offset| (None, index.position(offset)))
}

/// The render result with each diagnostic placed by `locate` (a byte offset of the text to
/// the file it is in, when there are several, and the position in that file).
pub fn render_json_located(rendered: &Rendered, locate: impl Fn(usize) -> (Option<String>, Position)) -> Tree {
    let pools =
        rendered.plan.iter().flat_map(|p| &p.pools).filter(|p| !p.machine_configs.is_empty()).map(pool).collect();
    let diagnostics = rendered.diagnostics().map(|d| {
        let (file, at) = locate(d.span.start);
        diagnostic(d, file.as_deref(), at)
    });
    Tree::map([("pools", Tree::Seq(pools)), ("diagnostics", Tree::Seq(diagnostics.collect()))])
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

/// Diagnostics of `text` with 1-based line and column (characters) and the column in UTF-16
/// units.
pub fn diagnostics<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>, text: &str) -> Tree {
    let index = LineIndex::new(text);
    Tree::Seq(diagnostics.map(|d| diagnostic(d, None, index.position(d.span.start))).collect())
}

/// One diagnostic at `at`, with the file it is in when there are several.
pub fn diagnostic(d: &Diagnostic, file: Option<&str>, at: Position) -> Tree {
    let mut entries = vec![
        ("severity".to_owned(), Tree::str(d.severity.as_str())),
        ("origin".to_owned(), Tree::str(d.origin.as_str())),
        ("field".to_owned(), d.field.as_ref().map_or(Tree::Null, |f| Tree::str(f.as_str()))),
        ("message".to_owned(), Tree::str(&d.message)),
    ];
    if let Some(file) = file {
        entries.push(("file".to_owned(), Tree::str(file)));
    }
    entries.extend([
        ("line".to_owned(), Tree::Int(at.line as i64)),
        ("column".to_owned(), Tree::Int(at.column as i64)),
        ("columnUtf16".to_owned(), Tree::Int(at.column_utf16 as i64)),
        ("note".to_owned(), d.note.as_ref().map_or(Tree::Null, Tree::str)),
    ]);
    Tree::Map(entries)
}
