//! GitHub Actions workflow commands, one per diagnostic, which the runner turns into
//! annotations on the files of a pull request:
//! `::error file={name},line={line},endLine={endLine},col={col},endColumn={endColumn},title={title}::{message}`
//! (docs.github.com, "Workflow commands for GitHub Actions", "Setting an error message").
//! Escaping is the runner's own, as actions/toolkit's `@actions/core` writes it
//! (`packages/core/src/command.ts`, `escapeData` and `escapeProperty`): in the message `%`,
//! `\r` and `\n` become `%25`, `%0D` and `%0A`; in a property `:` and `,` too, `%3A` and `%2C`.

use super::{placed, Checked};
use ctrcfg_core::diag::Severity;

pub fn annotations(results: &[Checked]) -> String {
    let mut out = String::new();
    for checked in results {
        for (d, at) in placed(checked) {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = Vec::new();
            // Standard input has no file in the repository to annotate.
            if checked.input.name != "<stdin>" {
                properties.push(("file", checked.input.name.clone()));
            }
            properties.extend([
                ("line", at.start.line.to_string()),
                ("endLine", at.end.line.to_string()),
                ("col", at.start.column.to_string()),
                ("endColumn", at.end.column.to_string()),
                ("title", format!("ctrcfg {}", d.origin.as_str())),
            ]);
            let properties: Vec<String> = properties.iter().map(|(k, v)| format!("{k}={}", property(v))).collect();
            let mut message = d.display_message();
            if let Some(note) = &d.note {
                message.push_str(&format!("\nnote: {note}"));
            }
            out.push_str(&format!("::{command} {}::{}\n", properties.join(","), data(&message)));
        }
    }
    out
}

/// `escapeData`: what a message must not hold.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// `escapeProperty`: a property value, where `:` and `,` end the value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(data("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b");
        assert_eq!(property("a,b:c%d\n"), "a%2Cb%3Ac%25d%0A");
    }
}
