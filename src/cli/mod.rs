//! Command line: the TUI by default, and scriptable subcommands beside it.
//! Exit codes: 0 done/found, 1 not found or refused by the rules, 2 bad input,
//! 3 any other failure (database, I/O).

/// A value parser for a coded domain enum (`Kind`, `State` …): its codes
/// are listed in `--help`, offered by the shell completions, and anything
/// else is refused by clap with the list (exit 2).
macro_rules! coded {
    ($t:ty) => {
        clap::builder::TypedValueParser::try_map(
            clap::builder::PossibleValuesParser::new(<$t>::ALL.iter().map(|v| v.code())),
            |s| s.parse::<$t>(),
        )
    };
}
pub(crate) use coded;

pub mod auth;
mod backup;
mod callbacks;
mod check;
mod doctor;
mod export;
mod handover;
mod import;
mod init;
mod instants;
mod json_out;
mod keys;
pub mod lazy;
mod lookup;
mod output;
mod print;
mod registers;
mod report;
mod sheet;
mod staff;
mod ticket;

use crate::clock::Clock;
use crate::config::{self, Config};
use crate::i18n::{fill, Lang};
use crate::present::ErrorText;
use crate::store::{Actor, Staff, Store, StoreError};
use clap::{Parser, Subcommand};
use lazy::Lazy;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "frontdesk",
    version,
    about = "Front desk (客服前台) of a property-management office"
)]
pub struct Cli {
    /// Database file (default: the config's `db`, else <data dir>/frontdesk.db).
    #[arg(long, global = true, value_name = "PATH", env = "FRONTDESK_DB")]
    pub db: Option<PathBuf>,
    /// Config file (default: <config dir>/frontdesk/config.toml).
    #[arg(long, global = true, value_name = "PATH", env = "FRONTDESK_CONFIG")]
    pub config: Option<PathBuf>,
    /// Who is acting: a write then asks for that person's PIN (terminal or
    /// stdin); the TUI chooses them in advance at sign-in.
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Interface language (default: the config's `lang`, else LC_ALL,
    /// LC_MESSAGES or LANG: en… is English, anything else Chinese).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Indented JSON even when stdout is not a terminal (with --json).
    #[arg(long, global = true)]
    pub pretty: bool,
    /// Use the demo database in the data directory (created on first use).
    /// Give it before a subcommand: `frontdesk --demo lookup 3-2-1201`.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

// Parsed once per run: the size of the biggest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a database (refuses to overwrite one without --force):
    /// the demo site, or an empty site whose first manager's name and PIN
    /// are asked for (PIN twice at a terminal; or two lines of stdin).
    Init {
        /// Fill it with the demo site.
        #[arg(long)]
        demo: bool,
        /// Replace an existing database file.
        #[arg(long)]
        force: bool,
        /// Several Unix accounts of one group use the database: its files
        /// are made 0660 instead of 0600 (see docs/deploy.md).
        #[arg(long)]
        shared: bool,
    },
    /// Look a unit up: household (phones masked), keys and open tickets.
    Lookup {
        /// Any form: 3-2-1201, 3栋2单元1201, 1201 …
        unit: String,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Register, move, show and list tickets.
    Ticket {
        #[command(subcommand)]
        cmd: Lazy<ticket::TicketCmd>,
    },
    // --- keys ---
    /// Keys the desk holds: list (--out, --overdue), lend, return, register.
    Keys(Lazy<keys::KeysArgs>),
    // --- callbacks ---
    /// The callback queue 回访: list, record a call, figures, sampling audit.
    Callbacks(Lazy<callbacks::CallbacksArgs>),
    // --- shift: duty log and handover ---
    /// Shift handovers: list, show as signed, what is pending, hand over,
    /// acknowledge, review, add an addendum.
    Handover {
        #[command(subcommand)]
        cmd: Lazy<handover::HandoverCmd>,
    },
    /// The duty log: write, correct, mark a promise kept, list.
    Log {
        #[command(subcommand)]
        cmd: Lazy<handover::LogCmd>,
    },
    /// Load the site from the office's lists (CSV or Excel): units, then
    /// households. A file with any problem writes nothing.
    Import {
        #[command(subcommand)]
        cmd: Lazy<import::ImportCmd>,
    },
    // --- registers ---
    /// Visitors 来访: in, refused, out, list (by name, unit, date, inside).
    Visitor {
        #[command(subcommand)]
        cmd: Lazy<registers::VisitorCmd>,
    },
    /// Mail and parcels 报刊/快递: receive, notify, pick up, return, list.
    Parcel {
        #[command(subcommand)]
        cmd: Lazy<registers::ParcelCmd>,
    },
    /// Goods release passes 物品放行条: issue, use at the gate, list, print.
    Pass {
        #[command(subcommand)]
        cmd: Lazy<registers::PassCmd>,
    },
    /// Renovations 装修: apply, take a step, show, list.
    Renovation {
        #[command(subcommand)]
        cmd: Lazy<registers::RenovationCmd>,
    },
    /// Move-in 入伙: the checklist, then the household written.
    MoveIn(Lazy<registers::MoveArgs>),
    /// Move-out 迁出: keys back, nothing out, the household dated out.
    MoveOut(Lazy<registers::MoveArgs>),
    // --- staff and departments ---
    /// The site's people: add, list, disable, set a PIN (changes as a manager).
    Staff {
        #[command(subcommand)]
        cmd: Lazy<staff::StaffCmd>,
    },
    /// Departments and their technicians: add (as a manager), list.
    Dept {
        #[command(subcommand)]
        cmd: Lazy<staff::DeptCmd>,
    },
    // --- figures ---
    /// Reports: the daily statistics sheet, the weekly report, the monthly
    /// report with the complaint summary 投诉数据汇总表.
    Report(Lazy<report::ReportArgs>),
    /// One row per record with every field: tickets, callbacks, key loans,
    /// the duty log, handovers; CSV, Excel or JSON. Phones and ID numbers
    /// masked unless a supervisor asks (--unmasked, recorded in the audit).
    Export(Lazy<export::ExportArgs>),
    /// The office's paper forms: the work order 工程维修单, the emergency
    /// record 紧急情况处理登记表, the key loan receipt, the sealed handover;
    /// 80-column text or an HTML page for A4 (phones masked except the work
    /// order's, which the technician dials).
    Print(Lazy<print::PrintArgs>),
    // --- safety: check and backup ---
    /// Check the database: the file, the record chains (tamper evidence) and
    /// the rules. Exit 0 clean, 1 naming the table and rows of each breach.
    Check {
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
        /// Also print the chains' heads, to keep elsewhere.
        #[arg(long)]
        head: bool,
        /// Heads kept earlier (lines printed by --head) the chains must still hold.
        #[arg(long, value_name = "FILE")]
        against: Option<PathBuf>,
    },
    /// A consistent copy of the live database while others write (created
    /// 0600), then checked; exit 1 when the copy fails its check.
    Backup {
        /// Where the copy goes (a new file).
        dest: PathBuf,
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    // --- the shell ---
    /// Is this setup sound? Paths, config, schema version, quick check,
    /// holiday lists, locked-out staff, file modes: one line each, ok / warn
    /// / fail; exit 1 when anything fails.
    Doctor {
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Shell completions on stdout, e.g.
    /// `frontdesk completions bash > ~/.local/share/bash-completion/completions/frontdesk`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) on stdout, e.g.
    /// `frontdesk man > ~/.local/share/man/man1/frontdesk.1`.
    Man,
}

/// Errors the CLI reports, each with its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Not found, or refused by the rules: exit 1.
    Refused(String),
    /// Bad input: exit 2.
    Usage(String),
    /// Anything else: exit 3.
    Failed(String),
    /// Whoever read stdout went away (`… | head -1`): stop quietly, exit 0.
    Closed,
}

impl CliError {
    pub fn code(&self) -> i32 {
        match self {
            CliError::Refused(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 3,
            CliError::Closed => 0,
        }
    }
    /// The error's code in `--json` mode (docs/json.md): one per exit code.
    pub fn json_code(&self) -> &'static str {
        match self {
            CliError::Refused(_) => "refused",
            CliError::Usage(_) => "bad_input",
            CliError::Failed(_) => "failed",
            CliError::Closed => "closed",
        }
    }
    fn message(&self) -> &str {
        match self {
            CliError::Refused(m) | CliError::Usage(m) | CliError::Failed(m) => m,
            CliError::Closed => "",
        }
    }
    /// Classify a store error: rule refusals are 1, bad input 2, the rest 3.
    pub fn from_store(e: &StoreError, lang: Lang) -> CliError {
        let msg = lang.store_error(e);
        match e {
            StoreError::NotFound { .. }
            | StoreError::Stale { .. }
            | StoreError::Step(_)
            | StoreError::Ambiguous(_)
            | StoreError::Callback(crate::domain::callback::CallbackError::NotPending(_)) => {
                CliError::Refused(msg)
            }
            StoreError::Callback(_) => CliError::Usage(msg),
            StoreError::Unit(_)
            | StoreError::Intake(_)
            | StoreError::TechnicianDepartment { .. }
            | StoreError::NotTechnician(_)
            | StoreError::Pin(crate::pin::PinError::Format)
            | StoreError::Exists(_)
            | StoreError::NoDatabase(_)
            | StoreError::NotFrontdesk(_)
            | StoreError::IsDirectory(_)
            | StoreError::Damaged(_)
            | StoreError::ReadOnly(_)
            | StoreError::CannotOpen(_) => CliError::Usage(msg),
            // A damaged or write-protected file noticed later: bad input too.
            StoreError::Sql(e) if crate::present::errors::file_problem(e).is_some() => {
                CliError::Usage(msg)
            }
            StoreError::Sql(_)
            | StoreError::SchemaTooNew { .. }
            | StoreError::MigrationBroken { .. }
            | StoreError::File { .. }
            | StoreError::Pin(_)
            | StoreError::ReportEncoding(_) => CliError::Failed(msg),
            // --- keys ---
            StoreError::Key(k) if k.is_input() => CliError::Usage(msg),
            StoreError::Key(_) => CliError::Refused(msg),
            StoreError::Shift(r) if r.is_bad_input() => CliError::Usage(msg),
            StoreError::Shift(_) => CliError::Refused(msg),
            StoreError::Household(h) if h.is_input() => CliError::Usage(msg),
            StoreError::Household(_) => CliError::Refused(msg),
            StoreError::Rejected(_) => CliError::Usage(msg),
            StoreError::Register(r) if r.is_input() => CliError::Usage(msg),
            StoreError::Register(_) => CliError::Refused(msg),
            StoreError::StaffRule(s) if s.is_input() => CliError::Usage(msg),
            StoreError::StaffRule(_) => CliError::Refused(msg),
        }
    }
}

/// What every command needs: config, language, clock, paths.
pub struct Env {
    pub cli: Cli,
    pub config: Config,
    pub lang: Lang,
    pub clock: Clock,
}

impl Env {
    pub fn db_path(&self) -> PathBuf {
        if self.cli.demo {
            return config::dirs().data_dir.join("demo.db");
        }
        self.cli
            .db
            .clone()
            .or_else(|| self.config.db.clone())
            .unwrap_or_else(|| config::dirs().data_dir.join("frontdesk.db"))
    }

    /// Open an existing database (the demo one is created on first use).
    pub fn open(&self) -> Result<Store, CliError> {
        self.open_as(Store::open)
    }

    /// `open`, for a command that only reads (`Store::open_read`).
    pub fn open_read(&self) -> Result<Store, CliError> {
        self.open_as(Store::open_read)
    }

    fn open_as(
        &self,
        open: fn(&std::path::Path, crate::domain::time::Tz) -> crate::store::Result<Store>,
    ) -> Result<Store, CliError> {
        let path = self.db_path();
        if self.cli.demo && !path.exists() {
            let rules = self.config.rules().map_err(CliError::Usage)?;
            init::create_demo(&path, self.clock.now(), self.lang, rules, self.zone())?;
        }
        if !path.exists() {
            let msg = match self.lang {
                Lang::Zh => format!(
                    "找不到数据库 {}：请先运行 `frontdesk init --db {}`，或用 --demo 体验",
                    path.display(),
                    path.display()
                ),
                Lang::En => format!(
                    "No database at {}: run `frontdesk init --db {}` first, or try --demo",
                    path.display(),
                    path.display()
                ),
            };
            return Err(CliError::Usage(msg));
        }
        let mut store =
            open(&path, self.zone()).map_err(|e| CliError::from_store(&e, self.lang))?;
        store.set_rules(self.config.rules().map_err(CliError::Usage)?);
        Ok(store)
    }

    /// The site's time zone (config `[site] timezone`).
    pub fn zone(&self) -> crate::domain::time::Tz {
        self.config.site.timezone
    }

    pub fn operator_name(&self) -> Option<String> {
        self.cli
            .operator
            .clone()
            .or_else(|| self.config.operator.clone())
            .filter(|s| !s.trim().is_empty())
    }

    /// The person named by `--operator` (or the config), for reads that
    /// mention someone. Writes use `actor`.
    pub fn operator(&self, store: &Store) -> Result<Staff, CliError> {
        let t = self.lang.t();
        let name = self
            .operator_name()
            .ok_or_else(|| CliError::Usage(t.cli.need_operator.to_string()))?;
        store.staff_by_name(&name).map_err(|e| match e {
            StoreError::NotFound { .. } => {
                CliError::Usage(crate::i18n::fill(t.cli.unknown_operator, &[&name]))
            }
            other => CliError::from_store(&other, self.lang),
        })
    }

    /// The acting person, required for writes: the Unix login bound to a
    /// staff member, or `--operator NAME` and that person's PIN
    /// (`cli::auth::establish`).
    pub fn actor(&self, store: &Store) -> Result<Actor, CliError> {
        auth::establish(self, store).map(|w| w.actor)
    }

    /// `actor`, with the PIN the person proved themselves with (None for a
    /// bound login), for a step that needs their signature.
    pub fn actor_with_pin(&self, store: &Store) -> Result<auth::Who, CliError> {
        auth::establish(self, store)
    }
}

/// Whether the command line asks for JSON (`--json` before any `--`):
/// known before parsing, so a refused command line is answered in JSON too.
fn wants_json(args: &[std::ffi::OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}

/// An error as `--json` prints it on stderr: `{"error":{"code","message"}}`.
pub fn json_error(code: &str, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "message": message } }).to_string()
}

/// Entry point: returns the process exit code.
pub fn main() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let json = wants_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            if e.use_stderr() && json {
                let msg = e.render().to_string();
                let first = msg
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("error: ");
                output::note(&json_error("bad_input", first));
            } else {
                let _ = e.print();
            }
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(()) | Err(CliError::Closed) => 0,
        Err(e) => {
            if json {
                output::note(&json_error(e.json_code(), e.message()));
            } else {
                output::note(&format!("frontdesk: {}", e.message()));
            }
            e.code()
        }
    }
}

