//! Small security primitives shared by the HTTP surfaces: the one constant-time
//! comparison used for bearer tokens, webhook signatures and CSRF tokens.

use subtle::ConstantTimeEq;

/// True when `a` and `b` are equal, compared in time that depends only on their
/// lengths (a length mismatch answers false at once; lengths are not secret here).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn equal_only_for_identical_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
