//! The `storybot` binary: everything lives in the library; see `storybot::cli`.

fn main() -> std::process::ExitCode {
    storybot::cli::run()
}
