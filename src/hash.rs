//! A fast non-cryptographic hash for the maps keyed by subject ids and cell texts.
//!
//! The standard library's SipHash-1-3 resists hash flooding from untrusted input; here the
//! keys are the user's own data in their own browser, and with a million subjects SipHash
//! was 5 % of the whole analysis. This is the multiply-rotate hash of rustc (`FxHasher`,
//! rustc-hash 2.x: `h = (h.rotl(5) ^ word) · K` over 8-byte words, rotated by 26 at the end so
//! that the high bits hashbrown uses for its control bytes are mixed).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

const K: u64 = 0xf135_7aea_2e62_a9c5;

/// See the module docs.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
        // The length keeps "a" and "a\0" apart.
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_finds_what_it_holds_and_nothing_else() {
        let mut m: FastMap<String, usize> = FastMap::default();
        for i in 0..10_000 {
            m.insert(format!("S-{i:05}"), i);
        }
        assert_eq!(m.len(), 10_000);
        for i in (0..10_000).step_by(7) {
            assert_eq!(m.get(format!("S-{i:05}").as_str()), Some(&i));
        }
        assert!(!m.contains_key("S-10000"));
        assert!(!m.contains_key(""));
    }

    #[test]
    fn short_keys_differing_in_length_or_padding_hash_apart() {
        let h = |s: &[u8]| {
            let mut x = FxHasher::default();
            x.write(s);
            x.finish()
        };
        assert_ne!(h(b"a"), h(b"a\0"));
        assert_ne!(h(b"12345678"), h(b"1234567"));
        assert_ne!(h(b"1"), h(b"2"));
    }
}
