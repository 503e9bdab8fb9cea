//! Outside OpenShift: the user's own storage.conf and CRI-O config, edited in place.
//!
//! On a node configured by hand (CRI-O on Oracle's OCNE through ignition, say) nobody renders a
//! template: the admin owns `/etc/containers/storage.conf` and `/etc/crio/crio.conf`. ctrcfg
//! sets the same keys the MCO would set, with `toml_edit`, so every comment, the key order and
//! every unrelated key survive, and shows a unified diff. (The MCO itself decodes and
//! re-encodes its template, which drops comments.)

use crate::api::ContainerRuntimeConfiguration;
use crate::gates::FeatureGates;
use crate::render::toml::TomlValue;
use crate::render::{self, Setting};
use crate::text::{LineIndex, Span};
use toml_edit::{DocumentMut, Item, Table};

/// Where the user's own CRI-O config lives (`ctrcfg render --base-crio-conf`, the playground's
/// "Your own files"); storage.conf is at [`render::STORAGE_CONF_PATH`].
pub const CRIO_CONF_PATH: &str = "/etc/crio/crio.conf";

/// A base file after ctrcfg's edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    pub contents: String,
    /// A unified diff from the base to `contents`; empty when nothing changed.
    pub diff: String,
}

/// Why a base file could not be edited: TOML that does not parse, or a key that holds a
/// non-table where a table is needed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    pub message: String,
    pub span: Span,
    pub line: usize,
    pub column: usize,
}

/// `base` (a storage.conf) with `[storage.options]` `additionalimagestores`,
/// `additionallayerstores` (each with `:ref`) and `size` set as the MCO sets them, for each
/// config in turn (a later config's value replaces an earlier one's). `name` is the file's
/// path, for the diff's header.
pub fn storage_conf(
    base: &str,
    configs: &[&ContainerRuntimeConfiguration],
    gates: &FeatureGates,
    name: &str,
) -> Result<Edited, EditError> {
    edit(base, &["storage", "options"], configs, gates, name, render::storage::option_settings)
}

/// Sets the keys the MCO renders (`settings`, the same function its files are made from) in
/// `table_path`, created when missing; with no key to set the base comes back unchanged.
fn edit(
    base: &str,
    table_path: &[&str],
    configs: &[&ContainerRuntimeConfiguration],
    gates: &FeatureGates,
    name: &str,
    settings: fn(&ContainerRuntimeConfiguration, &FeatureGates) -> Vec<Setting>,
) -> Result<Edited, EditError> {
    let mut doc = parse(base)?;
    // A base file that cannot take the keys is reported whatever the configs set.
    let table = tables(&mut doc, table_path, base)?;
    let settings: Vec<Setting> = configs.iter().flat_map(|c| settings(c, gates)).collect();
    if settings.is_empty() {
        return Ok(Edited { contents: base.to_owned(), diff: String::new() });
    }
    for s in settings {
        set(table, s.key, Item::Value(toml_value(&s.value)));
    }
    Ok(finish(base, doc, name))
}

/// `base` (a crio.conf) with the `[crio.runtime]` keys the MCO's drop-ins would set, for each
/// config in turn.
pub fn crio_conf(
    base: &str,
    configs: &[&ContainerRuntimeConfiguration],
    gates: &FeatureGates,
    name: &str,
) -> Result<Edited, EditError> {
    edit(base, &["crio", "runtime"], configs, gates, name, render::crio::runtime_settings)
}

/// A value the MCO sets, as `toml_edit` holds it (arrays formatted `["a", "b"]`).
fn toml_value(value: &TomlValue) -> toml_edit::Value {
    match value {
        TomlValue::Str(s) => s.as_str().into(),
        TomlValue::Int(n) => (*n).into(),
        TomlValue::Strings(items) => {
            let mut array: toml_edit::Array = items.iter().map(String::as_str).collect();
            array.fmt();
            toml_edit::Value::Array(array)
        }
    }
}

