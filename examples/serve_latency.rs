//! Measures `trellis serve`'s edit-to-reload latency: the time from writing a file of the
//! framework to the live-reload event that announces the rebuilt site. Used by
//! `bench/serve.sh`, which starts the server on a copy of a generated framework.
//!
//! ```text
//! serve_latency ADDRESS FRAMEWORK_DIR ROLE_FILE [RUNS]
//! ```
//!
//! For each kind of edit it writes the file, waits for the next `build` event with
//! `"ok": true` and a new build number, and prints the median, minimum and maximum. The
//! edits alternate between two versions so that every write changes the site.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: serve_latency ADDRESS FRAMEWORK_DIR ROLE_FILE [RUNS]");
        return ExitCode::from(2);
    }
    let address = &args[1];
    let dir = PathBuf::from(&args[2]);
    let role = dir.join(&args[3]);
    let runs: usize = args.get(4).and_then(|r| r.parse().ok()).unwrap_or(30);
    let events = match listen(address) {
        Ok(events) => events,
        Err(error) => {
            eprintln!("error: cannot open the event stream at {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The state when the stream opens.
    let Some(first) = events.recv_timeout(Duration::from_secs(30)).ok() else {
        eprintln!("error: no first event");
        return ExitCode::FAILURE;
    };
    let mut build = first.build;
    let original = std::fs::read_to_string(&role).expect("read the role file");
    let config_path = dir.join("trellis.toml");
    let config = std::fs::read_to_string(&config_path).expect("read trellis.toml");

    let body_edit = |i: usize| {
        let marker = format!("\nEdit number {i} of the benchmark.\n");
        original.replacen("\n+++\n", &format!("\n+++\n{marker}"), 1)
    };
    let level_line = original
        .lines()
        .skip_while(|l| *l != "[skills]")
        .find(|l| {
            l.split(" = ")
                .nth(1)
                .is_some_and(|v| v.parse::<u8>().is_ok())
        })
        .expect("a numeric requirement")
        .to_owned();
    let (key, value) = level_line.split_once(" = ").expect("key = value");
    let value: u8 = value.parse().expect("a number");
    let other = if value > 1 { value - 1 } else { value + 1 };
    let level_edit = |i: usize| {
        if i % 2 == 0 {
            original.replacen(&level_line, &format!("{key} = {other}"), 1)
        } else {
            original.clone()
        }
    };
    let config_edit = |i: usize| config.replacen("title = \"", &format!("title = \"Run {i} "), 1);

    println!("kind                     runs  median ms  min ms  max ms");
    let kinds: [Kind<'_>; 3] = [
        ("one role, body text", &role, &body_edit, runs),
        ("one role, skill level", &role, &level_edit, runs),
        (
            "trellis.toml (full)",
            &config_path,
            &config_edit,
            runs.div_ceil(3),
        ),
    ];
    for (name, path, edit, count) in kinds {
        let mut times = Vec::with_capacity(count);
        for i in 0..count {
            // Let the previous rebuild's background work (exports) settle.
            std::thread::sleep(Duration::from_millis(300));
            while events.try_recv().is_ok() {}
            let started = Instant::now();
            std::fs::write(path, edit(i + 1)).expect("write the edit");
            loop {
                match events.recv_timeout(Duration::from_secs(30)) {
                    Ok(event) if event.ok && event.build > build => {
                        build = event.build;
                        times.push(started.elapsed().as_secs_f64() * 1000.0);
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => {
                        eprintln!(
                            "error: no reload event 30 s after editing {}",
                            path.display()
                        );
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        times.sort_by(f64::total_cmp);
        let median = if times.len() % 2 == 1 {
            times[times.len() / 2]
        } else {
            (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0
        };
        println!(
            "{name:<24} {count:>4} {median:>10.1} {:>7.1} {:>7.1}",
            times[0],
            times[times.len() - 1]
        );
    }
    std::fs::write(&role, &original).expect("restore the role file");
    std::fs::write(&config_path, &config).expect("restore trellis.toml");
    ExitCode::SUCCESS
}

/// A kind of edit: its name, the file it writes, the text of the n-th edit, how many.
type Kind<'a> = (&'a str, &'a Path, &'a dyn Fn(usize) -> String, usize);

/// One `build` event.
struct Event {
    build: u64,
    ok: bool,
}

/// Opens the event stream and forwards each event.
fn listen(address: &str) -> std::io::Result<Receiver<Event>> {
    let mut stream = TcpStream::connect(address)?;
    write!(
        stream,
        "GET /__trellis/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
    )?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            let Some(data) = line.strip_prefix("data: ") else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<serde_json::Value>(data) else {
                continue;
            };
            let event = Event {
                build: json["build"].as_u64().unwrap_or(0),
                ok: json["ok"].as_bool().unwrap_or(false),
            };
            if sender.send(event).is_err() {
                break;
            }
        }
    });
    Ok(receiver)
}
