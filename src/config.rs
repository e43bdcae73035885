//! The config file (TOML). Every key is documented in `config.example.toml`.

use crate::domain::calendar::{WorkCalendar, YearList};
use crate::domain::callback::CallbackRules;
use crate::domain::deadline::DeadlineRules;
use crate::domain::registers::RegisterRules;
use crate::domain::rules::Rules;
use crate::domain::time::{self, Tz};
use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Interface language: "zh" (default) or "en".
    pub lang: Option<Lang>,
    /// Database file; default `<data dir>/frontdesk.db`.
    pub db: Option<PathBuf>,
    /// Operator to sign in as when `--operator` is not given.
    pub operator: Option<String>,
    pub site: Site,
    /// The site's shifts (default: seed 003).
    pub shifts: Shifts,
    /// Key overrides: `"<context>.<action>" = ["key", ...]`.
    pub keymap: BTreeMap<String, Vec<String>>,
    /// Extra holiday lists by year (`[calendar.year2027]`), added to the
    /// shipped 2025-2026 lists.
    pub calendar: BTreeMap<String, YearList>,
    pub deadlines: DeadlinesConfig,
    /// `[intake]`: how the intake screen behaves.
    pub intake: IntakeSettings,
    /// `[screens]`: which screen a session starts on.
    pub screens: ScreenSettings,
    // --- sections of later features ---
    /// `[callbacks]`: who is called back when, sampling, monthly targets.
    pub callbacks: Callbacks,
    /// `[registers]`: visitors' ID numbers, parcel follow-up, renovation hours.
    pub registers: RegistersConfig,
    /// `[security]`: PIN lockout and the idle screen lock.
    pub security: Security,
    /// `[database]`: how the database files are shared.
    pub database: Database,
    /// `[print]`: where the screens' `p` writes the paper forms.
    pub print: PrintConfig,
    /// The file this was read from (none: the defaults).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[registers]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegistersConfig {
    /// A visitor's ID number is required (default: optional).
    pub visitor_id_required: bool,
    /// Items waiting longer than this many days are listed for follow-up.
    pub parcel_follow_up_days: u32,
    /// The renovation hours the site allows, printed on every application.
    pub renovation_hours: String,
}

impl Default for RegistersConfig {
    fn default() -> Self {
        let r = RegisterRules::default();
        RegistersConfig {
            visitor_id_required: r.visitor_id_required,
            parcel_follow_up_days: r.parcel_follow_up_days,
            renovation_hours: r.renovation_hours,
        }
    }
}

/// `[security]` as written in the file (every key optional).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SecurityFile {
    lockout_attempts: u32,
    lockout_minutes: u32,
    idle_lock_minutes: u32,
}

impl Default for SecurityFile {
    fn default() -> Self {
        let d = Security::default();
        SecurityFile {
            lockout_attempts: d.lockout.attempts,
            lockout_minutes: d.lockout.minutes,
            idle_lock_minutes: d.idle_lock_minutes,
        }
    }
}

/// The checked `[security]` section: a bad value is a config error.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SecurityFile")]
pub struct Security {
    /// Wrong PINs in a row before a person is locked, and for how long.
    pub lockout: crate::domain::auth::Lockout,
    /// Minutes without a key before the screen locks (0: never).
    pub idle_lock_minutes: u32,
}

impl Security {
    pub const MAX_IDLE_MINUTES: u32 = 24 * 60;
}

impl Default for Security {
    fn default() -> Self {
        Security {
            lockout: crate::domain::auth::Lockout::default(),
            idle_lock_minutes: 15,
        }
    }
}

impl TryFrom<SecurityFile> for Security {
    type Error = String;
    fn try_from(f: SecurityFile) -> Result<Self, String> {
        let lockout = crate::domain::auth::Lockout {
            attempts: f.lockout_attempts,
            minutes: f.lockout_minutes,
        };
        lockout.validate()?;
        if f.idle_lock_minutes > Security::MAX_IDLE_MINUTES {
            return Err(format!(
                "[security] idle_lock_minutes must be 0 (never) to {}",
                Security::MAX_IDLE_MINUTES
            ));
        }
        Ok(Security {
            lockout,
            idle_lock_minutes: f.idle_lock_minutes,
        })
    }
}

