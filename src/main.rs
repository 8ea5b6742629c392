//! The daocha binary: parse the command line, then hand over to the library.

fn main() -> std::process::ExitCode {
    daocha::cli::run()
}
