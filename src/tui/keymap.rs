//! The key table: `{context, keys, action, description}` as data. The help
//! overlay and the bottom hint line are rendered from it, so they cannot drift.
//! The config file overrides keys per `"<context>.<action>"`.

use super::action::Action;
use crate::i18n::Texts;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// Declares `Context` with its config name, in help order.
macro_rules! contexts {
    ($($(#[$m:meta])* $var:ident => $code:literal),+ $(,)?) => {
        /// Where a binding applies. The app asks the current screen, its
        /// focused widget and any overlay which contexts are active, most
        /// specific first; the first context that binds a key wins.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Context {
            $($(#[$m])* $var,)+
        }

        impl Context {
            pub const ALL: &'static [Context] = &[$(Context::$var),+];

            pub fn code(self) -> &'static str {
                match self { $(Context::$var => $code),+ }
            }
        }
    };
}

contexts! {
    /// Always, even while typing.
    Global => "global",
    /// Only when no text field has the focus (so typing "q" does not quit).
    Nav => "nav",
    SignIn => "signin",
    /// The idle lock over the screen.
    Lock => "lock",
    Intake => "intake",
    Dispatch => "dispatch",
    Step => "step",
    Search => "search",
    Lookup => "lookup",
    Callbacks => "callbacks",
    Keys => "keys",
    Shift => "shift",
    ShiftHandover => "shift_handover",
    ShiftHistory => "shift_history",
    /// The morning overview.
    Today => "today",
    /// The reports screen 报表.
    Reports => "reports",
    /// The registers 登记: their lists.
    Registers => "registers",
    /// A goods release pass's printable form.
    RegistersPrint => "registers_print",
    /// Any form: save, move between fields, back out.
    Form => "form",
    /// A focused one-line text field: editing keys.
    Text => "text",
    /// A focused multi-line field: line keys before the form's.
    TextArea => "text_area",
    /// A focused choice.
    Choice => "choice",
    /// A focused yes/no field.
    Toggle => "toggle",
    /// A list or table: arrows and pages.
    List => "list",
    /// A list while nothing is typed into: j/k/g/G as well.
    ListVi => "list_vi",
    /// Candidates under a field (several units match "1201").
    Picker => "picker",
    /// The board's step picker: a step by its number.
    Steps => "steps",
    /// A yes/no question over the screen.
    Confirm => "confirm",
    /// The help overlay.
    Help => "help",
}

impl Context {
    pub fn from_code(s: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.code() == s)
    }
}

/// One key with its modifiers, normalised so `?` with or without Shift matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyCombo {
    pub fn from_event(e: &KeyEvent) -> KeyCombo {
        let mut mods =
            e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match e.code {
            // The character already carries Shift; BackTab is Shift-Tab.
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeyCombo { code, mods }
    }

    /// `ctrl-s`, `alt-1`, `f2`, `shift-tab`, `enter`, `?`, `q` …
    pub fn parse(s: &str) -> Result<KeyCombo, String> {
        let s = s.trim();
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("m-"))
            {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().map_err(|_| format!("bad key {s:?}"))?;
                if !(1..=12).contains(&n) {
                    return Err(format!("bad key {s:?}"));
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        if mods.contains(KeyModifiers::CONTROL) {
                            KeyCode::Char(c.to_ascii_lowercase())
                        } else {
                            KeyCode::Char(c)
                        }
                    }
                    _ => return Err(format!("bad key {s:?}")),
                }
            }
        };
        if matches!(code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Ok(KeyCombo { code, mods })
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// How a binding describes itself in help and hints (in the current language).
pub type Desc = fn(&Texts) -> &'static str;

#[derive(Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<KeyCombo>,
    pub action: Action,
    pub desc: Desc,
    /// Shown on the bottom hint line of its context.
    pub hint: bool,
}

pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// A binding in the default table: keys as text, parsed once at start.
pub struct Default {
    pub context: Context,
    pub keys: &'static [&'static str],
    pub action: Action,
    pub desc: Desc,
    pub hint: bool,
}

