//! Arbitrary bytes linted as a file (named `.json`, `.yaml`, `.template`, `.tf` or `.tf.json` by
//! the first byte) and rendered through every emitter.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fislint_fuzz::hold(fislint_fuzz::lint_file_target(data)));
