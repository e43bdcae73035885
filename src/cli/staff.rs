//! `frontdesk staff …` and `frontdesk dept …`: the people of the site and
//! their departments. Changes need an authenticated manager (a person may
//! set their own PIN); lists need no PIN. Every change is audited in
//! `staff_changes`.

use super::auth::{read_new_pin, Pin};
use super::output::outln;
use super::{output, CliError, Env};
use crate::domain::auth::is_desk;
use crate::domain::Role;
use crate::i18n::fill;
use crate::store::staff::NewStaff;
use crate::store::StoreError;
use crate::text::pad;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum StaffCmd {
    /// Add a person (as a manager). Desk roles then type their PIN twice
    /// (or give it as a line of stdin after the manager's).
    Add {
        /// Their name as the desk knows them (the sign-in list shows it).
        name: String,
        /// What they may do at the desk.
        #[arg(long, value_parser = super::coded!(Role))]
        role: Role,
        /// Department code (a technician needs one).
        #[arg(long, value_name = "CODE")]
        dept: Option<String>,
        /// The Unix account bound to the person: commands run from it act
        /// as them without a PIN.
        #[arg(long, value_name = "USER")]
        login: Option<String>,
        /// Their phone (shown masked in lists).
        #[arg(long, value_name = "P")]
        phone: Option<String>,
    },
    /// Everyone: role, department, Unix account, active, locked.
    List {
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Disable a person (as a manager): they can no longer sign in.
    Disable {
        /// Who.
        name: String,
    },
    /// Set a new PIN: your own, or anyone's as a manager.
    Pin {
        /// Whose PIN.
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum DeptCmd {
    /// Add a department (as a manager).
    Add {
        /// Its code, used by --dept everywhere (e.g. engineering).
        code: String,
        /// The name in Chinese (名称).
        #[arg(long)]
        name: String,
        /// The name in English (default: the code).
        #[arg(long, value_name = "NAME")]
        name_en: Option<String>,
    },
    /// Departments with their technicians.
    List {
        /// Print JSON for scripts (shapes in docs/json.md).
        #[arg(long)]
        json: bool,
    },
}

pub fn run(env: &Env, cmd: &StaffCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().auth;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let now = env.clock.now();
    match cmd {
        StaffCmd::List { json } => {
            let store = env.open()?;
            let list = store.staff_entries(now).map_err(se)?;
            if *json {
                return output::json(&list);
            }
            outln!(
                "{}{}{}{}{}{}",
                pad(t.col_name, 10),
                pad(t.col_role, 10),
                pad(t.col_dept, 14),
                pad(t.col_login, 14),
                pad(t.col_phone, 14),
                t.col_state
            )?;
            for s in &list {
                let mut state = vec![if s.active { t.active } else { t.disabled }.to_string()];
                if let Some(u) = s.locked_until {
                    state.push(fill(t.locked_until, &[&crate::domain::time::format(u)]));
                }
                if s.active && is_desk(s.role) && !s.has_pin {
                    state.push(t.no_pin_yet.to_string());
                }
                outln!(
                    "{}{}{}{}{}{}",
                    pad(&s.name, 10),
                    pad(lang.role(s.role), 10),
                    pad(
                        &s.department
                            .as_deref()
                            .map(|d| lang.department(d).to_string())
                            .unwrap_or_else(|| "-".into()),
                        14
                    ),
                    pad(s.login.as_deref().unwrap_or("-"), 14),
                    pad(if s.phone.is_empty() { "-" } else { &s.phone }, 14),
                    state.join(" · ")
                )?;
            }
            Ok(())
        }
        StaffCmd::Add {
            name,
            role,
            dept,
            login,
            phone,
        } => {
            let mut store = env.open()?;
            // The manager first (their PIN is the first line), then the
            // newcomer's PIN.
            let me = env.actor(&store)?;
            if !crate::domain::auth::can_manage_staff(me.role) {
                let e = crate::domain::auth::StaffError::NeedsManager(me.name.clone());
                return Err(se(e.into()));
            }
            let pin: Option<Pin> = if is_desk(*role) {
                Some(read_new_pin(name.trim(), lang)?)
            } else {
                None
            };
            let new = NewStaff {
                name,
                role: *role,
                department: dept.as_deref(),
                login: login.as_deref().map(str::trim).filter(|l| !l.is_empty()),
                phone: phone.as_deref().unwrap_or(""),
                pin: pin.as_ref().map(|p| p.as_str()),
            };
            let s = store.add_person(&new, &me, now).map_err(se)?;
            outln!("{}", fill(t.staff_added, &[&s.name, &lang.role(s.role)]))?;
            Ok(())
        }
        StaffCmd::Disable { name } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            store.disable_staff(name, &me, now).map_err(se)?;
            outln!("{}", fill(t.staff_disabled, &[&name.trim()]))?;
            Ok(())
        }
        StaffCmd::Pin { name } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            // Refuse before asking for a PIN that could not be set.
            let target = store.staff_by_name(name).map_err(se)?;
            if target.id != me.id && !crate::domain::auth::can_manage_staff(me.role) {
                return Err(se(crate::domain::auth::StaffError::OthersPin.into()));
            }
            let pin = read_new_pin(&target.name, lang)?;
            store
                .change_pin(&target.name, pin.as_str(), &me, now)
                .map_err(se)?;
            outln!("{}", fill(t.pin_set, &[&target.name]))?;
            Ok(())
        }
    }
}

pub fn run_dept(env: &Env, cmd: &DeptCmd) -> Result<(), CliError> {
    let lang = env.lang;
    let t = &lang.t().auth;
    let se = |e: StoreError| CliError::from_store(&e, lang);
    let now = env.clock.now();
    match cmd {
        DeptCmd::List { json } => {
            let store = env.open()?;
            let list = store.department_entries().map_err(se)?;
            if *json {
                return output::json(&list);
            }
            outln!(
                "{}{}{}",
                pad(t.col_code, 14),
                pad(t.col_dept, 20),
                t.col_technicians
            )?;
            for d in &list {
                let name = match lang {
                    crate::i18n::Lang::Zh => &d.name_zh,
                    crate::i18n::Lang::En => &d.name_en,
                };
                outln!(
                    "{}{}{}",
                    pad(&d.code, 14),
                    pad(name, 20),
                    if d.technicians.is_empty() {
                        "-".to_string()
                    } else {
                        d.technicians.join("、")
                    }
                )?;
            }
            Ok(())
        }
        DeptCmd::Add {
            code,
            name,
            name_en,
        } => {
            let mut store = env.open()?;
            let me = env.actor(&store)?;
            let d = store
                .create_department(code, name, name_en.as_deref().unwrap_or(""), &me, now)
                .map_err(se)?;
            outln!("{}", fill(t.dept_added, &[&d.code, &d.name_zh]))?;
            Ok(())
        }
    }
}