/// The language: `--lang`, then the config's `lang`, then the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`), then Chinese.
pub fn choose_lang(flag: Option<Lang>, config: Option<Lang>) -> Lang {
    flag.or(config)
        .or_else(|| Lang::from_locale(|k| std::env::var(k).ok()))
        .unwrap_or_default()
}

fn run(cli: Cli) -> Result<(), CliError> {
    // These need neither a config nor a database.
    match &cli.command {
        Some(Command::Completions { shell }) => return shell_completions(*shell),
        Some(Command::Man) => return man_page(),
        _ => {}
    }
    output::set_pretty(cli.pretty);
    // The doctor reports a config it cannot use instead of stopping at it.
    if let Some(Command::Doctor { json }) = &cli.command {
        let lang = choose_lang(cli.lang, None);
        let problem = match Config::load(cli.config.as_deref()) {
            Err(e) => Some(e.to_string()),
            Ok(c) => c
                .check()
                .err()
                .map(|p| p.say(choose_lang(cli.lang, c.lang), c.path.as_deref())),
        };
        if let Some(problem) = problem {
            return doctor::run_without_config(&cli, lang, problem, *json);
        }
    }
    let config = Config::load(cli.config.as_deref()).map_err(|e| {
        // The config names the language; without one, the flag or the default.
        let t = choose_lang(cli.lang, None).checks();
        CliError::Usage(match e {
            config::ConfigError::Read { path, .. } => fill(t.config_unreadable, &[&path.display()]),
            config::ConfigError::Parse { path, source } => fill(
                t.config_invalid,
                &[&path.display(), &source.to_string().trim()],
            ),
        })
    })?;
    let lang = choose_lang(cli.lang, config.lang);
    output::set_zone(config.site.timezone);
    // Every number and time of the config, once, for every command.
    config
        .check()
        .map_err(|p| CliError::Usage(p.say(lang, config.path.as_deref())))?;
    let clock = Clock::from_env(config.site.timezone).map_err(CliError::Usage)?;
    // Files this process makes are private, or group-shared on a site
    // where several Unix accounts use the database; never world-readable.
    let shared = config.database.shared_group
        || matches!(cli.command, Some(Command::Init { shared: true, .. }));
    set_umask(shared);
    let env = Env {
        cli,
        config,
        lang,
        clock,
    };
    match &env.cli.command {
        None => run_tui(&env),
        Some(Command::Init {
            demo,
            force,
            shared,
        }) => init::run(&env, *demo, *force, *shared),
        Some(Command::Lookup { unit, json }) => lookup::run(&env, unit, *json),
        Some(Command::Ticket { cmd }) => ticket::run(&env, cmd),
        Some(Command::Keys(args)) => keys::run(&env, args),
        Some(Command::Callbacks(args)) => callbacks::run(&env, args),
        Some(Command::Handover { cmd }) => handover::run(&env, cmd),
        Some(Command::Log { cmd }) => handover::run_log(&env, cmd),
        Some(Command::Check {
            json,
            head,
            against,
        }) => check::run(&env, *json, *head, against.as_deref()),
        Some(Command::Backup { dest, json }) => backup::run(&env, dest, *json),
        Some(Command::Import { cmd }) => import::run(&env, cmd),
        Some(Command::Report(args)) => report::run(&env, args),
        Some(Command::Export(args)) => export::run(&env, args),
        Some(Command::Print(args)) => print::run(&env, args),
        Some(Command::Visitor { cmd }) => registers::run_visitor(&env, cmd),
        Some(Command::Parcel { cmd }) => registers::run_parcel(&env, cmd),
        Some(Command::Pass { cmd }) => registers::run_pass(&env, cmd),
        Some(Command::Renovation { cmd }) => registers::run_renovation(&env, cmd),
        Some(Command::MoveIn(args)) => {
            registers::run_move(&env, args, crate::domain::registers::Register::MoveIn)
        }
        Some(Command::MoveOut(args)) => {
            registers::run_move(&env, args, crate::domain::registers::Register::MoveOut)
        }
        Some(Command::Staff { cmd }) => staff::run(&env, cmd),
        Some(Command::Dept { cmd }) => staff::run_dept(&env, cmd),
        Some(Command::Doctor { json }) => doctor::run(&env, *json),
        Some(Command::Completions { shell }) => shell_completions(*shell),
        Some(Command::Man) => man_page(),
    }
}

