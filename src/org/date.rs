//! Calendar dates as profiles write them: ISO `YYYY-MM-DD`, checked against the calendar (a
//! 31 April on an approval block would be a visible error on a signed document).

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date. Prints as ISO `YYYY-MM-DD`; ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected YYYY-MM-DD, e.g. 2024-01-15")]
    Format,
    /// A spreadsheet cell that is no date (text of another shape, a formula error).
    #[error("expected a date: a date cell, or text дд.мм.гггг (15.01.2024) or YYYY-MM-DD")]
    SheetFormat,
    #[error("a date has no time of day here; give the date alone")]
    TimeOfDay,
    #[error("a two-digit year could be of two centuries; write it in full, e.g. 15.01.2024")]
    TwoDigitYear,
    #[error("month {0} is not 1–12")]
    Month(u8),
    #[error("day {day} is not in {year:04}-{month:02} ({days} days)")]
    Day { year: u16, month: u8, day: u8, days: u8 },
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` (ten characters, zero-padded) and checks it against the calendar.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(DateError::Format);
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u16>().expect("checked digits");
        Date::new(num(0..4), num(5..7) as u8, num(8..10) as u8)
    }

    /// A date from its parts, checked against the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let days = days_in(year, month);
        if !(1..=days).contains(&day) {
            return Err(DateError::Day { year, month, day, days });
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_parse_and_print_back() {
        assert_eq!(Date::parse("2024-01-15"), Ok(Date { year: 2024, month: 1, day: 15 }));
        assert_eq!(Date::parse("2024-01-15").unwrap().to_string(), "2024-01-15");
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Ok(29)); // 2024 is a leap year
        assert_eq!(Date::parse("2000-02-29").map(|d| d.day), Ok(29)); // divisible by 400
    }

    #[test]
    fn other_shapes_and_impossible_days_are_rejected() {
        assert_eq!(Date::parse("15.01.2024"), Err(DateError::Format));
        assert_eq!(Date::parse("2024-1-15"), Err(DateError::Format));
        assert_eq!(Date::parse("2024-01-15T10:00"), Err(DateError::Format));
        assert_eq!(Date::parse("2024-13-01"), Err(DateError::Month(13)));
        assert_eq!(Date::parse("2024-00-01"), Err(DateError::Month(0)));
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::Day { year: 2023, month: 2, day: 29, days: 28 }));
        assert_eq!(Date::parse("1900-02-29").unwrap_err().to_string(), "day 29 is not in 1900-02 (28 days)");
        assert_eq!(Date::parse("2024-04-31").unwrap_err().to_string(), "day 31 is not in 2024-04 (30 days)");
    }
}
