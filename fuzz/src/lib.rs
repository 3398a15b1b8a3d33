//! The fuzz targets' invariants: the same checks `tests/mutation.rs` runs, from one file.

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

pub use invariants::*;

/// Runs one check and turns a broken property into the panic libFuzzer records as a crash.
pub fn hold(outcome: Outcome) {
    if let Err(why) = outcome {
        panic!("invariant broken: {why}");
    }
}
