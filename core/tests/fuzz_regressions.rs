//! Every input a fuzz campaign found breaking core, minimized and kept under
//! `tests/fuzz-regressions/<target>/`, replayed natively through the very checks of the fuzz
//! target that found it: `fuzz/src/lib.rs` is compiled in here, so a fixed finding stays fixed
//! under `cargo test` on any toolchain. Each finding has its own test saying what broke and how
//! it was fixed; `every_kept_input_still_passes` replays every file, named or not.
//!
//! Native only: the inputs are read from disk and the checks read JSON with serde_json.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../../fuzz/src/lib.rs"]
mod fuzz;

use std::path::{Path, PathBuf};

fn kept() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz-regressions")
}

/// Runs the kept input `name` of `target` through that target's checks.
fn replay(target: &str, name: &str) {
    let run = fuzz::TARGETS.iter().find(|(t, _)| *t == target).unwrap_or_else(|| panic!("no fuzz target {target}")).1;
    let path = kept().join(target).join(name);
    run(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
}

#[test]
fn every_kept_input_still_passes() {
    let mut replayed = 0;
    for dir in std::fs::read_dir(kept()).expect("tests/fuzz-regressions") {
        let target = dir.unwrap().file_name().to_string_lossy().into_owned();
        for entry in std::fs::read_dir(kept().join(&target)).unwrap() {
            replay(&target, &entry.unwrap().file_name().to_string_lossy());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no kept input under {}", kept().display());
}

/// edit: a base file with CRLF endings whose TOML does not parse. `edit::parse` reads the file
/// without its BOM and with LF endings, and reported toml_edit's error offsets as if they were
/// offsets of the user's file: one byte early per CR before the error (three for a BOM), so the
/// span could cut a character in two and the line and column were off. Fixed by mapping the
/// offsets back (`edit::base_offset`).
#[test]
fn edit_errors_in_crlf_files_point_at_the_users_bytes() {
    replay("edit", "crlf-error-offset");
}

/// edit: a base file that starts with two byte order marks. `edit::parse` strips one, toml_edit
/// took the second as a BOM of its own and wrote it back, and the edit added the first again:
/// the edited file started with two and parsed as TOML nowhere. Found by the second campaign
/// (20 minutes into `edit`). Fixed in `edit::parse`: a second BOM is an error at its bytes.
#[test]
fn a_base_file_with_two_byte_order_marks_is_refused() {
    replay("edit", "second-bom");
}

/// pools: `- name: >` (an empty folded scalar), `name: ""` or `metadata: {name: ''}` made a pool
/// with an empty name, whose label `pools.operator.machineconfiguration.openshift.io/` selects
/// nothing the MCO would; the API server requires a name. Fixed in `pools::read`: an empty name
/// is "Required value", as a missing one is (the short form, which scenarios use too, and
/// MachineConfigPool objects).
#[test]
fn pools_with_an_empty_name_are_refused() {
    replay("pools", "empty-name");
}
