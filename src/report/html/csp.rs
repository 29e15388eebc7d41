//! The page's Content-Security-Policy admits its embedded style and script
//! by their hashes: SHA-256, in base64.

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

/// The CSP source of `text` embedded in the page: its SHA-256 in standard
/// base64 with padding (`'sha256-…'` takes it).
pub(super) fn hash(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_the_standard_vectors() {
        // SHA-256 of "", "abc" (FIPS 180-2), in base64.
        assert_eq!(hash(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert_eq!(hash("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        let million = "a".repeat(1_000_000);
        assert_eq!(
            hash(&million),
            "zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA="
        );
    }
}
