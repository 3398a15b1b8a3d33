//! The bearer token: what a usable one looks like, and the layer that demands it.

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The shortest token accepted for a listener other machines can reach: long enough that
/// guessing it over the network is hopeless.
pub const MIN_REMOTE_TOKEN_CHARS: usize = 16;

/// Refuses a token no client could send (it must fit in a header as one word), or one too
/// short to guard a listener other machines can reach.
pub fn check_token(token: &str, remote: bool) -> Result<(), String> {
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "the bearer token must be printable ASCII without spaces, as HTTP headers carry it"
                .to_owned(),
        );
    }
    if remote && token.len() < MIN_REMOTE_TOKEN_CHARS {
        return Err(format!(
            "the bearer token is {} characters; a remote listener needs at least \
             {MIN_REMOTE_TOKEN_CHARS} (for example `openssl rand -hex 32`)",
            token.len()
        ));
    }
    Ok(())
}

/// Lets a request through only with `Authorization: Bearer <token>`; the scheme is matched
/// without regard to case (RFC 9110 §11.1).
pub async fn authorize(expected: &str, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| bearer_credentials(value.as_bytes()));
    if given.is_some_and(|given| constant_time_eq(given, expected.as_bytes())) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "missing or wrong bearer token\n",
        )
            .into_response()
    }
}

/// The credentials of a `Bearer` authorization value, whatever the scheme's case.
fn bearer_credentials(value: &[u8]) -> Option<&[u8]> {
    let space = value.iter().position(|b| *b == b' ')?;
    let (scheme, rest) = value.split_at(space);
    scheme
        .eq_ignore_ascii_case(b"bearer")
        .then(|| rest.trim_ascii())
}

/// Compares without stopping at the first difference, so timing does not leak the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, byte) in b.iter().enumerate() {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ byte);
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison_is_exact() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"abcd", b"abc"));
        assert!(!constant_time_eq(b"", b"abc"));
        assert!(!constant_time_eq(b"abd", b"abc"));
    }

    #[test]
    fn the_scheme_is_case_insensitive_and_the_token_is_not() {
        assert_eq!(bearer_credentials(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer_credentials(b"bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer_credentials(b"BEARER  abc "), Some(&b"abc"[..]));
        assert_eq!(bearer_credentials(b"Basic abc"), None);
        assert_eq!(bearer_credentials(b"Bearerabc"), None);
        assert_eq!(bearer_credentials(b"Bearer ABC"), Some(&b"ABC"[..]));
    }

    #[test]
    fn remote_listeners_need_long_printable_tokens() {
        assert!(check_token("x", false).is_ok());
        let short = check_token("x", true).unwrap_err();
        assert!(short.contains("at least 16"), "{short}");
        assert!(check_token("0123456789abcdef", true).is_ok());
        assert!(check_token("has space in it!!", true).is_err());
        assert!(check_token("tab\there", false).is_err());
    }
}