/// `[database]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Database {
    /// Several Unix accounts of one group use the database: its files are
    /// made group-writable (0660) instead of private (0600).
    pub shared_group: bool,
}

/// What the screens write when a form is printed: the A4 HTML page, the
/// 80-column text, or both side by side (same name, `.html` and `.txt`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintFormat {
    Html,
    Text,
    #[default]
    Both,
}

/// `[print]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrintConfig {
    /// The directory the forms are written to; default `<data dir>/print`.
    pub dir: Option<PathBuf>,
    pub format: PrintFormat,
}

impl PrintConfig {
    /// The directory to write to: the configured one, or `print` in the
    /// data directory (beside the default database).
    pub fn dir(&self) -> PathBuf {
        self.dir
            .clone()
            .unwrap_or_else(|| dirs().data_dir.join("print"))
    }
}

/// `[intake]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeSettings {
    /// Keep the kind and channel of the last registration for the next one
    /// (a desk taking a run of similar calls). Off: each starts afresh.
    pub keep_kind_and_channel: bool,
}

/// `[screens]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenSettings {
    /// The screen shown after signing in: today (default), intake, dispatch,
    /// lookup, callbacks, keys or shift.
    pub first: Option<String>,
}

// --- callbacks ---
/// `[callbacks]` as written in the file (every key optional).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CallbacksFile {
    complaint_within_days: u32,
    complaint_after_days: u32,
    developer_defect_working_days: u32,
    sample_percent: u32,
    sample_salt: String,
    monthly_households: u32,
    satisfaction_percent: u32,
    max_attempts: u32,
    retry_after_hours: u32,
    emergency_visit_days: u32,
}

impl Default for CallbacksFile {
    fn default() -> Self {
        let d = CallbackRules::default();
        CallbacksFile {
            complaint_within_days: d.complaint_within_days,
            complaint_after_days: d.complaint_after_days,
            developer_defect_working_days: d.developer_defect_working_days,
            sample_percent: d.sample_percent,
            sample_salt: d.sample_salt,
            monthly_households: d.monthly_households,
            satisfaction_percent: d.satisfaction_percent,
            max_attempts: d.max_attempts,
            retry_after_hours: d.retry_after_hours,
            emergency_visit_days: d.emergency_visit_days,
        }
    }
}

/// The `[callbacks]` section; [`Config::check`] holds it to its ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "CallbacksFile")]
pub struct Callbacks(pub CallbackRules);

impl From<CallbacksFile> for Callbacks {
    fn from(f: CallbacksFile) -> Self {
        let rules = CallbackRules {
            complaint_within_days: f.complaint_within_days,
            complaint_after_days: f.complaint_after_days,
            developer_defect_working_days: f.developer_defect_working_days,
            sample_percent: f.sample_percent,
            sample_salt: f.sample_salt,
            monthly_households: f.monthly_households,
            satisfaction_percent: f.satisfaction_percent,
            max_attempts: f.max_attempts,
            retry_after_hours: f.retry_after_hours,
            emergency_visit_days: f.emergency_visit_days,
        };
        Callbacks(rules)
    }
}

/// `[deadlines]`: the time limits, defaults from the seed manuals.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlinesConfig {
    pub dispatch_minutes: i64,
    pub collect_minutes: i64,
    pub finish_by: String,
    pub reply_urgent_hours: i64,
    pub reply_not_urgent_working_days: u32,
    pub explain_working_days: u32,
    pub contact_days: i64,
    pub on_scene_minutes: i64,
    pub due_soon_minutes: i64,
}

impl Default for DeadlinesConfig {
    fn default() -> Self {
        let d = DeadlineRules::default();
        DeadlinesConfig {
            dispatch_minutes: d.dispatch_minutes,
            collect_minutes: d.collect_minutes,
            finish_by: d.finish_by.format("%H:%M").to_string(),
            reply_urgent_hours: d.reply_urgent_hours,
            reply_not_urgent_working_days: d.reply_not_urgent_working_days,
            explain_working_days: d.explain_working_days,
            contact_days: d.contact_days,
            on_scene_minutes: d.on_scene_minutes,
            due_soon_minutes: d.due_soon_minutes,
        }
    }
}

