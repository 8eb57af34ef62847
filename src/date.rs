//! Dates: the one parser for every date newsgraph reads.
//!
//! Inside newsgraph a date is a calendar day, written `YYYY-MM-DD` in every
//! file. [`parse`] reads the forms news metadata comes in, keeps the day as
//! written (a time or time zone after it is checked and dropped, never
//! converted) and rejects days that do not exist (`2024-02-30`):
//!
//! | form | example |
//! | --- | --- |
//! | ISO 8601 date | `2024-03-05` |
//! | ISO 8601 date and time | `2024-03-05T10:00:00Z`, `2024-03-05 10:00:00.5+01:00` |
//! | RFC 2822 / RFC 5322 | `Tue, 05 Mar 2024 10:00:00 GMT`, `5 Mar 2024 10:00 +0100` |
//! | day-month-year with a month abbreviation | `05-MAR-2024 10:00:00.00` |
//! | year/month/day | `2024/03/05` |
//! | month day, year | `March 5, 2024`, `Mar. 5, 2024` |
//! | day month year | `5 March 2024` |
//! | compact ISO 8601 | `20240305` |
//! | Unix time in seconds (9–10 digits, optionally with a fraction) or milliseconds (12–13 digits), as a string or a JSON number; the UTC day | `1709632800`, `1709632800.5`, `1709632800000` |
//!
//! [`DateBound`] is the partial date of a range filter (`--since 2025`).

use std::fmt;

/// A calendar day that exists (the month has that day in that year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The day, if it exists; years are 0..=9999.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if year > 9999 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The year.
    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    /// The month, 1..=12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1..=31.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// Reads a date in any of the forms in the [module documentation](self);
/// `None` when `s` is none of them or names a day that does not exist.
/// Whitespace around the date is ignored.
pub fn parse(s: &str) -> Option<Date> {
    let s = s.trim();
    iso(s)
        .or_else(|| compact(s))
        .or_else(|| slashed(s))
        .or_else(|| dashed_month(s))
        .or_else(|| written(s))
        .or_else(|| unix_time(s))
}

/// Unix time: seconds since 1970-01-01 UTC (9 or 10 digits, so from 1973
/// to 2286, optionally with a fraction) or milliseconds (12 or 13 digits);
/// the UTC day. Other lengths are no date (`20240305` is the compact form
/// above; an 11-digit number is neither).
fn unix_time(s: &str) -> Option<Date> {
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (w, true),
        Some(_) => return None,
        None => (s, false),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = whole.parse().ok()?;
    let seconds = match whole.len() {
        9 | 10 => n,
        12 | 13 if !fraction => n / 1000,
        _ => return None,
    };
    from_days_since_epoch(seconds / 86_400)
}

/// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn from_days_since_epoch(days: u64) -> Option<Date> {
    let z = i64::try_from(days).ok()? + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        u32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// True for exactly `YYYY-MM-DD` naming a day that exists: the form every
/// file newsgraph writes uses.
pub fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && iso_day(s).is_some()
}

/// A strict `YYYY-MM-DD`.
fn iso_day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?)
}

/// The value of a run of ASCII digits (and nothing else).
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// ISO 8601: a date, optionally followed by `T` or a space and a time.
fn iso(s: &str) -> Option<Date> {
    let day = iso_day(s.get(..10)?)?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(day);
    }
    let time = rest.strip_prefix(['T', 't', ' '])?;
    iso_time(time).then_some(day)
}

