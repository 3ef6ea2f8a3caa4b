//! The `storybot` binary: everything lives in the library; see `storybot::cli`.
// matrix-sdk futures are deep; rustc >= 1.94 needs a higher limit to check them
// (matrix-org/matrix-rust-sdk#6551).
#![recursion_limit = "256"]

// mimalloc: indexing a large pack makes millions of small allocations, and a bot that runs
// for months benefits from an allocator that fragments less than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    storybot::cli::run()
}
