//! The transition tables written out, one row per (kind, from, action): a
//! changed rule shows in review as a changed line of this snapshot.

use frontdesk::domain::transitions::{table, Guard};
use frontdesk::domain::Kind;

#[test]
fn every_transition_row() {
    let mut out = String::new();
    for &kind in Kind::ALL {
        for t in table(kind) {
            for from in t.from {
                let to = t.to.map(|s| s.code()).unwrap_or("(stays)");
                let req: Vec<&str> = t.required.iter().map(|f| f.code()).collect();
                let opt: Vec<&str> = t.optional.iter().map(|f| f.code()).collect();
                let guard = match t.guard {
                    Guard::None => "",
                    Guard::CallbackOnly => " [callback only]",
                    Guard::CallbackOrSupervisor => " [callback, or a supervisor]",
                };
                out.push_str(&format!(
                    "{:<10} {:<12} {:<16} → {:<12} {:<10} req [{}] opt [{}]{guard}\n",
                    kind.code(),
                    from.code(),
                    t.action.code(),
                    to,
                    t.role.code(),
                    req.join(", "),
                    opt.join(", "),
                ));
            }
        }
    }
    insta::assert_snapshot!("transitions", out);
}