fn parse(base: &str) -> Result<DocumentMut, EditError> {
    let text = base.strip_prefix('\u{feff}').unwrap_or(base);
    // toml_edit would take a second BOM as the first and write it back, giving a file that
    // starts with two, which no TOML reader takes: refused here as the readers refuse it.
    if text.starts_with('\u{feff}') {
        let at = base.len() - text.len();
        let message = "a second byte order mark (U+FEFF): a TOML file may start with one only".to_owned();
        return Err(located(base, message, Span::new(at, at + '\u{feff}'.len_utf8())));
    }
    text.replace("\r\n", "\n").parse::<DocumentMut>().map_err(|e| {
        let span = e.span().map_or(Span::at(0), |r| Span::new(base_offset(base, r.start), base_offset(base, r.end)));
        let message = e.message().to_owned();
        located(base, message, span)
    })
}

/// The offset in `base` of byte `offset` of the text [`parse`] reads (without the BOM, each
/// CRLF as LF), so an error points at the user's own bytes, not the normalized copy's.
fn base_offset(base: &str, offset: usize) -> usize {
    let bom = if base.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let bytes = &base.as_bytes()[bom..];
    let mut at = 0;
    for _ in 0..offset {
        if at >= bytes.len() {
            break;
        }
        at += if bytes[at..].starts_with(b"\r\n") { 2 } else { 1 };
    }
    bom + at
}

fn located(base: &str, message: String, span: Span) -> EditError {
    let at = LineIndex::new(base).position(span.start.min(base.len()));
    EditError { message, span, line: at.line, column: at.column }
}

/// The table at `path`, created (as a `[a.b]` header at the end) when missing.
fn tables<'d>(doc: &'d mut DocumentMut, path: &[&str], base: &str) -> Result<&'d mut Table, EditError> {
    let mut table = doc.as_table_mut();
    for (depth, key) in path.iter().enumerate() {
        if !table.contains_key(key) {
            let mut t = Table::new();
            t.set_implicit(depth + 1 < path.len());
            table.insert(key, Item::Table(t));
        }
        let item = table.get_mut(key).filter(|i| i.is_table_like());
        let Some(item) = item else {
            let dotted = path[..=depth].join(".");
            return Err(located(base, format!("{dotted} must be a table to hold ctrcfg's keys"), Span::at(0)));
        };
        if item.is_inline_table() {
            // An inline table (`storage = {...}`) becomes a `[storage]` section: keys can only
            // be added to it that way. Comments inside the braces do not survive the move.
            let inline =
                std::mem::take(item).into_table().map_err(|_| located(base, "not a table".into(), Span::at(0)))?;
            *item = Item::Table(inline);
            if let Some(mut k) = table.key_mut(key) {
                k.leaf_decor_mut().clear();
            }
        }
        let Some(item) = table.get_mut(key) else {
            return Err(located(base, format!("{key} must be a table"), Span::at(0)));
        };
        table = item.as_table_mut().ok_or_else(|| located(base, format!("{key} must be a table"), Span::at(0)))?;
    }
    Ok(table)
}

/// Sets a key, keeping the key's own decoration (comments above it) when it already exists; a
/// new key takes the indentation of the table's other keys.
fn set(table: &mut Table, key: &str, item: Item) {
    if let Some(existing) = table.get_mut(key) {
        let decor = existing.as_value().map(|v| v.decor().clone());
        *existing = item;
        if let (Some(decor), Some(v)) = (decor, existing.as_value_mut()) {
            *v.decor_mut() = decor;
        }
        return;
    }
    let indent = table
        .iter()
        .filter(|(_, i)| i.is_value())
        .filter_map(|(k, _)| table.key(k)?.leaf_decor().prefix()?.as_str().map(str::to_owned))
        .map(|p| p.rsplit('\n').next().unwrap_or_default().to_owned())
        .find(|p| p.chars().all(|c| c == ' ' || c == '\t'));
    let mut new_key = toml_edit::Key::new(key);
    if let Some(indent) = indent {
        new_key.leaf_decor_mut().set_prefix(indent);
    }
    table.insert_formatted(&new_key, item);
}

