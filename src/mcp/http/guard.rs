//! Which sites may talk to the server: the `Host` a request names (DNS-rebinding protection)
//! and, when a browser sends one, its `Origin` must be loopback or a host `--allowed-host` named.

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, Uri, header, uri::Authority};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Host names (optionally `host:port`) a request may address and a browser page may come from.
#[derive(Debug, Clone)]
pub struct AllowedHosts(Vec<HostPort>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct HostPort {
    host: String,
    port: Option<u16>,
}

impl HostPort {
    fn parse(text: &str) -> Option<HostPort> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        Some(match Authority::try_from(text) {
            Ok(authority) => HostPort::new(authority.host(), authority.port_u16()),
            // A bare IPv6 address such as `::1` is not an authority.
            Err(_) => HostPort::new(text, None),
        })
    }

    fn new(host: &str, port: Option<u16>) -> HostPort {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        HostPort {
            host: host.to_ascii_lowercase(),
            port,
        }
    }
}

impl AllowedHosts {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> AllowedHosts {
        AllowedHosts(names.into_iter().filter_map(HostPort::parse).collect())
    }

    /// An entry without a port allows the host on any port.
    fn allows(&self, given: &HostPort) -> bool {
        self.0.iter().any(|allowed| {
            allowed.host == given.host && allowed.port.is_none_or(|port| given.port == Some(port))
        })
    }
}

/// Refuses a request whose `Host` or `Origin` names a site that is not allowed, saying how to
/// allow it.
pub async fn check_sites(allowed: &AllowedHosts, request: Request, next: Next) -> Response {
    match refusal(allowed, request.uri(), request.headers()) {
        Some(message) => (StatusCode::FORBIDDEN, message).into_response(),
        None => next.run(request).await,
    }
}

fn refusal(allowed: &AllowedHosts, uri: &Uri, headers: &HeaderMap) -> Option<String> {
    let host = match headers.get(header::HOST) {
        Some(value) => value.to_str().ok().and_then(HostPort::parse),
        None => uri
            .authority()
            .map(|a| HostPort::new(a.host(), a.port_u16())),
    };
    match host {
        None => return Some("Forbidden: the request has no readable Host header\n".to_owned()),
        Some(host) if !allowed.allows(&host) => {
            return Some(format!(
                "Forbidden: Host {:?} is not an allowed host name (DNS-rebinding protection); \
                 if clients reach this server by that name, start it with --allowed-host {}\n",
                host.host,
                host.host.escape_debug()
            ));
        }
        Some(_) => {}
    }
    // Non-browser clients send no Origin; a browser always does, naming the page's site.
    let origin = headers.get(header::ORIGIN)?;
    let site = origin.to_str().ok().and_then(origin_host);
    match site {
        Some(site) if allowed.allows(&site) => None,
        _ => Some(format!(
            "Forbidden: Origin {:?} is not an allowed site: web pages from other sites may not \
             call this server; a page served from a host of your own can be allowed with \
             --allowed-host NAME\n",
            String::from_utf8_lossy(origin.as_bytes())
        )),
    }
}

/// The host and port of a serialized origin (`https://app.example:8443`); `null` has none.
fn origin_host(origin: &str) -> Option<HostPort> {
    let uri: Uri = origin.trim().parse().ok()?;
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?;
    let port = authority.port_u16().or(match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    });
    Some(HostPort::new(authority.host(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    fn refused(pairs: &[(&'static str, &'static str)]) -> Option<String> {
        let allowed = AllowedHosts::new(["localhost", "127.0.0.1", "::1", "mcp.example:9000"]);
        refusal(&allowed, &Uri::from_static("/mcp"), &headers(pairs))
    }

    #[test]
    fn loopback_hosts_on_any_port_pass() {
        assert_eq!(refused(&[("host", "127.0.0.1:8765")]), None);
        assert_eq!(refused(&[("host", "LOCALHOST")]), None);
        assert_eq!(refused(&[("host", "[::1]:8765")]), None);
    }

    #[test]
    fn a_foreign_host_is_refused_with_the_flag_that_allows_it() {
        let message = refused(&[("host", "evil.example")]).unwrap();
        assert!(message.contains("--allowed-host evil.example"), "{message}");
    }

    #[test]
    fn a_port_in_an_allowed_entry_must_match() {
        assert_eq!(refused(&[("host", "mcp.example:9000")]), None);
        assert!(refused(&[("host", "mcp.example:9001")]).is_some());
    }

    #[test]
    fn origins_must_name_an_allowed_host() {
        assert_eq!(
            refused(&[("host", "localhost"), ("origin", "http://localhost:6274")]),
            None
        );
        assert_eq!(
            refused(&[("host", "localhost"), ("origin", "http://mcp.example:9000")]),
            None
        );
        for origin in [
            "https://evil.example",
            "null",
            "http://mcp.example",
            "garbage",
        ] {
            let message = refused(&[("host", "localhost"), ("origin", origin)]);
            assert!(
                message.as_deref().is_some_and(|m| m.contains("Origin")),
                "{origin}: {message:?}"
            );
        }
    }
}
