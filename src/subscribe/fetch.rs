//! One HTTP GET of a schedule with `ureq` (blocking; the TUI calls it on a background thread): a conditional
//! request from the cached copy's validators, a timeout, a size cap, redirects followed and gzip decoded.
use std::time::Duration;

/// Limits of one fetch.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    /// The whole request, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// The largest body accepted (after decompression).
    pub max_bytes: u64,
    /// How many redirects are followed.
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            // The biggest real schedules (a Congress frab XML) are a few MB.
            max_bytes: 32 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// What a successful request brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the cached copy is current.
    NotModified,
    /// A new body, with the validators to send next time.
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Why a fetch failed; each says what the user can check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not an http or https URL: {0}")]
    BadUrl(String),
    #[error("DNS: host not found ({0})")]
    Dns(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("cannot connect to {0}")]
    Connect(String),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("the schedule is larger than {0} bytes")]
    TooLarge(u64),
    #[error("more than {0} redirects")]
    Redirects(u32),
    /// The connection broke (a truncated body, a reset).
    #[error("network: {0}")]
    Network(String),
    #[error("{0}")]
    Other(String),
}

/// Checks that `url` is http or https with a host.
pub fn check_url(url: &str) -> Result<(), FetchError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| FetchError::BadUrl(url.to_string()))?;
    if rest.is_empty() || rest.starts_with('/') || url.parse::<ureq::http::Uri>().is_err() {
        return Err(FetchError::BadUrl(url.to_string()));
    }
    Ok(())
}

/// GETs `url`, sending `etag` / `last_modified` so an unchanged schedule answers 304.
pub fn fetch(
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    options: &FetchOptions,
) -> Result<Fetched, FetchError> {
    check_url(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(options.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("confnotes/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(when) = last_modified {
        request = request.header("If-Modified-Since", when);
    }
    let host = host_of(url);
    let https = url.starts_with("https://");
    let map = |e: ureq::Error| classify(e, &host, https, options);
    let mut response = request.call().map_err(map)?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let bytes = response
        .body_mut()
        .with_config()
        .limit(options.max_bytes)
        .read_to_vec()
        .map_err(map)?;
    Ok(Fetched::Body {
        bytes,
        etag,
        last_modified,
    })
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn classify(e: ureq::Error, host: &str, https: bool, options: &FetchOptions) -> FetchError {
    use ureq::Error as E;
    match e {
        E::HostNotFound => FetchError::Dns(host.to_string()),
        E::Tls(m) => FetchError::Tls(m.to_string()),
        E::Rustls(e) => FetchError::Tls(e.to_string()),
        E::ConnectionFailed => FetchError::Connect(host.to_string()),
        E::StatusCode(s) => FetchError::Status(s),
        E::Timeout(_) => FetchError::Timeout(options.timeout.as_secs().max(1)),
        E::BodyExceedsLimit(_) => FetchError::TooLarge(options.max_bytes),
        E::TooManyRedirects => FetchError::Redirects(options.max_redirects),
        E::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout(options.timeout.as_secs().max(1))
        }
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::Connect(host.to_string())
        }
        // rustls reports a failed handshake or a bad certificate through the stream as invalid data.
        E::Io(io) if https && io.kind() == std::io::ErrorKind::InvalidData => {
            FetchError::Tls(io.to_string())
        }
        E::Io(io) => FetchError::Network(io.to_string()),
        E::BadUri(u) => FetchError::BadUrl(u),
        other => FetchError::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host_are_fetched() {
        assert!(check_url("https://pretalx.com/x/schedule.xml").is_ok());
        assert!(check_url("http://127.0.0.1:9/s.ics").is_ok());
        for bad in [
            "file:///etc/passwd",
            "ftp://x/y",
            "https://",
            "http:///x",
            "schedule.xml",
        ] {
            assert!(
                matches!(check_url(bad), Err(FetchError::BadUrl(_))),
                "{bad}"
            );
        }
    }
}
