//! The process's allocator settings (glibc's malloc, through `libc`,
//! already a dependency; no other allocator).
//!
//! The TUI reads on two threads (keys, and the loader with its own
//! connection). By default glibc gives the second thread an arena of its
//! own, so what the loader allocated and the key thread freed is reused by
//! neither, and it raises its mmap threshold to the largest block freed
//! (the board's rows, a few MB), after which such blocks are carved from the
//! arenas and stay resident when freed. Measured with the benchmark on
//! gen's 50,199-open site: peak RSS 41.5 MB as glibc sets it, 36.3 MB with
//! one arena and fixed thresholds (BENCHMARKS.md).

/// Blocks from this size on are mapped on their own and given back to the
/// system when freed; a free top of the heap this large is trimmed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const LARGE: libc::c_int = 128 * 1024;

/// Set the allocator up for a small resident size. Call first in `main`,
/// before any thread starts (the arena count applies to threads to come).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes malloc's parameters; called before any
    // other thread exists, so no allocation runs concurrently with it.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE);
        libc::mallopt(libc::M_TRIM_THRESHOLD, LARGE);
    }
}
