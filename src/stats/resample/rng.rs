//! The random number generator of the resampling engine: xoshiro256** (Blackman & Vigna 2021),
//! seeded per block by SplitMix64 (Steele, Lea & Flood 2014), with unbiased bounded integers by
//! Lemire's multiply-and-reject method (Lemire 2019) on 32-bit halves ([`Xoshiro256::below`],
//! [`Xoshiro256::below2`]) or 16-bit quarters ([`Xoshiro256::below4`], for bounds ≤ 2¹⁶) of
//! the 64-bit outputs.
//!
//! Everything is integer arithmetic on `u64`/`u32` (wrapping adds, shifts, rotations, 32×32→64
//! multiplications), so a native build and a wasm32 build produce the same stream bit for bit.
//!
//! # Seeding (one independent stream per block)
//! [`Xoshiro256::for_block`]`(seed, block)`:
//! 1. `h = mix64(seed) ^ mix64(block ^ 0x6A09E667F3BCC909)`, where `mix64` is SplitMix64's
//!    output function (`z = (z ^ z>>30)·0xBF58476D1CE4E5B9; z = (z ^ z>>27)·0x94D049BB133111EB;
//!    z ^ z>>31`), a bijection of `u64`;
//! 2. the four state words are the first four outputs of SplitMix64 started at state `h`
//!    (state += 0x9E3779B97F4A7C15, then `mix64`), as Vigna recommends for seeding xoshiro; an
//!    all-zero state, the one xoshiro cannot leave, would need four zero outputs of a bijection
//!    over consecutive states and cannot occur.
//!
//! References: Blackman D., Vigna S. (2021), Scrambled linear pseudorandom number generators,
//! ACM Trans. Math. Softw. 47(4):36; Steele G.L., Lea D., Flood C.H. (2014), Fast splittable
//! pseudorandom number generators, OOPSLA; Lemire D. (2019), Fast random integer generation in
//! an interval, ACM Trans. Model. Comput. Simul. 29(1):3.

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijection of `u64` with good avalanche.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea & Flood 2014): `state += 0x9E3779B97F4A7C15; mix64(state)`.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2021), period 2²⁵⁶ − 1. Bounded integers are drawn from
/// 32-bit halves of its outputs (high half first, then low half), see [`Xoshiro256::below`].
#[derive(Debug, Clone)]
pub struct Xoshiro256 {
    s: [u64; 4],
    /// The unused low half of the last output, if any.
    spare: Option<u32>,
}

impl Xoshiro256 {
    /// The generator whose state is the first four outputs of SplitMix64 started at `seed`.
    pub fn from_splitmix(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        Xoshiro256 { s, spare: None }
    }

    /// The generator of block `block` of the run with seed `seed` (see the module docs).
    pub fn for_block(seed: u64, block: u64) -> Self {
        Self::from_splitmix(mix64(seed) ^ mix64(block ^ 0x6A09_E667_F3BC_C909))
    }

