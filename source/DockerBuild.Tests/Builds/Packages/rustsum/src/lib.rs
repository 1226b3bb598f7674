//! FNV-1a and the machine's pointer width, in Rust through PyO3.
use pyo3::prelude::*;

/// The 64-bit FNV-1a hash of a bytes object.
#[pyfunction]
fn fnv1a64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Bits in a pointer on the machine the module was compiled for.
#[pyfunction]
fn pointer_bits() -> usize {
    std::mem::size_of::<usize>() * 8
}

#[pymodule]
fn rustsum(_py: Python<'_>, module: &PyModule) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(fnv1a64, module)?)?;
    module.add_function(wrap_pyfunction!(pointer_bits, module)?)?;
    Ok(())
}
