//! Input layer: parsing, column roles, validation (every defect names table, line, column).

use analgesic_endpoints::error::{InputError, Table};
use analgesic_endpoints::input::{
    build_trial, describe_table, ColumnData, ColumnOverrides, DecimalChoice, Delimiter,
    InputOptions, InputSummary, Role, ScaleChoice, TableSource,
};
use analgesic_endpoints::trial::{CovariateValue, Scale, Trial};

fn text(s: &str) -> TableSource {
    TableSource::Text(s.to_string())
}

const SUBJECTS: &str = "id,arm,baseline,age,sex\nS1,Placebo,7,54,F\nS2,Active,6,61,M\nS3,Placebo,8,,F\nS4,Active,5,47,M\n";
const PAIN: &str =
    "subject,time,score\nS1,4,6\nS1,0,7\nS1,8,\nS2,0,6\nS2,4,3\nS3,0,8\nS4,0,5\nS4,4,2\n";
const RESCUE: &str = "subject,time,drug,dose,opioid,mme\nS1,5,morphine,2,yes,2\nS1,3,paracetamol,1000,no,\nS3,6.5,oxycodone,5,Y,7.5\n";

fn ok(
    s: &TableSource,
    p: &TableSource,
    r: Option<&TableSource>,
    o: &InputOptions,
) -> (Trial, InputSummary) {
    match build_trial(s, p, r, o) {
        Ok(x) => x,
        Err(e) => panic!("unexpected errors: {e:#?}"),
    }
}

fn errs(
    s: &TableSource,
    p: &TableSource,
    r: Option<&TableSource>,
    o: &InputOptions,
) -> Vec<InputError> {
    match build_trial(s, p, r, o) {
        Ok(_) => panic!("expected errors"),
        Err(e) => {
            assert!(!e.is_empty());
            e
        }
    }
}

/// Asserts that an error with this table, line, column and message fragment exists.
#[track_caller]
fn has(e: &[InputError], table: Table, line: Option<usize>, column: Option<&str>, word: &str) {
    let found = e.iter().any(|x| {
        x.table == table
            && x.line == line
            && x.column.as_deref() == column
            && x.message.contains(word)
    });
    assert!(
        found,
        "no error {table:?} line {line:?} column {column:?} containing {word:?} in {e:#?}"
    );
}

fn pain_errs(pain: &str) -> Vec<InputError> {
    errs(&text(SUBJECTS), &text(pain), None, &InputOptions::default())
}

fn subj_errs(subjects: &str) -> Vec<InputError> {
    errs(&text(subjects), &text(PAIN), None, &InputOptions::default())
}

fn rescue_errs(rescue: &str) -> Vec<InputError> {
    errs(
        &text(SUBJECTS),
        &text(PAIN),
        Some(&text(rescue)),
        &InputOptions::default(),
    )
}

// ---------------------------------------------------------------------------------------------
// Successful builds

#[test]
fn builds_trial_sorted_with_covariates_and_summary() {
    let (trial, sum) = ok(
        &text(SUBJECTS),
        &text(PAIN),
        Some(&text(RESCUE)),
        &InputOptions::default(),
    );
    assert_eq!(trial.arms, vec!["Placebo", "Active"]);
    assert_eq!(trial.covariates, vec!["age", "sex"]);
    assert_eq!(trial.scale, Scale::NRS);
    let s1 = &trial.subjects[0];
    assert_eq!((s1.id.as_str(), s1.arm, s1.baseline), ("S1", 0, Some(7.0)));
    assert_eq!(
        s1.covariates,
        vec![
            CovariateValue::Number(54.0),
            CovariateValue::Level("F".into())
        ]
    );
    let times: Vec<f64> = s1.pain.iter().map(|o| o.time).collect();
    assert_eq!(times, vec![0.0, 4.0, 8.0]);
    assert_eq!(s1.pain[2].score, None);
    assert_eq!(s1.rescue.len(), 2);
    assert_eq!(s1.rescue[0].time, 3.0);
    assert_eq!(s1.rescue[0].opioid, Some(false));
    assert_eq!(s1.rescue[0].mme, None);
    assert_eq!(s1.rescue[1].drug.as_deref(), Some("morphine"));
    assert_eq!(s1.rescue[1].dose, Some(2.0));
    assert_eq!(trial.subjects[1].arm, 1);
    assert_eq!(trial.subjects[2].covariates[0], CovariateValue::Missing);
    assert_eq!(trial.subjects[2].rescue[0].mme, Some(7.5));
    assert!(trial.subjects[3].rescue.is_empty());

    assert!(sum.scale_inferred);
    assert_eq!(sum.scale_label, "NRS 0–10");
    assert_eq!(sum.counts.subjects, 4);
    assert_eq!(sum.counts.pain_rows, 8);
    assert_eq!(sum.counts.missing_scores, 1);
    assert_eq!(sum.counts.rescue_rows, 3);
    assert_eq!(sum.arms.len(), 2);
    assert_eq!(sum.arms[0].subjects, 2);
    assert_eq!(sum.subjects.delimiter, Some(Delimiter::Comma));
    assert!(!sum.subjects.decimal_comma);
    assert_eq!(sum.subjects.rows, 4);
    let roles: Vec<(Role, &str)> = sum
        .pain
        .roles
        .iter()
        .map(|r| (r.role, r.header.as_str()))
        .collect();
    assert_eq!(
        roles,
        vec![
            (Role::Subject, "subject"),
            (Role::Time, "time"),
            (Role::Score, "score")
        ]
    );
    assert!(sum.warnings.is_empty());

    let json = serde_json::to_value(&sum).unwrap();
    assert_eq!(json["scaleInferred"], true);
    assert_eq!(json["counts"]["missingScores"], 1);
    assert_eq!(json["pain"]["roles"][2]["role"], "score");
    assert_eq!(json["subjects"]["delimiter"], "comma");
    assert_eq!(json["pain"]["decimalComma"], false);
}

