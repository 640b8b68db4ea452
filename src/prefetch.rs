//! A software prefetch hint: asks the CPU to start loading a cache line that will be needed
//! soon, so that the load overlaps other work. A no-op on targets without the instruction.

/// Starts loading the cache line that holds `p` into all cache levels. Never faults, whatever
/// the address (a prefetch is only a hint), and changes nothing observable.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults or changes memory, and SSE is part of the x86_64 baseline.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