impl Keymap {
    /// A table (the defaults in `bindings`) plus overrides from the config
    /// file. `Keymap::new` (in `bindings`) passes the default table.
    pub fn from_table(
        table: &[Default],
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<Keymap, String> {
        let mut bindings = Vec::new();
        for d in table {
            let keys = d
                .keys
                .iter()
                .map(|k| KeyCombo::parse(k))
                .collect::<Result<Vec<_>, _>>()?;
            bindings.push(Binding {
                context: d.context,
                keys,
                action: d.action,
                desc: d.desc,
                hint: d.hint,
            });
        }
        let mut map = Keymap { bindings };
        for (name, keys) in overrides {
            map.rebind(name, keys)?;
        }
        map.check_clashes()?;
        Ok(map)
    }

    /// Refuse a table where one key means two things: twice in one context,
    /// or a key that must always work (a `Global` one) taken by a screen or
    /// widget. Overlays (help, a question) replace everything else while
    /// open, so they may reuse any key.
    fn check_clashes(&self) -> Result<(), String> {
        let overlay = |c: Context| matches!(c, Context::Help | Context::Confirm);
        let global: Vec<(KeyCombo, Action)> = self
            .bindings
            .iter()
            .filter(|b| b.context == Context::Global)
            .flat_map(|b| b.keys.iter().map(move |k| (*k, b.action)))
            .collect();
        let mut seen: std::collections::HashMap<(Context, KeyCombo), Action> =
            std::collections::HashMap::new();
        for b in &self.bindings {
            for k in &b.keys {
                if let Some(other) = seen.insert((b.context, *k), b.action) {
                    if other != b.action {
                        return Err(format!(
                            "keymap: {k} is bound to both {} and {} in {}",
                            other.code(),
                            b.action.code(),
                            b.context.code()
                        ));
                    }
                }
                if b.context != Context::Global && !overlay(b.context) {
                    if let Some((_, g)) = global.iter().find(|(gk, _)| gk == k) {
                        return Err(format!(
                            "keymap: {k} in {}.{} would hide global.{} (which must work everywhere)",
                            b.context.code(),
                            b.action.code(),
                            g.code()
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// `name` is `"<context>.<action>"`; the keys replace the defaults.
    fn rebind(&mut self, name: &str, keys: &[String]) -> Result<(), String> {
        let (ctx, act) = name
            .split_once('.')
            .ok_or_else(|| format!("keymap entry {name:?}: expected \"context.action\""))?;
        let context = Context::from_code(ctx)
            .ok_or_else(|| format!("keymap entry {name:?}: unknown context {ctx:?}"))?;
        let action = Action::from_code(act)
            .ok_or_else(|| format!("keymap entry {name:?}: unknown action {act:?}"))?;
        let combos = keys
            .iter()
            .map(|k| KeyCombo::parse(k).map_err(|e| format!("keymap entry {name:?}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let b = self
            .bindings
            .iter_mut()
            .find(|b| b.context == context && b.action == action)
            .ok_or_else(|| format!("keymap entry {name:?}: no such binding"))?;
        b.keys = combos;
        Ok(())
    }

    /// The action for a key in the first context (in order) that binds it.
    pub fn lookup(&self, contexts: &[Context], key: &KeyEvent) -> Option<Action> {
        let combo = KeyCombo::from_event(key);
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&combo))
                .map(|b| b.action)
        })
    }

    /// The keys bound to an action in a context, for messages ("press F3").
    pub fn keys_for(&self, context: Context, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .and_then(|b| b.keys.first())
            .map(|k| k.to_string())
    }

    /// Hint-line entries for the active contexts: ("Ctrl-S", "保存").
    pub fn hints(&self, contexts: &[Context], t: &Texts) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for ctx in contexts {
            for b in self.bindings.iter().filter(|b| b.context == *ctx && b.hint) {
                if let Some(k) = b.keys.first() {
                    out.push((k.to_string(), (b.desc)(t)));
                }
            }
        }
        out
    }

    /// Every binding, grouped by context, for the help overlay.
    /// Bindings of one context with the same description (the nine step
    /// keys) share a row: `1…9`.
    pub fn help_rows(&self, t: &Texts) -> Vec<(Context, String, &'static str)> {
        let mut rows: Vec<(Context, Vec<String>, &'static str)> = Vec::new();
        for b in self.bindings.iter().filter(|b| !b.keys.is_empty()) {
            let desc = (b.desc)(t);
            let keys = b.keys.iter().map(|k| k.to_string());
            match rows.last_mut() {
                Some(r) if r.0 == b.context && r.2 == desc => r.1.extend(keys),
                _ => rows.push((b.context, keys.collect(), desc)),
            }
        }
        let mut rows: Vec<(Context, String, &'static str)> = rows
            .into_iter()
            .map(|(c, keys, d)| (c, key_list(&keys), d))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows
    }
}

/// `a / b`, or `1…9` for a run of digits.
fn key_list(keys: &[String]) -> String {
    let digits: Vec<u32> = keys
        .iter()
        .filter_map(|k| k.parse::<u32>().ok().filter(|d| *d < 10))
        .collect();
    let run = digits.len() == keys.len()
        && digits.len() > 2
        && digits.windows(2).all(|w| w[1] == w[0] + 1);
    if run {
        format!("{}…{}", digits[0], digits[digits.len() - 1])
    } else {
        keys.join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_show() {
        for (s, shown) in [
            ("ctrl-s", "Ctrl-S"),
            ("alt-1", "Alt-1"),
            ("f2", "F2"),
            ("shift-tab", "Shift-Tab"),
            ("enter", "Enter"),
            ("?", "?"),
            ("q", "q"),
            ("pgdn", "PgDn"),
        ] {
            assert_eq!(KeyCombo::parse(s).unwrap().to_string(), shown, "{s}");
        }
        assert!(KeyCombo::parse("ctrl-").is_err());
        assert!(KeyCombo::parse("f13").is_err());
        assert!(KeyCombo::parse("hyper-x").is_err());
    }

    #[test]
    fn events_normalise() {
        let e = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(KeyCombo::from_event(&e), KeyCombo::parse("?").unwrap());
        let e = KeyEvent::new(
            KeyCode::Char('S'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(KeyCombo::from_event(&e), KeyCombo::parse("ctrl-s").unwrap());
        let e = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            KeyCombo::from_event(&e),
            KeyCombo::parse("shift-tab").unwrap()
        );
    }

    #[test]
    fn defaults_parse_and_do_not_clash() {
        let map = Keymap::new(&BTreeMap::new()).unwrap();
        for ctx in Context::ALL {
            let mut seen = std::collections::HashSet::new();
            for b in map.bindings.iter().filter(|b| b.context == *ctx) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{} bound twice in {}", k, ctx.code());
                }
            }
        }
    }

    #[test]
    fn overrides_replace_keys() {
        let mut o = BTreeMap::new();
        o.insert("form.save".to_string(), vec!["f11".to_string()]);
        let map = Keymap::new(&o).unwrap();
        let f11 = KeyEvent::new(KeyCode::F(11), KeyModifiers::NONE);
        assert_eq!(map.lookup(&[Context::Form], &f11), Some(Action::Save));
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(map.lookup(&[Context::Form], &ctrl_s), None);
        let mut bad = BTreeMap::new();
        bad.insert("intake.fly".to_string(), vec!["x".to_string()]);
        assert!(Keymap::new(&bad).err().is_some_and(|e| e.contains("fly")));
    }

    #[test]
    fn every_context_has_a_name_in_both_languages() {
        use crate::i18n::Lang;
        for lang in [Lang::Zh, Lang::En] {
            for c in Context::ALL {
                assert_ne!(lang.context(c.code()), c.code(), "{:?} has no name", c);
            }
        }
    }

    #[test]
    fn step_keys_share_one_help_row() {
        let map = Keymap::new(&BTreeMap::new()).unwrap();
        let t = crate::i18n::Lang::Zh.t();
        let rows = map.help_rows(t);
        assert!(rows.iter().any(|r| r.0 == Context::Steps && r.1 == "1…9"));
        assert_eq!(key_list(&["a".into(), "b".into()]), "a / b");
    }

    #[test]
    fn clashing_overrides_are_refused() {
        // Two actions on one key in one context.
        let mut o = BTreeMap::new();
        o.insert("form.next_field".to_string(), vec!["ctrl-s".to_string()]);
        let e = Keymap::new(&o).err().unwrap_or_default();
        assert!(e.contains("ctrl-s") || e.contains("Ctrl-S"), "{e}");
        // A screen key that would hide a global one.
        let mut o = BTreeMap::new();
        o.insert("form.save".to_string(), vec!["f2".to_string()]);
        let e = Keymap::new(&o).err().unwrap_or_default();
        assert!(e.contains("go_intake"), "{e}");
        // The defaults themselves are clean.
        assert!(Keymap::new(&BTreeMap::new()).is_ok());
    }
}
