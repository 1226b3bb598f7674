//! Jenkins' one-at-a-time hash and the machine's pointer width, in Rust through PyO3.
use pyo3::prelude::*;

/// Bob Jenkins' one-at-a-time hash of a bytes object.
#[pyfunction]
fn one_at_a_time(data: &[u8]) -> u32 {
    let mut hash: u32 = 0;
    for byte in data {
        hash = hash.wrapping_add(u32::from(*byte));
        hash = hash.wrapping_add(hash << 10);
        hash ^= hash >> 6;
    }
    hash = hash.wrapping_add(hash << 3);
    hash ^= hash >> 11;
    hash.wrapping_add(hash << 15)
}

/// Bits in a pointer on the machine the module was compiled for.
#[pyfunction]
fn pointer_bits() -> usize {
    std::mem::size_of::<usize>() * 8
}

#[pymodule]
fn matsum(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(one_at_a_time, module)?)?;
    module.add_function(wrap_pyfunction!(pointer_bits, module)?)?;
    Ok(())
}
