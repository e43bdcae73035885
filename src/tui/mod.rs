//! The terminal interface: app state, keymap, one module per screen.

pub mod action;
pub mod app;
pub mod bindings;
pub mod keymap;
pub mod lean;
pub mod loader;
pub mod screens;
pub mod theme;
pub mod ui;
pub mod widgets;

use app::App;
use lean::LeanBackend;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;
use std::io::{self, BufWriter, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Put the terminal back as it was. Safe to call more than once.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped: on return, on `?` and on unwinding.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// How the session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// SIGHUP/SIGTERM or the terminal went away: drafts were saved.
    HungUp,
    /// The file's self-check, run beside the first screens, found damage:
    /// drafts were saved, the message says what to do.
    Damaged(String),
}

pub fn run(mut app: App) -> anyhow::Result<Exit> {
    // Signals only set a flag; the loop notices within one poll interval.
    let hangup = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&hangup))?;
    }
    install_panic_hook();
    enable_raw_mode()?;
    let _guard = TerminalGuard;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    // No `terminal.clear()`: it asks the terminal for the cursor position,
    // which stalls on links that do not answer. The alternate screen is blank.
    let mut terminal = Terminal::new(LeanBackend::new(BufWriter::with_capacity(
        1 << 14,
        io::stdout(),
    )))?;
    terminal.backend_mut().assume_blank();
    let (wake, input) = mpsc::sync_channel(256);
    spawn_input(wake.clone());
    // The board and the month's figures are read off the key thread; a
    // database that cannot be opened twice leaves them read at once.
    let _ = app.start_loader(Box::new(move || {
        let _ = wake.try_send(Wake::Loaded);
    }));
    let exit = match saving_drafts_on_panic(&mut app, |app| {
        event_loop(&mut terminal, app, &input, &hangup)
    }) {
        Ok(exit) => exit,
        // The drafts are saved; the panic goes on (message printed by the
        // hook, exit code 101), the guard restores the terminal.
        Err(panic) => std::panic::resume_unwind(panic),
    };
    if !matches!(exit, Ok(Exit::Quit)) {
        app.save_drafts();
    }
    exit
}

/// Run `f` (the event loop) and, should it panic, save every screen's
/// unsaved input as a draft before the panic goes on.
///
/// The saving happens here, after unwinding, not in the panic hook: the hook
/// runs on the panicking thread before unwinding, while the code that
/// panicked may still hold this connection's write transaction (a panic in a
/// step's hooks, or in a report rendered inside a write) — a save from the
/// hook would wait for a lock its own thread holds, and could not reach the
/// app's screens without sharing them behind a lock the panic may hold too.
/// Once unwound, every open transaction has rolled back, the screens are
/// ours again, and the same connection writes the drafts.
pub fn saving_drafts_on_panic<T>(
    app: &mut App,
    f: impl FnOnce(&mut App) -> T,
) -> std::thread::Result<T> {
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(app)));
    if out.is_err() {
        app.save_drafts();
    }
    out
}

/// What wakes the event loop: a terminal event, or a read that landed.
enum Wake {
    Input(io::Result<Event>),
    Loaded,
}

type Term = Terminal<LeanBackend<BufWriter<Stdout>>>;

/// Read terminal events on their own thread. crossterm's reader can loop
/// forever once the terminal is gone (crossterm #793), so the main loop must
/// never block inside it: it waits on this channel with a timeout instead.
fn spawn_input(tx: mpsc::SyncSender<Wake>) {
    std::thread::spawn(move || loop {
        let r = event::read();
        let failed = r.is_err();
        if tx.send(Wake::Input(r)).is_err() || failed {
            break;
        }
    });
}

/// Whether this process still has its controlling terminal.
fn tty_alive() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .open("/dev/tty")
        .is_ok()
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    input: &mpsc::Receiver<Wake>,
    hangup: &AtomicBool,
) -> anyhow::Result<Exit> {
    // Only a terminal we had at start can be lost (some hosts have none).
    let had_tty = tty_alive();
    let mut dirty = true;
    let mut last_second = Instant::now();
    loop {
        if hangup.load(Ordering::Relaxed) {
            return Ok(Exit::HungUp);
        }
        if dirty {
            // An unchanged frame writes nothing (see `lean`).
            if terminal.draw(|f| ui::render(f, app)).is_err() {
                // The terminal is gone (SSH dropped): keep the drafts, stop.
                return Ok(Exit::HungUp);
            }
            dirty = false;
        }
        // Sleep until a key, a finished read or the next second: no busy
        // polling, one wake a second when idle (signals, the clock and
        // data_version are looked at then).
        let wait = Duration::from_secs(1).saturating_sub(last_second.elapsed());
        match input.recv_timeout(wait.max(Duration::from_millis(1))) {
            Ok(Wake::Input(Ok(ev))) => {
                app.on_event(ev);
                // Handle whatever else is already queued before drawing.
                while let Ok(w) = input.try_recv() {
                    match w {
                        Wake::Input(Ok(ev)) => app.on_event(ev),
                        Wake::Input(Err(_)) => return Ok(Exit::HungUp),
                        Wake::Loaded => {}
                    }
                }
                dirty = true;
            }
            Ok(Wake::Loaded) => {}
            Ok(Wake::Input(Err(_))) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Ok(Exit::HungUp)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if app.take_loaded() {
            dirty = true;
        }
        if let Some(message) = app.damage_found() {
            return Ok(Exit::Damaged(message));
        }
        if app.quit {
            return Ok(Exit::Quit);
        }
        if std::mem::take(&mut app.suspend) {
            suspend(terminal)?;
            dirty = true;
        }
        if app.tick() {
            dirty = true;
        }
        // Once a second: redraw for the clock and countdowns (no SQL; an
        // unchanged frame costs no bytes), and notice a terminal that
        // vanished without a SIGHUP.
        if last_second.elapsed() >= Duration::from_secs(1) {
            last_second = Instant::now();
            app.second();
            dirty = true;
            if had_tty && !tty_alive() {
                return Ok(Exit::HungUp);
            }
        }
    }
}

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again and
/// draw everything anew (the shell may have written over the screen).
fn suspend(terminal: &mut Term) -> anyhow::Result<()> {
    restore_terminal();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Running again (SIGCONT).
    terminal.backend_mut().forget();
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    // `resize` clears the screen and forgets the last frame without asking
    // the terminal for its cursor (which stalls on some links).
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// Draw once into any backend (tests use `TestBackend`).
pub fn draw_once<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    terminal.draw(|f| ui::render(f, app))?;
    Ok(())
}
