//! Published PSI AIMS CAMIS numbers (R and SAS output printed on the CAMIS pages) reproduced from
//! the CAMIS datasets in `../shared/data/camis/`. Printed values are rounded, so each is compared
//! at the precision printed: |ours − printed| ≤ half a unit in the last printed digit.
//! Pages: <https://psiaims.github.io/CAMIS/>, sources in github.com/PSIAIMS/CAMIS (file path
//! given beside each number).

use analgesic_endpoints::stats::contingency::{chisq_test, fisher_exact, Table2x2};

/// `x` printed with `digits` digits after the decimal point equals `printed`.
fn printed(x: f64, printed: &str) {
    let digits = printed.split('.').nth(1).map_or(0, str::len);
    let want: f64 = printed.parse().expect("number");
    let half = 0.5 * 10f64.powi(-(digits as i32));
    assert!(
        (x - want).abs() <= half * (1.0 + 1e-9),
        "{x} does not print as {printed}"
    );
}

/// `x` printed with `sig` significant digits (R's default print) equals `printed`.
fn printed_sig(x: f64, printed: &str, sig: i32) {
    let want: f64 = printed.parse().expect("number");
    let mag = want.abs().log10().floor() as i32;
    let half = 0.5 * 10f64.powi(mag - sig + 1);
    assert!(
        (x - want).abs() <= half * (1.0 + 1e-9),
        "{x} does not print as {printed} ({sig} significant digits)"
    );
}

fn camis(path: &str) -> String {
    let p = format!("{}/../shared/data/camis/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

#[test]
fn printed_helpers_can_fail() {
    printed(12.1804, "12.1804");
    assert!(std::panic::catch_unwind(|| printed(12.1806, "12.1804")).is_err());
    assert!(std::panic::catch_unwind(|| printed_sig(0.0008434, "0.0008424", 4)).is_err());
}

/// Comp/r-sas_chi-sq.qmd (bronchitis: cough × bronchitis, 26 / 44 / 247 / 1002).
#[test]
fn chisq_bronchitis_r_and_sas() {
    let text = camis("chisq_fisher/bronchitis_counts.csv");
    let n: Vec<u64> = text
        .lines()
        .skip(1)
        .map(|l| {
            l.rsplit(',')
                .next()
                .expect("count")
                .trim()
                .parse()
                .expect("count")
        })
        .collect();
    assert_eq!(n, [26, 44, 247, 1002]);
    let t = Table2x2 {
        a: n[0],
        b: n[1],
        c: n[2],
        d: n[3],
    };
    // R: chisq.test(bronch) — "X-squared = 11.145, df = 1, p-value = 0.0008424"
    let y = chisq_test(&t, true).expect("Yates");
    printed(y.statistic, "11.145");
    printed_sig(y.p_value, "0.0008424", 4);
    // R: chisq.test(bronch, correct = FALSE) — "X-squared = 12.18, p-value = 0.0004829";
    // SAS PROC FREQ CHISQ: "12.1804 with a p-value of 0.0005".
    let p = chisq_test(&t, false).expect("Pearson");
    printed(p.statistic, "12.18");
    printed(p.statistic, "12.1804");
    printed_sig(p.p_value, "0.0004829", 4);
    printed(p.p_value, "0.0005");
}

/// R/association.qmd (survival::lung: ECOG fully active vs symptomatic × weight loss > 0).
#[test]
fn chisq_and_fisher_lung_ecog_weight_loss() {
    let text = camis("chisq_fisher/lung_ecog_wtloss.csv");
    // columns: "row","ph.ecog","wt.loss","ecog_symptomatic","wt_loss_pos"; empty = NA
    let mut cell = [[0u64; 2]; 2];
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let (Ok(e), Ok(w)) = (f[3].parse::<usize>(), f[4].parse::<usize>()) {
            cell[e][w] += 1;
        }
    }
    // "fully active 22 39 / symptomatic 39 113" (x = ecog group, y = wt.loss > 0)
    assert_eq!(cell, [[22, 39], [39, 113]]);
    let t = Table2x2 {
        a: cell[0][0],
        b: cell[0][1],
        c: cell[1][0],
        d: cell[1][1],
    };
    // chisq.test(tab, correct = FALSE): "X-squared = 2.3072, df = 1, p-value = 0.1288"
    let c = chisq_test(&t, false).expect("chisq");
    printed(c.statistic, "2.3072");
    printed(c.p_value, "0.1288");
    // fisher.test(tab): "p-value = 0.135", CI "0.8158882 3.2251299", "odds ratio 1.630576".
    // R solves the estimate and the limits with uniroot (absolute tolerance ~1e-4 on ψ), we to
    // full precision: agreement to about 4 significant digits is all R's print supports.
    let f = fisher_exact(&t, 0.95).expect("fisher");
    printed(f.p_value, "0.135");
    printed_sig(f.odds_ratio, "1.630576", 4);
    printed_sig(f.conf_int[0], "0.8158882", 4);
    printed_sig(f.conf_int[1], "3.2251299", 4);
}
