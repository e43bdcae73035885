//! PINs for approvals and acknowledgements: stored only as salted argon2 hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
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
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
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
    fn format() {
        assert!(valid("1234"));
        assert!(!valid("123"));
        assert!(!valid("12a4"));
        assert!(matches!(hash("12"), Err(PinError::Format)));
    }
}
