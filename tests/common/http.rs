//! A loopback HTTP server for the subscription tests: 127.0.0.1 on an ephemeral port, at most a given number
//! of connections (a test that goes wrong cannot hang on it). `/schedule` serves a swappable body with an
//! ETag (and 304 for a matching If-None-Match); other paths misbehave in one way each.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A schedule fixture's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/schedules")
            .join(name),
    )
    .unwrap()
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a path: the schedule served at `/schedule` can be swapped between requests.
pub struct Server {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    pub schedule: Arc<Mutex<Vec<u8>>>,
}

impl Server {
    /// Serves at most `max` connections, then its thread ends (a test that goes wrong cannot hang on it).
    pub fn start(max: usize) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let schedule = Arc::new(Mutex::new(fixture("minicon.xml")));
        let (seen2, schedule2) = (seen.clone(), schedule.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(max) {
                let Ok(stream) = stream else { return };
                let _ = serve(stream, &seen2, &schedule2);
            }
        });
        Server {
            base,
            seen,
            schedule,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(
    stream: TcpStream,
    seen: &Mutex<Vec<Seen>>,
    schedule: &Mutex<Vec<u8>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        // Not HTTP (a TLS handshake, say): answer in plain HTTP, as a server without TLS does.
        let mut out = stream;
        out.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?;
        return out.flush();
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let request = Seen { path, headers };
    seen.lock().unwrap().push(request.clone());
    let mut out = stream;
    let body = schedule.lock().unwrap().clone();
    let etag = format!("\"v{}\"", body.len());
    let respond = |out: &mut TcpStream, status: &str, extra: &str, body: &[u8]| {
        write!(
            out,
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
            body.len()
        )?;
        out.write_all(body)
    };
    match request.path.as_str() {
        "/schedule" if request.header("if-none-match") == Some(etag.as_str()) => {
            respond(&mut out, "304 Not Modified", "", b"")
        }
        "/schedule" => respond(
            &mut out,
            "200 OK",
            &format!("ETag: {etag}\r\nContent-Type: application/xml\r\n"),
            &body,
        ),
        "/moved" => respond(&mut out, "302 Found", "Location: /schedule\r\n", b""),
        "/gzip" => {
            let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(&body)?;
            respond(
                &mut out,
                "200 OK",
                "Content-Encoding: gzip\r\n",
                &z.finish()?,
            )
        }
        "/error" => respond(&mut out, "500 Internal Server Error", "", b"oops"),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            respond(&mut out, "200 OK", "", &body)
        }
        "/truncated" => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(&body[..body.len() / 2])
        }
        "/html" => respond(
            &mut out,
            "200 OK",
            "",
            b"<html><body>Not here</body></html>",
        ),
        "/broken" => respond(&mut out, "200 OK", "", &fixture("broken.xml")),
        _ => respond(&mut out, "404 Not Found", "", b""),
    }?;
    // Let the client read everything before the socket closes.
    out.flush()?;
    let _ = out.shutdown(std::net::Shutdown::Write);
    let mut rest = Vec::new();
    let _ = reader.read_to_end(&mut rest);
    Ok(())
}