#[test]
fn adam_headers() {
    let adsl = "STUDYID,USUBJID,SUBJID,TRT01P,TRT01A,ARM,AGE\n\
                X,X-001,001,Placebo,Placebo,Placebo,50\n\
                X,X-002,002,Drug 10 mg,Drug 10 mg,Drug 10 mg,60\n\
                X,X-003,003,Placebo,Placebo,Placebo,70\n\
                X,X-004,004,Drug 10 mg,Drug 10 mg,Drug 10 mg,40\n";
    let adpain = "USUBJID,PARAMCD,TRTP,ATPTN,AVAL,BASE\n\
                  X-001,PI,Placebo,0,70,70\nX-001,PI,Placebo,4,55,70\nX-002,PI,Drug 10 mg,0,60,60\n\
                  X-002,PI,Drug 10 mg,4,20,60\nX-003,PI,Placebo,0,80,80\nX-004,PI,Drug 10 mg,0,65,65\n";
    let adcm = "USUBJID,ARELTM,CMDECOD,CMDOSE\nX-001,2.5,MORPHINE,4\n";
    let (trial, sum) = ok(
        &text(adsl),
        &text(adpain),
        Some(&text(adcm)),
        &InputOptions::default(),
    );
    assert_eq!(trial.arms, vec!["Placebo", "Drug 10 mg"]);
    assert_eq!(trial.subjects[0].id, "X-001");
    // Baseline taken from BASE of the pain table when the subjects table has none.
    assert_eq!(trial.subjects[1].baseline, Some(60.0));
    assert_eq!(trial.scale, Scale::VAS);
    assert!(sum.scale_inferred);
    assert_eq!(
        trial.covariates,
        vec!["STUDYID", "SUBJID", "TRT01A", "ARM", "AGE"]
    );
    assert_eq!(trial.subjects[0].covariates[1], CovariateValue::Number(1.0));
    assert_eq!(
        trial.subjects[0].rescue[0].drug.as_deref(),
        Some("MORPHINE")
    );
    let roles: Vec<Role> = sum.pain.roles.iter().map(|r| r.role).collect();
    assert_eq!(
        roles,
        vec![
            Role::Subject,
            Role::Time,
            Role::Score,
            Role::Arm,
            Role::Baseline,
            Role::Param
        ]
    );
    assert_eq!(sum.subjects.roles[1].header, "TRT01P");
}

#[test]
fn semicolon_decimal_comma_bom_crlf() {
    let s = "\u{FEFF}Patient;Treatment;Baseline\r\nP1;A;7,5\r\nP2;A;6\r\nP3;B;8,0\r\nP4;B;5,5\r\n\r\n\r\n";
    let p = "Patient;Hours;NRS\r\nP1;0;7,5\r\nP1;1,5;4\r\nP2;0;6\r\nP3;0;8\r\nP4;0;5,5\r\n";
    let (trial, sum) = ok(&text(s), &text(p), None, &InputOptions::default());
    assert_eq!(sum.subjects.delimiter, Some(Delimiter::Semicolon));
    assert!(sum.subjects.decimal_comma);
    assert_eq!(trial.subjects[0].baseline, Some(7.5));
    assert_eq!(trial.subjects[0].pain[1].time, 1.5);
    assert_eq!(trial.subjects[0].pain[0].score, Some(7.5));
    assert_eq!(sum.subjects.headers[0], "Patient");
    assert!(sum.rescue.is_none());
    // Declared point: "7,5" is not a number.
    let o = InputOptions {
        decimal: DecimalChoice::Point,
        ..Default::default()
    };
    let e = errs(&text(s), &text(p), None, &o);
    has(
        &e,
        Table::Subjects,
        Some(2),
        Some("Baseline"),
        "\"7,5\" is not a number",
    );
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("Hours"),
        "\"1,5\" is not a number",
    );
}

#[test]
fn tab_clipboard_and_cr_line_ends() {
    let s = "id\tarm\tnote\rS1\tA\tfine, thanks\rS2\tA\t\rS3\tB\tx; y\rS4\tB\t\r";
    let p = "id\ttime\tscore\nS1\t0\t3,5\nS2\t0\t4\nS3\t0\t5\nS4\t0\t6\n";
    let (trial, sum) = ok(&text(s), &text(p), None, &InputOptions::default());
    assert_eq!(sum.subjects.delimiter, Some(Delimiter::Tab));
    assert_eq!(
        trial.subjects[0].covariates[0],
        CovariateValue::Level("fine, thanks".into())
    );
    assert_eq!(trial.subjects[1].covariates[0], CovariateValue::Missing);
    assert_eq!(trial.subjects[0].pain[0].score, Some(3.5));
}

#[test]
fn quotes_and_line_numbers() {
    // A quoted field spanning two physical lines: later errors count physical lines.
    let s = "id,arm,comment\nS1,A,\"two\nlines\"\n\"S2\",\"A\",\"say \"\"hi\"\"\"\nS3,B,\"a,b\"\nS4,B,x\n";
    let (trial, _) = ok(&text(s), &text(PAIN), None, &InputOptions::default());
    assert_eq!(
        trial.subjects[0].covariates[0],
        CovariateValue::Level("two\nlines".into())
    );
    assert_eq!(
        trial.subjects[1].covariates[0],
        CovariateValue::Level("say \"hi\"".into())
    );
    assert_eq!(
        trial.subjects[2].covariates[0],
        CovariateValue::Level("a,b".into())
    );
    let bad = "id,arm,comment\nS1,A,\"two\nlines\"\nS2,A,ok\nS3,B\nS4,B,x\n";
    let e = errs(&text(bad), &text(PAIN), None, &InputOptions::default());
    has(
        &e,
        Table::Subjects,
        Some(5),
        None,
        "2 fields but the header has 3",
    );
    let unclosed = "id,arm\nS1,A\nS2,\"A\nS3,B\n";
    let e = errs(&text(unclosed), &text(PAIN), None, &InputOptions::default());
    has(&e, Table::Subjects, Some(3), None, "never closed");
}

#[test]
fn sep_line_and_whitespace() {
    let s = "sep=;\n id ; arm \n S1 ; A \nS2;A\nS3;B\nS4;B\n";
    let p = "subject;time;score\nS1;0;1\nS2;0;2\nS3;0;3\nS4;x;4\n";
    let e = errs(&text(s), &text(p), None, &InputOptions::default());
    assert_eq!(e.len(), 1, "{e:#?}");
    has(
        &e,
        Table::Pain,
        Some(5),
        Some("time"),
        "\"x\" is not a number",
    );
    let p = "subject;time;score\nS1;0;1\nS2;0;2\nS3;0;3\nS4;0;4\n";
    let (trial, sum) = ok(&text(s), &text(p), None, &InputOptions::default());
    assert_eq!(trial.subjects[0].id, "S1");
    assert_eq!(trial.arms, vec!["A", "B"]);
    assert_eq!(sum.subjects.headers, vec!["id", "arm"]);
}

