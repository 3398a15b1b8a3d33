//! Arbitrary text (read as JSON, YAML or HCL by the first byte) completed and hovered at the
//! start, the end, the middle and a few offsets the input picks: no panic, and every completion
//! replaces a span inside the text, on character boundaries, that holds the offset.
#![no_main]

use fislint::assist::{complete, hover};
use fislint::catalog::Catalog;
use fislint::source::Syntax;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let syntax = match first % 3 {
        0 => Syntax::Json,
        1 => Syntax::Yaml,
        _ => Syntax::Hcl,
    };
    let text = String::from_utf8_lossy(rest);
    let catalog = Catalog::builtin();
    let picked = rest.iter().take(4).map(|&b| usize::from(b) * text.len() / 255);
    let offsets = [0, text.len(), text.len() / 2, text.len() + 1].into_iter().chain(picked);
    for offset in offsets {
        for item in complete(&text, syntax, offset, catalog) {
            let span = item.replace;
            assert!(span.start() <= offset && offset <= span.end(), "{span:?} misses {offset}");
            assert!(text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()));
        }
        if let Some(found) = hover(&text, syntax, offset, catalog) {
            assert!(text.get(found.span.start()..found.span.end()).is_some());
        }
    }
});
