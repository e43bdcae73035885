//! Shared test support: temp databases, a fixed clock, an app driven by keys,
//! screens rendered to text. Each test binary uses the parts it needs.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use frontdesk::clock::Clock;
use frontdesk::demo;
use frontdesk::i18n::Lang;
use frontdesk::store::{Actor, Store};
use frontdesk::tui::app::App;
use frontdesk::tui::keymap::Keymap;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use tempfile::TempDir;

/// The site's zone in the tests (the config's default).
pub const ZONE: frontdesk::domain::time::Tz = frontdesk::domain::time::DEFAULT_ZONE;

/// Monday 2026-11-23 10:00 — the fixed "now" of the tests.
pub fn now() -> NaiveDateTime {
    at("2026-11-23 10:00")
}

pub fn at(s: &str) -> NaiveDateTime {
    frontdesk::clock::parse(s).unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("valid date")
    })
}

/// A temp directory holding one database; dropped with the test.
pub struct Db {
    pub dir: TempDir,
    pub store: Store,
}

impl Db {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("t.db")
    }
    /// A demo person as the acting person of a test's writes.
    pub fn staff(&self, name: &str) -> Actor {
        actor(&self.store, name)
    }
    /// A second connection, as another operator's process would have.
    pub fn reopen(&self) -> Store {
        Store::open(&self.path(), ZONE).expect("reopen")
    }
}

/// Build a database once per test binary and hand each test its own copy
/// (hashing the demo PINs with argon2 is the slow part).
fn copy_of(template: &'static OnceLock<(TempDir, PathBuf)>, build: fn(&mut Store)) -> Db {
    let (_, src) = template.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("template.db");
        let mut store = Store::create(&path, false, ZONE).expect("create");
        build(&mut store);
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        (dir, path)
    });
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(src, dir.path().join("t.db")).expect("copy template");
    let store = Store::open(&dir.path().join("t.db"), ZONE).expect("open copy");
    Db { dir, store }
}

static DEMO: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
static SITE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();

/// The full demo site at the fixed clock.
pub fn demo_db() -> Db {
    copy_of(&DEMO, |s| demo::populate(s, now()).expect("demo"))
}

/// Staff, departments and the site, but no tickets: for exact counts.
pub fn site_db() -> Db {
    copy_of(&SITE, |s| {
        demo::seed_staff(s).expect("staff");
        demo::seed_site(s, now()).expect("site");
    })
}

/// An app signed in as `operator` on `db`, with the clock frozen at `now()`.
pub fn app(db: &Db, operator: &str, lang: Lang) -> App {
    let store = db.reopen();
    let me = actor(&store, operator);
    let keymap = Keymap::new(&BTreeMap::new()).expect("keymap");
    App::new(
        store,
        Clock::Fixed(now()),
        lang,
        keymap,
        "阳光花园".into(),
        Some(me),
    )
}

/// A person of `store` as an actor (tests take identities as given).
pub fn actor(store: &Store, name: &str) -> Actor {
    Actor::assume(store.staff_by_name(name).expect("staff"))
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Type text as key presses (CJK included).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.on_event(key(KeyCode::Char(c)));
    }
}

pub fn press(app: &mut App, events: &[Event]) {
    for e in events {
        app.on_event(e.clone());
    }
}

/// Render at `w`x`h` and return the screen as text lines.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    // One draw: lists keep their scroll window while drawing.
    frontdesk::tui::draw_once(&mut term, app).expect("draw");
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        // A wide (CJK) character covers the next cell: skip it, as a terminal would.
        let mut skip = 0u16;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            skip = skip
                .max(unicode_width::UnicodeWidthStr::width(cell.symbol()) as u16)
                .saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
pub mod plans;
pub mod pty;
pub mod schema;
pub mod v12;
pub mod v14;
