//! The user guide cannot drift from the engine: every example in `docs/` and the README claims
//! a verdict (`check=valid`, `invalid`, `scenario`, `pools`) and shows what ctrcfg prints for
//! it, and this test runs the built binary on each and compares (docs/README.md, "How these
//! docs are tested"). `CTRCFG_BLESS=1` rewrites the shown outputs with what ctrcfg prints.

mod docs_check;

use docs_check::{broken_links, check, diff, DeepLinks};
use std::path::{Path, PathBuf};

const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The pages: the README and every Markdown file under `docs/`, in a stable order.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("docs/").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = vec![Path::new(REPO).join("README.md")];
    walk(&Path::new(REPO).join("docs"), &mut out);
    out.sort();
    out
}

/// A page's path as messages name it: relative to the repository.
fn shown(path: &Path) -> String {
    path.strip_prefix(REPO).unwrap_or(path).display().to_string()
}

/// The names the playground's deep links take, from web/src/presets.rs.
fn deep_links() -> DeepLinks {
    DeepLinks::read(&std::fs::read_to_string(Path::new(REPO).join("web/src/presets.rs")).expect("web/src/presets.rs"))
}

#[test]
fn every_example_in_the_guide_is_what_ctrcfg_says() {
    let bless = std::env::var_os("CTRCFG_BLESS").is_some();
    let links = deep_links();
    assert!(links.presets.contains(&"lazy-pulling".to_owned()), "{:?}", links.presets);
    assert!(links.stories.contains(&"plugin-crash".to_owned()), "{:?}", links.stories);
    let mut failures = Vec::new();
    let mut examples = 0;
    let mut shown_files = Vec::new();
    for path in pages() {
        let text = std::fs::read_to_string(&path).expect("a page");
        let report = check(&shown(&path), &text, Path::new(REPO), bless);
        failures.extend(report.failures);
        failures.extend(broken_links(&path, &text, &links).into_iter().map(|b| format!("{}: {b}", shown(&path))));
        examples += report.examples;
        shown_files.extend(report.shown_files);
        if let Some(blessed) = report.blessed {
            std::fs::write(&path, blessed).expect("write the blessed page");
        }
    }
    // Each seed story has its page, showing the story's scenario as the repository holds it.
    for entry in std::fs::read_dir(Path::new(REPO).join("tests/scenarios")).expect("tests/scenarios").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(story) = name.strip_suffix(".yaml") {
            let file = format!("tests/scenarios/{name}");
            let page =
                std::fs::read_to_string(Path::new(REPO).join(format!("docs/stories/{story}.md"))).unwrap_or_default();
            if !shown_files.contains(&file) || !page.contains(&format!("#story={story})")) {
                failures.push(format!("docs/stories/{story}.md: the seed story {file} needs its page, showing it with check=scenario file={file} and linking the playground's #story={story}"));
            }
            if !links.stories.contains(&story.to_owned()) {
                failures.push(format!(
                    "web/src/presets.rs: the seed story {file} is not in STORIES, so #story={story} opens nothing"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} problem(s) in the docs:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(examples >= 40, "only {examples} examples ran: the scanner is missing fences");
}

#[test]
fn the_guide_index_links_every_page() {
    let index = std::fs::read_to_string(Path::new(REPO).join("docs/README.md")).expect("docs/README.md");
    let missing: Vec<String> = pages()
        .iter()
        .map(|p| shown(p))
        .filter_map(|p| p.strip_prefix("docs/").map(str::to_owned))
        .filter(|p| p != "README.md" && !index.contains(&format!("]({p})")))
        .collect();
    assert!(missing.is_empty(), "docs/README.md links no {missing:?}");
    let readme = std::fs::read_to_string(Path::new(REPO).join("README.md")).expect("README.md");
    assert!(readme.contains("](docs/README.md)"), "the README links the guide");
}

#[test]
fn the_guide_shows_its_convention_as_it_is_written() {
    // docs/README.md shows an example's Markdown source in a ~~~~ fence, then the example
    // itself; the source shown must be that checked example's, so it cannot drift either.
    let index = std::fs::read_to_string(Path::new(REPO).join("docs/README.md")).expect("docs/README.md");
    let fences = docs_check::fences::scan(&index).expect("fences");
    let at = fences.iter().position(|f| f.info.lang == "markdown").expect("the source of an example");
    let [source, example, output] = &fences[at..at + 3] else { panic!("the example follows its source") };
    assert_eq!(example.info.get("check"), Some("invalid"));
    assert_eq!(example.info.get("name"), Some("pids.yaml"));
    assert!(output.info.has("output"));
    let written =
        format!("```yaml check=invalid name=pids.yaml\n{}```\n\n```text output\n{}```\n", example.text, output.text);
    assert_eq!(source.text, written, "docs/README.md:{}: the source shown is not the example after it", source.line);
}

/// The checker itself, on inline pages: each way an example can drift is caught.
mod checker {
    use super::*;

    const VALID: &str = "apiVersion: machineconfiguration.openshift.io/v1\nkind: ContainerRuntimeConfig\nmetadata:\n  name: logs\nspec:\n  machineConfigPoolSelector:\n    matchLabels:\n      pools.operator.machineconfiguration.openshift.io/worker: \"\"\n  containerRuntimeConfig:\n    logLevel: debug\n";
    const SUMMARY: &str = "ctrcfg: 0 errors, 0 warnings, 0 notes in 1 file\n";

    fn page(blocks: &[(&str, &str)]) -> String {
        blocks
            .iter()
            .map(|(info, body)| format!("Some prose.\n\n```{info}\n{body}```\n"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn failures(text: &str) -> Vec<String> {
        check("docs/page.md", text, Path::new(REPO), false).failures
    }

    #[test]
    fn a_true_example_and_its_output_pass() {
        let text = format!("```yaml check=valid\n{VALID}```\n\n```text output\n{SUMMARY}```\n");
        let report = check("docs/page.md", &text, Path::new(REPO), false);
        assert_eq!(report.failures, Vec::<String>::new());
        assert_eq!(report.examples, 1);
        let json = r#"{"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "ContainerRuntimeConfig", "metadata": {"name": "x"}, "spec": {"containerRuntimeConfig": {"logLevel": "loud"}}}"#;
        assert_eq!(
            failures(&page(&[("json check=invalid", &format!("{json}\n"))])),
            Vec::<String>::new(),
            "JSON claims too"
        );
        assert_eq!(failures(&page(&[("json check=valid", &format!("{json}\n"))])).len(), 1);
    }

    #[test]
    fn a_drifted_output_fails_with_a_diff() {
        let text = format!(
            "```yaml check=valid\n{VALID}```\n\n```text output\nctrcfg: 0 errors, 1 warning, 0 notes in 1 file\n```\n"
        );
        let found = failures(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("docs/page.md:14: the output shown is not what ctrcfg prints"), "{}", found[0]);
        assert!(
            found[0].contains(
                "- ctrcfg: 0 errors, 1 warning, 0 notes in 1 file\n+ ctrcfg: 0 errors, 0 warnings, 0 notes in 1 file\n"
            ),
            "{}",
            found[0]
        );
    }

    #[test]
    fn a_wrong_verdict_fails() {
        let broken = VALID.replace("logLevel: debug", "logLevel: loud");
        let found = failures(&page(&[("yaml check=valid", &broken)]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("claims check=valid, but `ctrcfg validate crc.yaml` exits 1"), "{}", found[0]);
        assert!(found[0].contains("error[mco]"), "what ctrcfg said is shown: {}", found[0]);
        assert_eq!(failures(&page(&[("yaml check=invalid", &broken)])), Vec::<String>::new());
        assert_eq!(failures(&page(&[("yaml check=invalid", VALID)])).len(), 1);
    }

    #[test]
    fn a_yaml_fence_must_claim_something() {
        let found = failures(&format!("# Title\n\n```yaml\n{VALID}```\n"));
        assert_eq!(found, ["docs/page.md:3: a ```yaml fence without check=: say check=valid, invalid, scenario or pools (docs/README.md, \"How these docs are tested\"), or check=skip reason=\"...\""]);
        assert_eq!(failures(&page(&[("yaml check=skip", "a: b\n")])).len(), 1, "a skip says why");
        assert_eq!(failures(&page(&[("yaml check=skip reason=\"a fragment\"", "a: b\n")])), Vec::<String>::new());
        assert_eq!(failures(&page(&[("yaml check=maybe", VALID)])).len(), 1);
        assert_eq!(
            failures(&page(&[("sh", "ctrcfg validate\n")])),
            Vec::<String>::new(),
            "other languages claim nothing"
        );
    }

    #[test]
    fn an_output_must_follow_its_example() {
        let text = format!("```yaml check=valid\n{VALID}```\n\nIt prints:\n\n```text output\n{SUMMARY}```\n");
        let found = failures(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("docs/page.md:16: an output fence that follows no example"), "{}", found[0]);
    }

    #[test]
    fn a_rendered_file_is_compared_byte_for_byte() {
        let drop_in = "[crio]\n  [crio.runtime]\n    log_level = \"debug\"\n";
        let path = "/etc/crio/crio.conf.d/01-ctrcfg-logLevel";
        let good = format!("```yaml check=valid\n{VALID}```\n\n```toml output path={path}\n{drop_in}```\n");
        assert_eq!(failures(&good), Vec::<String>::new());
        let found = failures(&good.replace("\"debug\"\n```", "\"info\"\n```"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("is not /etc/crio/crio.conf.d/01-ctrcfg-logLevel"), "{}", found[0]);
        let absent = failures(&good.replace("01-ctrcfg-logLevel", "01-ctrcfg-pidsLimit"));
        assert!(
            absent[0].contains("the nodes of pool worker get no /etc/crio/crio.conf.d/01-ctrcfg-pidsLimit"),
            "{absent:?}"
        );
    }

    #[test]
    fn an_output_can_be_of_another_command() {
        let render = "```text output run=\"render --format files --pool worker --out node\"\n";
        let text = format!(
            "```yaml check=valid\n{VALID}```\n\n{render}wrote node/etc/crio/crio.conf.d/01-ctrcfg-logLevel\n```\n"
        );
        let found = failures(&text);
        assert_eq!(found.len(), 1, "the summary line is missing: {found:?}");
        assert!(
            found[0].contains("is not what `ctrcfg render --format files --pool worker --out node crc.yaml` prints"),
            "{}",
            found[0]
        );
        assert!(found[0].contains("+ pool worker: 1 MachineConfig(s), 1 file(s)"), "{}", found[0]);
    }

    #[test]
    fn a_copy_of_a_repository_file_must_be_that_file() {
        let file = "examples/lazy-pulling.yaml";
        let text = std::fs::read_to_string(Path::new(REPO).join(file)).expect("the example");
        let info = format!("yaml check=valid file={file}");
        assert_eq!(failures(&page(&[(&info, &text)])), Vec::<String>::new());
        let found = failures(&page(&[(&info, &text.replace("stargz-store/store", "stargz-store/stor"))]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("is not examples/lazy-pulling.yaml as the repository holds it"), "{}", found[0]);
    }

    #[test]
    fn examples_of_a_page_can_name_each_other() {
        let pools = "- {name: worker, nodes: [worker-a]}\n";
        let text = format!(
            "```yaml check=pools name=p.yaml\n{pools}```\n\n```yaml check=valid args=\"--pools p.yaml\"\n{VALID}```\n"
        );
        assert_eq!(failures(&text), Vec::<String>::new());
        let wrong = failures(&text.replace("--pools p.yaml", "--pools q.yaml"));
        assert!(wrong[0].contains("exits 2"), "{wrong:?}");
    }

    #[test]
    fn blessing_rewrites_the_outputs_and_the_result_passes() {
        let text = format!(
            "- A list item:\n\n  ```yaml check=valid\n{}  ```\n\n  ```text output\n  stale\n  ```\n",
            fences_indent(VALID)
        );
        let report = check("docs/page.md", &text, Path::new(REPO), true);
        let blessed = report.blessed.expect("a rewritten page");
        assert!(blessed.contains(&format!("  ```text output\n  {SUMMARY}  ```\n")), "{blessed}");
        assert_eq!(failures(&blessed), Vec::<String>::new());
    }

    fn fences_indent(text: &str) -> String {
        text.lines().map(|l| format!("  {l}\n")).collect()
    }

    #[test]
    fn the_scanner_reads_fences_as_commonmark_does() {
        let text =
            "~~~~yaml check=skip reason=\"a fence inside\"\n```\nnot closed here\n~~~~\n\n````text output\nx\n````\n";
        let found = docs_check::fences::scan(text).expect("fences");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "```\nnot closed here\n");
        assert_eq!(found[0].info.get("reason"), Some("a fence inside"));
        assert!(found[1].adjacent && found[1].info.has("output"));
        assert_eq!(
            docs_check::fences::scan("```yaml\nopen\n").unwrap_err(),
            "line 1: the fence opened here is never closed"
        );
        assert!(docs_check::fences::Info::read("yaml reason=\"open").is_err());
    }

    #[test]
    fn the_diff_marks_only_what_changed() {
        assert_eq!(diff::lines("a\nb\nc\n", "a\nx\nc\n"), "  a\n- b\n+ x\n  c\n");
        assert_eq!(diff::lines("a\nb\n", "a\nb\n"), "  …\n", "nothing changed, nothing shown");
        let long: String = (0..20).map(|n| format!("{n}\n")).collect();
        assert_eq!(diff::lines(&long, &long.replace("10\n", "ten\n")), "  …\n  8\n  9\n- 10\n+ ten\n  11\n  12\n  …\n");
    }

    #[test]
    fn links_that_lead_nowhere_are_found() {
        let links = DeepLinks::read(
            "PRESETS = [preset(\n  \"lazy-pulling\", ...)];\npub const STORIES = [preset(\"plugin-crash\", ...)];",
        );
        assert_eq!(links.presets, ["lazy-pulling"]);
        assert_eq!(links.stories, ["plugin-crash"]);
        let page = Path::new(REPO).join("docs/page.md");
        let text = "[a](render.md#the-pools-file) [b](nowhere.md) [c](http://127.0.0.1:8080/#preset=lazy-pulling) [d](http://127.0.0.1:8080/#preset=lazy) [e](http://127.0.0.1:8080/#story=plugin-crash) [f](http://127.0.0.1:8080/#story=lazy-pulling)";
        let broken = broken_links(&page, text, &links);
        assert_eq!(broken.len(), 3, "{broken:?}");
        assert!(broken[0].starts_with("nowhere.md: no such file"), "{broken:?}");
        assert!(
            broken[1].contains("no preset is called lazy") && broken[2].contains("no story is called lazy-pulling"),
            "{broken:?}"
        );
    }
}