impl DeadlinesConfig {
    /// The first number outside its range.
    fn out_of_range(&self) -> Option<ConfigProblem> {
        const DAY_MINUTES: i64 = 24 * 60;
        first_out_of_range(&[
            bound(
                "[deadlines] dispatch_minutes",
                self.dispatch_minutes,
                1,
                DAY_MINUTES,
            ),
            bound(
                "[deadlines] collect_minutes",
                self.collect_minutes,
                1,
                DAY_MINUTES,
            ),
            bound(
                "[deadlines] reply_urgent_hours",
                self.reply_urgent_hours,
                1,
                72,
            ),
            bound(
                "[deadlines] reply_not_urgent_working_days",
                self.reply_not_urgent_working_days.into(),
                1,
                30,
            ),
            bound(
                "[deadlines] explain_working_days",
                self.explain_working_days.into(),
                1,
                30,
            ),
            bound("[deadlines] contact_days", self.contact_days, 1, 60),
            bound(
                "[deadlines] on_scene_minutes",
                self.on_scene_minutes,
                1,
                240,
            ),
            bound(
                "[deadlines] due_soon_minutes",
                self.due_soon_minutes,
                0,
                DAY_MINUTES,
            ),
        ])
    }

    pub fn rules(&self) -> Result<DeadlineRules, String> {
        let finish_by = crate::domain::shift::parse_time(&self.finish_by).ok_or_else(|| {
            format!(
                "[deadlines] finish_by = {:?}: expected HH:MM",
                self.finish_by
            )
        })?;
        if let Some(p) = self.out_of_range() {
            return Err(p.to_string());
        }
        Ok(DeadlineRules {
            dispatch_minutes: self.dispatch_minutes,
            collect_minutes: self.collect_minutes,
            finish_by,
            reply_urgent_hours: self.reply_urgent_hours,
            reply_not_urgent_working_days: self.reply_not_urgent_working_days,
            explain_working_days: self.explain_working_days,
            contact_days: self.contact_days,
            on_scene_minutes: self.on_scene_minutes,
            due_soon_minutes: self.due_soon_minutes,
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Site {
    /// Shown in the title bar.
    pub name: String,
    /// The site's time zone (IANA name): every time shown, typed and stored
    /// is read in it, whatever the `TZ` of the operator's session.
    #[serde(deserialize_with = "zone")]
    pub timezone: Tz,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            name: "frontdesk".into(),
            timezone: time::DEFAULT_ZONE,
        }
    }
}

/// A zone name checked when the config is read.
fn zone<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    time::parse_zone(&name).map_err(serde::de::Error::custom)
}

// --- shifts (duty log and handover) ---

/// `[shifts]`: the daily shift plan and the handover grace period.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Shifts {
    /// Minutes after a shift change during which a handover opened is still
    /// for the shift that just ended (when that one was not handed over yet).
    pub handover_grace_minutes: i64,
    /// The shifts; each runs from its start until the next one starts.
    /// Empty means the default plan.
    pub shift: Vec<ShiftEntry>,
}

impl Default for Shifts {
    fn default() -> Self {
        Shifts {
            handover_grace_minutes: crate::domain::shift::DEFAULT_GRACE_MINUTES,
            shift: Vec::new(),
        }
    }
}

/// `[[shifts.shift]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftEntry {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    /// "09:00"
    pub start: String,
}

impl Shifts {
    /// The validated plan; the default (seed 003) when no shift is configured.
    pub fn plan(&self) -> Result<crate::domain::shift::ShiftPlan, String> {
        self.checked_plan().map_err(|e| e.to_string())
    }

