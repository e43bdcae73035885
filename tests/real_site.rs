//! The README's "Setting up a real site" run as written, on an empty
//! directory: init with the first manager, a config, departments and staff,
//! the site's lists imported, a lookup. The commands are read from the
//! README (between its `real-site` markers), so the README cannot drift
//! from what works.

mod common;

use common::pty::BIN;
use std::io::Write;
use std::process::{Command, Stdio};

/// The command lines of the README's real-site block.
fn readme_steps() -> Vec<String> {
    let readme = include_str!("../README.md");
    let begin = readme
        .find("<!-- real-site:begin -->")
        .expect("begin marker");
    let end = readme.find("<!-- real-site:end -->").expect("end marker");
    readme[begin..end]
        .lines()
        .filter(|l| l.starts_with("frontdesk ") || l.starts_with("printf "))
        .map(String::from)
        .collect()
}

/// What a person types for each step: the PINs, one per line.
fn stdin_for(step: &str) -> &'static str {
    if step.contains(" init ") {
        "刘强\n8642\n"
    } else if step.contains("staff add") && step.contains("technician") {
        "8642\n"
    } else if step.contains("staff add") {
        // The manager's PIN, then the new person's.
        "8642\n1357\n"
    } else {
        "8642\n"
    }
}

#[test]
fn the_readme_sets_up_a_site_from_nothing() {
    let site = tempfile::tempdir().unwrap();
    let home = site.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let steps = readme_steps();
    assert!(steps.len() >= 8, "{steps:?}");
    for step in &steps {
        // Run through the shell as a person would, with `frontdesk` being
        // the binary under test and $SITE the empty directory.
        let line = step.replacen("frontdesk ", &format!("{BIN} "), 1);
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&line)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("SITE", site.path())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("FRONTDESK_DB")
            .env_remove("FRONTDESK_CONFIG")
            .env("FRONTDESK_NOW", "2026-11-23 10:00")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin_for(step).as_bytes());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{step}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if step.contains("lookup 1-2-301") {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("1-2-301"), "{text}");
        }
        if step.contains("staff list") {
            let text = String::from_utf8_lossy(&out.stdout);
            for who in ["刘强", "张敏", "陈静", "赵建军"] {
                assert!(text.contains(who), "{who} in {text}");
            }
        }
    }
    // The database is private to its owner.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(site.path().join("site.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
