//! The config file (TOML). Every key is documented in `config.example.toml`.

use crate::domain::calendar::{WorkCalendar, YearList};
use crate::domain::callback::CallbackRules;
use crate::domain::deadline::DeadlineRules;
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

/// The checked `[callbacks]` section: a bad value is a config error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "CallbacksFile")]
pub struct Callbacks(pub CallbackRules);

impl TryFrom<CallbacksFile> for Callbacks {
    type Error = String;
    fn try_from(f: CallbacksFile) -> Result<Self, String> {
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
        rules.validate()?;
        Ok(Callbacks(rules))
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
    pub fn rules(&self) -> Result<DeadlineRules, String> {
        let finish_by =
            chrono::NaiveTime::parse_from_str(self.finish_by.trim(), "%H:%M").map_err(|_| {
                format!(
                    "[deadlines] finish_by = {:?}: expected HH:MM",
                    self.finish_by
                )
            })?;
        let positive = [
            ("dispatch_minutes", self.dispatch_minutes),
            ("collect_minutes", self.collect_minutes),
            ("reply_urgent_hours", self.reply_urgent_hours),
            ("contact_days", self.contact_days),
            ("on_scene_minutes", self.on_scene_minutes),
        ];
        if let Some((k, _)) = positive.iter().find(|(_, v)| *v <= 0) {
            return Err(format!("[deadlines] {k} must be positive"));
        }
        Ok(DeadlineRules {
            dispatch_minutes: self.dispatch_minutes,
            collect_minutes: self.collect_minutes,
            finish_by,
            reply_urgent_hours: self.reply_urgent_hours,
            reply_not_urgent_working_days: self.reply_not_urgent_working_days.max(1),
            explain_working_days: self.explain_working_days.max(1),
            contact_days: self.contact_days,
            on_scene_minutes: self.on_scene_minutes,
            due_soon_minutes: self.due_soon_minutes.max(0),
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
        use crate::domain::shift::{parse_time, PlanError, ShiftDef, ShiftPlan};
        if self.shift.is_empty() {
            let defs = ShiftPlan::default().defs().to_vec();
            return ShiftPlan::new(defs, self.handover_grace_minutes).map_err(|e| e.to_string());
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
            .collect::<Result<Vec<_>, PlanError>>()
            .map_err(|e| e.to_string())?;
        ShiftPlan::new(defs, self.handover_grace_minutes).map_err(|e| e.to_string())
    }
}

// --- end shifts ---

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
        let mut callbacks = self.callbacks.0.clone();
        if callbacks.sample_salt.trim().is_empty() {
            callbacks.sample_salt = self.site.name.clone();
        }
        Ok(Rules {
            calendar: self.work_calendar(),
            deadlines: self.deadlines.rules()?,
            callbacks,
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
            Ok(text) => Config::parse(&text, &path),
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
        let e =
            Config::parse("[callbacks]\nsample_percent = 160\n", Path::new("x.toml")).unwrap_err();
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
        assert_eq!(c.site.timezone, chrono_tz::Europe::Berlin);
        let e = Config::parse("[site]\ntimezone = \"Asia/Beijing\"\n", Path::new("x.toml"))
            .unwrap_err();
        assert!(e.to_string().contains("Asia/Beijing"), "{e}");
        let example =
            Config::parse(include_str!("../config.example.toml"), Path::new("x")).unwrap();
        assert_eq!(example.site.timezone, time::DEFAULT_ZONE);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let e = Config::parse("langg = \"en\"", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("langg"));
    }
}
