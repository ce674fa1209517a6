//! Every sort in the crate, through a few shared non-generic functions.
//!
//! `slice::sort_by` (driftsort) and `sort_unstable_by` (ipnsort) are compiled anew for every
//! element type and comparator closure, several KB of wasm each; with one instantiation per call
//! site they took about an eighth of the `.wasm` (issue 9). Here a sort is an order of indices
//! computed by one function ([`order_by`], stable, the comparator behind `dyn`) and applied by
//! swaps ([`apply_order`]), plus [`sort_f64`] for plain numbers; both use one small merge sort
//! instead of `core::slice::sort` (about 1 KB against 5–10 KB per instantiation). The small
//! generic wrappers only build the comparator and the swap.

use core::cmp::Ordering;

/// Sorts ascending by [`f64::total_cmp`] (−0 before +0). Values that compare equal are the same
/// bits, so stability does not matter.
pub fn sort_f64(v: &mut [f64]) {
    merge_sort(v, |a, b| a.total_cmp(&b).is_le());
}

/// The indices `0..n` in the stable order that `cmp` (comparing two indices) defines: ties keep
/// their index order, as `sort_by` does.
pub fn order_by(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    merge_sort(&mut idx, |a, b| cmp(a, b).is_le());
    idx
}

/// Stable bottom-up merge sort by `le` (a ≤ b), with insertion sort on short runs. Small where
/// `core::slice::sort` is large; instantiated twice (indices and `f64`).
fn merge_sort<T: Copy>(v: &mut [T], mut le: impl FnMut(T, T) -> bool) {
    const RUN: usize = 16;
    let n = v.len();
    if v.windows(2).all(|w| le(w[0], w[1])) {
        return;
    }
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let x = v[i];
            let mut j = i;
            // Shift only greater elements: equal ones keep their order.
            while j > start && !le(v[j - 1], x) {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
        }
    }
    if n <= RUN {
        return;
    }
    let mut buf = v.to_vec();
    let in_buf = {
        let (mut src, mut dst): (&mut [T], &mut [T]) = (v, &mut buf);
        let mut in_buf = false;
        let mut width = RUN;
        while width < n {
            for lo in (0..n).step_by(2 * width) {
                let mid = (lo + width).min(n);
                let hi = (lo + 2 * width).min(n);
                let (mut i, mut j) = (lo, mid);
                for slot in &mut dst[lo..hi] {
                    // Take from the left run on ties (stability).
                    if j >= hi || (i < mid && le(src[i], src[j])) {
                        *slot = src[i];
                        i += 1;
                    } else {
                        *slot = src[j];
                        j += 1;
                    }
                }
            }
            core::mem::swap(&mut src, &mut dst);
            in_buf = !in_buf;
            width *= 2;
        }
        in_buf
    };
    if in_buf {
        v.copy_from_slice(&buf);
    }
}

/// Indices sorting `keys` ascending by [`f64::total_cmp`], stable (R's `order` for data without
/// NaN).
pub fn order_f64(keys: &[f64]) -> Vec<usize> {
    order_by(keys.len(), &mut |a, b| keys[a].total_cmp(&keys[b]))
}

/// Rearranges a sequence so that position `k` receives the element at `order[k]`, by calling
/// `swap(i, j)`; `order` must be a permutation of `0..order.len()`.
pub fn apply_order(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for i in 0..order.len() {
        // Follow the cycle through i; a finished position is marked by order[j] == j.
        let mut j = i;
        while order[j] != j {
            let k = order[j];
            order[j] = j;
            if k == i {
                break;
            }
            swap(j, k);
            j = k;
        }
    }
}

/// Stable sort by `cmp`, as `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order_by(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    apply_order(order, &mut |a, b| v.swap(a, b));
}

/// Stable sort by an `f64` key compared with [`f64::total_cmp`], as
/// `v.sort_by(|a, b| key(a).total_cmp(&key(b)))`.
pub fn sort_by_f64<T>(v: &mut [T], key: impl Fn(&T) -> f64) {
    let keys: Vec<f64> = v.iter().map(key).collect();
    apply_order(order_f64(&keys), &mut |a, b| v.swap(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_complete() {
        let mut v: Vec<(f64, usize)> = [3.0, 1.0, 2.0, 1.0, -0.0, 0.0, 3.0, f64::INFINITY]
            .iter()
            .enumerate()
            .map(|(i, &x)| (x, i))
            .collect();
        let mut expect = v.clone();
        expect.sort_by(|a, b| a.0.total_cmp(&b.0));
        sort_by_f64(&mut v, |p| p.0);
        assert_eq!(
            v.iter().map(|p| p.1).collect::<Vec<_>>(),
            expect.iter().map(|p| p.1).collect::<Vec<_>>()
        );
        let mut w = vec![5, 3, 9, 1, 1, 0, 7];
        sort_by(&mut w, |a, b| b.cmp(a));
        assert_eq!(w, [9, 7, 5, 3, 1, 1, 0]);
        let mut x = vec![2.0, -1.0, 0.0, -0.0];
        sort_f64(&mut x);
        assert_eq!(
            x.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            [-1.0f64, -0.0, 0.0, 2.0].map(f64::to_bits)
        );
    }

    #[test]
    fn matches_std_stable_sort() {
        // A simple LCG: many lengths around the run size and its multiples, many ties.
        let mut state = 12345u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for n in (0..70).chain([127, 128, 129, 500, 1000, 4097]) {
            for modulus in [3, 50, 1 << 20] {
                let keys: Vec<f64> = (0..n).map(|_| (next() % modulus) as f64 - 1.0).collect();
                let mut expect: Vec<usize> = (0..n).collect();
                expect.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
                assert_eq!(order_f64(&keys), expect, "n = {n}");
                let mut sorted = keys.clone();
                sort_f64(&mut sorted);
                let mut std_sorted = keys.clone();
                std_sorted.sort_by(f64::total_cmp);
                assert_eq!(sorted, std_sorted);
            }
        }
    }

    #[test]
    fn permutations() {
        // Every permutation of 0..5 applied to a vector gives the vector reindexed.
        fn perms(prefix: Vec<usize>, rest: Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if rest.is_empty() {
                out.push(prefix);
                return;
            }
            for (i, &r) in rest.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(r);
                let mut q = rest.clone();
                q.remove(i);
                perms(p, q, out);
            }
        }
        let mut all = Vec::new();
        perms(Vec::new(), (0..5).collect(), &mut all);
        for p in all {
            let mut v: Vec<usize> = (10..15).collect();
            apply_order(p.clone(), &mut |a, b| v.swap(a, b));
            assert_eq!(v, p.iter().map(|&i| i + 10).collect::<Vec<_>>());
        }
    }
}
