//! Subcommands whose arguments clap builds only when they are used.
//!
//! clap builds every subcommand's arguments before it parses, and gives
//! each the global options: with this tree that was about 0.6 ms and 200
//! page faults of a 3 ms `lookup --json`, more than its queries cost
//! (BENCHMARKS.md). `Lazy<T>` hands the building of `T` to clap's
//! `Command::defer`, which runs it when the parser enters that subcommand
//! (and when help, completions or the manual page build the whole tree).
//! Parsing and what it yields are unchanged: `Lazy` derefs to `T`.

use clap::{ArgMatches, Args, Command, FromArgMatches, Subcommand};
use std::cell::Cell;

thread_local! {
    /// Build every subcommand at once: the shell completions and the
    /// manual page walk the whole tree, and clap's `help` subcommand copies
    /// the tree when the top is built, so deferred parts would be missing
    /// there. Per thread, so one thread's whole tree leaves another's
    /// parsing lazy.
    static WHOLE: Cell<bool> = const { Cell::new(false) };
}

/// The whole command tree, nothing deferred (completions, manual page,
/// the tests that walk every option).
pub fn whole_tree() -> Command {
    WHOLE.with(|w| w.set(true));
    let cmd = <super::Cli as clap::CommandFactory>::command();
    WHOLE.with(|w| w.set(false));
    cmd
}

fn defer(cmd: Command, build: fn(Command) -> Command) -> Command {
    if WHOLE.with(Cell::get) {
        build(cmd)
    } else {
        cmd.defer(build)
    }
}

/// A subcommand's arguments `T`, which clap builds only when that
/// subcommand is used; the parsed value is `T` itself (`Deref`).
#[derive(Debug, Clone)]
pub struct Lazy<T>(pub T);

impl<T> std::ops::Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(m).map(Lazy)
    }
    fn from_arg_matches_mut(m: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(m).map(Lazy)
    }
    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }
    fn update_from_arg_matches_mut(&mut self, m: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(m)
    }
}

/// A subcommand with subcommands of its own (`ticket list`, `keys lend` …).
impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: Command) -> Command {
        defer(cmd, T::augment_subcommands)
    }
    fn augment_subcommands_for_update(cmd: Command) -> Command {
        defer(cmd, T::augment_subcommands_for_update)
    }
    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// A subcommand whose options are a struct (`keys`, `report` …).
impl<T: Args> Args for Lazy<T> {
    fn augment_args(cmd: Command) -> Command {
        defer(cmd, T::augment_args)
    }
    fn augment_args_for_update(cmd: Command) -> Command {
        defer(cmd, T::augment_args_for_update)
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}
