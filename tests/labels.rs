//! Column labels (`input.labels`): echoed in the report's settings, used by the methods text,
//! and refused with an options error naming the key when a label is empty, too long, holds a
//! control character, or names no column of the tables.

use analgesic_endpoints::analysis::{analyze, Options, MAX_LABELS};
use analgesic_endpoints::error::AnalysisError;
use analgesic_endpoints::input::{TableSource, MAX_LABEL_CHARS};
use analgesic_endpoints::report::Report;
use std::collections::BTreeMap;

fn read(t: &str) -> TableSource {
    TableSource::Text(
        std::fs::read_to_string(format!(
            "{}/www/example/{t}.csv",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("example table"),
    )
}

fn run(o: &Options) -> Result<Report, AnalysisError> {
    analyze(&read("subjects"), &read("pain"), Some(&read("rescue")), o)
}

fn labelled(pairs: &[(&str, &str)]) -> Options {
    let mut o = Options::default();
    o.model.subgroups = vec!["ANESTH".into()];
    o.model.moderators = vec!["LIDOVOL".into()];
    o.strata.column = Some("SITEID".into());
    o.input.labels = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    o
}

fn options_message(o: &Options) -> String {
    match run(o) {
        Err(AnalysisError::Options { message }) => message,
        Err(e) => panic!("expected an options error, got {e}"),
        Ok(_) => panic!("expected an options error, the analysis ran"),
    }
}

#[test]
fn labels_are_echoed_and_name_columns_in_the_methods_text() {
    let o = labelled(&[
        ("ANESTH", "Anesthesia"),
        ("LIDOVOL", "Lidocaine volume (mL)"),
        ("SITEID", "Study site"),
        // A pain-table and a rescue-table column may be labelled too.
        ("AVAL", "Pain score (NRS)"),
        ("DRUG", "Rescue drug"),
    ]);
    let r = run(&o).expect("the example analyses with labels");
    assert_eq!(r.settings.options.input.labels, o.input.labels);
    let json = serde_json::to_value(&r).expect("report as JSON");
    assert_eq!(
        json["settings"]["input"]["labels"]["LIDOVOL"],
        "Lidocaine volume (mL)"
    );
    let methods = r.methods.paragraphs.join("\n");
    for want in [
        "Anesthesia (ANESTH) was analysed as a subgroup",
        "Lidocaine volume (mL) (LIDOVOL) was analysed as a continuous effect modifier",
        "levels of Study site (SITEID) as strata",
        // The R code keeps the column names.
        "arm * factor(ANESTH)",
        "trt.vs.ctrl ~ arm | LIDOVOL",
    ] {
        assert!(methods.contains(want), "{want:?} not in {methods}");
    }
    // The numbers do not depend on the labels.
    let plain = run(&labelled(&[])).expect("the example analyses");
    assert_eq!(
        serde_json::to_value(&plain.models).expect("models"),
        serde_json::to_value(&r.models).expect("models")
    );
    assert!(plain
        .methods
        .paragraphs
        .join("\n")
        .contains(" ANESTH was analysed as a subgroup"));
}

#[test]
fn labels_from_json_options() {
    let o: Options = serde_json::from_str(
        r#"{ "model": { "subgroups": ["ANESTH"] }, "input": { "labels": { "ANESTH": "Anesthesia" } } }"#,
    )
    .expect("options with labels");
    assert_eq!(o.input.label_of("ANESTH"), "Anesthesia");
    assert_eq!(o.input.label_of("SEX"), "SEX");
    assert_eq!(o.input.label_and_name("ANESTH"), "Anesthesia (ANESTH)");
    assert_eq!(o.input.label_and_name("SEX"), "SEX");
    assert!(run(&o).is_ok());
    // A label must be text.
    assert!(
        serde_json::from_str::<Options>(r#"{ "input": { "labels": { "ANESTH": 3 } } }"#).is_err()
    );
}

#[test]
fn bad_labels_are_options_errors_naming_the_key() {
    let long = "x".repeat(MAX_LABEL_CHARS + 1);
    let cases: Vec<(Options, Vec<String>)> = vec![
        (
            labelled(&[("ANESTH", long.as_str())]),
            vec![
                "input.labels[\"ANESTH\"]".into(),
                format!("{} characters", MAX_LABEL_CHARS + 1),
                format!("at most {MAX_LABEL_CHARS}"),
            ],
        ),
        (
            labelled(&[("ANESTH", "  ")]),
            vec!["input.labels[\"ANESTH\"] is empty".into()],
        ),
        (
            labelled(&[("LIDOVOL", "Lidocaine\nvolume")]),
            vec![
                "input.labels[\"LIDOVOL\"]".into(),
                "control character".into(),
            ],
        ),
        (
            labelled(&[("ANESTHESIA", "Anesthesia")]),
            vec![
                "input.labels: \"ANESTHESIA\" is not a column".into(),
                "subjects, pain or rescue".into(),
            ],
        ),
        (
            // Compared exactly: case matters.
            labelled(&[("anesth", "Anesthesia")]),
            vec!["\"anesth\" is not a column".into()],
        ),
        (
            labelled(&[("", "Nothing")]),
            vec!["empty column name".into()],
        ),
    ];
    for (o, wants) in cases {
        let m = options_message(&o);
        for want in wants {
            assert!(m.contains(&want), "{want:?} not in {m:?}");
        }
    }
    // Exactly the longest label is fine, in characters rather than bytes.
    let longest = "é".repeat(MAX_LABEL_CHARS);
    assert!(run(&labelled(&[("ANESTH", longest.as_str())])).is_ok());
    // Too many labels are refused before the tables are read.
    let mut o = Options::default();
    o.input.labels = (0..=MAX_LABELS)
        .map(|i| (format!("C{i}"), "label".to_string()))
        .collect::<BTreeMap<_, _>>();
    let m = options_message(&o);
    assert!(
        m.contains("input.labels has") && m.contains(&format!("at most {MAX_LABELS}")),
        "{m}"
    );
}
