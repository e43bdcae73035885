//! 报表 Reports: the daily statistics sheet, the weekly report and the
//! monthly report with the complaint summary, for any past period (day, week
//! or month; ←/→ steps back and forth, so last month is two keys away), or
//! a custom range of days (`r`, a small form: `range`). The
//! figures are computed on entering and kept until something is written,
//! the period changes or the hour turns; drawing only lays them out. At
//! 120x40 charts sit above the tables: new tickets by category (bars),
//! intake per day or hour (sparkline) and the timeliness gauge.

mod range;

use super::{Ctx, Screen, ScreenId, View};
use crate::domain::figures::counts::intake_series;
use crate::domain::figures::{self, Period, Rate, Span as PeriodSpan};
use crate::i18n::{fill, Lang};
use crate::present::report::{rate_text, table_lines, Doc, FigureWords};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::theme;
use crate::tui::widgets::form::{Form, FormEvent};
use crate::tui::widgets::scroll::Scroll;
use range::RangeKey;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Gauge, LineGauge, Paragraph, Sparkline,
};
use ratatui::Frame;

/// What a computed report was computed at: the store's change mark, the
/// period and the hour.
type Key = ((i64, u64), Period, String);

pub struct ReportsScreen {
    span: PeriodSpan,
    /// The period shown; `None` until the first entry (then today's).
    period: Option<Period>,
    doc: Option<Doc>,
    timeliness: Rate,
    /// New tickets by category label, largest first.
    by_category: Vec<(String, u64)>,
    intake: Vec<u64>,
    scroll: Scroll,
    key: Option<Key>,
    /// `r`: the custom range's dates being typed.
    range: Option<Form<RangeKey>>,
}

impl Default for ReportsScreen {
    fn default() -> Self {
        ReportsScreen {
            span: PeriodSpan::Day,
            period: None,
            doc: None,
            timeliness: Rate::default(),
            by_category: Vec::new(),
            intake: Vec::new(),
            scroll: Scroll::default(),
            key: None,
            range: None,
        }
    }
}

fn period_of(span: PeriodSpan, day: chrono::NaiveDate) -> Period {
    match span {
        PeriodSpan::Week => Period::week_of(day),
        PeriodSpan::Month | PeriodSpan::Range => Period::month_of(day),
        PeriodSpan::Day => Period::day(day),
    }
}

impl ReportsScreen {
    pub fn new() -> Self {
        ReportsScreen::default()
    }

    /// Compute the report of the period shown, unless the one kept is still
    /// right (nothing written, same period, same hour).
    fn compute(&mut self, ctx: &mut Ctx) {
        let p = *self
            .period
            .get_or_insert_with(|| period_of(self.span, ctx.now.date()));
        let key = ctx
            .store
            .change_mark()
            .ok()
            .map(|m| (m, p, ctx.now.format("%Y-%m-%d %H").to_string()));
        if key.is_some() && key == self.key && self.doc.is_some() {
            return;
        }
        let facts = match ctx.store.period_facts(&p) {
            Ok(f) => f,
            Err(e) => {
                ctx.store_error(&e);
                return;
            }
        };
        let rules = ctx.store.figure_rules();
        let lang = ctx.lang;
        let as_of = ctx.now;
        let (doc, counts, tl) = match p.span() {
            PeriodSpan::Day => {
                let r = figures::daily(&p, &facts, &rules, as_of);
                (lang.daily_doc("", &r), r.counts, r.timeliness)
            }
            PeriodSpan::Week => {
                let r = figures::weekly(&p, &facts, &rules, as_of);
                (lang.weekly_doc("", &r), r.counts, r.timeliness)
            }
            _ => {
                let r = figures::monthly(&p, &facts, &rules, as_of);
                (lang.monthly_doc("", &r), r.counts, r.timeliness)
            }
        };
        let mut cats: Vec<(String, u64)> = counts
            .by_category
            .iter()
            .filter(|r| r.tally.opened > 0)
            .map(|r| (lang.fig_category(&r.key), u64::from(r.tally.opened)))
            .collect();
        cats.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.by_category = cats;
        self.intake = intake_series(&p, &facts.tickets);
        self.timeliness = tl.overall;
        self.doc = Some(doc);
        self.key = key;
    }

    fn show(&mut self, p: Period, ctx: &mut Ctx) {
        if self.period != Some(p) {
            self.period = Some(p);
            self.scroll.reset();
        }
        self.compute(ctx);
    }

    /// The range form's keys: Ctrl-S (or Enter on the last date) shows the
    /// range; Esc closes it (two dates are not worth a question).
    fn handle_range(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(form) = self.range.as_mut() else {
            return;
        };
        match form.handle(action) {
            FormEvent::Submit => match range::read(form, ctx.lang, ctx.now) {
                Ok(p) => {
                    // A complaint about an earlier try no longer applies.
                    *ctx.status = super::Status::default();
                    self.range = None;
                    self.span = PeriodSpan::Range;
                    self.show(p, ctx);
                }
                Err(why) => ctx.error(why),
            },
            FormEvent::Cancel | FormEvent::AskDiscard => self.range = None,
            _ => {}
        }
    }

