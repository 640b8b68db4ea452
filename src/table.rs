//! A hash table from non-zero `u128` keys to `u32` values, built for lookups that miss the
//! cache: three entries share one 64-byte line, probing is linear and the table is kept at
//! most 60 % full, so a lookup nearly always reads one cache line; and the line can be
//! [prefetched](KeyTable::prefetch) ahead of the lookup. Used by the text pipeline's memo of
//! surface forms and by the TF-IDF bigram index, both too big for the L2 cache.

use std::hash::Hasher;

/// Three entries in one cache line (key 0: empty).
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Group {
    keys: [u128; 3],
    values: [u32; 3],
}

/// See the module documentation. Key 0 is reserved (it marks empty entries).
#[derive(Clone, Default)]
pub(crate) struct KeyTable {
    groups: Vec<Group>,
    len: usize,
}

impl std::fmt::Debug for KeyTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyTable").field("len", &self.len).finish()
    }
}

impl KeyTable {
    /// A table that holds `n` entries without growing.
    pub(crate) fn with_capacity(n: usize) -> KeyTable {
        let mut t = KeyTable::default();
        let mut groups = 16;
        while !fits(n, groups) {
            groups *= 2;
        }
        t.groups = vec![Group::default(); groups];
        t
    }

    /// The hash of `key`, from which [`KeyTable::prefetch_hashed`] and
    /// [`KeyTable::get_hashed`] find its line: a caller that does both hashes the key once.
    /// It does not depend on the table, so it stays valid as the table grows.
    #[inline]
    pub(crate) fn hash(key: u128) -> usize {
        let mut h = rustc_hash::FxHasher::default();
        h.write_u128(key);
        h.finish() as usize
    }

    #[inline]
    fn first_group(&self, key: u128) -> usize {
        KeyTable::hash(key) & (self.groups.len() - 1)
    }

    /// Starts loading the line where `key` would be found.
    #[inline]
    pub(crate) fn prefetch(&self, key: u128) {
        self.prefetch_hashed(KeyTable::hash(key));
    }

    /// [`KeyTable::prefetch`] for the key whose [hash](KeyTable::hash) is `hash`.
    #[inline]
    pub(crate) fn prefetch_hashed(&self, hash: usize) {
        if !self.groups.is_empty() {
            crate::prefetch::prefetch(&self.groups[hash & (self.groups.len() - 1)]);
        }
    }

    /// The value stored for `key` (the first stored, should it have been inserted twice).
    #[inline]
    pub(crate) fn get(&self, key: u128) -> Option<u32> {
        self.get_hashed(KeyTable::hash(key), key)
    }

    /// [`KeyTable::get`] for `key`, whose [hash](KeyTable::hash) is `hash`.
    #[inline]
    pub(crate) fn get_hashed(&self, hash: usize, key: u128) -> Option<u32> {
        if key == 0 || self.groups.is_empty() {
            return None;
        }
        let mask = self.groups.len() - 1;
        let mut g = hash & mask;
        loop {
            let group = &self.groups[g];
            for e in 0..3 {
                if group.keys[e] == key {
                    return Some(group.values[e]);
                }
                if group.keys[e] == 0 {
                    return None;
                }
            }
            g = (g + 1) & mask;
        }
    }

    /// Stores `value` for `key` (key 0 is ignored). A key stored twice takes two entries and
    /// [`KeyTable::get`] finds the first, so callers check first when that matters.
    pub(crate) fn insert(&mut self, key: u128, value: u32) {
        if key == 0 {
            return;
        }
        if !fits(self.len + 1, self.groups.len()) {
            self.grow();
        }
        self.place(key, value);
        self.len += 1;
    }

    fn place(&mut self, key: u128, value: u32) {
        let mask = self.groups.len() - 1;
        let mut g = self.first_group(key);
        loop {
            let group = &mut self.groups[g];
            if let Some(e) = group.keys.iter().position(|&k| k == 0) {
                group.keys[e] = key;
                group.values[e] = value;
                return;
            }
            g = (g + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = (self.groups.len() * 2).max(16);
        let old = std::mem::replace(&mut self.groups, vec![Group::default(); n]);
        for group in old {
            for e in 0..3 {
                if group.keys[e] != 0 {
                    self.place(group.keys[e], group.values[e]);
                }
            }
        }
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Removes every entry, keeping the allocation.
    pub(crate) fn clear(&mut self) {
        self.groups.fill(Group::default());
        self.len = 0;
    }
}

/// Whether `n` entries keep `groups` groups at most 60 % full.
fn fits(n: usize, groups: usize) -> bool {
    n * 5 <= groups * 3 * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_through_growth_and_clear() {
        let mut t = KeyTable::default();
        assert_eq!(t.get(5), None);
        t.prefetch(5);
        for k in 1..=5000u128 {
            t.insert(k * 0x1_0000_0001, k as u32);
        }
        t.insert(0, 9);
        assert_eq!(t.len(), 5000);
        for k in 1..=5000u128 {
            assert_eq!(t.get(k * 0x1_0000_0001), Some(k as u32));
        }
        assert_eq!((t.get(0), t.get(3)), (None, None));
        t.clear();
        assert_eq!((t.len(), t.get(0x1_0000_0001)), (0, None));
    }

    #[test]
    fn with_capacity_does_not_grow() {
        let mut t = KeyTable::with_capacity(1000);
        let groups = t.groups.len();
        for k in 1..=1000u128 {
            t.insert(k, 0);
        }
        assert_eq!(t.groups.len(), groups);
    }
}
