//! Every sort in the crate, through a few shared non-generic functions.
//!
//! `slice::sort_by` (driftsort) and `sort_unstable_by` (ipnsort) are compiled anew for every
//! element type and comparator closure, several KB of wasm each; with one instantiation per call
//! site they took about an eighth of the `.wasm` (issue 9). Here a sort is an order of indices
//! computed by one function ([`order_by`], stable, the comparator behind `dyn`) and applied by
//! swaps ([`apply_order`]); orders by one number ([`order_f64`], [`sort_by_f64`], [`sort_f64`])
//! use a small radix sort instead. Both are hand-written, about 1 KB of wasm together, against
//! 5–10 KB per instantiation of `core::slice::sort`. The generic wrappers only build the
//! comparator and the swap.

use core::cmp::Ordering;

/// Sorts ascending by [`f64::total_cmp`] (−0 before +0). Values that compare equal are the same
/// bits, so stability does not matter.
pub fn sort_f64(v: &mut [f64]) {
    let mut items: Vec<(u64, usize)> = v.iter().map(|&x| (ordered_bits(x), 0)).collect();
    radix_sort(&mut items);
    for (x, (k, _)) in v.iter_mut().zip(items) {
        *x = from_ordered_bits(k);
    }
}

/// Stable sort of (number, payload) pairs by the number ([`f64::total_cmp`]), as
/// `v.sort_by(|a, b| a.0.total_cmp(&b.0))`.
pub fn sort_f64_pairs(v: &mut [(f64, usize)]) {
    let mut items: Vec<(u64, usize)> = v.iter().map(|&(x, p)| (ordered_bits(x), p)).collect();
    radix_sort(&mut items);
    for (slot, (k, p)) in v.iter_mut().zip(items) {
        *slot = (from_ordered_bits(k), p);
    }
}

/// The `k`-th smallest value (0-based, by [`f64::total_cmp`]) of `v`, which is reordered:
/// quickselect with a three-way partition around a median of three, finished by [`sort_f64`]
/// on a short range or after too many rounds (so never quadratic).
pub fn select_f64(v: &mut [f64], k: usize) -> f64 {
    let (mut lo, mut hi) = (0, v.len());
    let mut rounds = 2 * (usize::BITS - v.len().leading_zeros()) + 4;
    while hi - lo > 32 && rounds > 0 {
        rounds -= 1;
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (v[lo], v[mid], v[hi - 1]);
        let le = |x: f64, y: f64| x.total_cmp(&y).is_le();
        let pivot = if le(a, b) == le(b, c) {
            b
        } else if le(b, a) == le(a, c) {
            a
        } else {
            c
        };
        // v[lo..lt] < pivot, v[lt..i] == pivot, v[gt..hi] > pivot.
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            match v[i].total_cmp(&pivot) {
                Ordering::Less => {
                    v.swap(lt, i);
                    lt += 1;
                    i += 1;
                }
                Ordering::Greater => {
                    gt -= 1;
                    v.swap(i, gt);
                }
                Ordering::Equal => i += 1,
            }
        }
        if k < lt {
            hi = lt;
        } else if k >= gt {
            lo = gt;
        } else {
            return pivot;
        }
    }
    sort_f64(&mut v[lo..hi]);
    v[k]
}

/// `x`'s bits mapped so that their unsigned order is the order of [`f64::total_cmp`].
fn ordered_bits(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

fn from_ordered_bits(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Stable sort of (key, payload) pairs by key: insertion sort up to 32 items, else a
/// least-significant-digit radix sort by bytes (passes where every key has the same byte are
/// skipped). As fast as `core`'s sorts on these sizes and a fraction of their code.
fn radix_sort(items: &mut Vec<(u64, usize)>) {
    let n = items.len();
    if items.windows(2).all(|w| w[0].0 <= w[1].0) {
        return;
    }
    if n <= 32 {
        for i in 1..n {
            let x = items[i];
            let mut j = i;
            while j > 0 && items[j - 1].0 > x.0 {
                items[j] = items[j - 1];
                j -= 1;
            }
            items[j] = x;
        }
        return;
    }
    let mut counts = vec![[0usize; 256]; 8];
    for &(k, _) in items.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(k >> (8 * d)) as usize & 255] += 1;
        }
    }
    let mut src = core::mem::take(items);
    let mut dst = vec![(0u64, 0usize); n];
    for (d, c) in counts.iter_mut().enumerate() {
        if c.contains(&n) {
            continue;
        }
        let mut sum = 0;
        for x in c.iter_mut() {
            let t = *x;
            *x = sum;
            sum += t;
        }
        for &it in &src {
            let b = (it.0 >> (8 * d)) as usize & 255;
            dst[c[b]] = it;
            c[b] += 1;
        }
        core::mem::swap(&mut src, &mut dst);
    }
    *items = src;
}

/// The indices `0..n` in the stable order that `cmp` (comparing two indices) defines: ties keep
/// their index order, as `sort_by` does.
pub fn order_by(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    merge_sort(&mut idx, &mut |a, b| cmp(a, b).is_le());
    idx
}

/// Stable bottom-up merge sort by `le` (a ≤ b), with insertion sort on short runs. Small where
/// `core::slice::sort` is large, but about 3× slower than it on random data: for the rarer sorts
/// by other keys than one number (labels, errors, (stratum, time)).
fn merge_sort(v: &mut [usize], le: &mut dyn FnMut(usize, usize) -> bool) {
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
        let (mut src, mut dst): (&mut [usize], &mut [usize]) = (v, &mut buf);
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
    let mut items: Vec<(u64, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, &x)| (ordered_bits(x), i))
        .collect();
    radix_sort(&mut items);
    items.into_iter().map(|(_, i)| i).collect()
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
            for modulus in [4, 50, 1 << 20, 1 << 30] {
                let keys: Vec<f64> = (0..n)
                    .map(|_| match next() % modulus {
                        0 => -0.0,
                        1 => f64::NEG_INFINITY,
                        2 => f64::NAN,
                        r => (r as f64 - modulus as f64 / 2.0) * 0.37,
                    })
                    .collect();
                let mut expect: Vec<usize> = (0..n).collect();
                expect.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
                assert_eq!(order_f64(&keys), expect, "n = {n}");
                let by = order_by(n, &mut |a, b| keys[a].total_cmp(&keys[b]));
                assert_eq!(by, expect, "n = {n}");
                let mut sorted = keys.clone();
                sort_f64(&mut sorted);
                let mut std_sorted = keys.clone();
                std_sorted.sort_by(f64::total_cmp);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&sorted), bits(&std_sorted));
                for k in [0, n / 3, n / 2, n.saturating_sub(1)] {
                    if k < n {
                        let mut w = keys.clone();
                        assert_eq!(select_f64(&mut w, k).to_bits(), std_sorted[k].to_bits());
                    }
                }
                let mut pairs: Vec<(f64, usize)> = keys.iter().map(|&x| (x, next())).collect();
                let mut std_pairs = pairs.clone();
                std_pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                sort_f64_pairs(&mut pairs);
                assert_eq!(
                    pairs
                        .iter()
                        .map(|p| (p.0.to_bits(), p.1))
                        .collect::<Vec<_>>(),
                    std_pairs
                        .iter()
                        .map(|p| (p.0.to_bits(), p.1))
                        .collect::<Vec<_>>()
                );
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
