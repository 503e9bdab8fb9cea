//! The checker of the guide's examples: each fence that claims something (`check=`) is run
//! through the built `ctrcfg`, and each output fence after it must be what ctrcfg prints. The
//! convention is the reader's as much as the test's, so it is documented for writers in
//! docs/README.md ("How these docs are tested"); this module is its only implementation.

pub mod diff;
pub mod fences;

use fences::{indented, scan, Fence};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What an example claims about itself, from its `check=`.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Claim {
    /// A config text with no errors: `ctrcfg validate` exits 0.
    Valid,
    /// A config text with errors: `ctrcfg validate` exits 1.
    Invalid,
    /// A Scenario that runs: `ctrcfg simulate` exits 0.
    Scenario,
    /// A pools file ctrcfg reads: `ctrcfg validate --pools` exits 0.
    Pools,
    /// A command line, `ctrcfg ARGS` (a `--help`, say): it exits with `exit=` (default 0).
    Command,
}

impl Claim {
    fn read(word: &str) -> Option<Claim> {
        Some(match word {
            "valid" => Claim::Valid,
            "invalid" => Claim::Invalid,
            "scenario" => Claim::Scenario,
            "pools" => Claim::Pools,
            "command" => Claim::Command,
            _ => return None,
        })
    }

    /// The file an example is written to when it names none: what the output then shows.
    fn default_name(self) -> &'static str {
        match self {
            Claim::Valid | Claim::Invalid => "crc.yaml",
            Claim::Scenario => "scenario.yaml",
            Claim::Pools => "pools.yaml",
            Claim::Command => "",
        }
    }

    /// The arguments that check an example written to `name`, and the exit status it claims.
    fn command(self, name: &str, args: &[String]) -> (Vec<String>, i32) {
        let (mut command, code) = match self {
            Claim::Valid => (vec!["validate".to_owned()], 0),
            Claim::Invalid => (vec!["validate".to_owned()], 1),
            Claim::Scenario => (vec!["simulate".to_owned()], 0),
            Claim::Pools => (vec!["validate".to_owned(), "--pools".to_owned(), name.to_owned()], 0),
            Claim::Command => (Vec::new(), 0),
        };
        command.extend(args.iter().cloned());
        if !matches!(self, Claim::Pools | Claim::Command) {
            command.push(name.to_owned());
        }
        (command, code)
    }
}

/// What checking one page found.
#[derive(Default)]
pub struct Report {
    /// Each failure as `page:line: what`, with a diff where an output drifted.
    pub failures: Vec<String>,
    /// The page with every drifted output (and every drifted `file=` copy) replaced, when
    /// blessing and something changed.
    pub blessed: Option<String>,
    /// How many examples ran (a skip does not count).
    pub examples: usize,
    /// The repository files the page's examples show (`file=`).
    pub shown_files: Vec<String>,
}

/// The example whose output fences may follow: how it was written and what checking it printed.
struct Ran {
    claim: Claim,
    name: String,
    args: Vec<String>,
    printed: String,
}

/// One page being checked: its examples' files live in one directory, so an example's `args`
/// can name an earlier example's file (`args="--pools pools.yaml"`).
struct Page<'a> {
    name: &'a str,
    repo: &'a Path,
    bless: bool,
    dir: PathBuf,
    report: Report,
    replace: Vec<(Range<usize>, String)>,
}

/// Checks every example of the page `text`, called `name` in messages (`docs/render.md`);
/// `file=` paths are read under `repo`. With `bless`, drifted outputs are replaced instead of
/// failing.
pub fn check(name: &str, text: &str, repo: &Path, bless: bool) -> Report {
    static PAGES: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "ctrcfg-docs-{}-{}",
        std::process::id(),
        PAGES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a directory for the page's examples");
    let mut page = Page { name, repo, bless, dir, report: Report::default(), replace: Vec::new() };
    match scan(text) {
        Ok(fences) => page.check_all(&fences),
        Err(e) => page.report.failures.push(format!("{name}: {e}")),
    }
    let _ = std::fs::remove_dir_all(&page.dir);
    if !page.replace.is_empty() {
        let mut blessed = text.to_owned();
        for (range, new) in page.replace.into_iter().rev() {
            blessed.replace_range(range, &new);
        }
        page.report.blessed = Some(blessed);
    }
    page.report
}

