//! A reporting period: half-open `[from, to)` in site-local time, so a ticket
//! closed at 00:00 on the 1st belongs to the new month and no instant is in
//! two periods. Weeks are ISO weeks (Monday 00:00 to Monday 00:00), so the
//! weekly report of a week across a month end covers both months' days.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

/// What kind of period, for labels and stepping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    Day,
    Week,
    Month,
    Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    span: Span,
    from: NaiveDateTime,
    to: NaiveDateTime,
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

impl Period {
    /// The calendar day `d`.
    pub fn day(d: NaiveDate) -> Period {
        Period {
            span: Span::Day,
            from: midnight(d),
            to: midnight(d) + Duration::days(1),
        }
    }

    /// The ISO week (Monday to Sunday) containing `d`.
    pub fn week_of(d: NaiveDate) -> Period {
        let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
        Period {
            span: Span::Week,
            from: midnight(monday),
            to: midnight(monday) + Duration::days(7),
        }
    }

    /// Month `month` (1-12) of `year`; `None` for a month that does not exist.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = first.checked_add_months(Months::new(1))?;
        Some(Period {
            span: Span::Month,
            from: midnight(first),
            to: midnight(next),
        })
    }

    /// The month containing `d`.
    pub fn month_of(d: NaiveDate) -> Period {
        Period::month(d.year(), d.month()).unwrap_or_else(|| Period::day(d))
    }

    /// Any range `[from, to)`; `None` unless `from < to`.
    pub fn range(from: NaiveDateTime, to: NaiveDateTime) -> Option<Period> {
        (from < to).then_some(Period {
            span: Span::Range,
            from,
            to,
        })
    }

    /// The whole days `first..=last` (a custom range: midnight of the first
    /// to the midnight after the last); `None` when `first` is after `last`.
    pub fn days(first: NaiveDate, last: NaiveDate) -> Option<Period> {
        Period::range(midnight(first), midnight(last.succ_opt()?))
    }

    pub fn span(&self) -> Span {
        self.span
    }
    pub fn from(&self) -> NaiveDateTime {
        self.from
    }
    /// The first instant after the period.
    pub fn to(&self) -> NaiveDateTime {
        self.to
    }
    pub fn contains(&self, t: NaiveDateTime) -> bool {
        self.from <= t && t < self.to
    }

    /// The period before, of the same kind (a range: as long, ending at `from`).
    pub fn previous(&self) -> Period {
        match self.span {
            Span::Day => Period::day(self.from.date() - Duration::days(1)),
            Span::Week => Period::week_of(self.from.date() - Duration::days(7)),
            Span::Month => self
                .from
                .date()
                .checked_sub_months(Months::new(1))
                .map(Period::month_of)
                .unwrap_or(*self),
            Span::Range => Period {
                span: Span::Range,
                from: self.from - (self.to - self.from),
                to: self.from,
            },
        }
    }

    /// The period after, of the same kind.
    pub fn next(&self) -> Period {
        match self.span {
            Span::Day => Period::day(self.to.date()),
            Span::Week => Period::week_of(self.to.date()),
            Span::Month => Period::month_of(self.to.date()),
            Span::Range => Period {
                span: Span::Range,
                from: self.to,
                to: self.to + (self.to - self.from),
            },
        }
    }

    /// `2026-11-23`, `2026-W48`, `2026-11`, or `2026-11-01 00:00..2026-11-15 00:00`.
    pub fn label(&self) -> String {
        match self.span {
            Span::Day => self.from.format("%Y-%m-%d").to_string(),
            Span::Week => {
                let w = self.from.date().iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Span::Month => self.from.format("%Y-%m").to_string(),
            Span::Range => format!(
                "{}..{}",
                self.from.format("%Y-%m-%d %H:%M"),
                self.to.format("%Y-%m-%d %H:%M")
            ),
        }
    }

    /// The last instant the facts speak for: the period's end, or `as_of`
    /// when the period is still running.
    pub fn end_at(&self, as_of: NaiveDateTime) -> NaiveDateTime {
        self.to.min(as_of)
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Period", 4)?;
        st.serialize_field("span", &self.span)?;
        st.serialize_field("label", &self.label())?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("to", &self.to)?;
        st.end()
    }
}
