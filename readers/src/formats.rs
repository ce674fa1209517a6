//! SAS formats that make a numeric variable a date, a datetime or a time.
//!
//! Reference: SAS 9.4 Formats and Informats: Reference, "Formats by Category" (date and time);
//! the ISO 8601 formats `E8601..`, `B8601..`, `IS8601..` (SAS 9.4 Formats, "ISO 8601 formats").

/// What a SAS format says a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    /// Days since 1960-01-01.
    Date,
    /// Seconds since 1960-01-01T00:00:00.
    DateTime,
    /// Seconds since midnight.
    Time,
}

/// The kind of number a SAS format displays. The format's width and decimals (`DATE9.`,
/// `DATETIME20.3`) and a leading `$` are ignored; case does not matter.
pub fn kind_of_format(format: &str) -> Kind {
    let base = format.trim().trim_start_matches('$');
    let base = base.split('.').next().unwrap_or("");
    let name = base
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_ascii_uppercase();
    // ISO 8601 families: E8601xx, B8601xx, IS8601xx; the suffix tells the kind.
    for prefix in ["E8601", "B8601", "IS8601"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return match rest {
                "DA" | "DN" => Kind::Date,
                "DT" | "DZ" | "DX" => Kind::DateTime,
                "TM" | "TZ" | "TX" => Kind::Time,
                _ => Kind::Number,
            };
        }
    }
    // Base names only: the ISO families are handled above (their names end in digits).
    match name.as_str() {
        "DATETIME" | "DATEAMPM" | "DTDATE" | "DTMONYY" | "DTWKDATX" | "DTYEAR" | "DTYYQC"
        | "MDYAMPM" | "NLDATM" | "NLDATMAP" | "NLDATMW" | "NLDATMDT" | "NLDATMMD" | "NLDATMYM"
        | "NLDATMYQ" | "NLDATMWN" | "NLDATMZ" | "TYMDT" => Kind::DateTime,
        "DATE" | "DAY" | "DDMMYY" | "DDMMYYB" | "DDMMYYC" | "DDMMYYD" | "DDMMYYN" | "DDMMYYP"
        | "DDMMYYS" | "DOWNAME" | "JULDAY" | "JULIAN" | "MMDDYY" | "MMDDYYB" | "MMDDYYC"
        | "MMDDYYD" | "MMDDYYN" | "MMDDYYP" | "MMDDYYS" | "MMYY" | "MMYYC" | "MMYYD" | "MMYYN"
        | "MMYYP" | "MMYYS" | "MONNAME" | "MONTH" | "MONYY" | "NENGO" | "NLDATE" | "NLDATEMD"
        | "NLDATEMN" | "NLDATEW" | "NLDATEWN" | "NLDATEYM" | "NLDATEYQ" | "NLDATEYR" | "QTR"
        | "QTRR" | "WEEKDATE" | "WEEKDATX" | "WEEKDAY" | "WEEKU" | "WEEKV" | "WEEKW"
        | "WORDDATE" | "WORDDATX" | "YEAR" | "YYMM" | "YYMMC" | "YYMMD" | "YYMMN" | "YYMMP"
        | "YYMMS" | "YYMMDD" | "YYMMDDB" | "YYMMDDC" | "YYMMDDD" | "YYMMDDN" | "YYMMDDP"
        | "YYMMDDS" | "YYMON" | "YYQ" | "YYQC" | "YYQD" | "YYQN" | "YYQP" | "YYQS" | "YYQR"
        | "YYQRC" | "YYQRD" | "YYQRN" | "YYQRP" | "YYQRS" | "MINGUO" | "PDJULG" | "PDJULI" => {
            Kind::Date
        }
        "TIME" | "TIMEAMPM" | "TOD" | "HHMM" | "HOUR" | "MMSS" | "NLTIME" | "NLTIMAP" => Kind::Time,
        _ => Kind::Number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind_of_format("DATE9."), Kind::Date);
        assert_eq!(kind_of_format("yymmdd10"), Kind::Date);
        assert_eq!(kind_of_format("E8601DA."), Kind::Date);
        assert_eq!(kind_of_format("DATETIME20.3"), Kind::DateTime);
        assert_eq!(kind_of_format("E8601DT19."), Kind::DateTime);
        assert_eq!(kind_of_format("IS8601DT"), Kind::DateTime);
        assert_eq!(kind_of_format("TIME8."), Kind::Time);
        assert_eq!(kind_of_format("E8601TM"), Kind::Time);
        assert_eq!(kind_of_format("8.2"), Kind::Number);
        assert_eq!(kind_of_format("BEST12."), Kind::Number);
        assert_eq!(kind_of_format(""), Kind::Number);
        assert_eq!(kind_of_format("$CHAR20."), Kind::Number);
    }
}
