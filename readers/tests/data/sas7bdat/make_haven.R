# Writes the haven fixtures and their CSV twins. Run from this directory:
#   Rscript make_haven.R
# Needs R with haven (Debian: r-cran-haven; written with haven 2.5.1, R 4.2.2).
# haven::write_sas() uses ReadStat's sas7bdat writer: 64-bit, little-endian, UTF-8
# (encoding code 20), uncompressed.
#
# CSV twins: one column per variable, in order; numbers printed with 17 significant digits
# (so they parse back to the same double); dates as days since 1960-01-01, datetimes as
# seconds since 1960-01-01T00:00:00, times as seconds since midnight; an empty field is a
# missing value; ".A" .. ".Z" mark SAS special missing values (tagged NA in haven).
library(haven)

sas_epoch <- as.Date("1960-01-01")
num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x)))

write_twin <- function(df, csv) {
  out <- lapply(names(df), function(n) {
    x <- df[[n]]
    if (inherits(x, "Date")) {
      num(as.numeric(x - sas_epoch))
    } else if (inherits(x, "POSIXct")) {
      num(as.numeric(x) + as.numeric(as.POSIXct("1970-01-01", tz = "UTC") -
        as.POSIXct("1960-01-01", tz = "UTC"), units = "secs"))
    } else if (inherits(x, "hms")) {
      num(as.numeric(x))
    } else if (is.character(x)) {
      x
    } else {
      tags <- if (is.double(x)) na_tag(x) else rep(NA_character_, length(x))
      ifelse(!is.na(tags), paste0(".", toupper(tags)), num(x))
    }
  })
  names(out) <- names(df)
  write.csv(as.data.frame(out, stringsAsFactors = FALSE), csv, row.names = FALSE,
    fileEncoding = "UTF-8", na = "")
}

# 1. Small: every kind of column, missing values, special missing values, UTF-8 text.
small <- data.frame(
  id = c(1L, 2L, 3L, 4L),
  score = c(1.5, -2.25, NA, 1e10),
  name = c("alpha", "Zoë café", "", "日本"),
  visit = as.Date(c("2020-01-31", NA, "1960-01-01", "1959-12-31")),
  stamp = as.POSIXct(c("2021-06-15 08:30:00", "1960-01-01 00:00:01", NA,
    "1999-12-31 23:59:59"), tz = "UTC"),
  stringsAsFactors = FALSE
)
small$clock <- hms::hms(c(0, 3600, 86399, NA))
small$tagged <- c(tagged_na("A"), 7, tagged_na("Z"), NA)
attr(small$score, "label") <- "Pain score"
write_sas(small, "haven_small.sas7bdat")
write_twin(small, "haven_small.csv")

# 2. Many rows, so that rows fill a mix page and then data pages.
n <- 3000
i <- seq_len(n)
pages <- data.frame(
  i = i,
  x = i / 7,
  txt = sprintf("row %04d", i),
  day = sas_epoch + (i - 1500),
  stringsAsFactors = FALSE
)
pages$x[i %% 10 == 0] <- NA
write_sas(pages, "haven_pages.sas7bdat")
write_twin(pages, "haven_pages.csv")
