//! Small security primitives shared by the HTTP surfaces: the one constant-time
//! comparison used for bearer tokens (and the bearer check itself), webhook signatures and CSRF tokens.

use subtle::ConstantTimeEq;

/// True when an `Authorization` header value is `Bearer <token>` for a configured
/// (non-empty) `token`, compared in constant time.
pub fn bearer_matches(authorization: Option<&str>, token: &str) -> bool {
    let given = authorization.and_then(|v| v.strip_prefix("Bearer "));
    !token.is_empty() && given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()))
}

/// True when `a` and `b` are equal, compared in time that depends only on their
/// lengths (a length mismatch answers false at once; lengths are not secret here).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::{bearer_matches, constant_time_eq};

    #[test]
    fn bearer_needs_a_configured_token() {
        assert!(bearer_matches(Some("Bearer s3cret"), "s3cret"));
        assert!(!bearer_matches(Some("Bearer "), ""));
        assert!(!bearer_matches(Some("s3cret"), "s3cret"));
        assert!(!bearer_matches(None, "s3cret"));
    }

    #[test]
    fn equal_only_for_identical_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
