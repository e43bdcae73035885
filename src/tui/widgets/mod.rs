//! The component kit: every screen composes these instead of drawing forms
//! and lists by hand.
//!
//! - `form`: labelled fields with focus, validation marks, Save/Next/Back
//!   routing and drafts — the one place Ctrl-S, Esc and Tab behave.
//! - `text_field`: one or several lines on `ratatui-textarea` (a mask char
//!   for PINs); typing replaces a filled-in value, as in a spreadsheet cell.
//! - `choice`: choices and yes/no answers.
//! - `table`: ratatui's `Table` drawn a window at a time; paging by the real
//!   visible height, scroll kept during drawing.
//! - `popup`: a box over the screen that keeps double-width text intact.
//! - `scroll`: long text (help, a handover) that scrolls with a "more" mark.

pub mod choice;
pub mod form;
pub mod popup;
pub mod scroll;
pub mod table;
pub mod text_field;
pub mod unit_field;
