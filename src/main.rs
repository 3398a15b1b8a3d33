use std::process::ExitCode;

fn main() -> ExitCode {
    fislint::cli::run()
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