    fn checked_plan(
        &self,
    ) -> Result<crate::domain::shift::ShiftPlan, crate::domain::shift::PlanError> {
        use crate::domain::shift::{parse_time, PlanError, ShiftDef, ShiftPlan};
        if self.shift.is_empty() {
            let defs = ShiftPlan::default().defs().to_vec();
            return ShiftPlan::new(defs, self.handover_grace_minutes);
        }
        let defs = self
            .shift
            .iter()
            .map(|s| {
                Ok(ShiftDef {
                    code: s.code.trim().to_string(),
                    name: s.name.clone(),
                    name_en: s.name_en.clone(),
                    start: parse_time(&s.start).ok_or_else(|| PlanError::BadTime {
                        code: s.code.clone(),
                        value: s.start.clone(),
                    })?,
                })
            })
            .collect::<Result<Vec<_>, PlanError>>()?;
        ShiftPlan::new(defs, self.handover_grace_minutes)
    }
}

// --- end shifts ---

// --- checking the numbers ---

/// A number of the config and the range it must lie in.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub key: &'static str,
    pub value: i64,
    pub min: i64,
    pub max: i64,
}

/// `key = value` must lie in `min..=max`.
pub fn bound(key: &'static str, value: i64, min: i64, max: i64) -> Bound {
    Bound {
        key,
        value,
        min,
        max,
    }
}

/// The first of `bounds` whose value is outside its range.
pub fn first_out_of_range(bounds: &[Bound]) -> Option<ConfigProblem> {
    bounds
        .iter()
        .find(|b| !(b.min..=b.max).contains(&b.value))
        .map(|b| ConfigProblem::OutOfRange {
            key: b.key,
            value: b.value,
            min: b.min,
            max: b.max,
        })
}

/// Why a config that parsed was refused: [`Config::check`] finds it when
/// the file is read, before any command runs, so no value can make a
/// command overflow, spin or panic later.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    /// `key = value` outside `min..=max`.
    #[error("{key} = {value}: allowed {min} to {max}")]
    OutOfRange {
        key: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    /// A time of day that is not `HH:MM`.
    #[error("{key} = {value:?}: expected a time like 09:00")]
    BadTime { key: String, value: String },
    /// Callbacks may not wait longer than they may take.
    #[error(
        "[callbacks] complaint_after_days = {after} is later than complaint_within_days = {within}"
    )]
    AfterBeyondWithin { after: u32, within: u32 },
    /// The shift plan.
    #[error("{0}")]
    Shifts(crate::domain::shift::PlanError),
}

impl ConfigProblem {
    /// The refusal in the operator's language, naming the file.
    pub fn say(&self, lang: Lang, path: Option<&Path>) -> String {
        use crate::domain::shift::PlanError;
        use crate::i18n::fill;
        let t = lang.checks();
        let file = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
        match self {
            ConfigProblem::OutOfRange {
                key,
                value,
                min,
                max,
            } => fill(t.config_range, &[&file, key, value, min, max]),
            ConfigProblem::BadTime { key, value } => {
                fill(t.config_time, &[&file, key, &format!("{value:?}")])
            }
            ConfigProblem::AfterBeyondWithin { after, within } => {
                fill(t.config_after_within, &[&file, after, within])
            }
            ConfigProblem::Shifts(p) => match p {
                PlanError::Empty => fill(t.config_no_shift, &[&file]),
                PlanError::EmptyCode => fill(t.config_shift_code, &[&file]),
                PlanError::DuplicateCode(c) => fill(t.config_shift_twice, &[&file, c]),
                PlanError::BadTime { code, value } => fill(
                    t.config_time,
                    &[
                        &file,
                        &format!("[[shifts.shift]] {code} start"),
                        &format!("{value:?}"),
                    ],
                ),
                PlanError::DuplicateStart(at) => fill(t.config_shift_start, &[&file, at]),
            },
        }
    }
}

// --- end checking ---

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config {path}: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
}

/// Where frontdesk keeps its files by default (XDG on Linux).
pub struct Dirs {
    pub config_file: PathBuf,
    pub data_dir: PathBuf,
}

pub fn dirs() -> Dirs {
    match directories::ProjectDirs::from("", "", "frontdesk") {
        Some(p) => Dirs {
            config_file: p.config_dir().join("config.toml"),
            data_dir: p.data_dir().to_path_buf(),
        },
        // No home directory (a bare service account): use the working directory.
        None => Dirs {
            config_file: PathBuf::from("frontdesk.toml"),
            data_dir: PathBuf::from("."),
        },
    }
}