/// `HH:MM[:SS[.fff]]` then an optional zone: `Z`, `±HH[:MM]`, `±HHMM`, or a
/// space and a zone name.
fn iso_time(s: &str) -> bool {
    let zone_at = s
        .char_indices()
        .skip(1)
        .find(|&(_, c)| matches!(c, 'Z' | 'z' | '+' | '-' | ' '))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (clock, zone) = s.split_at(zone_at);
    time_of_day(clock) && (zone.is_empty() || time_zone(zone.trim_start()))
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f…` with a valid time of day (a leap
/// second is allowed).
fn time_of_day(s: &str) -> bool {
    let (hms, fraction) = match s.split_once(['.', ',']) {
        Some((hms, f)) => (hms, Some(f)),
        None => (s, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let two = |p: &str| if p.len() == 2 { digits(p) } else { None };
    match parts.as_slice() {
        [h, m] => {
            two(h).is_some_and(|h| h < 24) && two(m).is_some_and(|m| m < 60) && fraction.is_none()
        }
        [h, m, sec] => {
            two(h).is_some_and(|h| h < 24)
                && two(m).is_some_and(|m| m < 60)
                && two(sec).is_some_and(|s| s <= 60)
        }
        _ => false,
    }
}

/// `Z`, `±HH`, `±HH:MM`, `±HHMM`, or a zone name of letters (`GMT`, `UTC`,
/// `EST`).
fn time_zone(s: &str) -> bool {
    if s.eq_ignore_ascii_case("z") {
        return true;
    }
    if let Some(offset) = s.strip_prefix(['+', '-']) {
        let (h, m) = match offset.len() {
            2 => (offset, "00"),
            4 => (&offset[..2], &offset[2..]),
            5 if offset.as_bytes()[2] == b':' => (&offset[..2], &offset[3..]),
            _ => return false,
        };
        return h.len() == 2
            && digits(h).is_some_and(|h| h < 24)
            && m.len() == 2
            && digits(m).is_some_and(|m| m < 60);
    }
    (1..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `YYYYMMDD`.
fn compact(s: &str) -> Option<Date> {
    if s.len() != 8 {
        return None;
    }
    Date::new(digits(&s[0..4])?, digits(&s[4..6])?, digits(&s[6..8])?)
}

/// `YYYY/MM/DD` (one- or two-digit month and day).
fn slashed(s: &str) -> Option<Date> {
    let mut parts = s.split('/');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    Date::new(digits(y)?, digits(m)?, digits(d)?)
}

/// `DD-MON-YYYY`, optionally followed by a space and a time
/// (`05-MAR-2024 10:00:00.00`).
fn dashed_month(s: &str) -> Option<Date> {
    let (date, time) = match s.split_once(' ') {
        Some((date, time)) => (date, Some(time.trim())),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.len() > 2 || y.len() != 4 {
        return None;
    }
    if time.is_some_and(|t| !iso_time(t)) {
        return None;
    }
    Date::new(digits(y)?, month(m)?, digits(d)?)
}

/// RFC 2822 (`Tue, 05 Mar 2024 10:00:00 GMT`), `5 March 2024` and
/// `March 5, 2024`: words and numbers separated by spaces and commas.
fn written(s: &str) -> Option<Date> {
    // An optional weekday first ("Tue," or "Tuesday,").
    let s = match s.split_once(',') {
        Some((first, rest)) if weekday(first.trim()) => rest.trim_start(),
        _ => s,
    };
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let (date, time) = match words.as_slice() {
        [a, b, c, time @ ..] => ((*a, *b, *c), time),
        _ => return None,
    };
    let day = |w: &str| if w.len() <= 2 { digits(w) } else { None };
    let year = |w: &str| if w.len() == 4 { digits(w) } else { None };
    let found = match date {
        // 5 March 2024, 05 Mar 2024
        (d, m, y) if day(d).is_some() => Date::new(year(y)?, month(m)?, day(d)?),
        // March 5, 2024
        (m, d, y) => Date::new(year(y)?, month(m)?, day(d)?),
    }?;
    let time_ok = match time {
        [] => true,
        [clock] => iso_time(clock),
        [clock, zone] => time_of_day(clock) && time_zone(zone),
        _ => false,
    };
    time_ok.then_some(found)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month's English name or three-letter abbreviation (`Sept` too), any
/// case, an abbreviation optionally with a period.
pub(crate) fn month(w: &str) -> Option<u32> {
    let w = w.to_ascii_lowercase();
    let w = w.strip_suffix('.').unwrap_or(&w);
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w)))
        .map(|i| i as u32 + 1)
}

/// A weekday's English name or three-letter abbreviation, any case.
pub(crate) fn weekday(w: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = w.to_ascii_lowercase();
    DAYS.iter()
        .any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
}

/// The bound of a date range filter: a year, a month or a day
/// (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
///
/// A day compares with a shorter bound on the bound's length: 2025-04-12 is
/// in 2025 and in 2025-04.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateBound(String);

impl DateBound {
    /// Reads `YYYY`, `YYYY-MM` (month 01..=12) or a `YYYY-MM-DD` day that
    /// exists.
    pub fn parse(s: &str) -> Option<DateBound> {
        let b = s.as_bytes();
        let all_digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = match b.len() {
            4 => all_digits(0..4),
            7 => {
                all_digits(0..4)
                    && b[4] == b'-'
                    && digits(&s[5..7]).is_some_and(|m| (1..=12).contains(&m))
            }
            10 => is_iso_date(s),
            _ => false,
        };
        ok.then(|| DateBound(s.to_string()))
    }

    /// The bound as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the day `date` (`YYYY-MM-DD`) is on or after this bound's
    /// start.
    pub fn reached_by(&self, date: &str) -> bool {
        date >= self.0.as_str()
    }

    /// True when the day `date` (`YYYY-MM-DD`) is on or before this bound's
    /// end.
    pub fn not_passed_by(&self, date: &str) -> bool {
        date.get(..self.0.len().min(date.len())).unwrap_or(date) <= self.0.as_str()
    }

    /// True when, with this bound as `--since` and `until` as `--until`,
    /// some day is in the range (`2025-05` is not after `2025`; `2026` is
    /// after `2025-12`).
    pub fn not_after(&self, until: &DateBound) -> bool {
        let n = self.0.len().min(until.0.len());
        self.0[..n] <= until.0[..n]
    }
}

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        for s in [
            "2024-03-05",
            "2024-03-05T10:00:00Z",
            "2024-03-05T10:00Z",
            "2024-03-05T10:00:00.123+01:00",
            "2024-03-05 10:00:00",
            "2024-03-05T10:00:00-0500",
            "Tue, 05 Mar 2024 10:00:00 GMT",
            "Tue, 5 Mar 2024 10:00:00 +0100",
            "05 Mar 2024 10:00 GMT",
            "05-MAR-2024 10:00:00.00",
            "05-Mar-2024",
            "2024/03/05",
            "2024/3/5",
            "March 5, 2024",
            "Mar. 5, 2024",
            "march 5 2024",
            "5 March 2024",
            "Tuesday, 5 March 2024",
            "20240305",
            "  2024-03-05 ",
            "1709632800",
            "1709632800.25",
            "1709683199",
            "1709632800000",
        ] {
            assert_eq!(
                parse(s).map(|d| d.to_string()).as_deref(),
                Some("2024-03-05"),
                "{s:?}"
            );
        }
    }

    #[test]
    fn rejected_forms() {
        for s in [
            "",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-3-5",
            "2024-03-05garbage",
            "2024-03-05T25:00",
            "2024-03-05T10:00:00+25:00",
            "30-FEB-2024",
            "05-XYZ-2024",
            "2024/02/30",
            "February 30, 2024",
            "31 April 2024",
            "20240230",
            "next Tuesday",
            "May 5",
            "2025-01-0é1",
            "12345678901",
            "1709632800000.5",
            "1709632800.",
            "-1709632800",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
        assert_eq!(
            parse("1709683200").map(|d| d.to_string()).as_deref(),
            Some("2024-03-06")
        );
        assert_eq!(
            parse("951782400").map(|d| d.to_string()).as_deref(),
            Some("2000-02-29")
        );
        assert_eq!(parse("2024-02-29").map(|d| d.day()), Some(29));
        assert_eq!(parse("1900-02-29"), None);
        assert_eq!(parse("2000-02-29").map(|d| d.year()), Some(2000));
    }

    #[test]
    fn iso_dates_are_strict() {
        for (s, ok) in [
            ("2025-04-12", true),
            ("2024-02-29", true),
            ("2025-02-29", false),
            ("2025-13-01", false),
            ("2025-4-12", false),
            ("2025-04-12T08:00Z", false),
            ("12 April 2025", false),
            ("", false),
        ] {
            assert_eq!(is_iso_date(s), ok, "{s}");
        }
    }

    #[test]
    fn range_bounds() {
        for (s, ok) in [
            ("2025", true),
            ("2025-04", true),
            ("2025-04-12", true),
            ("2025-13", false),
            ("2025-04-31", false),
            ("2025-4", false),
            ("April", false),
            ("last week", false),
        ] {
            assert_eq!(DateBound::parse(s).is_some(), ok, "{s}");
        }
        let may = DateBound::parse("2025-05").unwrap();
        assert!(may.reached_by("2025-05-02") && !may.reached_by("2025-04-30"));
        assert!(may.not_passed_by("2025-05-31") && !may.not_passed_by("2025-06-01"));
        let b = |s: &str| DateBound::parse(s).unwrap();
        assert!(b("2025-05").not_after(&b("2025")));
        assert!(b("2025-04-12").not_after(&b("2025-04")));
        assert!(b("2025").not_after(&b("2025")));
        assert!(!b("2026").not_after(&b("2025-12")));
        assert!(!b("2025-05-02").not_after(&b("2025-05-01")));
    }
}