#[test]
fn missing_values_na_and_dot() {
    let s = "id,arm,baseline,bmi\nS1,A,NA,.\nS2,A,.,22.5\nS3,B,n/a,NA\nS4,B,,30\n";
    let p = "subject,time,score\nS1,0,NA\nS2,0,.\nS3,0,5\nS4,0,\n";
    let (trial, sum) = ok(&text(s), &text(p), None, &InputOptions::default());
    assert!(trial.subjects.iter().all(|s| s.baseline.is_none()));
    assert_eq!(trial.subjects[0].covariates[0], CovariateValue::Missing);
    assert_eq!(
        trial.subjects[1].covariates[0],
        CovariateValue::Number(22.5)
    );
    assert_eq!(sum.counts.missing_scores, 3);
    assert_eq!(sum.warnings.len(), 1);
    assert!(sum.warnings[0]
        .message
        .contains("3 subject(s) have only empty pain scores"));
}

#[test]
fn typed_columns() {
    let nan = f64::NAN;
    let subjects = TableSource::Columns(vec![
        (
            "USUBJID".into(),
            ColumnData::Numbers(vec![101.0, 102.0, 103.0, 104.0]),
        ),
        (
            "TRT01P".into(),
            ColumnData::Text(vec!["P".into(), "A".into(), "P".into(), "A".into()]),
        ),
        ("BASE".into(), ColumnData::Numbers(vec![7.0, nan, 6.0, 8.0])),
        (
            "AGE".into(),
            ColumnData::Text(vec!["50".into(), "".into(), "61".into(), "70".into()]),
        ),
    ]);
    let pain = TableSource::Columns(vec![
        (
            "USUBJID".into(),
            ColumnData::Text(vec![
                "101".into(),
                "102".into(),
                "103".into(),
                "104".into(),
                "101".into(),
            ]),
        ),
        (
            "ATPTN".into(),
            ColumnData::Numbers(vec![0.0, 0.0, 0.0, 0.0, 2.0]),
        ),
        (
            "AVAL".into(),
            ColumnData::Numbers(vec![7.0, 5.0, nan, 8.0, 3.0]),
        ),
    ]);
    let (trial, sum) = ok(&subjects, &pain, None, &InputOptions::default());
    assert_eq!(trial.subjects[0].id, "101");
    assert_eq!(trial.subjects[0].pain.len(), 2);
    assert_eq!(trial.subjects[1].baseline, None);
    assert_eq!(
        trial.subjects[0].covariates[0],
        CovariateValue::Number(50.0)
    );
    assert_eq!(sum.pain.delimiter, None);
    assert_eq!(sum.counts.missing_scores, 1);

    let pain_bad = TableSource::Columns(vec![
        (
            "USUBJID".into(),
            ColumnData::Numbers(vec![101.0, 102.0, 999.0]),
        ),
        (
            "ATPTN".into(),
            ColumnData::Numbers(vec![0.0, f64::INFINITY, 0.0]),
        ),
        ("AVAL".into(), ColumnData::Numbers(vec![11.0, 5.0, 3.0])),
    ]);
    let o = InputOptions {
        scale: ScaleChoice::Nrs,
        ..Default::default()
    };
    let e = errs(&subjects, &pain_bad, None, &o);
    has(
        &e,
        Table::Pain,
        Some(2),
        Some("AVAL"),
        "outside the NRS 0–10 scale",
    );
    has(&e, Table::Pain, Some(3), Some("ATPTN"), "not a number");
    has(
        &e,
        Table::Pain,
        Some(4),
        Some("USUBJID"),
        "\"999\" is not in the subjects table",
    );

    let ragged = TableSource::Columns(vec![
        ("id".into(), ColumnData::Numbers(vec![1.0, 2.0])),
        ("arm".into(), ColumnData::Text(vec!["A".into()])),
    ]);
    let e = errs(&ragged, &pain, None, &InputOptions::default());
    has(&e, Table::Subjects, None, Some("arm"), "differ in length");
}

#[test]
fn overrides_choose_columns() {
    let s = "Kennung,Gruppe,Ausgang\nS1,A,5\nS2,A,6\nS3,B,7\nS4,B,8\n";
    let p = "Kennung,Zeit,Schmerz\nS1,0,5\nS2,0,6\nS3,0,7\nS4,0,8\n";
    let e = errs(&text(s), &text(p), None, &InputOptions::default());
    has(&e, Table::Subjects, Some(1), Some("subject"), "USUBJID");
    has(&e, Table::Subjects, Some(1), Some("arm"), "TRT01P");
    has(&e, Table::Pain, Some(1), Some("score"), "AVAL");
    let mapping = describe_table(Table::Pain, &text(p), &InputOptions::default()).unwrap();
    assert_eq!(
        mapping.missing,
        vec![Role::Subject, Role::Time, Role::Score]
    );
    assert_eq!(mapping.headers, vec!["Kennung", "Zeit", "Schmerz"]);
    assert_eq!(mapping.rows, 4);

    let json = r#"{"columns": {
        "subjects": {"id": "Kennung", "arm": "gruppe", "baseline": "Ausgang"},
        "pain": {"subject": "Kennung", "time": "Zeit", "score": "Schmerz"}
    }, "scale": "nrs", "decimal": "point"}"#;
    let o: InputOptions = serde_json::from_str(json).unwrap();
    assert_eq!(o.scale, ScaleChoice::Nrs);
    let (trial, sum) = ok(&text(s), &text(p), None, &o);
    assert_eq!(trial.subjects[3].baseline, Some(8.0));
    assert!(trial.covariates.is_empty());
    assert!(!sum.scale_inferred);
    assert_eq!(sum.subjects.roles[1].header, "Gruppe");

    // An override naming no column; a role the table does not have.
    let mut o = InputOptions::default();
    o.columns.pain.insert(Role::Score, "Pain".into());
    o.columns.subjects.insert(Role::Dose, "x".into());
    let e = errs(&text(SUBJECTS), &text(PAIN), None, &o);
    has(&e, Table::Pain, Some(1), Some("Pain"), "not in the table");
    has(
        &e,
        Table::Subjects,
        None,
        Some("x"),
        "no \"dose\" column role",
    );

    // Leaving an optional role out: the baseline column becomes a covariate.
    let mut o = InputOptions::default();
    o.columns.subjects.insert(Role::Baseline, String::new());
    let (trial, _) = ok(&text(SUBJECTS), &text(PAIN), None, &o);
    assert_eq!(trial.covariates, vec!["baseline", "age", "sex"]);
    assert!(trial.subjects[0].baseline.is_none());
}

