# Writes the haven XPT fixtures and their CSV twins (run from readers/tests/data/):
#   Rscript make/make_xpt.R
# Needs R with haven (Debian r-cran-haven). Numbers in the CSV are written with 17
# significant digits (round-trip exact); NA is an empty cell; tagged NAs are .A / .Z;
# (haven passes the tag through, and XPT takes upper-case tags only, so tagged_na("A"));
# dates, datetimes and times are ISO 8601 text (the test converts them itself).
library(haven)

num <- c(1, -2.5, 0.1, 1e-70, 1e70, 123456789012345, -0.000123, pi, 42, NA, 7, 3)
num[11] <- tagged_na("A")
num[12] <- tagged_na("Z")
int <- c(1L, -1L, 0L, 2147483647L, -2147483647L, NA, 5L, 6L, 7L, 8L, 9L, 10L)
txt <- c("abc   ", "Müller", "", "  lead", "x", "Ωmega ü", "plain", "tab\tin", "quote\"d", "comma,", "end", "z")
dat <- as.Date(c("2023-05-17", "1960-01-01", "1959-12-31", "2000-02-29", NA, "1900-01-01",
                 "2100-12-31", "2023-01-01", "2023-01-02", "1970-01-01", "2024-02-29", "1999-12-31"))
dtm <- as.POSIXct(c("2023-05-17 08:30:15", "1960-01-01 00:00:00", "1959-12-31 23:59:59",
                    "2000-02-29 12:00:00", NA, "1970-01-01 00:00:01", "2023-05-17 23:59:59",
                    "2023-01-01 00:00:00", "2023-01-01 00:00:00", "2023-01-01 00:00:00",
                    "2023-01-01 00:00:00", "2023-01-01 00:00:00"), tz = "UTC")
tim <- hms::as_hms(c(0, 1, 30615, 86399, NA, 43200, 60, 3600, 7200, 10, 20, 30))

short <- data.frame(ID = sprintf("S%02d", 1:12), NUM = num, INT = int, TXT = txt,
                    ADT = dat, ADTM = dtm, ATM = tim, stringsAsFactors = FALSE)
attr(short$NUM, "label") <- "A number"
attr(short$TXT, "label") <- "Text with blanks and accents"
attr(short$ADT, "format.sas") <- "DATE9"
attr(short$ADTM, "format.sas") <- "DATETIME20"
attr(short$ATM, "format.sas") <- "TIME8"

long <- short
names(long) <- c("SUBJECT_IDENTIFIER", "A_NUMBER_WITH_A_LONG_NAME", "INT", "TXT",
                 "ANALYSIS_DATE", "ANALYSIS_DATETIME", "ANALYSIS_TIME")
attr(long$A_NUMBER_WITH_A_LONG_NAME, "label") <-
  "A label that is much longer than the forty characters of version 5"
attr(long$TXT, "label") <- "Text with blanks and accents"

twin <- function(df, path) {
  out <- data.frame(row.names = seq_len(nrow(df)))
  for (n in names(df)) {
    x <- df[[n]]
    if (inherits(x, "Date")) {
      out[[n]] <- ifelse(is.na(x), "", format(x, "%Y-%m-%d"))
    } else if (inherits(x, "POSIXct")) {
      out[[n]] <- ifelse(is.na(x), "", format(x, "%Y-%m-%dT%H:%M:%S", tz = "UTC"))
    } else if (inherits(x, "hms")) {
      s <- as.numeric(x)
      out[[n]] <- ifelse(is.na(s), "", sprintf("%02d:%02d:%02d", s %/% 3600, (s %/% 60) %% 60, s %% 60))
    } else if (is.numeric(x)) {
      tag <- if (is.double(x)) na_tag(x) else rep(NA_character_, length(x))
      out[[n]] <- ifelse(!is.na(tag), paste0(".", toupper(tag)),
                         ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x))))
    } else {
      out[[n]] <- x
    }
  }
  write.csv(out, path, row.names = FALSE, fileEncoding = "UTF-8", na = "")
}

write_xpt(short, "haven_v5.xpt", version = 5, name = "SHORT", label = "haven version 5")
twin(short, "haven_v5.csv")
write_xpt(long, "haven_v8.xpt", version = 8, name = "LONGNAMES", label = "haven version 8")
twin(long, "haven_v8.csv")
cat("haven", as.character(packageVersion("haven")), "R", R.version.string, "\n")