impl Config {
    /// Every value within its range, every time a time: run once when the
    /// config is read, for every command (the TUI, reads and writes alike).
    pub fn check(&self) -> Result<(), ConfigProblem> {
        if let Some(p) = self.deadlines.out_of_range() {
            return Err(p);
        }
        if crate::domain::shift::parse_time(&self.deadlines.finish_by).is_none() {
            return Err(ConfigProblem::BadTime {
                key: "[deadlines] finish_by".into(),
                value: self.deadlines.finish_by.clone(),
            });
        }
        let c = &self.callbacks.0;
        let n = |v: u32| i64::from(v);
        let problem = first_out_of_range(&[
            bound(
                "[callbacks] complaint_within_days",
                n(c.complaint_within_days),
                0,
                60,
            ),
            bound(
                "[callbacks] complaint_after_days",
                n(c.complaint_after_days),
                0,
                60,
            ),
            bound(
                "[callbacks] developer_defect_working_days",
                n(c.developer_defect_working_days),
                1,
                60,
            ),
            bound("[callbacks] sample_percent", n(c.sample_percent), 0, 100),
            bound(
                "[callbacks] monthly_households",
                n(c.monthly_households),
                0,
                100_000,
            ),
            bound(
                "[callbacks] satisfaction_percent",
                n(c.satisfaction_percent),
                0,
                100,
            ),
            bound("[callbacks] max_attempts", n(c.max_attempts), 1, 10),
            bound(
                "[callbacks] emergency_visit_days",
                n(c.emergency_visit_days),
                1,
                60,
            ),
            bound(
                "[callbacks] retry_after_hours",
                n(c.retry_after_hours),
                1,
                168,
            ),
            bound(
                "[shifts] handover_grace_minutes",
                self.shifts.handover_grace_minutes,
                0,
                12 * 60,
            ),
            bound(
                "[registers] parcel_follow_up_days",
                n(self.registers.parcel_follow_up_days),
                1,
                365,
            ),
        ]);
        if let Some(p) = problem {
            return Err(p);
        }
        if c.complaint_after_days > c.complaint_within_days {
            return Err(ConfigProblem::AfterBeyondWithin {
                after: c.complaint_after_days,
                within: c.complaint_within_days,
            });
        }
        self.shifts.checked_plan().map_err(ConfigProblem::Shifts)?;
        Ok(())
    }

    /// The working calendar: shipped Chinese lists plus the config's years.
    pub fn work_calendar(&self) -> WorkCalendar {
        let mut cal = WorkCalendar::cn_default();
        for y in self.calendar.values() {
            cal.add(y);
        }
        cal
    }

