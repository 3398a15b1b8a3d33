//! The parse-only baseline for `bench/run.py`: the same parallel walk as `fislint check`, every
//! file read and parsed into the spanned tree, no prefilter and no rules.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use fislint::source::SourceFile;
use fislint::walk::{WalkOptions, display_name, walk};

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let parsed = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let options = WalkOptions {
        exclude: Vec::new(),
        max_file_size: 10 * 1024 * 1024,
        only_templates: false,
    };
    let result = walk(&paths, &options, |path, bytes, _origin| {
        let source = SourceFile::from_bytes(display_name(path), bytes.to_vec());
        let counter = match source.parse() {
            Ok(_) => &parsed,
            Err(_) => &failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    });
    if let Err(error) = result {
        eprintln!("parse_only: {error}");
        std::process::exit(2);
    }
    println!(
        "{} files parsed, {} failed to parse",
        parsed.into_inner(),
        failed.into_inner()
    );
}

// The same allocator as the fislint binary, so the baseline differs only in the work done.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