#[test]
fn options_json_defaults_and_custom_scale() {
    let o: InputOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, InputOptions::default());
    let o: InputOptions =
        serde_json::from_str(r#"{"scale": {"custom": {"min": 0, "max": 4}}}"#).unwrap();
    assert_eq!(o.scale, ScaleChoice::Custom { min: 0.0, max: 4.0 });
    assert!(serde_json::from_str::<InputOptions>(r#"{"bogus": 1}"#).is_err());
    let _: ColumnOverrides = serde_json::from_str(r#"{"rescue": {"mme": "OME"}}"#).unwrap();

    let s = "id,arm\nS1,A\nS2,A\nS3,B\nS4,B\n";
    let p = "id,time,score\nS1,0,0\nS2,0,4\nS3,0,3\nS4,0,5\n";
    let e = errs(&text(s), &text(p), None, &o);
    has(
        &e,
        Table::Pain,
        Some(5),
        Some("score"),
        "outside the custom 0–4 scale",
    );
    let o = InputOptions {
        scale: ScaleChoice::Custom { min: 5.0, max: 1.0 },
        ..Default::default()
    };
    let e = errs(&text(s), &text(p), None, &o);
    has(&e, Table::Pain, None, Some("scale"), "min < max");
}

// ---------------------------------------------------------------------------------------------
// Each defect

#[test]
fn empty_and_header_only_tables() {
    let e = errs(&text(" \n\n"), &text(""), None, &InputOptions::default());
    has(&e, Table::Subjects, None, None, "empty");
    has(&e, Table::Pain, None, None, "empty");
    let e = errs(
        &text("id,arm\n"),
        &text("id,time,score\r\n\r\n"),
        None,
        &InputOptions::default(),
    );
    has(&e, Table::Subjects, None, None, "no data rows");
    has(&e, Table::Pain, None, None, "no data rows");
    // A subjects table without rows does not make every pain row an unknown subject.
    let e = errs(
        &text("id,arm\n"),
        &text(PAIN),
        None,
        &InputOptions::default(),
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = errs(
        &TableSource::Columns(vec![]),
        &text(PAIN),
        None,
        &InputOptions::default(),
    );
    has(&e, Table::Subjects, None, None, "empty");
}

#[test]
fn missing_required_columns() {
    let e = subj_errs("patientnumber,arm\nS1,A\n");
    has(
        &e,
        Table::Subjects,
        Some(1),
        Some("subject"),
        "no subject id column",
    );
    has(
        &e,
        Table::Subjects,
        Some(1),
        Some("subject"),
        "USUBJID, SUBJID, subject",
    );
    let e = pain_errs("subject,visit,score\nS1,1,3\n");
    has(
        &e,
        Table::Pain,
        Some(1),
        Some("time"),
        "ATPTN, ARELTM, time",
    );
    let e = rescue_errs("subject,drug\nS1,morphine\n");
    has(&e, Table::Rescue, Some(1), Some("time"), "rescue_time");
}

#[test]
fn non_numeric_cells() {
    let e = pain_errs("subject,time,score\nS1,0,7\nS1,4h,5\nS2,0,severe\n");
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("time"),
        "\"4h\" is not a number",
    );
    has(
        &e,
        Table::Pain,
        Some(4),
        Some("score"),
        "\"severe\" is not a number",
    );
    let e = subj_errs("id,arm,baseline\nS1,A,7\nS2,A,high\nS3,B,5\nS4,B,5\n");
    has(
        &e,
        Table::Subjects,
        Some(3),
        Some("baseline"),
        "\"high\" is not a number",
    );
    let e = rescue_errs("subject,time,dose,mme\nS1,1,2 mg,1\nS2,2,3,lots\nS3,,1,1\n");
    has(
        &e,
        Table::Rescue,
        Some(2),
        Some("dose"),
        "\"2 mg\" is not a number",
    );
    has(
        &e,
        Table::Rescue,
        Some(3),
        Some("mme"),
        "\"lots\" is not a number",
    );
    has(&e, Table::Rescue, Some(4), Some("time"), "time is empty");
}

#[test]
fn negative_and_missing_times() {
    let e = pain_errs("subject,time,score\nS1,-1,7\nS2,,5\n");
    has(&e, Table::Pain, Some(2), Some("time"), "negative");
    has(&e, Table::Pain, Some(3), Some("time"), "time is empty");
    let e = rescue_errs("subject,time,dose\nS1,-0.5,2\nS2,1,-3\n");
    has(&e, Table::Rescue, Some(2), Some("time"), "negative");
    has(&e, Table::Rescue, Some(3), Some("dose"), "negative");
}

#[test]
fn duplicated_time_in_pain() {
    let e = pain_errs("subject,time,score\nS1,0,7\nS1,4,5\nS2,0,6\nS1,4.0,4\nS3,0,1\nS4,0,1\n");
    has(
        &e,
        Table::Pain,
        Some(5),
        Some("time"),
        "two pain rows at time 4 (lines 3 and 5)",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
}

#[test]
fn unknown_subjects_in_pain_and_rescue() {
    let e = pain_errs("subject,time,score\nS1,0,7\nS9,0,5\nS9,4,5\nS2,0,6\n");
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("subject"),
        "\"S9\" is not in the subjects table (2 rows)",
    );
    let e = rescue_errs("subject,time\nS1,1\nX7,2\n");
    has(
        &e,
        Table::Rescue,
        Some(3),
        Some("subject"),
        "\"X7\" is not in the subjects table",
    );
    let e = pain_errs("subject,time,score\nS1,0,7\n,4,5\n");
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("subject"),
        "subject id is empty",
    );
}

#[test]
fn subjects_defects() {
    let e = subj_errs("id,arm\nS1,A\nS2,A\nS1,B\nS3,B\nS4,B\n");
    has(
        &e,
        Table::Subjects,
        Some(4),
        Some("id"),
        "\"S1\" appears twice (first on line 2)",
    );
    let e = subj_errs("id,arm\nS1,A\n,A\nS3,\nS2,B\nS4,B\n");
    has(
        &e,
        Table::Subjects,
        Some(3),
        Some("id"),
        "subject id is empty",
    );
    has(&e, Table::Subjects, Some(4), Some("arm"), "arm is empty");
    let e = subj_errs("id,arm\nS1,Placebo\nS2,Placebo\nS3,Active\nS4,active\nS5,Active\n");
    has(
        &e,
        Table::Subjects,
        Some(5),
        Some("arm"),
        "\"active\" has only 1 subject",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = subj_errs("id,arm,x,x\nS1,A,1,2\nS2,A,1,2\nS3,B,1,2\nS4,B,1,2\n");
    has(
        &e,
        Table::Subjects,
        Some(1),
        Some("x"),
        "two columns are named \"x\"",
    );
}

#[test]
fn wrong_number_of_fields() {
    let e = pain_errs("subject,time,score\nS1,0,7\nS2,0,6,1\nS3,0\n");
    has(
        &e,
        Table::Pain,
        Some(3),
        None,
        "4 fields but the header has 3",
    );
    has(
        &e,
        Table::Pain,
        Some(4),
        None,
        "2 fields but the header has 3",
    );
}

#[test]
fn scale_declared_and_inferred() {
    // Declared NRS: 11 is outside.
    let o = InputOptions {
        scale: ScaleChoice::Nrs,
        ..Default::default()
    };
    let e = errs(
        &text(SUBJECTS),
        &text("subject,time,score\nS1,0,11\nS2,0,-1\n"),
        None,
        &o,
    );
    has(
        &e,
        Table::Pain,
        Some(2),
        Some("score"),
        "11 is outside the NRS 0–10 scale",
    );
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("score"),
        "-1 is outside the NRS 0–10 scale",
    );
    // Baseline out of a declared scale.
    let e = errs(
        &text("id,arm,baseline\nS1,A,12\nS2,A,1\nS3,B,1\nS4,B,1\n"),
        &text(PAIN),
        None,
        &o,
    );
    has(
        &e,
        Table::Subjects,
        Some(2),
        Some("baseline"),
        "baseline 12 is outside the NRS 0–10 scale",
    );
    // Inferred VAS from a score of 55; inferred error above 100.
    let (t, s) = ok(
        &text(SUBJECTS),
        &text("subject,time,score\nS1,0,55\nS2,0,3\n"),
        None,
        &InputOptions::default(),
    );
    assert_eq!(
        (t.scale, s.scale_inferred, s.scale_label.as_str()),
        (Scale::VAS, true, "VAS 0–100")
    );
    let e = pain_errs("subject,time,score\nS1,0,155\nS2,0,3\n");
    has(&e, Table::Pain, None, Some("score"), "declare the scale");
    // A baseline above 10 alone makes the inferred scale VAS.
    let (t, _) = ok(
        &text("id,arm,baseline\nS1,A,70\nS2,A,1\nS3,B,1\nS4,B,1\n"),
        &text(PAIN),
        None,
        &InputOptions::default(),
    );
    assert_eq!(t.scale, Scale::VAS);
    // Inferred scale: negative scores are errors that say the scale was inferred.
    let e = pain_errs("subject,time,score\nS1,0,-2\n");
    has(&e, Table::Pain, Some(2), Some("score"), "inferred");
    // Declared VAS accepts 55.
    let o = InputOptions {
        scale: ScaleChoice::Vas,
        ..Default::default()
    };
    let (t, s) = ok(&text(SUBJECTS), &text(PAIN), None, &o);
    assert_eq!((t.scale, s.scale_inferred), (Scale::VAS, false));
}

#[test]
fn arm_and_baseline_contradictions() {
    let e = pain_errs(
        "subject,arm,time,score\nS1,Placebo,0,7\nS1,Active,4,5\nS1,Active,8,5\nS2,Active,0,6\n",
    );
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("arm"),
        "in arm \"Active\" here but in arm \"Placebo\" in the subjects table",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = rescue_errs("subject,time,trt\nS2,1,Placebo\n");
    has(
        &e,
        Table::Rescue,
        Some(2),
        Some("trt"),
        "in the subjects table",
    );
    let e = pain_errs("subject,time,score,BASE\nS1,0,7,7\nS2,0,6,5\nS3,0,6,8\nS3,1,6,9\n");
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("BASE"),
        "is 5 here but 6 in the subjects table",
    );
    has(
        &e,
        Table::Pain,
        Some(5),
        Some("BASE"),
        "is 9 here but 8 on line 4",
    );
}

#[test]
fn several_parameters() {
    // One message asking for the parameter, not an error per row of the other parameter.
    let e = pain_errs("subject,PARAMCD,time,score\nS1,PI,0,7\nS1,PAR,0,2\nS2,PAR,0,2\n");
    has(
        &e,
        Table::Pain,
        None,
        Some("param"),
        "holds 2 parameters in PARAMCD: \"PI\" (1 rows), \"PAR\" (2 rows)",
    );
    assert_eq!(e.len(), 1, "{e:?}");
}

#[test]
fn opioid_flag() {
    let e = rescue_errs("subject,time,opioid\nS1,1,maybe\nS2,1,TRUE\nS3,1,0\n");
    has(
        &e,
        Table::Rescue,
        Some(2),
        Some("opioid"),
        "\"maybe\" is not one of yes/no",
    );
    assert_eq!(e.len(), 1);
}

#[test]
fn rescue_absent_empty_or_header_only() {
    for r in [
        None,
        Some(text("")),
        Some(text("subject,time\n")),
        Some(text("anything\n")),
    ] {
        let (t, s) = ok(
            &text(SUBJECTS),
            &text(PAIN),
            r.as_ref(),
            &InputOptions::default(),
        );
        assert!(t.subjects.iter().all(|s| s.rescue.is_empty()));
        assert_eq!(s.counts.rescue_rows, 0);
    }
}

#[test]
fn warning_for_subject_without_pain_rows() {
    let (_, s) = ok(
        &text(SUBJECTS),
        &text("subject,time,score\nS1,0,5\nS2,0,5\nS3,0,5\n"),
        None,
        &InputOptions::default(),
    );
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].table, Table::Pain);
    assert!(s.warnings[0].message.contains("\"S4\""), "{:?}", s.warnings);
}

