//! Arbitrary bytes through the template tools' functions (`validate_fis_template`,
//! `generate_fis_iam_policy`, `explain_fis_template`): as the tool's JSON arguments (first byte
//! even) or as the template text an agent sends (odd).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fislint_fuzz::hold(fislint_fuzz::validate_tool_target(data)));
