//! PINs for approvals and acknowledgements: stored only as salted argon2 hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::io::Read;

#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is 4 to 12 digits")]
    Format,
    #[error("could not read random bytes for the salt: {0}")]
    Random(#[from] std::io::Error),
    #[error("PIN hashing failed: {0}")]
    Hash(String),
}

/// A PIN is 4-12 ASCII digits: typed at the desk on a numeric pad.
pub fn valid(pin: &str) -> bool {
    (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

pub fn hash(pin: &str) -> Result<String, PinError> {
    if !valid(pin) {
        return Err(PinError::Format);
    }
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| PinError::Hash(e.to_string()))?;
    hasher()?
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Argon2id at 7 MiB and 5 passes, one lane: one of the settings OWASP's
/// password storage cheat sheet lists as equal in defence to the crate's
/// default (19 MiB, 2 passes), chosen for memory. Every PIN check allocates
/// the whole `m`; with the board's 50,000 rows loaded, unlocking the screen
/// at the default took the process from 35 to 51 MB (issue 15: < 40 MB).
/// Hashes made before keep their own settings in their PHC string, and
/// `verify` reads them from there, so old PINs go on working until reset.
const MEMORY_KIB: u32 = 7 * 1024;
const PASSES: u32 = 5;

fn hasher() -> Result<Argon2<'static>, PinError> {
    let params =
        Params::new(MEMORY_KIB, PASSES, 1, None).map_err(|e| PinError::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// False for a wrong PIN and for a malformed stored hash alike.
pub fn verify(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("2468").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(!h.contains("2468"));
        assert!(verify("2468", &h));
        assert!(!verify("2469", &h));
        assert!(!verify("2468", "not a hash"));
        // Salted: the same PIN hashes differently each time.
        assert_ne!(h, hash("2468").unwrap());
    }

    #[test]
    fn new_hashes_use_the_small_memory_setting_and_old_ones_still_verify() {
        let h = hash("1357").unwrap();
        assert!(h.contains("$m=7168,t=5,p=1$"), "{h}");
        // A hash made with the crate's default settings, as every PIN set
        // before this change was: verify reads its settings from the hash.
        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let old = Argon2::default()
            .hash_password(b"1357", &salt)
            .unwrap()
            .to_string();
        assert!(old.contains("$m=19456,t=2,p=1$"), "{old}");
        assert!(verify("1357", &old));
        assert!(!verify("1358", &old));
    }

    #[test]
    fn format() {
        assert!(valid("1234"));
        assert!(!valid("123"));
        assert!(!valid("12a4"));
        assert!(matches!(hash("12"), Err(PinError::Format)));
    }
}