    /// The site's rules for the store, from this config (the one place the
    /// config becomes `Rules`). Bad values are errors.
    pub fn rules(&self) -> Result<Rules, String> {
        self.check().map_err(|p| p.to_string())?;
        let mut callbacks = self.callbacks.0.clone();
        if callbacks.sample_salt.trim().is_empty() {
            callbacks.sample_salt = self.site.name.clone();
        }
        Ok(Rules {
            calendar: self.work_calendar(),
            deadlines: self.deadlines.rules()?,
            callbacks,
            registers: RegisterRules {
                visitor_id_required: self.registers.visitor_id_required,
                parcel_follow_up_days: self.registers.parcel_follow_up_days,
                renovation_hours: self.registers.renovation_hours.trim().to_string(),
                ..RegisterRules::default()
            },
            lockout: self.security.lockout,
        })
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            source: Box::new(e),
        })
    }

    /// An explicit path must exist; the default path may be absent.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, must_exist) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => (dirs().config_file, false),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path).map(|c| Config {
                path: Some(path),
                ..c
            }),
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses() {
        let text = include_str!("../config.example.toml");
        let c = Config::parse(text, Path::new("config.example.toml")).unwrap();
        assert_eq!(c.lang, Some(Lang::Zh));
    }

    #[test]
    fn print_section() {
        let d = Config::default();
        assert_eq!(d.print.format, PrintFormat::Both);
        assert!(
            d.print.dir().ends_with("print"),
            "{}",
            d.print.dir().display()
        );
        let c = Config::parse(
            "[print]\ndir = \"/srv/p\"\nformat = \"text\"",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(c.print.dir(), PathBuf::from("/srv/p"));
        assert_eq!(c.print.format, PrintFormat::Text);
        assert!(Config::parse("[print]\nformat = \"pdf\"", Path::new("x")).is_err());
        assert!(Config::parse("[print]\nfolder = \"/x\"", Path::new("x")).is_err());
    }

    #[test]
    fn deadlines_section() {
        let c = Config::parse(
            "[deadlines]\nfinish_by = \"18:30\"\ndispatch_minutes = 15",
            Path::new("x"),
        )
        .unwrap();
        let r = c.rules().unwrap();
        assert_eq!(r.deadlines.dispatch_minutes, 15);
        assert_eq!(r.deadlines.finish_by.format("%H:%M").to_string(), "18:30");
        let bad = Config::parse("[deadlines]\nfinish_by = \"6pm\"", Path::new("x")).unwrap();
        assert!(bad.rules().unwrap_err().contains("finish_by"));
    }

    #[test]
    fn callbacks_section() {
        let c = Config::parse(
            "[site]\nname = \"阳光花园\"\n[callbacks]\ncomplaint_after_days = 3\ncomplaint_within_days = 7\nsample_percent = 80\n",
            Path::new("x.toml"),
        )
        .unwrap();
        let r = c.rules().unwrap();
        assert_eq!(r.callbacks.complaint_within_days, 7);
        assert_eq!(r.callbacks.sample_percent, 80);
        assert_eq!(r.callbacks.max_attempts, 3);
        assert_eq!(r.callbacks.sample_salt, "阳光花园");
        let e = Config::parse("[callbacks]\nsample_percent = 160\n", Path::new("x.toml"))
            .unwrap()
            .check()
            .unwrap_err();
        assert!(e.to_string().contains("sample_percent"), "{e}");
        let e = Config::parse("[callbacks]\nsample_rate = 60\n", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("sample_rate"), "{e}");
        let example =
            Config::parse(include_str!("../config.example.toml"), Path::new("x")).unwrap();
        assert_eq!(example.callbacks.0, CallbackRules::default());
    }

    #[test]
    fn example_shifts_are_the_default_plan() {
        let text = include_str!("../config.example.toml");
        let c = Config::parse(text, Path::new("config.example.toml")).unwrap();
        let plan = c.shifts.plan().unwrap();
        assert_eq!(plan, crate::domain::shift::ShiftPlan::default());
        assert_eq!(Config::default().shifts.plan().unwrap(), plan);
    }

    #[test]
    fn bad_shifts_are_refused() {
        let c = Config::parse(
            "[[shifts.shift]]\ncode = \"a\"\nname = \"早\"\nstart = \"25:00\"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert!(c.shifts.plan().unwrap_err().contains("25:00"));
    }

    #[test]
    fn site_timezone() {
        assert_eq!(Config::default().site.timezone, time::DEFAULT_ZONE);
        let c = Config::parse(
            "[site]\ntimezone = \"Europe/Berlin\"\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(c.site.timezone, time::parse_zone("Europe/Berlin").unwrap());
        let e = Config::parse("[site]\ntimezone = \"Asia/Beijing\"\n", Path::new("x.toml"))
            .unwrap_err();
        assert!(e.to_string().contains("Asia/Beijing"), "{e}");
        let example =
            Config::parse(include_str!("../config.example.toml"), Path::new("x")).unwrap();
        assert_eq!(example.site.timezone, time::DEFAULT_ZONE);
    }

    /// Every number is held to a range when the config is read; the
    /// refusal names the key and the range, in the operator's language.
    #[test]
    fn numbers_out_of_range_are_refused() {
        let cases = [
            (
                "[deadlines]\ndispatch_minutes = 9999999999999",
                "dispatch_minutes",
            ),
            ("[deadlines]\ndispatch_minutes = 0", "dispatch_minutes"),
            ("[deadlines]\ncollect_minutes = 1441", "collect_minutes"),
            (
                "[deadlines]\nreply_urgent_hours = 1000",
                "reply_urgent_hours",
            ),
            (
                "[deadlines]\nreply_not_urgent_working_days = 1000000000",
                "reply_not_urgent_working_days",
            ),
            (
                "[deadlines]\nreply_not_urgent_working_days = 0",
                "reply_not_urgent_working_days",
            ),
            (
                "[deadlines]\nexplain_working_days = 31",
                "explain_working_days",
            ),
            ("[deadlines]\ncontact_days = -1", "contact_days"),
            ("[deadlines]\non_scene_minutes = 100000", "on_scene_minutes"),
            ("[deadlines]\ndue_soon_minutes = -1", "due_soon_minutes"),
            ("[deadlines]\nfinish_by = \"27:00\"", "finish_by"),
            (
                "[callbacks]\ncomplaint_within_days = 61",
                "complaint_within_days",
            ),
            (
                "[callbacks]\ndeveloper_defect_working_days = 0",
                "developer_defect_working_days",
            ),
            (
                "[callbacks]\nsatisfaction_percent = 101",
                "satisfaction_percent",
            ),
            (
                "[callbacks]\nmonthly_households = 4000000000",
                "monthly_households",
            ),
            ("[callbacks]\nmax_attempts = 0", "max_attempts"),
            (
                "[callbacks]\nretry_after_hours = 4000000000",
                "retry_after_hours",
            ),
            (
                "[callbacks]\ncomplaint_after_days = 5",
                "complaint_after_days",
            ),
            (
                "[shifts]\nhandover_grace_minutes = 100000",
                "handover_grace_minutes",
            ),
            (
                "[[shifts.shift]]\ncode = \"a\"\nname = \"早\"\nstart = \"99:00\"",
                "99:00",
            ),
        ];
        for (text, key) in cases {
            let c = Config::parse(text, Path::new("x.toml")).unwrap();
            let p = c.check().unwrap_err();
            assert!(p.to_string().contains(key), "{text}: {p}");
            let zh = p.say(Lang::Zh, Some(Path::new("x.toml")));
            assert!(zh.contains(key) && zh.contains("x.toml"), "{zh}");
            assert!(c.rules().is_err(), "{text}");
        }
        let c = Config::parse("[deadlines]\ndispatch_minutes = 0", Path::new("x")).unwrap();
        assert_eq!(
            c.check().unwrap_err().say(Lang::Zh, None),
            "配置 -：[deadlines] dispatch_minutes = 0 超出范围，允许 1 到 1440"
        );
        assert!(Config::default().check().is_ok());
        let example =
            Config::parse(include_str!("../config.example.toml"), Path::new("x")).unwrap();
        assert!(example.check().is_ok());
    }

    #[test]
    fn security_section() {
        let c = Config::default();
        assert_eq!(c.security.lockout.attempts, 5);
        assert_eq!(c.security.lockout.minutes, 5);
        assert_eq!(c.security.idle_lock_minutes, 15);
        let c = Config::parse(
            "[security]\nlockout_attempts = 3\nlockout_minutes = 10\nidle_lock_minutes = 0\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(c.rules().unwrap().lockout.attempts, 3);
        assert_eq!(c.security.idle_lock_minutes, 0);
        for bad in [
            "lockout_attempts = 0",
            "lockout_minutes = 0",
            "idle_lock_minutes = 100000",
            "lockout_attempts = -1",
        ] {
            let key = bad.split(' ').next().unwrap_or_default();
            let e =
                Config::parse(&format!("[security]\n{bad}\n"), Path::new("x.toml")).unwrap_err();
            assert!(e.to_string().contains(key), "{bad}: {e}");
        }
        let example =
            Config::parse(include_str!("../config.example.toml"), Path::new("x")).unwrap();
        assert_eq!(example.security, Security::default());
        assert!(!example.database.shared_group);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let e = Config::parse("langg = \"en\"", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("langg"));
    }
}