impl Page<'_> {
    fn fail(&mut self, fence: &Fence, what: String) {
        self.report.failures.push(format!("{}:{}: {what}", self.name, fence.line));
    }

    fn check_all(&mut self, fences: &[Fence]) {
        let mut open: Option<Ran> = None;
        for fence in fences {
            if fence.info.has("output") {
                match open.as_ref().filter(|_| fence.adjacent) {
                    Some(ran) => self.check_output(fence, ran),
                    None => self.fail(fence, "an output fence that follows no example (only blank lines may stand between an example and its outputs)".to_owned()),
                }
                continue;
            }
            open = self.check_example(fence);
        }
    }

    /// Checks one fence that is not an output; returns what ran when it is an example.
    fn check_example(&mut self, fence: &Fence) -> Option<Ran> {
        let is_yaml = matches!(fence.info.lang.as_str(), "yaml" | "yml");
        let Some(check) = fence.info.get("check") else {
            if is_yaml || fence.info.has("check") {
                self.fail(fence, format!("a ```{} fence without check=: say check=valid, invalid, scenario or pools (docs/README.md, \"How these docs are tested\"), or check=skip reason=\"...\"", fence.info.lang));
            }
            return None;
        };
        if check == "skip" {
            if fence.info.get("reason").is_none_or(|r| r.trim().is_empty()) {
                self.fail(fence, "check=skip needs reason=\"...\": why this is not an example".to_owned());
            }
            return None;
        }
        let Some(claim) = Claim::read(check) else {
            self.fail(fence, format!("unknown check={check}: valid, invalid, scenario, pools, command or skip"));
            return None;
        };
        if claim == Claim::Command {
            return self.check_command(fence);
        }
        let mut text = fence.text.clone();
        if let Some(file) = fence.info.get("file") {
            self.report.shown_files.push(file.to_owned());
            text = self.same_as_file(fence, file)?;
        }
        let default_name = fence.info.get("file").and_then(|f| f.rsplit('/').next()).unwrap_or(claim.default_name());
        let name = fence.info.get("name").unwrap_or(default_name).to_owned();
        if name.contains('/') || name.starts_with('.') {
            self.fail(fence, format!("name={name} must be a plain file name"));
            return None;
        }
        std::fs::write(self.dir.join(&name), &text).expect("write the example");
        let args: Vec<String> = fence.info.get("args").unwrap_or("").split_whitespace().map(str::to_owned).collect();
        let (command, claimed) = claim.command(&name, &args);
        let (code, printed) = self.run(&command);
        self.report.examples += 1;
        if code != claimed {
            self.fail(
                fence,
                format!(
                    "claims check={check}, but `ctrcfg {}` exits {code} (not {claimed}) and prints\n{printed}",
                    command.join(" ")
                ),
            );
        }
        Some(Ran { claim, name, args, printed })
    }

    /// A `check=command` fence: its one line, `ctrcfg ARGS`, run in the page's directory; it
    /// must exit with the fence's `exit=` (default 0).
    fn check_command(&mut self, fence: &Fence) -> Option<Ran> {
        let line = fence.text.trim();
        let Some(args) = line.strip_prefix("ctrcfg ").filter(|_| !line.contains('\n')) else {
            self.fail(fence, format!("check=command holds one line, `ctrcfg ARGS`, not {line:?}"));
            return None;
        };
        let command: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        let claimed: i32 = fence.info.get("exit").unwrap_or("0").parse().unwrap_or(-1);
        let (code, printed) = self.run(&command);
        self.report.examples += 1;
        if code != claimed {
            self.fail(fence, format!("`{line}` exits {code} (not {claimed}) and prints\n{printed}"));
        }
        Some(Ran { claim: Claim::Command, name: String::new(), args: command, printed })
    }

    /// The example's text when it is the repository file `file` byte for byte (or, blessing,
    /// that file's text); `None` after a failure.
    fn same_as_file(&mut self, fence: &Fence, file: &str) -> Option<String> {
        let Ok(wanted) = std::fs::read_to_string(self.repo.join(file)) else {
            self.fail(fence, format!("file={file}: no such file in the repository"));
            return None;
        };
        if fence.text != wanted {
            if !self.bless {
                self.fail(
                    fence,
                    format!(
                        "the example is not {file} as the repository holds it:\n{}",
                        diff::lines(&fence.text, &wanted)
                    ),
                );
                return None;
            }
            self.replace.push((fence.body.clone(), indented(&wanted, fence.indent)));
        }
        Some(wanted)
    }

    /// Checks an output fence against the example it follows: with `path=`, a file rendered
    /// for a node of `pool=` (default worker); with `run="ARGS"`, what `ctrcfg ARGS NAME`
    /// prints; otherwise what checking the example printed.
    fn check_output(&mut self, fence: &Fence, ran: &Ran) {
        let actual = match (fence.info.get("path"), fence.info.get("run")) {
            (None, Some(_)) if ran.claim == Claim::Command => {
                return self.fail(fence, "run= outputs follow a file example, not check=command".to_owned())
            }
            (None, Some(run)) => {
                let mut command: Vec<String> = run.split_whitespace().map(str::to_owned).collect();
                command.push(ran.name.clone());
                self.run(&command).1
            }
            (None, None) => ran.printed.clone(),
            (Some(_), _) if !matches!(ran.claim, Claim::Valid | Claim::Invalid) => {
                return self.fail(fence, "path= outputs follow a config example (check=valid or invalid)".to_owned())
            }
            (Some(path), _) => {
                let pool = fence.info.get("pool").unwrap_or("worker");
                let out = format!("render-{}", fence.line);
                let mut command: Vec<String> =
                    ["render", "--format", "files", "--pool", pool, "--out", &out].map(str::to_owned).into();
                command.extend(ran.args.iter().cloned());
                command.push(ran.name.clone());
                let (_, printed) = self.run(&command);
                match std::fs::read_to_string(self.dir.join(&out).join(path.trim_start_matches('/'))) {
                    Ok(file) => file,
                    Err(_) => {
                        return self.fail(
                            fence,
                            format!(
                                "the nodes of pool {pool} get no {path}: `ctrcfg {}` prints\n{printed}",
                                command.join(" ")
                            ),
                        )
                    }
                }
            }
        };
        let actual = if actual.is_empty() || actual.ends_with('\n') { actual } else { actual + "\n" };
        if fence.text == actual {
            return;
        }
        if self.bless {
            self.replace.push((fence.body.clone(), indented(&actual, fence.indent)));
        } else {
            let what = match (fence.info.get("path"), fence.info.get("run")) {
                (Some(path), _) => path.to_owned(),
                (None, Some(run)) => format!("what `ctrcfg {run} {}` prints", ran.name),
                (None, None) => "what ctrcfg prints".to_owned(),
            };
            self.fail(
                fence,
                format!(
                    "the output shown is not {what} (- shown, + printed; CTRCFG_BLESS=1 rewrites it):\n{}",
                    diff::lines(&fence.text, &actual)
                ),
            );
        }
    }

    /// Runs the built ctrcfg in the page's directory: its exit status and stdout then stderr.
    fn run(&self, args: &[String]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_ctrcfg"))
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .expect("run ctrcfg");
        let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.code().unwrap_or(-1), printed)
    }
}