/// The edited text, in the base's own conventions: a byte-order mark and CRLF line endings
/// are kept (they are set aside for parsing), so the diff shows only what changed.
fn finish(base: &str, doc: DocumentMut, name: &str) -> Edited {
    let mut contents = doc.to_string();
    if base.contains("\r\n") {
        contents = contents.replace('\n', "\r\n");
    }
    if base.starts_with('\u{feff}') {
        contents.insert(0, '\u{feff}');
    }
    let diff = if contents == base {
        String::new()
    } else {
        similar::TextDiff::from_lines(base, &contents)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a{name}"), &format!("b{name}"))
            .to_string()
    };
    Edited { contents, diff }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{validate, Options};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const CONFIG: &str = "kind: ContainerRuntimeConfig
metadata: {name: ocne}
spec:
  machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ''}}
  containerRuntimeConfig:
    logLevel: debug
    overlaySize: 20G
    additionalImageStores: [{path: /mnt/usb-images}]
    additionalLayerStores: [{path: /var/lib/stargz-store}]
    additionalArtifactStores: [{path: /mnt/ssd-artifacts}]
";

    /// A hand-written storage.conf keeps its comments, order and unrelated keys; only the
    /// MCO's keys change, and the diff shows exactly that.
    #[test]
    fn storage_conf_edit_keeps_comments_and_shows_a_diff() {
        let base = "# Managed by hand on OCNE nodes.\n[storage]\ndriver = \"overlay\" # the only driver we use\ngraphroot = \"/var/lib/containers/storage\"\n\n[storage.options]\n# Images preloaded from USB sticks:\nadditionalimagestores = [\"/old\"]\nmount_program = \"/usr/bin/fuse-overlayfs\"\n";
        let report = validate(CONFIG, &Options::default());
        let config = report.configs[0].config.as_ref().unwrap();
        let edited = storage_conf(base, &[config], &FeatureGates::default(), "/etc/containers/storage.conf").unwrap();
        let expected = "# Managed by hand on OCNE nodes.\n[storage]\ndriver = \"overlay\" # the only driver we use\ngraphroot = \"/var/lib/containers/storage\"\n\n[storage.options]\n# Images preloaded from USB sticks:\nadditionalimagestores = [\"/mnt/usb-images\"]\nmount_program = \"/usr/bin/fuse-overlayfs\"\nadditionallayerstores = [\"/var/lib/stargz-store:ref\"]\nsize = \"20G\"\n";
        assert_eq!(edited.contents, expected);
        let diff = "--- a/etc/containers/storage.conf\n+++ b/etc/containers/storage.conf\n@@ -5,5 +5,7 @@\n \n [storage.options]\n # Images preloaded from USB sticks:\n-additionalimagestores = [\"/old\"]\n+additionalimagestores = [\"/mnt/usb-images\"]\n mount_program = \"/usr/bin/fuse-overlayfs\"\n+additionallayerstores = [\"/var/lib/stargz-store:ref\"]\n+size = \"20G\"\n";
        assert_eq!(edited.diff, diff);
        let again = storage_conf(&edited.contents, &[config], &FeatureGates::default(), "x").unwrap();
        assert_eq!((again.contents.as_str(), again.diff.as_str()), (expected, ""), "editing twice changes nothing");
    }

    #[test]
    fn new_keys_take_the_tables_indentation() {
        let report = validate(CONFIG, &Options::default());
        let config = report.configs[0].config.as_ref().unwrap();
        let base = "[crio]\n  [crio.runtime]\n    # ours\n    log_level = \"info\" # keep\n";
        let edited = crio_conf(base, &[config], &FeatureGates::default(), "x").unwrap();
        assert_eq!(
            edited.contents,
            "[crio]\n  [crio.runtime]\n    # ours\n    log_level = \"debug\" # keep\n    additional_artifact_stores = [\"/mnt/ssd-artifacts\"]\n"
        );
    }

    #[test]
    fn crio_conf_edit_adds_the_runtime_keys_and_creates_missing_tables() {
        let report = validate(CONFIG, &Options::default());
        let config = report.configs[0].config.as_ref().unwrap();
        let edited = crio_conf(
            "# crio\n[crio]\nroot = \"/var/lib/containers/storage\"\n",
            &[config],
            &FeatureGates::default(),
            "/etc/crio/crio.conf",
        )
        .unwrap();
        assert_eq!(
            edited.contents,
            "# crio\n[crio]\nroot = \"/var/lib/containers/storage\"\n\n[crio.runtime]\nlog_level = \"debug\"\nadditional_artifact_stores = [\"/mnt/ssd-artifacts\"]\n"
        );
    }

    /// Inline tables become sections; CRLF endings and a byte-order mark are kept.
    #[test]
    fn inline_tables_crlf_and_bom() {
        let config = ContainerRuntimeConfiguration::default();
        let report = validate(CONFIG, &Options::default());
        let full = report.configs[0].config.as_ref().unwrap();
        let edited =
            storage_conf("storage = { driver = \"overlay\" }\n", &[full], &FeatureGates::default(), "x").unwrap();
        assert!(edited.contents.starts_with("[storage]\ndriver = \"overlay\"\n"), "{}", edited.contents);
        let base = "\u{feff}[storage]\r\ndriver = \"overlay\"\r\n";
        let unchanged = storage_conf(base, &[&config], &FeatureGates::default(), "x").unwrap();
        assert_eq!((unchanged.contents.as_str(), unchanged.diff.as_str()), (base, ""));
        let edited = storage_conf(base, &[full], &FeatureGates::default(), "x").unwrap();
        assert!(edited.contents.starts_with("\u{feff}[storage]\r\ndriver = \"overlay\"\r\n"));
        assert!(!edited.contents.replace("\r\n", "").contains('\n'), "{:?}", edited.contents);
    }

    #[test]
    fn bad_base_files_are_errors_with_positions() {
        let config = ContainerRuntimeConfiguration::default();
        let err = storage_conf("[storage]\ndriver = \n", &[&config], &FeatureGates::default(), "x").unwrap_err();
        assert_eq!((err.line, err.column), (2, 10), "{err:?}");
        let err = storage_conf("storage = 3\n", &[&config], &FeatureGates::default(), "x").unwrap_err();
        assert!(err.message.contains("storage must be a table"), "{err:?}");
    }

    /// Found by fuzzing (tests/fuzz-regressions/edit/): the parser reads the file without its
    /// BOM and with LF endings, and its error offsets are mapped back to the user's bytes.
    #[test]
    fn errors_in_crlf_files_with_a_bom_point_at_the_users_bytes() {
        let config = ContainerRuntimeConfiguration::default();
        let lf = storage_conf("[storage]\ndriver = \"overlay\"\nsize = \n", &[&config], &FeatureGates::default(), "x");
        let base = "\u{feff}[storage]\r\ndriver = \"overlay\"\r\nsize = \r\n";
        let crlf = storage_conf(base, &[&config], &FeatureGates::default(), "x");
        let (lf, crlf) = (lf.unwrap_err(), crlf.unwrap_err());
        assert_eq!((crlf.line, crlf.column), (lf.line, lf.column), "{crlf:?}");
        assert_eq!(lf.line, 3, "{lf:?}");
        assert_eq!(
            (crlf.span.start, crlf.span.end),
            (lf.span.start + 5, lf.span.end + 5),
            "the BOM's 3 bytes and 2 CRs"
        );
    }
}