/// `frontdesk completions SHELL`: the script on stdout.
fn shell_completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut lazy::whole_tree(), "frontdesk", &mut buf);
    output::text(&String::from_utf8_lossy(&buf))
}

/// `frontdesk man`: the manual page (roff) on stdout.
fn man_page() -> Result<(), CliError> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(lazy::whole_tree())
        .render(&mut buf)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    output::text(&String::from_utf8_lossy(&buf))
}

fn set_umask(shared: bool) {
    let mask = if shared { 0o007 } else { 0o077 };
    // SAFETY: umask only sets the process's file-creation mask.
    unsafe {
        libc::umask(mask);
    }
}

fn run_tui(env: &Env) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let store = env.open()?;
    // A damaged file is not worked on: the operator is told, not surprised
    // later. The check reads the whole file (about a second per 200 MB), so
    // it runs on its own read-only connection beside the first screens; the
    // session ends with the message as soon as it finds damage.
    let damage = start_quick_check(&store, env)?;
    // Everyone signs in with their PIN; `--operator` (or the config, or the
    // person bound to the Unix account) is only chosen in advance.
    let preselect = match env.operator_name() {
        Some(_) => Some(env.operator(&store)?.name),
        None => auth::unix_login()
            .and_then(|l| store.staff_by_login(&l).ok().flatten())
            .map(|s| s.name),
    };
    if !std::io::stdout().is_terminal() {
        // Without a terminal nothing starts: wait for the check, so a damaged
        // file is still named first.
        if let Ok(Some(message)) = damage.recv() {
            return Err(CliError::Usage(message));
        }
        return Err(CliError::Usage(match env.lang {
            Lang::Zh => "界面需要在终端中运行；脚本请使用子命令（frontdesk --help）".into(),
            Lang::En => {
                "The interface needs a terminal; scripts use the subcommands (frontdesk --help)"
                    .into()
            }
        }));
    }
    let keymap = crate::tui::keymap::Keymap::new(&env.config.keymap).map_err(CliError::Usage)?;
    let shifts = env.config.shifts.plan().map_err(CliError::Usage)?;
    let first_screen =
        match env.config.screens.first.as_deref() {
            None => None,
            Some(code) => Some(crate::tui::screens::ScreenId::from_code(code).ok_or_else(
                || CliError::Usage(format!("[screens] first = {code:?}: not a screen")),
            )?),
        };
    let setup = crate::tui::app::Setup {
        site: env.config.site.name.clone(),
        shifts,
        settings: crate::tui::screens::Settings {
            keep_kind_and_channel: env.config.intake.keep_kind_and_channel,
            first_screen,
            site: String::new(),
            print_dir: env.config.print.dir(),
            print_format: env.config.print.format,
        },
    };
    let mut app =
        crate::tui::app::App::configured(store, env.clock.clone(), env.lang, keymap, None, setup);
    app.open_signin(preselect.as_deref());
    app.idle_lock_minutes = Some(env.config.security.idle_lock_minutes).filter(|m| *m > 0);
    app.client = auth::client_address();
    app.watch_damage(damage);
    match crate::tui::run(app) {
        Ok(crate::tui::Exit::Damaged(message)) => Err(CliError::Usage(message)),
        Ok(_) => Ok(()),
        Err(e) => Err(CliError::Failed(e.to_string())),
    }
}

/// Run `PRAGMA quick_check` on a second, read-only connection in a thread;
/// the receiver gets `Some(message)` for a damaged file, `None` when it
/// passed. Where no second connection can be opened the check runs here.
fn start_quick_check(
    store: &crate::store::Store,
    env: &Env,
) -> Result<std::sync::mpsc::Receiver<Option<String>>, CliError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let message = crate::i18n::fill(env.lang.t().safety.tui_damaged, &[&env.db_path().display()]);
    match store.open_reader() {
        Ok(reader) => {
            std::thread::spawn(move || {
                // An error reading counts as damage: the file cannot be trusted.
                let damaged = !matches!(reader.quick_check_small_cache(), Ok(None));
                let _ = tx.send(damaged.then_some(message));
            });
        }
        Err(_) => {
            let damaged = store
                .quick_check()
                .map_err(|e| CliError::from_store(&e, env.lang))?
                .is_some();
            let _ = tx.send(damaged.then_some(message));
        }
    }
    Ok(rx)
}