    /// The next 64-bit output: `rotl(s1·5, 7)·9`, then the xoshiro256 state transition.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// The next 32 bits: the high half of a fresh 64-bit output, or the low half kept from
    /// the previous call.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        match self.spare.take() {
            Some(lo) => lo,
            None => {
                let x = self.next_u64();
                self.spare = Some(x as u32);
                (x >> 32) as u32
            }
        }
    }

    /// Two uniform integers in `0..n_a` and `0..n_b` (both ≥ 1) from one 64-bit output: its
    /// high half for the first, its low half for the second, each by Lemire's method as in
    /// [`Self::below`]; a rejected half is redrawn from the high halves of fresh outputs. (The
    /// permutation shuffle's draw: half the generator calls of [`Self::below`], no buffering.)
    #[inline(always)]
    pub fn below2(&mut self, n_a: u32, n_b: u32) -> (u32, u32) {
        let x = self.next_u64();
        let a = self.lemire((x >> 32) as u32, n_a);
        let b = self.lemire(x as u32, n_b);
        (a, b)
    }

    /// Four uniform integers in `0..n[k]` (each `1 ≤ n[k] ≤ 2¹⁶`) from one 64-bit output, its
    /// 16-bit quarters from the most significant down, each by Lemire's method on 16 bits
    /// (`m = x·n`, reject when `m mod 2¹⁶ < 2¹⁶ mod n`); a rejected quarter is redrawn from the
    /// top 16 bits of fresh outputs.
    #[inline(always)]
    pub fn below4(&mut self, n: [u32; 4]) -> [u32; 4] {
        let x = self.next_u64();
        let mut out = [0u32; 4];
        for k in 0..4 {
            let q = ((x >> (48 - 16 * k)) & 0xFFFF) as u32;
            out[k] = self.lemire16(q, n[k]);
        }
        out
    }

    #[inline(always)]
    fn lemire16(&mut self, x: u32, n: u32) -> u32 {
        let mut m = x * n;
        if (m & 0xFFFF) < n {
            let threshold = (65_536 - n) % n.max(1);
            while (m & 0xFFFF) < threshold {
                m = ((self.next_u64() >> 48) as u32) * n;
            }
        }
        m >> 16
    }

    #[inline(always)]
    fn lemire(&mut self, x: u32, n: u32) -> u32 {
        let mut m = u64::from(x) * u64::from(n);
        if (m as u32) < n {
            let threshold = n.wrapping_neg() % n.max(1);
            while (m as u32) < threshold {
                m = (self.next_u64() >> 32) * u64::from(n);
            }
        }
        (m >> 32) as u32
    }

    /// A uniform integer in `0..n` (`n ≥ 1`), without bias, by Lemire's method: `m = x·n` for a
    /// 32-bit `x`; accept `m >> 32` unless the low half `m mod 2³²` is below `2³² mod n`, then
    /// draw again. A draw is rejected with probability `(2³² mod n)/2³² < n/2³²`; the expected
    /// number of draws is below 1 + n/2³². Returns 0 for `n = 0` (not used).
    #[inline]
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        let mut m = u64::from(self.next_u32()) * u64::from(n);
        if (m as u32) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u32) < threshold {
                m = u64::from(self.next_u32()) * u64::from(n);
            }
        }
        (m >> 32) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 from seed 1234567: the reference outputs of Vigna's splitmix64.c.
    #[test]
    fn splitmix64_reference_outputs() {
        let mut sm = SplitMix64::new(1_234_567);
        let want = [
            6_457_827_717_110_365_317u64,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
            16_408_922_859_458_223_821,
        ];
        for w in want {
            assert_eq!(sm.next_u64(), w);
        }
    }

    /// xoshiro256** from the state [1, 2, 3, 4]: the reference outputs of Vigna's
    /// xoshiro256starstar.c (as in the `rand_xoshiro` test suite).
    #[test]
    fn xoshiro256starstar_reference_outputs() {
        let mut r = Xoshiro256 {
            s: [1, 2, 3, 4],
            spare: None,
        };
        let want = [
            11_520u64,
            0,
            1_509_978_240,
            1_215_971_899_390_074_240,
            1_216_172_134_540_287_360,
            607_988_272_756_665_600,
            16_172_922_978_634_559_625,
            8_476_171_486_693_032_832,
            10_595_114_339_597_558_777,
            2_904_607_092_377_533_576,
        ];
        for w in want {
            assert_eq!(r.next_u64(), w);
        }
    }

    /// Pins the per-block streams: any change of the seeding or of `below` changes every
    /// resampling result, so it must be deliberate.
    #[test]
    fn block_streams_are_pinned() {
        let mut r = Xoshiro256::for_block(20_261_206, 0);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut r = Xoshiro256::for_block(20_261_206, 1);
        let second: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut r = Xoshiro256::for_block(20_261_206, 0);
        let bounded: Vec<u32> = (0..8).map(|_| r.below(10)).collect();
        assert_eq!(first, PINNED_FIRST);
        assert_eq!(second, PINNED_SECOND);
        assert_eq!(bounded, PINNED_BOUNDED);
        assert_ne!(first, second);
    }

    /// From an independent Python transcription of the three algorithms.
    #[test]
    fn below2_is_pinned_and_in_range() {
        let mut r = Xoshiro256::for_block(20_261_206, 0);
        let got: Vec<(u32, u32)> = (0..4).map(|_| r.below2(10, 9)).collect();
        assert_eq!(got, PINNED_BELOW2);
        for _ in 0..10_000 {
            let (a, b) = r.below2(3, 1);
            assert!(a < 3 && b == 0);
        }
    }

    #[test]
    fn below4_is_pinned_and_in_range() {
        let mut r = Xoshiro256::for_block(20_261_206, 0);
        let got: Vec<[u32; 4]> = (0..3).map(|_| r.below4([10, 9, 8, 7])).collect();
        assert_eq!(got, [[4, 3, 0, 1], [9, 3, 7, 1], [0, 4, 0, 1]]);
        let mut hits = [0u32; 3];
        for _ in 0..30_000 {
            let q = r.below4([65_536, 3, 1, 65_535]);
            assert!(q[1] < 3 && q[2] == 0 && q[3] < 65_535);
            hits[q[1] as usize] += 1;
        }
        for h in hits {
            assert!((9_500..10_500).contains(&h), "{hits:?}");
        }
    }

    const PINNED_BELOW2: [(u32, u32); 4] = [(4, 0), (9, 8), (0, 0), (5, 2)];

    const PINNED_FIRST: [u64; 3] = [
        7_841_714_193_648_072_438,
        18_226_749_384_739_990_456,
        741_832_348_125_838_306,
    ];
    const PINNED_SECOND: [u64; 3] = [
        5_454_861_231_209_596_135,
        3_502_548_504_381_362_213,
        8_611_262_190_746_843_696,
    ];
    const PINNED_BOUNDED: [u32; 8] = [4, 0, 9, 9, 0, 0, 5, 2];

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut r = Xoshiro256::for_block(7, 3);
        let mut hits = [0u32; 7];
        for _ in 0..70_000 {
            let k = r.below(7) as usize;
            assert!(k < 7);
            hits[k] += 1;
        }
        for h in hits {
            assert!((9_500..10_500).contains(&h), "{hits:?}");
        }
        // n = 2³² − 1 and n = 1 are valid bounds.
        assert!(r.below(u32::MAX) < u32::MAX);
        assert_eq!(r.below(1), 0);
        assert_eq!(r.below(0), 0);
    }
}
