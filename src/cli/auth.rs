//! Who runs a command that writes: the Unix account the process runs as,
//! when it is bound to an active staff member (`Proof::Login`), or
//! `--operator NAME` and that person's PIN (`Proof::Pin`).
//!
//! A PIN is read from the controlling terminal without echo (`rpassword`),
//! or, when stdin is not a terminal (scripts, tests), as a line of stdin:
//! the operator's first, then any other PIN the command needs (a key loan's
//! approver) on the next line. A PIN is never taken from an argument or the
//! environment, and never put into a message.

use super::{CliError, Env};
use crate::domain::auth::Via;
use crate::i18n::{fill, Lang};
use crate::present::AuthText;
use crate::store::{Actor, AuthError, Store, StoreError};
use std::io::{BufRead, IsTerminal};

/// A PIN as typed. Its `Debug` shows no digits.
pub struct Pin(String);

impl Pin {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

impl Drop for Pin {
    /// Blank the digits before the memory is given back.
    fn drop(&mut self) {
        let blank = "0".repeat(self.0.len());
        self.0.replace_range(.., &blank);
    }
}

/// The acting person, and the PIN they proved themselves with (kept for a
/// step of the same command that needs their signature, such as a
/// handover's acknowledgement).
pub struct Who {
    pub actor: Actor,
    pub pin: Option<Pin>,
}

/// The name of the Unix account of the real uid (`getpwuid_r`).
pub fn unix_login() -> Option<String> {
    // SAFETY: getuid cannot fail; getpwuid_r writes only into `pwd` and
    // `buf`, which outlive the call, and sets `result` to `&pwd` or null.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        loop {
            let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
            if rc == libc::ERANGE && buf.len() < 1 << 20 {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
                return None;
            }
            let name = std::ffi::CStr::from_ptr(pwd.pw_name);
            return name.to_str().ok().map(str::to_string);
        }
    }
}

/// The client's address of an SSH session (`SSH_CLIENT` is "ip port port").
pub fn client_address() -> Option<String> {
    std::env::var("SSH_CLIENT")
        .ok()
        .and_then(|v| v.split_whitespace().next().map(str::to_string))
        .filter(|a| !a.is_empty())
}

/// Read a PIN: from the controlling terminal without echo, or the next line
/// of stdin when stdin is not a terminal. Empty is refused (exit 2).
pub fn read_pin(prompt: &str, lang: Lang) -> Result<Pin, CliError> {
    let pin = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| read_failed(e, lang))?
    } else {
        stdin_line(lang)?
    };
    let pin = Pin(pin.trim().to_string());
    if pin.0.is_empty() {
        return Err(CliError::Usage(lang.t().auth.pin_missing.to_string()));
    }
    Ok(pin)
}

/// A new PIN: typed twice at the terminal, or one line of stdin.
pub fn read_new_pin(name: &str, lang: Lang) -> Result<Pin, CliError> {
    let t = &lang.t().auth;
    let pin = read_pin(&fill(t.pin_prompt, &[&name]), lang)?;
    if std::io::stdin().is_terminal() {
        let again = read_pin(t.pin_again, lang)?;
        if again.0 != pin.0 {
            return Err(CliError::Usage(t.pin_mismatch.to_string()));
        }
    }
    if !crate::pin::valid(pin.as_str()) {
        return Err(CliError::Usage(lang.t().errors.pin_format.to_string()));
    }
    Ok(pin)
}

/// A line of text (a name) from the terminal or stdin, echoed as usual.
pub fn read_line(prompt: &str, lang: Lang) -> Result<String, CliError> {
    if std::io::stdin().is_terminal() {
        eprint!("{prompt}");
    }
    stdin_line(lang).map(|l| l.trim().to_string())
}

/// The next line of stdin. Stdin's buffer is shared by the whole process,
/// so the line after it is still there for the next read.
fn stdin_line(lang: Lang) -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| read_failed(e, lang))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The I/O error's kind only: nothing read ever goes into a message.
fn read_failed(e: std::io::Error, lang: Lang) -> CliError {
    match e.kind() {
        std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof => {
            CliError::Usage(lang.t().auth.pin_missing.to_string())
        }
        kind => CliError::Failed(format!("{}: {kind:?}", lang.t().auth.pin_missing)),
    }
}

/// An authentication refusal with its exit code: unknown people and bad
/// input 2, a wrong PIN or a lock 1.
pub fn auth_failed(e: &AuthError, lang: Lang) -> CliError {
    let msg = lang.auth_error(e);
    match e {
        AuthError::Store(s) => CliError::from_store(s, lang),
        AuthError::Unknown(_) | AuthError::NoPin(_) | AuthError::NoLogin(_) => CliError::Usage(msg),
        AuthError::NotDesk(_) | AuthError::WrongPin { .. } | AuthError::Locked { .. } => {
            CliError::Refused(msg)
        }
    }
}

/// Establish who is acting, in this order: `--operator NAME` (their PIN,
/// unless the Unix account is bound to that same person); else the Unix
/// account bound to a staff member; else the config's `operator` (PIN).
pub fn establish(env: &Env, store: &Store) -> Result<Who, CliError> {
    establish_as(env, store, false)
}

/// `establish` for a step at the gate (`frontdesk pass use`): a security
/// guard named with `--operator` signs in with their PIN as well.
pub fn establish_at_gate(env: &Env, store: &Store) -> Result<Who, CliError> {
    establish_as(env, store, true)
}

fn establish_as(env: &Env, store: &Store, gate: bool) -> Result<Who, CliError> {
    let lang = env.lang;
    let now = env.clock.now();
    let client = client_address();
    let by_login = |store: &Store, login: &str| {
        store
            .actor_for_login(login, client.as_deref(), now)
            .map_err(|e| auth_failed(&e, lang))
    };
    let login = unix_login();
    let bound = match &login {
        Some(l) => store
            .staff_by_login(l)
            .map_err(|e| CliError::from_store(&e, lang))?,
        None => None,
    };
    let named = env
        .cli
        .operator
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            // The config's operator only when the login proves no one.
            bound
                .is_none()
                .then(|| env.config.operator.clone())
                .flatten()
        })
        .filter(|s| !s.trim().is_empty());
    match (named, bound, login) {
        // The bound account names itself: no PIN needed.
        (Some(name), Some(b), Some(l)) if b.name == name.trim() => Ok(Who {
            actor: by_login(store, &l)?,
            pin: None,
        }),
        (Some(name), _, _) => {
            let person = match store.staff_by_name(&name) {
                Ok(s) => s,
                Err(StoreError::NotFound { .. }) => {
                    return Err(CliError::Usage(fill(
                        lang.t().cli.unknown_operator,
                        &[&name],
                    )))
                }
                Err(e) => return Err(CliError::from_store(&e, lang)),
            };
            let pin = read_pin(&fill(lang.t().auth.pin_prompt, &[&person.name]), lang)?;
            let actor = if gate {
                store.authenticate_at_gate(
                    &person.name,
                    pin.as_str(),
                    Via::Cli,
                    client.as_deref(),
                    now,
                )
            } else {
                store.authenticate(&person.name, pin.as_str(), Via::Cli, client.as_deref(), now)
            }
            .map_err(|e| auth_failed(&e, lang))?;
            Ok(Who {
                actor,
                pin: Some(pin),
            })
        }
        (None, Some(_), Some(l)) => Ok(Who {
            actor: by_login(store, &l)?,
            pin: None,
        }),
        _ => Err(CliError::Usage(lang.t().auth.need_who.to_string())),
    }
}
