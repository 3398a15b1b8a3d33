//! Arbitrary bytes as a stored cache file (first byte even) or as refresh or import data (odd),
//! then read back and linted against.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fislint_fuzz::hold(fislint_fuzz::cache_ingest_target(data)));
