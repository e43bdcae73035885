//! The layers stay apart: each top-level module may use only the ones below
//! it, so the import graph has no cycles and `domain` stays pure. A new
//! `crate::x` path that breaks the order fails here, naming file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Top-level modules by layer. A module may use modules of a lower rank;
/// modules of the same rank may not use each other.
const RANKS: &[(&str, u8)] = &[
    ("text", 0),
    ("pin", 0),
    // Files made private (0600): std only.
    ("private_file", 0),
    // The allocator's settings, called from main: libc only.
    ("memory", 0),
    // Pure rules: nothing outside `domain`, not even the clock.
    ("domain", 1),
    ("clock", 2),
    ("i18n", 2),
    ("store", 2),
    ("config", 3),
    ("present", 3),
    // Reading import files: file I/O over domain::import and i18n words.
    ("import", 3),
    ("demo", 4),
    ("tui", 5),
    ("cli", 6),
];

fn rank(module: &str) -> Option<u8> {
    RANKS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/store/keys.rs` → store).
fn owner(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every `crate::name` in the code (comments skipped), with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + 7..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn modules_only_use_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut breaches = Vec::new();
    for file in &files {
        let Some(me) = owner(&src, file) else {
            continue;
        };
        let Some(my_rank) = rank(&me) else { continue };
        let text = std::fs::read_to_string(file).expect("read file");
        for (line, used) in crate_paths(&text) {
            if used == me {
                continue;
            }
            match rank(&used) {
                Some(r) if r < my_rank => {}
                _ => breaches.push(format!(
                    "{}:{line}: {me} uses crate::{used}",
                    file.strip_prefix(&src).unwrap_or(file).display()
                )),
            }
        }
    }
    assert!(
        breaches.is_empty(),
        "layer breaches:\n{}",
        breaches.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    for line in lib.lines() {
        if let Some(m) = line.trim().strip_prefix("pub mod ") {
            let m = m.trim_end_matches(';');
            assert!(
                rank(m).is_some(),
                "module {m} has no layer in tests/layers.rs"
            );
        }
    }
}

/// Files of `domain` that use each other: the graph must have no cycle.
#[test]
fn domain_files_have_no_cycles() {
    if let Some(cycle) = file_cycle("domain") {
        panic!("domain files import each other: {}", cycle.join(" → "));
    }
}

/// Nor in `store`: a step's hooks (deadlines, callback tasks) sit below
/// `tickets`, units are found in a leaf (`site`) that everything resolves
/// through, and what gathers from several modules (the unit file, the
/// callback outcomes that take steps) sits above them.
#[test]
fn store_files_have_no_cycles() {
    if let Some(cycle) = file_cycle("store") {
        panic!("store files import each other: {}", cycle.join(" → "));
    }
}

/// A cycle among the files (a folder counts as one) of the top-level module
/// `layer`, as read from their `super::x` and `layer::x` paths.
fn file_cycle(layer: &str) -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let name = |p: &Path| {
        let rel = p.strip_prefix(&dir).unwrap_or(p);
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        first
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_string()
    };
    let mods: Vec<String> = files
        .iter()
        .map(|f| name(f))
        .filter(|m| m != "mod")
        .collect();
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let me = name(f);
        let text = std::fs::read_to_string(f).expect("read");
        // Test modules may use anything: only the code above `#[cfg(test)]` counts.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for other in &mods {
            if *other == me {
                continue;
            }
            let uses = [
                format!("super::{other}::"),
                format!("super::{other};"),
                format!("super::{other}::{{"),
                format!("{layer}::{other}::"),
            ];
            if uses.iter().any(|u| code.contains(u.as_str())) {
                edges.entry(me.clone()).or_default().push(other.clone());
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, Vec<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let at = path.iter().position(|p| p == n).unwrap_or(0);
                let mut cycle = path[at..].to_vec();
                cycle.push(n.to_string());
                return Some(cycle);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    mods.iter()
        .find_map(|m| visit(m, &edges, &mut state, &mut Vec::new()))
}
