//! The `storybot` binary: everything lives in the library; see `storybot::cli`.

// mimalloc: indexing a large pack makes millions of small allocations, and a bot that runs
// for months benefits from an allocator that fragments less than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    storybot::cli::run()
}
