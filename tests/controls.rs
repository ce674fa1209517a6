//! Every control means what it says (issue 13), through the analysis API: the dropout rule
//! `none` leaves dropouts out instead of carrying their last score (which is `carryLast`, the
//! default, and equals LOCF numerically).

use analgesic_endpoints::analysis::{analyze, Options};
use analgesic_endpoints::endpoints::impute::DropoutRule;
use analgesic_endpoints::input::TableSource;
use analgesic_endpoints::report::Report;

fn example(options: &Options) -> Report {
    let read = |f: &str| {
        TableSource::Text(std::fs::read_to_string(format!("www/example/{f}")).expect("example"))
    };
    analyze(
        &read("subjects.csv"),
        &read("pain.csv"),
        Some(&read("rescue.csv")),
        options,
    )
    .expect("analysis")
}

fn with_dropout(d: DropoutRule) -> Report {
    let mut o = Options::default();
    o.imputation.dropout = d;
    example(&o)
}

#[test]
fn dropout_none_leaves_dropouts_out_and_says_so() {
    let carry = with_dropout(DropoutRule::CarryLast);
    let locf = with_dropout(DropoutRule::Locf);
    let none = with_dropout(DropoutRule::None);
    let p = |r: &Report| r.comparisons[0].pain.welch.ok().expect("welch").p_value;
    let n = |r: &Report| r.comparisons[0].pain.active.n + r.comparisons[0].pain.reference.n;
    // Carrying the last score flat is LOCF in effect: the same AUCs.
    assert_eq!(p(&carry), p(&locf));
    assert_eq!(n(&carry), 440);
    // "none" is complete cases: fewer subjects, another p-value, a warning with the count.
    let w = none
        .warnings
        .iter()
        .find(|w| w.code == "droppedOutLeftOut")
        .expect("the dropouts are counted");
    assert!(w.count > 0);
    assert_eq!(n(&none), 440 - w.count);
    assert_ne!(p(&none), p(&carry));
    assert!(none
        .methods
        .paragraphs
        .iter()
        .any(|t| t.contains("left out of the pain analysis (complete cases)")));
    // The default is carryLast, and no subject is left out for it.
    assert_eq!(
        Options::default().imputation.dropout,
        DropoutRule::CarryLast
    );
    assert!(!carry.warnings.iter().any(|w| w.code == "droppedOutLeftOut"));
}
