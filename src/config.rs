//! The config file (TOML). Every key is documented in `config.example.toml`.

use crate::domain::calendar::{WorkCalendar, YearList};
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
    /// Key overrides: `"<context>.<action>" = ["key", ...]`.
    pub keymap: BTreeMap<String, Vec<String>>,
    /// Extra holiday lists by year (`[calendar.year2027]`), added to the
    /// shipped 2025-2026 lists.
    pub calendar: BTreeMap<String, YearList>,
    // --- sections of later features ---
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
    fn unknown_key_is_an_error() {
        let e = Config::parse("langg = \"en\"", Path::new("x.toml")).unwrap_err();
        assert!(e.to_string().contains("langg"));
    }
}
