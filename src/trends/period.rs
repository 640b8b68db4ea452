//! Time buckets: parsing of record dates and bucket arithmetic.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};

/// Day number of 1970-01-01 counted from 0001-01-01 (chrono's CE day 1).
const EPOCH_CE_DAYS: i32 = 719_163;

/// Size of a time bucket. Every bucket is identified by its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Every {
    /// One bucket per calendar day.
    Day,
    /// ISO weeks, starting on Monday (a week spanning a year end belongs to
    /// the Monday on which it starts, e.g. ISO 2020-W53 starts 2020-12-28).
    Week,
    /// Calendar months.
    #[default]
    Month,
    /// Calendar quarters (January, April, July, October).
    Quarter,
    /// Calendar years.
    Year,
}

impl Every {
    /// All variants, in increasing bucket size.
    pub const ALL: [Every; 5] = [
        Every::Day,
        Every::Week,
        Every::Month,
        Every::Quarter,
        Every::Year,
    ];

    /// The first day of the bucket containing `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        let first_of = |month: u32| NaiveDate::from_ymd_opt(d.year(), month, 1).unwrap_or(d);
        match self {
            Every::Day => d,
            Every::Week => d - Days::new(u64::from(d.weekday().num_days_from_monday())),
            Every::Month => first_of(d.month()),
            Every::Quarter => first_of((d.month0() / 3) * 3 + 1),
            Every::Year => first_of(1),
        }
    }

    /// The first day of the bucket after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        let step = match self {
            Every::Day => return start + Days::new(1),
            Every::Week => return start + Days::new(7),
            Every::Month => Months::new(1),
            Every::Quarter => Months::new(3),
            Every::Year => Months::new(12),
        };
        start
            .checked_add_months(step)
            .unwrap_or(start + Days::new(1))
    }

    /// Bucket starts covering `from..=to` (both any day inside a bucket).
    pub fn periods(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut cur = self.start(from);
        while cur <= to {
            out.push(cur);
            cur = self.next(cur);
        }
        out
    }

    /// The lower-case name used on the command line (`day`, `week`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Every::Day => "day",
            Every::Week => "week",
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::Year => "year",
        }
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Every {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Every::ALL
            .into_iter()
            .find(|e| e.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown bucket `{s}`: expected day, week, month, quarter or year")
            })
    }
}

/// Parses a record date: `YYYY-MM-DD`, or an RFC 3339 timestamp of which the
/// calendar date *as written* is kept (no time-zone conversion). Anything
/// else gives `None`.
pub fn parse_record_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    let head = s.get(..10)?;
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    match s[10..].chars().next() {
        None => Some(date),
        Some('T' | 't' | ' ') => Some(date),
        Some(_) => None,
    }
}

/// Days since 1970-01-01 (negative before).
pub fn to_days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_CE_DAYS
}

/// Inverse of [`to_days`]; out-of-range values clamp to 1970-01-01.
pub fn from_days(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days + EPOCH_CE_DAYS).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn week_starts_on_monday_across_year_end() {
        // 2021-01-03 is a Sunday in ISO week 2020-W53.
        assert_eq!(Every::Week.start(d("2021-01-03")), d("2020-12-28"));
        assert_eq!(Every::Week.start(d("2020-12-28")), d("2020-12-28"));
        assert_eq!(Every::Week.start(d("2021-01-04")), d("2021-01-04"));
    }

    #[test]
    fn month_quarter_year_starts() {
        assert_eq!(Every::Month.start(d("2022-02-28")), d("2022-02-01"));
        assert_eq!(Every::Quarter.start(d("2022-12-31")), d("2022-10-01"));
        assert_eq!(Every::Year.start(d("2022-12-31")), d("2022-01-01"));
        assert_eq!(Every::Quarter.next(d("2022-10-01")), d("2023-01-01"));
    }

    #[test]
    fn periods_cover_range() {
        let p = Every::Month.periods(d("2022-01-15"), d("2022-03-01"));
        assert_eq!(p, vec![d("2022-01-01"), d("2022-02-01"), d("2022-03-01")]);
        assert!(Every::Day
            .periods(d("2022-01-02"), d("2022-01-01"))
            .is_empty());
    }

    #[test]
    fn parses_dates_as_written() {
        assert_eq!(parse_record_date("2022-12-14"), Some(d("2022-12-14")));
        assert_eq!(
            parse_record_date("2022-12-14T23:30:00-05:00"),
            Some(d("2022-12-14"))
        );
        assert_eq!(parse_record_date("2022-13-01"), None);
        assert_eq!(parse_record_date("14/12/2022"), None);
        assert_eq!(parse_record_date("2022-12-145"), None);
        assert_eq!(parse_record_date(""), None);
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(to_days(d("1970-01-01")), 0);
        assert_eq!(from_days(to_days(d("2020-12-31"))), d("2020-12-31"));
    }

    #[test]
    fn every_parses() {
        assert_eq!("Week".parse::<Every>(), Ok(Every::Week));
        assert!("fortnight".parse::<Every>().is_err());
    }
}
