//! The command line fits the shell: every subcommand and option described,
//! value lists shown, completions and the man page generated.

use clap::CommandFactory;
use frontdesk::cli::Cli;

fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            missing.push(format!("{path} --{id}"));
        }
    }
    for sub in cmd.get_subcommands() {
        let p = format!("{path} {}", sub.get_name());
        if sub.get_name() != "help" && sub.get_about().is_none() && sub.get_long_about().is_none() {
            missing.push(p.clone());
        }
        walk(sub, &p, missing);
    }
}

#[test]
fn every_subcommand_and_option_is_described() {
    let cmd = Cli::command();
    let mut missing = Vec::new();
    walk(&cmd, "frontdesk", &mut missing);
    assert!(
        missing.is_empty(),
        "without a description:\n{}",
        missing.join("\n")
    );
}
