//! Command line: the TUI by default, and scriptable subcommands beside it.
//! Exit codes: 0 done/found, 1 not found or refused by the rules, 2 bad input,
//! 3 any other failure (database, I/O).

mod callbacks;
mod handover;
mod import;
mod init;
mod keys;
mod lookup;
mod output;
mod registers;
mod ticket;

use crate::clock::Clock;
use crate::config::{self, Config};
use crate::i18n::Lang;
use crate::present::ErrorText;
use crate::store::{Actor, Staff, Store, StoreError};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "frontdesk",
    version,
    about = "Front desk (客服前台) of a property-management office"
)]
pub struct Cli {
    /// Database file (default: <data dir>/frontdesk.db, or the config's `db`).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file (default: <config dir>/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Who is acting: every write records it.
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Interface language.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
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
    /// Create a database (refuses to overwrite one without --force).
    Init {
        /// Fill it with the demo site.
        #[arg(long)]
        demo: bool,
        #[arg(long)]
        force: bool,
    },
    /// Look a unit up: household (phones masked), keys and open tickets.
    Lookup {
        /// Any form: 3-2-1201, 3栋2单元1201, 1201 …
        unit: String,
        #[arg(long)]
        json: bool,
    },
    /// Register, move, show and list tickets.
    Ticket {
        #[command(subcommand)]
        cmd: ticket::TicketCmd,
    },
    // --- keys ---
    /// Keys the desk holds: list (--out, --overdue), lend, return, register.
    Keys(keys::KeysArgs),
    // --- callbacks ---
    /// The callback queue 回访: list, record a call, figures, sampling audit.
    Callbacks(callbacks::CallbacksArgs),
    // --- shift: duty log and handover ---
    /// Shift handovers: list, show as signed, what is pending, hand over,
    /// acknowledge, review, add an addendum.
    Handover {
        #[command(subcommand)]
        cmd: handover::HandoverCmd,
    },
    /// The duty log: write, correct, mark a promise kept, list.
    Log {
        #[command(subcommand)]
        cmd: handover::LogCmd,
    },
    /// Load the site from the office's lists (CSV or Excel): units, then
    /// households. A file with any problem writes nothing.
    Import {
        #[command(subcommand)]
        cmd: import::ImportCmd,
    },
    // --- registers ---
    /// Visitors 来访: in, refused, out, list (by name, unit, date, inside).
    Visitor {
        #[command(subcommand)]
        cmd: registers::VisitorCmd,
    },
    /// Mail and parcels 报刊/快递: receive, notify, pick up, return, list.
    Parcel {
        #[command(subcommand)]
        cmd: registers::ParcelCmd,
    },
    /// Goods release passes 物品放行条: issue, use at the gate, list, print.
    Pass {
        #[command(subcommand)]
        cmd: registers::PassCmd,
    },
    /// Renovations 装修: apply, take a step, show, list.
    Renovation {
        #[command(subcommand)]
        cmd: registers::RenovationCmd,
    },
    /// Move-in 入伙: the checklist, then the household written.
    MoveIn(registers::MoveArgs),
    /// Move-out 迁出: keys back, nothing out, the household dated out.
    MoveOut(registers::MoveArgs),
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
}

impl CliError {
    pub fn code(&self) -> i32 {
        match self {
            CliError::Refused(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 3,
        }
    }
    fn message(&self) -> &str {
        match self {
            CliError::Refused(m) | CliError::Usage(m) | CliError::Failed(m) => m,
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
            | StoreError::NotFrontdesk(_) => CliError::Usage(msg),
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
            Store::open(&path, self.zone()).map_err(|e| CliError::from_store(&e, self.lang))?;
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

    /// The acting person, required for writes.
    // TODO(auth): established by the Unix login bound to a staff member or
    // by the named person's PIN; until then taken as named.
    pub fn actor(&self, store: &Store) -> Result<Actor, CliError> {
        self.operator(store).map(Actor::assume)
    }
}

/// Entry point: returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("frontdesk: {}", e.message());
            e.code()
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let config = Config::load(cli.config.as_deref()).map_err(|e| CliError::Usage(e.to_string()))?;
    let lang = cli.lang.or(config.lang).unwrap_or_default();
    let clock = Clock::from_env(config.site.timezone).map_err(CliError::Usage)?;
    let env = Env {
        cli,
        config,
        lang,
        clock,
    };
    match &env.cli.command {
        None => run_tui(&env),
        Some(Command::Init { demo, force }) => init::run(&env, *demo, *force),
        Some(Command::Lookup { unit, json }) => lookup::run(&env, unit, *json),
        Some(Command::Ticket { cmd }) => ticket::run(&env, cmd),
        Some(Command::Keys(args)) => keys::run(&env, args),
        Some(Command::Callbacks(args)) => callbacks::run(&env, args),
        Some(Command::Handover { cmd }) => handover::run(&env, cmd),
        Some(Command::Log { cmd }) => handover::run_log(&env, cmd),
        Some(Command::Import { cmd }) => import::run(&env, cmd),
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
    }
}

fn run_tui(env: &Env) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let store = env.open()?;
    let me = match env.operator_name() {
        Some(_) => Some(env.actor(&store)?),
        None => None,
    };
    if !std::io::stdout().is_terminal() {
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
        },
    };
    let app =
        crate::tui::app::App::configured(store, env.clock.clone(), env.lang, keymap, me, setup);
    match crate::tui::run(app) {
        Ok(_) => Ok(()),
        Err(e) => Err(CliError::Failed(e.to_string())),
    }
}
