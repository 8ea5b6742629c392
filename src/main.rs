//! The daocha binary: set up the console, parse the command line, then hand over to the library.

// On Windows the exe is a GUI program: a double-click opens the window with no console window
// beside it (closing that console would end the program). The command line attaches to the
// console it was started from instead; see `daocha::console`.
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    let console = daocha::console::init(std::env::args_os().len() > 1);
    let code = daocha::cli::run();
    drop(console);
    code
}