#[test]
fn errors_are_collected_capped_and_sorted() {
    let mut p = String::from("subject,time,score\n");
    for i in 0..200 {
        p.push_str(&format!("S1,{i},bad\n"));
    }
    let e = errs(
        &text("id,arm\nS1,A\nS1,A\nS2,B\n"),
        &text(&p),
        None,
        &InputOptions::default(),
    );
    let subj: Vec<_> = e.iter().filter(|x| x.table == Table::Subjects).collect();
    let pain: Vec<_> = e.iter().filter(|x| x.table == Table::Pain).collect();
    assert!(subj.len() >= 2);
    assert_eq!(pain.len(), 51);
    assert!(
        pain[50].message.contains("150 more errors"),
        "{:?}",
        pain[50]
    );
    let lines: Vec<usize> = pain[..50].iter().filter_map(|x| x.line).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]));
    // Subjects first.
    assert_eq!(e[0].table, Table::Subjects);
    assert!(e.iter().all(|x| !x.to_string().is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Robustness: random input must never panic.

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_bytes(r: &mut Lcg) -> String {
    let n = r.below(200);
    let bytes: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn random_csv(r: &mut Lcg, header: &[&str]) -> String {
    const PIECES: &[&str] = &[
        ",", ";", "\t", "\n", "\r\n", "\r", "\"", "\"\"", " ", "S1", "S2", "S3", "S4", "A", "B",
        "Placebo", "Active", "0", "4", "-1", "3,5", "7.5", "1e400", "NaN", "inf", "NA", ".", "yes",
        "no", "11", "150", "\u{FEFF}", "é", "sep=;", "x", "",
    ];
    let mut s = String::new();
    if r.below(4) > 0 {
        let d = [",", ";", "\t"][r.below(3)];
        s.push_str(&header.join(d));
        s.push('\n');
    }
    for _ in 0..r.below(40) {
        s.push_str(PIECES[r.below(PIECES.len())]);
    }
    s
}

fn random_columns(r: &mut Lcg) -> TableSource {
    let names = [
        "id", "arm", "time", "score", "subject", "baseline", "opioid", "",
    ];
    let len = r.below(6);
    let cols = (0..r.below(5))
        .map(|_| {
            let name = names[r.below(names.len())].to_string();
            let l = if r.below(8) == 0 { len + 1 } else { len };
            let data = if r.below(2) == 0 {
                ColumnData::Numbers(
                    (0..l)
                        .map(|_| [f64::NAN, 0.0, 1.0, -1.0, 11.0, f64::INFINITY, 2.5][r.below(7)])
                        .collect(),
                )
            } else {
                ColumnData::Text(
                    (0..l)
                        .map(|_| ["S1", "S2", "A", "B", "", "3", "x"][r.below(7)].to_string())
                        .collect(),
                )
            };
            (name, data)
        })
        .collect();
    TableSource::Columns(cols)
}

#[test]
fn fuzz_no_panic() {
    let mut r = Lcg(0x5eed_1234_abcd_0001);
    let mut oks = 0;
    for i in 0..4000 {
        let make = |r: &mut Lcg, header: &[&str]| match r.below(5) {
            0 => TableSource::Text(random_bytes(r)),
            1 => random_columns(r),
            _ => TableSource::Text(random_csv(r, header)),
        };
        let s = make(&mut r, &["id", "arm", "baseline", "age"]);
        let p = make(&mut r, &["subject", "time", "score", "arm"]);
        let res = make(
            &mut r,
            &["subject", "time", "drug", "dose", "opioid", "mme"],
        );
        let decimals = [
            DecimalChoice::Auto,
            DecimalChoice::Point,
            DecimalChoice::Comma,
        ];
        let scales = [ScaleChoice::Infer, ScaleChoice::Nrs, ScaleChoice::Vas];
        let o = InputOptions {
            decimal: decimals[i % 3],
            scale: scales[(i / 3) % 3],
            ..Default::default()
        };
        match build_trial(&s, &p, if i % 2 == 0 { Some(&res) } else { None }, &o) {
            Ok((t, _)) => {
                oks += 1;
                for subj in &t.subjects {
                    assert!(subj.pain.windows(2).all(|w| w[0].time < w[1].time));
                    assert!(subj.arm < t.arms.len());
                }
            }
            Err(e) => assert!(!e.is_empty()),
        }
        for table in [Table::Subjects, Table::Pain, Table::Rescue] {
            let _ = describe_table(table, &p, &o);
        }
    }
    // Structured fragments: valid tables with one random cell spliced in.
    for _ in 0..2000 {
        let mut p = PAIN.to_string();
        let at = r.below(p.len());
        let piece = ["\"", ",", "\n", "x", "-", "\r", "99", ";"][r.below(8)];
        if p.is_char_boundary(at) {
            p.insert_str(at, piece);
        }
        if let Ok((t, _)) = build_trial(
            &text(SUBJECTS),
            &text(&p),
            Some(&text(RESCUE)),
            &InputOptions::default(),
        ) {
            oks += 1;
            assert_eq!(t.subjects.len(), 4);
        }
    }
    assert!(oks > 0);
}

/// Throughput on a large pain table (run with `cargo test --release --test input -- --ignored`).
#[test]
#[ignore]
fn large_pain_table() {
    let n_subj = 20_000;
    let mut s = String::from("USUBJID,TRT01P,BASE,AGE\n");
    for i in 0..n_subj {
        s.push_str(&format!(
            "SUBJ-{i:06},{},7,{}\n",
            if i % 2 == 0 { "Placebo" } else { "Active" },
            20 + i % 60
        ));
    }
    let mut p = String::from("USUBJID,TRTP,ATPTN,AVAL\n");
    let mut k = 0u64;
    while p.len() < 100_000_000 {
        let i = (k / 200) as usize % n_subj;
        let arm = if i % 2 == 0 { "Placebo" } else { "Active" };
        p.push_str(&format!(
            "SUBJ-{i:06},{arm},{},{}\n",
            (k % 200) as f64 * 0.25,
            k % 11
        ));
        k += 1;
    }
    let rows = k;
    let t0 = std::time::Instant::now();
    let (trial, sum) = ok(&text(&s), &text(&p), None, &InputOptions::default());
    let dt = t0.elapsed();
    assert_eq!(sum.counts.pain_rows as u64, rows);
    assert_eq!(trial.subjects.len(), n_subj);
    eprintln!(
        "{} MB, {rows} rows: {:.2} s",
        p.len() / 1_000_000,
        dt.as_secs_f64()
    );
}

#[test]
fn ambiguous_thousands_in_decimal_comma_tables_are_refused() {
    // Semicolon-separated text reads commas as decimal separators; "1.000" could be one or
    // one thousand, so it is not a number there, and the message says why.
    let subjects = "id;arm\nS1;A\nS2;A\nS3;B\nS4;B\n";
    let pain = "id;time;score\nS1;1.000;5\nS2;1,5;4\nS3;1;4\nS4;1;3\n";
    let e = errs(&text(subjects), &text(pain), None, &InputOptions::default());
    has(
        &e,
        Table::Pain,
        Some(2),
        Some("time"),
        "ambiguous (one, or one thousand?)",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
}

#[test]
fn many_unknown_subjects_are_summarised_with_the_full_list() {
    let mut pain = String::from("subject,time,score\nS1,0,7\n");
    for k in 0..40 {
        pain.push_str(&format!("Z{k},0,5\nZ{k},4,5\n"));
    }
    let e = pain_errs(&pain);
    let summary: Vec<&InputError> = e
        .iter()
        .filter(|x| x.message.contains("not in the subjects table"))
        .collect();
    assert_eq!(summary.len(), 1, "{e:#?}");
    let s = summary[0];
    assert!(
        s.message
            .starts_with("40 subjects of the pain table (80 rows)"),
        "{}",
        s.message
    );
    assert!(s.message.contains("\"Z0\" (line 3)"));
    assert_eq!(s.details.len(), 40);
    assert_eq!(s.details[39], "Z39\tline 81\t2 rows");
}

#[test]
fn duplicate_column_names_are_an_error_naming_both() {
    let e = pain_errs("subject,time,score,score\nS1,0,7,6\n");
    has(
        &e,
        Table::Pain,
        Some(1),
        Some("score"),
        "two columns are named \"score\" (columns 3 and 4)",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
}

#[test]
fn empty_and_nul_only_tables_say_so() {
    for blank in ["", "\0\0\0\0", "\u{feff}\0\r\n\0 \n", "  \n\n"] {
        let e = pain_errs(blank);
        has(&e, Table::Pain, None, None, "the pain table is empty");
    }
    // NUL and invisible characters inside a cell appear escaped, and long cells are cut.
    let e = pain_errs("subject,time,score\nS1,0,7\u{0}\nS1,1,\u{200b}5\n");
    has(
        &e,
        Table::Pain,
        Some(2),
        Some("score"),
        "\"7\\0\" is not a number",
    );
    has(
        &e,
        Table::Pain,
        Some(3),
        Some("score"),
        "\"\\u{200b}5\" is not a number",
    );
    let long = "x".repeat(5000);
    let e = pain_errs(&format!("subject,time,score\nS1,0,{long}\n"));
    let m = &e.iter().find(|x| x.line == Some(2)).expect("error").message;
    assert!(m.len() < 300 && m.contains("xxx…"), "{m}");
}

#[test]
fn adam_population_subset_and_records() {
    let subjects = "USUBJID,TRT01P,FASFL,ANESTH,TRTSDTM\n\
        S1,A,Y,SPINAL,2023-05-01T08:00:00\nS2,A,Y,GENERAL,2023-05-01T09:00:00\n\
        S3,B,Y,SPINAL,2023-05-02T08:00:00\nS4,B,Y,SPINAL,2023-05-02T08:00:00\n\
        S5,B,N,SPINAL,2023-05-02T08:00:00\nS6,A,Y,SPINAL,01MAY2023:10:30:00\n";
    let mut pain = String::from("USUBJID,PARAMCD,ABLFL,ATPT,ADTM,DTYPE,AVAL\n");
    for (id, hour) in [("S1", 8), ("S2", 9), ("S3", 8), ("S4", 8), ("S5", 8)] {
        let day = if id < "S3" { "01" } else { "02" };
        pain.push_str(&format!(
            "{id},PAIN,Y,PREDOSE,2023-05-{day}T0{}:30:00,,6\n{id},PAIN,,1H,2023-05-{day}T{:02}:00:00,,4\n\
             {id},PAIN,,4H,2023-05-{day}T{:02}:00:00,,\n{id},PAIN,,4H,2023-05-{day}T{:02}:00:00,LOCF,4\n\
             {id},PAINREL,,4H,2023-05-{day}T{:02}:00:00,,2\n",
            hour - 1,
            hour + 1,
            hour + 4,
            hour + 4,
            hour + 4
        ));
    }
    pain.push_str(
        "S6,PAIN,Y,PREDOSE,2023-05-01T10:00:00,,5\nS6,PAIN,,30 MIN,2023-05-01T11:00:00,,3\n",
    );
    let rescue = "USUBJID,CMDECOD,CMDOSE,ASTDTM\nS1,oxycodone,5,2023-05-01T10:30:00\n\
        S1,cefazolin,2000,2023-05-01T06:00:00\nS5,morphine,10,2023-05-02T09:00:00\n";
    let mut o = InputOptions {
        param: "PAIN".into(),
        subset: vec!["ANESTH = spinal".into()],
        ..InputOptions::default()
    };
    let (trial, summary) = ok(&text(subjects), &text(&pain), Some(&text(rescue)), &o);
    // FASFL chosen automatically: S5 out; the subset removes S2.
    let ids: Vec<&str> = trial.subjects.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S3", "S4", "S6"]);
    let p = &summary.population;
    assert_eq!((p.flag.as_deref(), p.auto), (Some("FASFL"), true));
    assert_eq!((p.excluded_by_flag, p.excluded_by_subset), (1, 1));
    // Rows of the analysed parameter and records (the other ones are counted apart).
    assert_eq!((p.pain_rows_excluded, p.rescue_rows_excluded), (6, 1));
    // Baseline from the ABLFL row; the LOCF row and the other parameter left out; times from
    // ATPT (preferred to ADTM): 1 h and 4 h (missing), 0.5 h for S6.
    let s1 = &trial.subjects[0];
    assert_eq!(s1.baseline, Some(6.0));
    assert_eq!(
        s1.pain
            .iter()
            .map(|o| (o.time, o.score))
            .collect::<Vec<_>>(),
        [(1.0, Some(4.0)), (4.0, None)]
    );
    assert_eq!(trial.subjects[3].pain[0].time, 0.5);
    // The rescue before the reference datetime is prior medication: left out and counted.
    assert_eq!(s1.rescue.len(), 1);
    assert_eq!(s1.rescue[0].time, 2.5);
    let note = |code: &str| {
        summary
            .notes
            .iter()
            .find(|n| n.code == code)
            .unwrap_or_else(|| panic!("no {code} note in {:#?}", summary.notes))
    };
    assert_eq!(note("derived").count, 5);
    assert_eq!(note("param").count, 5);
    assert_eq!(note("beforeOrigin").count, 1);
    assert!(note("population").message.contains("FASFL = Y"));
    // Times from the datetimes instead: the same hours.
    o.columns.pain.insert(Role::Timepoint, String::new());
    let (t2, s2) = ok(&text(subjects), &text(&pain), Some(&text(rescue)), &o);
    assert_eq!(t2.subjects[0].pain, s1.pain);
    assert_eq!(t2.subjects[3].pain[0].time, 0.5);
    assert_eq!(
        s2.pain.time_source,
        Some(analgesic_endpoints::input::TimeSource::Datetime)
    );
    // A population flag that is not a column, a bad condition, an unknown time point: errors
    // naming the option.
    let bad = InputOptions {
        population: "PPROTFL".into(),
        subset: vec!["AGE >= old".into()],
        timepoints: [("END".to_string(), "soon".to_string())].into(),
        ..InputOptions::default()
    };
    let e = errs(&text(subjects), &text(&pain), None, &bad);
    has(
        &e,
        Table::Subjects,
        Some(1),
        Some("population"),
        "\"PPROTFL\" is not a column",
    );
    has(
        &e,
        Table::Subjects,
        None,
        Some("subset"),
        "subset condition 1 \"AGE >= old\"",
    );
    has(
        &e,
        Table::Pain,
        None,
        Some("timepoints"),
        "gives \"END\" the value \"soon\"",
    );
    // A subject in the pain table but not in the subjects table is still an error.
    let e = errs(
        &text(subjects),
        &text(&format!("{pain}S9,PAIN,,1H,2023-05-01T09:00:00,,3\n")),
        None,
        &InputOptions {
            param: "PAIN".into(),
            ..InputOptions::default()
        },
    );
    has(
        &e,
        Table::Pain,
        Some(29),
        Some("USUBJID"),
        "\"S9\" is not in the subjects table",
    );
}

#[test]
fn hours_must_be_hours() {
    // ATPTN in minutes beside ATPT: refused, naming both columns, until the user chooses one.
    let pain = "subject,ATPT,ATPTN,AVAL\nS1,30 MIN,30,5\nS1,1H,60,4\nS2,30 MIN,30,6\nS3,30 MIN,30,6\nS4,30 MIN,30,6\n";
    let e = pain_errs(pain);
    has(&e, Table::Pain, None, Some("ATPTN"), "ATPTN and ATPT disagree in 5 rows (ATPT \"30 MIN\" is 0.5 h but ATPTN is 30; ATPT \"1H\" is 1 h but ATPTN is 60)");
    let mut o = InputOptions::default();
    o.columns.pain.insert(Role::Time, String::new());
    let (t, _) = ok(&text(SUBJECTS), &text(pain), None, &o);
    assert_eq!(
        t.subjects[0]
            .pain
            .iter()
            .map(|p| p.time)
            .collect::<Vec<_>>(),
        [0.5, 1.0]
    );
    let mut o = InputOptions::default();
    o.columns.pain.insert(Role::Time, "ATPTN".into());
    let (t, _) = ok(&text(SUBJECTS), &text(pain), None, &o);
    assert_eq!(t.subjects[0].pain[1].time, 60.0);
    // ARELTM with its unit in ARELTMU.
    let pain = "subject,ARELTM,ARELTMU,AVAL\nS1,30,MINUTES,5\nS1,2,HOURS,4\nS2,1,DAYS,6\nS3,1,h,6\nS4,1,h,6\n";
    let (t, _) = ok(&text(SUBJECTS), &text(pain), None, &InputOptions::default());
    assert_eq!(
        t.subjects[0]
            .pain
            .iter()
            .map(|p| p.time)
            .collect::<Vec<_>>(),
        [0.5, 2.0]
    );
    assert_eq!(t.subjects[1].pain[0].time, 24.0);
    let e = pain_errs("subject,ARELTM,ARELTMU,AVAL\nS1,30,fortnights,5\n");
    has(
        &e,
        Table::Pain,
        Some(2),
        Some("ARELTMU"),
        "\"fortnights\" is not one of hours",
    );
}

#[test]
fn non_oral_routes_and_numeric_datetimes_are_named() {
    let rescue =
        "subject,time,drug,dose,CMROUTE\nS1,5,morphine,2,INTRAVENOUS\nS1,6,morphine,5,ORAL\n";
    let (_, summary) = ok(
        &text(SUBJECTS),
        &text(PAIN),
        Some(&text(rescue)),
        &InputOptions::default(),
    );
    assert!(
        summary.warnings.iter().any(|w| w
            .message
            .starts_with("1 administrations by a route other than oral (\"INTRAVENOUS\")")),
        "{:#?}",
        summary.warnings
    );
    let subjects = "id,arm,TRTSDTM\nS1,A,2023-05-01T08:00\nS2,A,2023-05-01T08:00\nS3,B,2023-05-01T08:00\nS4,B,2023-05-01T08:00\n";
    let rescue = "subject,ASTDTM\nS1,2000020600\n";
    let e = errs(
        &text(subjects),
        &text(PAIN),
        Some(&text(rescue)),
        &InputOptions::default(),
    );
    has(
        &e,
        Table::Rescue,
        Some(2),
        Some("ASTDTM"),
        "a plain number may be a SAS datetime",
    );
}