/// The names a playground deep link takes: `#preset=<name>` (a config preset) and
/// `#story=<name>` (a seed story), as web/src/presets.rs lists them.
pub struct DeepLinks {
    pub presets: Vec<String>,
    pub stories: Vec<String>,
}

impl DeepLinks {
    /// Reads each `preset("<name>", ...)` of presets.rs, before and after `STORIES` begins.
    pub fn read(presets_rs: &str) -> DeepLinks {
        let names = |part: &str| -> Vec<String> {
            part.split("preset(")
                .skip(1)
                .filter_map(|s| s.trim_start().strip_prefix('"'))
                .filter_map(|s| s.split('"').next())
                .map(str::to_owned)
                .collect()
        };
        let (presets, stories) = presets_rs.split_once("pub const STORIES").unwrap_or((presets_rs, ""));
        DeepLinks { presets: names(presets), stories: names(stories) }
    }
}

/// The page's links that lead nowhere: a relative target (anchor left aside) that is no file
/// or directory next to `page_path`, and a playground `#preset=` or `#story=` name that
/// `links` does not have.
pub fn broken_links(page_path: &Path, text: &str, links: &DeepLinks) -> Vec<String> {
    let mut broken = Vec::new();
    let dir = page_path.parent().unwrap_or(Path::new("."));
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = &rest[..end];
        let named = [("#preset=", &links.presets, "preset"), ("#story=", &links.stories, "story")]
            .into_iter()
            .find_map(|(mark, names, kind)| target.split_once(mark).map(|(_, name)| (name, names, kind)));
        if let Some((name, names, kind)) = named {
            if !names.iter().any(|p| p == name) {
                broken.push(format!("{target}: no {kind} is called {name} (web/src/presets.rs)"));
            }
        } else if !(target.contains("://") || target.starts_with('#') || target.starts_with("mailto:")) {
            let file = target.split('#').next().unwrap_or(target);
            if !dir.join(file).exists() {
                broken.push(format!("{target}: no such file next to {}", page_path.display()));
            }
        }
    }
    broken
}
