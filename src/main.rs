use std::process::ExitCode;

fn main() -> ExitCode {
    fislint::cli::run()
}
