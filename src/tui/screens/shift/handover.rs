//! A handover on screen: the preview of the current shift's report with the
//! outgoing operator's note, one waiting for the incoming operator's
//! signature (who, PIN, remarks), or a sealed one (addendum, review). The
//! report scrolls; the form under it is the kit's.

use super::{Mode, ShiftScreen};
use crate::domain::handover::Report;
use crate::domain::shift::Shift;
use crate::domain::Role;
use crate::i18n::{fill, Lang};
use crate::present::{ErrorText, HandoverText};
use crate::store::handover::HandoverRecord;
use crate::store::Staff;
use crate::text::fit;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::screens::{Ctx, View};
use crate::tui::theme;
use crate::tui::widgets::form::{field_keys, Field, Form, FormEvent, Note};
use crate::tui::widgets::scroll::Scroll;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

field_keys! {
    pub(super) enum H {
        Note => "note",
        Incoming => "incoming",
        Pin => "pin",
        Remarks => "remarks",
        Addendum => "addendum",
        Review => "review",
    }
}

/// Longest handover note, addendum or review (characters).
const MAX_NOTE: usize = 2000;
const MAX_LINE: usize = 500;

/// What the form under the report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    Note,
    Ack,
    Addendum,
    Review,
}

/// What the handover of `shift` would contain now; not stored yet.
struct Pending {
    shift: Shift,
    next: Shift,
    report: Report,
}

enum Doc {
    Pending(Box<Pending>),
    Stored(Box<HandoverRecord>),
}

pub(super) struct HandoverView {
    doc: Doc,
    lines: Vec<String>,
    scroll: Scroll,
    form: Option<(Purpose, Form<H>)>,
    back_to: Mode,
}

impl HandoverView {
    /// The stored handover shown (none for one not yet submitted).
    pub fn stored_id(&self) -> Option<i64> {
        match &self.doc {
            Doc::Stored(h) => Some(h.id),
            Doc::Pending(_) => None,
        }
    }

    pub fn form(&self) -> Option<&Form<H>> {
        self.form.as_ref().map(|(_, f)| f)
    }

    /// Typed input that leaving would lose (a PIN is not kept).
    pub fn is_dirty(&self) -> bool {
        self.form
            .as_ref()
            .is_some_and(|(p, f)| *p != Purpose::Ack && f.is_dirty())
    }

