//! A compressed sparse row (CSR) matrix of `f32`, the shape TF-IDF features take.
//!
//! It implements linfa's [`Records`] so veille's sparse models train on
//! `linfa::DatasetBase<CsrMatrix, _>` like linfa's own models do on dense arrays.

use crate::prefetch::prefetch;
use linfa::dataset::Records;
use serde::{Deserialize, Serialize};

/// Rows of (column, value) pairs, stored contiguously. Column indices in a row are sorted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CsrMatrix {
    n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
}

/// One row of a [`CsrMatrix`].
#[derive(Debug, Clone, Copy)]
pub struct SparseRow<'a> {
    /// Column indices, sorted ascending.
    pub indices: &'a [u32],
    /// Values, parallel to `indices`.
    pub values: &'a [f32],
}

impl SparseRow<'_> {
    /// Dot product with a dense vector whose length covers every index.
    #[inline]
    ///
    /// Four partial sums, so that the products (each a load from a random place in `dense`,
    /// often a cache miss) do not wait on one another's additions.
    pub fn dot(&self, dense: &[f32]) -> f32 {
        let at = |i: u32| dense.get(i as usize).copied().unwrap_or(0.0);
        let mut acc = [0f32; 4];
        let idx = self.indices.chunks_exact(4);
        let val = self.values.chunks_exact(4);
        let mut tail = 0f32;
        for (&i, &v) in idx.remainder().iter().zip(val.remainder()) {
            tail += at(i) * v;
        }
        for (i4, v4) in idx.zip(val) {
            for k in 0..4 {
                acc[k] += at(i4[k]) * v4[k];
            }
        }
        (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
    }

    /// Sum of squared values.
    pub fn squared_norm(&self) -> f32 {
        self.values.iter().map(|v| v * v).sum()
    }
}

impl CsrMatrix {
    /// An empty matrix with `n_cols` columns and no rows.
    pub fn new(n_cols: usize) -> Self {
        CsrMatrix {
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Appends a row given as (column, value) pairs sorted by column.
    ///
    /// # Panics
    /// In debug builds, if a column is out of range or columns are not strictly increasing;
    /// callers inside veille build rows that satisfy both.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, f32)>) {
        let start = self.indices.len();
        for (i, v) in entries {
            debug_assert!((i as usize) < self.n_cols);
            debug_assert!(self.indices.len() == start || self.indices.last() < Some(&i));
            self.indices.push(i);
            self.values.push(v);
        }
        self.indptr.push(self.indices.len());
    }

    /// Appends every row of `other` (which must have the same number of columns).
    pub fn append(&mut self, other: &CsrMatrix) {
        for r in 0..other.n_rows() {
            let row = other.row(r);
            self.push_row(row.indices.iter().copied().zip(row.values.iter().copied()));
        }
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored (non-zero) entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `r`. Panics if `r >= n_rows()`.
    #[inline]
    pub fn row(&self, r: usize) -> SparseRow<'_> {
        let (a, b) = (self.indptr[r], self.indptr[r + 1]);
        SparseRow {
            indices: &self.indices[a..b],
            values: &self.values[a..b],
        }
    }

    /// Asks the processor to start loading row `r` into the cache (no effect on results).
    ///
    /// The solver visits rows in random order, so each row is a cache miss; prefetching the
    /// row a few steps ahead overlaps those misses with the current row's arithmetic.
    #[inline]
    pub fn prefetch_row(&self, r: usize) {
        if let Some(&[a, b]) = self.indptr.get(r..r.saturating_add(2)) {
            let b = b.min(self.indices.len()).min(self.values.len());
            let a = a.min(b);
            let idx = self.indices[a..b].as_ptr() as *const u8;
            let val = self.values[a..b].as_ptr() as *const u8;
            // The first cache lines are enough: a long row's later lines arrive while its
            // start is being used.
            let len = ((b - a) * 4).min(512);
            let mut off = 0;
            while off < len {
                prefetch(idx.wrapping_add(off));
                prefetch(val.wrapping_add(off));
                off += 64;
            }
        }
    }

    /// A new matrix made of the given rows, in the given order.
    pub fn select_rows(&self, rows: &[usize]) -> CsrMatrix {
        let mut out = CsrMatrix::new(self.n_cols);
        for &r in rows {
            let row = self.row(r);
            out.push_row(row.indices.iter().copied().zip(row.values.iter().copied()));
        }
        out
    }
}

impl Records for CsrMatrix {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_dot_and_select() {
        let mut m = CsrMatrix::new(4);
        m.push_row([(0, 1.0), (3, 2.0)]);
        m.push_row([]);
        m.push_row([(1, 0.5)]);
        assert_eq!(m.n_rows(), 3);
        assert_eq!(m.nnz(), 3);
        assert_eq!(m.row(0).dot(&[1.0, 1.0, 1.0, 1.0]), 3.0);
        assert_eq!(m.row(1).dot(&[1.0; 4]), 0.0);
        let s = m.select_rows(&[2, 0]);
        assert_eq!(s.row(0).indices, &[1]);
        assert_eq!(s.row(1).values, &[1.0, 2.0]);
        assert_eq!(m.nsamples(), 3);
        assert_eq!(m.nfeatures(), 4);
    }

    #[test]
    fn dot_matches_the_plain_sum_at_every_length() {
        let dense: Vec<f32> = (0..12).map(|i| i as f32 * 0.5).collect();
        for len in 0..11u32 {
            let mut m = CsrMatrix::new(20);
            // The last column, 15, is past the dense vector: it counts as 0.
            m.push_row((0..len).map(|i| (if i + 1 == len { 15 } else { i }, 1.0 + i as f32)));
            let row = m.row(0);
            let plain: f32 = row
                .indices
                .iter()
                .zip(row.values)
                .map(|(&i, &v)| dense.get(i as usize).copied().unwrap_or(0.0) * v)
                .sum();
            assert!((row.dot(&dense) - plain).abs() < 1e-4, "length {len}");
        }
    }

    #[test]
    fn prefetch_accepts_any_row_number() {
        let mut m = CsrMatrix::new(4000);
        m.push_row([(0, 1.0), (3, 2.0)]);
        m.push_row([]);
        m.push_row((0..4000).map(|i| (i, 1.0)));
        for r in [0, 1, 2, 3, usize::MAX] {
            m.prefetch_row(r);
        }
        assert_eq!(m.row(0).dot(&[1.0; 4]), 3.0, "prefetching changes nothing");
    }
}