    fn render_range(&self, f: &mut Frame, area: Rect, view: &View) {
        let Some(form) = &self.range else {
            return;
        };
        let t = &view.lang.t().reports;
        let h = (form.height() + 3).min(area.height);
        let w = area.width.min(60);
        let r = Rect::new(area.x, area.y, w, h);
        f.render_widget(ratatui::widgets::Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(t.range_form, theme::title()));
        let inner = block.inner(r);
        f.render_widget(block, r);
        let [fields, hint] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        form.render(f, fields, true, view.lang, view.keymap);
        f.render_widget(
            Paragraph::new(Span::styled(t.range_hint, theme::dim())),
            hint,
        );
    }

    fn lines(&self, lang: Lang, width: usize) -> Vec<Line<'static>> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for tb in &doc.tables {
            out.push(Line::from(Span::styled(
                format!("■ {}", tb.title),
                theme::header(),
            )));
            for l in table_lines(lang, tb, width) {
                out.push(Line::from(l));
            }
            out.push(Line::from(""));
        }
        out
    }

    fn gauge_label(&self, lang: Lang) -> String {
        fill(lang.t().reports.gauge, &[&rate_text(self.timeliness)])
    }

    fn ratio(&self) -> f64 {
        match self.timeliness.whole() {
            0 => 0.0,
            w => f64::from(self.timeliness.part()) / f64::from(w),
        }
    }

    fn render_charts(&self, f: &mut Frame, area: Rect, lang: Lang, span: PeriodSpan) {
        let t = &lang.t().reports;
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        let bars: Vec<Bar> = self
            .by_category
            .iter()
            .take(left.height.saturating_sub(2) as usize)
            .map(|(label, n)| Bar::default().value(*n).label(Line::from(label.clone())))
            .collect();
        let chart = BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(t.chart_category),
            )
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .bar_style(theme::ok())
            .data(BarGroup::default().bars(&bars));
        f.render_widget(chart, left);
        let [spark, gauge] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(right);
        let title = match span {
            PeriodSpan::Day => t.chart_intake_hours,
            _ => t.chart_intake_days,
        };
        let total: u64 = self.intake.iter().sum();
        f.render_widget(
            Sparkline::default()
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!("{title} · {total}")),
                )
                .data(&self.intake)
                .style(theme::ok()),
            spark,
        );
        f.render_widget(
            Gauge::default()
                .block(Block::default().borders(Borders::ALL))
                .gauge_style(theme::ok())
                .ratio(self.ratio())
                .label(self.gauge_label(lang)),
            gauge,
        );
    }
}

impl Screen for ReportsScreen {
    fn id(&self) -> ScreenId {
        ScreenId::Reports
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.t().reports.title
    }

    /// Reached by its key (F9): the tab bar keeps its keys at 80 columns.
    fn in_tabs(&self) -> bool {
        false
    }

    fn contexts(&self) -> Vec<Context> {
        match &self.range {
            Some(form) => form.contexts(),
            None => vec![Context::Reports, Context::List, Context::ListVi],
        }
    }

    fn wants_text(&self) -> bool {
        self.range.as_ref().is_some_and(|f| f.wants_text())
    }

    fn type_char(&mut self, c: char, _ctx: &mut Ctx) {
        if let Some(form) = self.range.as_mut() {
            form.type_char(c);
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if let Some(form) = self.range.as_mut() {
            form.paste(text.trim());
        }
    }

    fn handle(&mut self, action: Action, ctx: &mut Ctx) {
        if self.range.is_some() {
            return self.handle_range(action, ctx);
        }
        let current = self
            .period
            .unwrap_or_else(|| period_of(self.span, ctx.now.date()));
        // The day a span switch keeps: today inside the current period,
        // else the period's first day.
        let day = if current.contains(ctx.now) {
            ctx.now.date()
        } else {
            current.from().date()
        };
        let switch = |s: &mut Self, span: PeriodSpan, ctx: &mut Ctx| {
            s.span = span;
            s.show(period_of(span, day), ctx);
        };
        match action {
            Action::ReportDay => switch(self, PeriodSpan::Day, ctx),
            Action::ReportWeek => switch(self, PeriodSpan::Week, ctx),
            Action::ReportMonth => switch(self, PeriodSpan::Month, ctx),
            Action::PrevPeriod => self.show(current.previous(), ctx),
            Action::NextPeriod => {
                let next = current.next();
                // Nothing has happened in a period that has not begun.
                if next.from() <= ctx.now {
                    self.show(next, ctx);
                }
            }
            Action::ReportRange => self.range = Some(range::build(ctx.lang, current)),
            Action::ThisPeriod => {
                let p = period_of(self.span, ctx.now.date());
                self.show(p, ctx);
            }
            a => {
                self.scroll.handle(a);
            }
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        self.compute(ctx);
    }

    fn render(&self, f: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let Some(doc) = &self.doc else {
            return;
        };
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(doc.title.clone(), theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let span = self.period.map_or(PeriodSpan::Day, |p| p.span());
        let wide = inner.width >= 100 && inner.height >= 30;
        let chart_h = if wide { 12 } else { 1 };
        let [sub, charts, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(chart_h),
            Constraint::Min(1),
        ])
        .areas(inner);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(doc.subtitle.clone(), theme::dim()))),
            sub,
        );
        if wide {
            self.render_charts(f, charts, lang, span);
        } else {
            f.render_widget(
                LineGauge::default()
                    .filled_style(theme::ok())
                    .ratio(self.ratio())
                    .label(self.gauge_label(lang)),
                charts,
            );
        }
        let lines = self.lines(lang, body.width as usize);
        self.scroll.render(f, body, lines, lang.t().kit.more);
        self.render_range(f, charts.union(body), view);
    }
}