    pub fn type_char(&mut self, c: char) {
        if let Some((_, f)) = self.form.as_mut() {
            f.type_char(c);
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some((_, f)) = self.form.as_mut() {
            f.paste(text);
        }
    }
}

fn text_lines(s: &str) -> Vec<String> {
    s.lines().map(String::from).collect()
}

fn record_lines(lang: Lang, h: &HandoverRecord) -> Vec<String> {
    let mut lines = text_lines(&h.content);
    lines.extend(text_lines(&lang.handover_signature(h, false)));
    lines
}

fn note_form(lang: Lang) -> Form<H> {
    Form::new(vec![Field::lines(H::Note, lang.t().shift.f_note, MAX_NOTE)])
}

/// Who signs (chosen first), their PIN, remarks: in that order, so a PIN is
/// only ever typed into the PIN field.
fn ack_form(lang: Lang, staff: &[Staff], author: i64, me: &Staff) -> Form<H> {
    let t = &lang.t().shift;
    let people: Vec<(String, String)> = staff
        .iter()
        .filter(|s| s.id != author)
        .map(|s| (s.name.clone(), s.name.clone()))
        .collect();
    let mut f = Form::new(vec![
        Field::choice(H::Incoming, t.f_incoming, people),
        Field::pin(H::Pin, t.f_pin).required(),
        Field::line(H::Remarks, t.f_remarks, 300),
    ]);
    if me.id != author {
        f.set(H::Incoming, &me.name);
    }
    f
}

fn line_form(key: H, label: &str) -> Form<H> {
    Form::new(vec![Field::line(key, label, MAX_LINE).required()])
}

impl ShiftScreen {
    /// Ctrl-O: the current shift's handover, as a preview to submit, or as
    /// stored when it was handed over already.
    pub(super) fn open_pending(&mut self, ctx: &mut Ctx) {
        let target = match ctx.store.handover_target(ctx.shifts, ctx.now) {
            Ok(s) => s,
            Err(e) => return ctx.store_error(&e),
        };
        match ctx.store.handover_for_shift(&target) {
            Ok(Some(h)) => {
                let id = h.id;
                self.show_record(h, Mode::Log, ctx);
                ctx.info(fill(ctx.lang.t().shift.already_handed, &[&id]));
                return;
            }
            Ok(None) => {}
            Err(e) => return ctx.store_error(&e),
        }
        let next = ctx.shifts.next(&target);
        match ctx
            .store
            .pending_report(&target, &next, &ctx.me.name, "", ctx.now)
        {
            Ok(report) => {
                self.view = Some(HandoverView {
                    lines: text_lines(&ctx.lang.handover_text(&report)),
                    doc: Doc::Pending(Box::new(Pending {
                        shift: target,
                        next,
                        report,
                    })),
                    scroll: Scroll::default(),
                    form: Some((Purpose::Note, note_form(ctx.lang))),
                    back_to: Mode::Log,
                });
                self.mode = Mode::Handover;
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    /// A stored handover; one not yet signed comes with the signing form.
    pub(super) fn show_record(&mut self, h: HandoverRecord, back_to: Mode, ctx: &mut Ctx) {
        let form = if h.acknowledged.is_none() {
            let staff = ctx.store.desk_staff().unwrap_or_default();
            Some((Purpose::Ack, ack_form(ctx.lang, &staff, h.from_id, ctx.me)))
        } else {
            None
        };
        self.view = Some(HandoverView {
            lines: record_lines(ctx.lang, &h),
            doc: Doc::Stored(Box::new(h)),
            scroll: Scroll::default(),
            form,
            back_to,
        });
        self.mode = Mode::Handover;
    }

    /// Re-read what is shown (another desk may have signed it meanwhile).
    pub(super) fn refresh_view(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let Some(v) = self.view.as_mut() else {
            return;
        };
        match &mut v.doc {
            Doc::Pending(p) => {
                match ctx
                    .store
                    .pending_report(&p.shift, &p.next, &ctx.me.name, "", ctx.now)
                {
                    Ok(r) => {
                        v.lines = text_lines(&lang.handover_text(&r));
                        p.report = r;
                    }
                    Err(e) => ctx.store_error(&e),
                }
            }
            Doc::Stored(h) => match ctx.store.handover(h.id) {
                Ok(fresh) => {
                    // Signed meanwhile (elsewhere): the signing form goes.
                    if fresh.acknowledged.is_some() && matches!(v.form, Some((Purpose::Ack, _))) {
                        v.form = None;
                    }
                    v.lines = record_lines(lang, &fresh);
                    **h = fresh;
                }
                Err(e) => ctx.store_error(&e),
            },
        }
    }

    pub(super) fn handle_handover(&mut self, action: Action, ctx: &mut Ctx) {
        let Some(v) = self.view.as_mut() else {
            self.mode = Mode::Log;
            return;
        };
        match action {
            Action::Addendum => self.open_form(Purpose::Addendum, ctx),
            Action::Review => self.open_form(Purpose::Review, ctx),
            // The answer to "discard what you typed?" from this view's form.
            Action::Discard => {
                self.close_form(ctx);
                ctx.info(ctx.lang.t().kit.discarded);
            }
            a => match v.form.as_mut().map(|(_, f)| f.handle(a)) {
                Some(FormEvent::Submit) => self.save_handover(ctx),
                Some(FormEvent::AskDiscard) => ctx.ask_discard(),
                Some(FormEvent::Cancel) => self.close_form(ctx),
                Some(FormEvent::Changed(_)) => {}
                // Not the form's: the report scrolls (or the view closes).
                Some(FormEvent::None) => {
                    v.scroll.handle(a);
                }
                None if a == Action::Back => self.leave_view(ctx),
                None => {
                    v.scroll.handle(a);
                }
            },
        }
    }

    /// The form goes: an addendum or review closes under the report; the
    /// note and the signature belong to the view, which closes with them.
    fn close_form(&mut self, ctx: &mut Ctx) {
        let Some(v) = self.view.as_mut() else {
            return;
        };
        match v.form.as_ref().map(|(p, _)| *p) {
            Some(Purpose::Addendum | Purpose::Review) => v.form = None,
            _ => self.leave_view(ctx),
        }
    }

    /// Back where the view was opened from.
    fn leave_view(&mut self, ctx: &mut Ctx) {
        let back = self.view.take().map(|v| v.back_to).unwrap_or(Mode::Log);
        match back {
            Mode::History => self.open_history(ctx),
            _ => {
                self.mode = Mode::Log;
                self.log.reload(ctx);
            }
        }
    }

    fn save_handover(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let t = &lang.t().shift;
        let Some(v) = self.view.as_mut() else {
            return;
        };
        let Some((purpose, form)) = v.form.as_mut() else {
            return;
        };
        form.clear_notes();
        if *purpose != Purpose::Note && form.mark_missing(lang.t().common.required) {
            let msg = match purpose {
                Purpose::Ack => t.need_pin,
                _ => lang.t().common.fix_marked,
            };
            return ctx.error(msg);
        }
        let result = match (&v.doc, *purpose) {
            (Doc::Pending(p), Purpose::Note) => {
                let note = form.value(H::Note);
                ctx.store
                    .submit_handover(&p.shift, &p.next, &note, ctx.me, ctx.now, &|r| {
                        lang.handover_text(r)
                    })
                    .map(|h| (fill(t.submitted, &[&h.id]), h))
            }
            (Doc::Stored(h), Purpose::Ack) => {
                let who = form.value(H::Incoming);
                let incoming = match ctx.store.staff_by_name(&who) {
                    Ok(s) => s,
                    Err(e) => return ctx.store_error(&e),
                };
                let r = ctx.store.acknowledge_handover(
                    h.id,
                    &incoming,
                    &form.value(H::Pin),
                    &form.value(H::Remarks),
                    ctx.now,
                );
                if let Err(e) = &r {
                    // The PIN is typed again; who and the remarks stay.
                    form.set(H::Pin, "");
                    form.set_note(H::Pin, Some(Note::error(lang.store_error(e))));
                    form.focus_on(H::Pin);
                }
                r.map(|h| (fill(t.acknowledged, &[&h.id, &incoming.name]), h))
            }
            (Doc::Stored(h), Purpose::Addendum) => ctx
                .store
                .add_handover_addendum(h.id, ctx.me, &form.value(H::Addendum), ctx.now)
                .map(|h| (t.addendum_saved.to_string(), h)),
            (Doc::Stored(h), Purpose::Review) => ctx
                .store
                .review_handover(h.id, ctx.me, &form.value(H::Review), ctx.now)
                .map(|h| (fill(t.reviewed, &[&h.id]), h)),
            _ => return,
        };
        match result {
            Ok((msg, h)) => {
                let back = v.back_to;
                self.show_record(h, back, ctx);
                ctx.ok(msg);
            }
            Err(e) => ctx.store_error(&e),
        }
    }

    /// Ctrl-D / Ctrl-R on a sealed handover. Never over a form with typed
    /// input, nor over the signing form.
    fn open_form(&mut self, purpose: Purpose, ctx: &mut Ctx) {
        let t = &ctx.lang.t().shift;
        let Some(v) = self.view.as_mut() else {
            return;
        };
        let Doc::Stored(h) = &v.doc else {
            return;
        };
        if v.form
            .as_ref()
            .is_some_and(|(p, f)| *p == Purpose::Ack || f.is_dirty())
        {
            return;
        }
        match purpose {
            Purpose::Addendum => {
                v.form = Some((purpose, line_form(H::Addendum, t.f_addendum)));
            }
            Purpose::Review => {
                if !ctx.me.role.covers(Role::Supervisor) {
                    return ctx.error(t.r_not_reviewer);
                }
                if h.acknowledged.is_none() {
                    return ctx.error(fill(t.r_not_ack, &[&h.id]));
                }
                if h.review.is_some() {
                    return ctx.error(fill(t.r_already_reviewed, &[&h.id]));
                }
                v.form = Some((purpose, line_form(H::Review, t.f_review)));
            }
            _ => {}
        }
    }

    pub(super) fn render_handover(&self, f: &mut Frame, area: Rect, view: &View) {
        let Some(v) = &self.view else {
            return;
        };
        let lang = view.lang;
        let (title, help) = heading(v, lang, view.keymap);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 4 {
            return;
        }
        f.render_widget(
            Paragraph::new(Span::styled(fit(&help, inner.width as usize), theme::dim())),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        // A note gets a line more than it needs at least.
        let form_h = v
            .form
            .as_ref()
            .map(|(p, fm)| fm.height() + u16::from(*p == Purpose::Note))
            .unwrap_or(0)
            .min(inner.height.saturating_sub(3));
        let text_h = inner
            .height
            .saturating_sub(1 + form_h + u16::from(form_h > 0));
        let text_area = Rect::new(inner.x, inner.y + 1, inner.width, text_h);
        let lines: Vec<Line<'static>> = v
            .lines
            .iter()
            .map(|l| {
                let style = if l.starts_with('■') {
                    theme::header()
                } else if l.starts_with('⚠') {
                    theme::warn()
                } else {
                    Style::default()
                };
                Line::from(Span::styled(l.clone(), style))
            })
            .collect();
        v.scroll.render(f, text_area, lines, lang.t().kit.more);
        if let Some((_, form)) = &v.form {
            let sep_y = text_area.bottom();
            f.render_widget(
                Block::default().borders(Borders::TOP),
                Rect::new(inner.x, sep_y, inner.width, 1),
            );
            form.render(
                f,
                Rect::new(inner.x, sep_y + 1, inner.width, form_h),
                true,
                lang,
                view.keymap,
            );
        }
    }
}

/// The view's title and its line of help (key names from the key table).
fn heading(v: &HandoverView, lang: Lang, keymap: &Keymap) -> (String, String) {
    let t = &lang.t().shift;
    let key = |c, a| keymap.keys_for(c, a).unwrap_or_default();
    match &v.doc {
        Doc::Pending(p) => (
            fill(t.heading_pending, &[&lang.shift_label(&p.shift)]),
            fill(
                t.pending_help,
                &[
                    &key(Context::Form, Action::Save),
                    &key(Context::Form, Action::Back),
                ],
            ),
        ),
        Doc::Stored(h) => {
            let status = match (&h.acknowledged, &h.review) {
                (None, _) => t.status_awaiting,
                (Some(_), None) => t.status_sealed,
                (Some(_), Some(_)) => t.status_reviewed,
            };
            let label = format!(
                "{} {} · {status}",
                h.shift_date,
                lang.shift_name(&h.report.shift)
            );
            let help = if h.acknowledged.is_none() {
                fill(
                    t.awaiting_help,
                    &[
                        &key(Context::Form, Action::Save),
                        &key(Context::Form, Action::Back),
                    ],
                )
            } else {
                fill(
                    t.sealed_help,
                    &[
                        &key(Context::ShiftHandover, Action::Addendum),
                        &key(Context::ShiftHandover, Action::Review),
                        &key(Context::ShiftHandover, Action::Back),
                    ],
                )
            };
            (fill(t.heading_handover, &[&h.id, &label]), help)
        }
    }
}
