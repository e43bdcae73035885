//! The config file (TOML). Every key is documented in `config.example.toml`.

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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Site {
    /// Shown in the title bar.
    pub name: String,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            name: "frontdesk".into(),
        }
    }
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
    fn unknown_key_is_an_error() {
        let e = Config::parse("langg = \"en\"", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("langg"));
    }
}
