//! `trellis serve`: the site it renders in part after an edit is the site a full build
//! renders; the server answers pages, live-reload events and the error overlay's data over
//! real HTTP; it refuses every path outside the site and every malformed request; Ctrl-C
//! stops it cleanly.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use trellis::render::RenderOptions;
use trellis::serve::{Builder, Changes, Outcome, Snapshot};

use crate::harness::{Fixture, repo};

#[path = "../../examples/synth/mod.rs"]
#[allow(dead_code)]
mod synth;

const TODAY: &str = "2026-11-28";

/// What an edit does to a framework, returning the files it changed.
type EditFn<'a> = &'a dyn Fn(&Fixture) -> Vec<String>;

/// An edit to a framework: its name and what it does.
type Edit<'a> = (&'a str, EditFn<'a>);

fn options() -> RenderOptions {
    RenderOptions {
        base_url: None,
        today: TODAY.to_owned(),
        editions: false,
    }
}

/// Every file a snapshot serves (pages, exports, static files), by path.
fn contents(snapshot: &Snapshot) -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    for (path, file) in snapshot.statics.iter() {
        all.insert(path.clone(), file.bytes.clone());
    }
    if let Some(exports) = &snapshot.exports {
        for (path, file) in exports.files() {
            all.insert(path.clone(), file.bytes.clone());
        }
    }
    for (path, file) in snapshot.pages.iter() {
        all.insert(path.clone(), file.bytes.clone());
    }
    all
}

fn full_build(dir: &Path) -> Outcome {
    Builder::new(dir, None, options()).rebuild(Changes::all())
}

fn role_changes(paths: &[&str]) -> Changes {
    Changes {
        roles: paths.iter().map(|p| (*p).to_owned()).collect(),
        ..Changes::default()
    }
}

/// The changes the watcher reports for edited files: free pages and roles apart.
fn changes(paths: &[&str]) -> Changes {
    let (pages, roles): (Vec<&str>, Vec<&str>) =
        paths.iter().partition(|p| p.starts_with("pages/"));
    Changes {
        pages: pages.iter().map(|p| (*p).to_owned()).collect(),
        ..role_changes(&roles)
    }
}

/// Asserts that a rebuild serves exactly the files of a full build of the same framework.
fn assert_same_site(name: &str, partial: &trellis::serve::Built, full: &trellis::serve::Built) {
    let (a, b) = (contents(&partial.snapshot), contents(&full.snapshot));
    let a_keys: Vec<&String> = a.keys().collect();
    let b_keys: Vec<&String> = b.keys().collect();
    assert_eq!(a_keys, b_keys, "{name}: the same files");
    for (path, bytes) in &a {
        assert!(
            *bytes == b[path],
            "{name}: `{path}` differs from a full build"
        );
    }
}

/// Applies `edits` one after the other to a copy of `source`, rebuilding in part after each,
/// and checks each result against a full build of the same files. Returns how many edits
/// left a framework that builds (the others must fail both ways).
fn edits_match_full_builds(source: &Path, edits: &[Edit<'_>]) -> usize {
    let fixture = Fixture::copy_of(source);
    let mut builder = Builder::new(fixture.path(), None, options());
    assert!(matches!(builder.rebuild(Changes::all()), Outcome::Built(_)));
    let mut built = 0;
    for (name, edit) in edits {
        let paths = edit(&fixture);
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let partial = builder.rebuild(role_changes(&paths));
        match (partial, full_build(fixture.path())) {
            (Outcome::Built(partial), Outcome::Built(full)) => {
                assert!(!partial.full, "{name}: rendered in part");
                assert_same_site(name, &partial, &full);
                assert!(
                    partial.rendered < full.rendered,
                    "{name}: {} of {} pages rendered",
                    partial.rendered,
                    full.rendered
                );
                built += 1;
            }
            (Outcome::Failed(failed), Outcome::Failed(_)) => {
                eprintln!("{name}: does not build: {}", failed.problems[0].text);
            }
            (partial, full) => panic!(
                "{name}: the partial and the full build disagree: {}, {}",
                matches!(partial, Outcome::Built(_)),
                matches!(full, Outcome::Built(_))
            ),
        }
    }
    built
}

/// Replaces the first `from` in `rel` and returns the path, for an edit list.
fn replace(fixture: &Fixture, rel: &str, from: &str, to: &str) -> Vec<String> {
    fixture.edit(rel, from, to);
    vec![rel.to_owned()]
}

const SENIOR: &str = "roles/software-engineering/senior-software-engineer.md";
const DESIGNER: &str = "roles/product-design/product-designer.md";
const ANALYST: &str = "roles/data-analytics/data-analyst.md";
const LEAD_PM: &str = "roles/product-management/lead-product-manager.md";
const NEW_ROLE: &str = "roles/data-analytics/principal-data-analyst.md";

#[test]
fn role_edits_render_in_part_exactly_what_a_full_build_renders() {
    let edits: &[Edit<'_>] = &[
        ("body", &|f| {
            replace(f, SENIOR, "## Scope\n", "## Scope\n\nA new first line.\n")
        }),
        ("title", &|f| {
            replace(
                f,
                SENIOR,
                "title = \"Senior software engineer\"",
                "title = \"Senior engineer\"",
            )
        }),
        ("summary", &|f| {
            replace(f, DESIGNER, "summary = \"", "summary = \"Now: ")
        }),
        ("alias", &|f| {
            replace(f, ANALYST, "aliases = [", "aliases = [\"Numbers person\", ")
        }),
        ("raised level", &|f| {
            replace(f, SENIOR, "security = 2", "security = 3")
        }),
        ("lowered level", &|f| {
            replace(f, SENIOR, "debugging = 4", "debugging = 2")
        }),
        ("dropped requirement", &|f| {
            replace(f, SENIOR, "security = 3\n", "")
        }),
        ("new requirement", &|f| {
            replace(f, DESIGNER, "[skills]\n", "[skills]\nnegotiation = 1\n")
        }),
        ("expectations", &|f| {
            replace(
                f,
                SENIOR,
                "Writes the design note",
                "Writes and reviews the design note",
            )
        }),
        ("new lateral move", &|f| {
            replace(
                f,
                SENIOR,
                "grade = \"L4\"\n",
                "grade = \"L4\"\nlateral = [\"product-manager\"]\n",
            )
        }),
        ("grade", &|f| {
            replace(f, LEAD_PM, "grade = \"L5\"", "grade = \"L6\"")
        }),
        ("grade back", &|f| {
            replace(f, LEAD_PM, "grade = \"L6\"", "grade = \"L5\"")
        }),
    ];
    let built = edits_match_full_builds(&repo().join("framework"), edits);
    assert!(
        built >= 8,
        "only {built} edits left a framework that builds"
    );
}

const PROMOTIONS: &str = "pages/promotions.md";
const PRINCIPLES: &str = "pages/principles.md";

#[test]
fn free_page_edits_render_what_a_full_build_renders_and_only_a_body_edit_in_part() {
    // Each edit with whether it can be rendered in part: a page's title, summary, weight or
    // id is in the navigation of every page.
    let edits: &[(&str, bool, EditFn<'_>)] = &[
        ("body", true, &|f| {
            replace(
                f,
                PROMOTIONS,
                "## Who decides\n",
                "## Who decides\n\nA new line.\n",
            )
        }),
        ("new section", true, &|f| {
            replace(
                f,
                PRINCIPLES,
                "## Not a checklist",
                "## Read first\n\nHello.\n\n## Not a checklist",
            )
        }),
        ("both bodies", true, &|f| {
            let mut paths = replace(f, PROMOTIONS, "A new line.", "Another line.");
            paths.extend(replace(f, PRINCIPLES, "Hello.", "Hello again."));
            paths
        }),
        ("title", false, &|f| {
            replace(
                f,
                PROMOTIONS,
                "title = \"How promotions work\"",
                "title = \"Promotions\"",
            )
        }),
        ("weight", false, &|f| {
            replace(f, PRINCIPLES, "weight = 2", "weight = 0")
        }),
        ("summary", false, &|f| {
            replace(f, PRINCIPLES, "summary = \"", "summary = \"Read this: ")
        }),
        ("new page", false, &|f| {
            f.write("pages/faq.md", "+++\ntitle = \"Questions\"\n+++\nAsk [about promotions](promotions.md#who-decides).\n");
            vec!["pages/faq.md".to_owned()]
        }),
        ("page removed", false, &|f| {
            f.remove("pages/faq.md");
            vec!["pages/faq.md".to_owned()]
        }),
        // Every link to the file now leads to the page's new address.
        ("new id", false, &|f| {
            replace(f, PRINCIPLES, "+++\n", "+++\nid = \"why\"\n")
        }),
        ("a role and a page body", true, &|f| {
            let mut paths = replace(f, SENIOR, "## Scope\n", "## Scope\n\nA new first line.\n");
            paths.extend(replace(f, PROMOTIONS, "Another line.", "One more line."));
            paths
        }),
    ];
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let mut builder = Builder::new(fixture.path(), None, options());
    assert!(matches!(builder.rebuild(Changes::all()), Outcome::Built(_)));
    for (name, in_part, edit) in edits {
        let paths = edit(&fixture);
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        match (builder.rebuild(changes(&paths)), full_build(fixture.path())) {
            (Outcome::Built(partial), Outcome::Built(full)) => {
                assert_eq!(partial.full, !in_part, "{name}: rendered in part or whole");
                assert_same_site(name, &partial, &full);
                if *in_part {
                    assert!(
                        partial.rendered * 10 < full.rendered,
                        "{name}: {} of {} pages rendered",
                        partial.rendered,
                        full.rendered
                    );
                }
            }
            (Outcome::Failed(failed), _) => panic!("{name}: {}", failed.problems[0].text),
            (_, Outcome::Failed(failed)) => panic!("{name}: {}", failed.problems[0].text),
        }
    }
}

/// What `trellis check` reports for `checked`, as a person reads it: every diagnostic with
/// its file, line and column.
fn reported(checked: &trellis::Checked) -> Vec<String> {
    (checked.diagnostics.iter())
        .map(|d| trellis::diagnostic::render::human(d, &checked.sources, false))
        .collect()
}

/// The model as `framework.json` describes it (every role, skill, level and statement, in a
/// stable order, which `Debug` of its hash maps is not).
fn model(framework: &trellis::model::Framework) -> Vec<u8> {
    trellis::render::export::framework_json(framework, "/")
        .unwrap()
        .bytes
}

/// `serve` keeps the files it loaded and reads again only those edited: the model and the
/// diagnostics (at the same lines) must be what loading the whole folder again gives, and
/// an edit it cannot apply in place (a file that no longer parses, a new file, a file gone,
/// `trellis.toml`) must be refused without changing anything.
#[test]
fn reading_only_the_edited_files_again_gives_what_a_fresh_load_gives() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let dir = fixture.path();
    let rel = "roles/data-analytics/data-analyst.md";
    let set = |paths: &[&str]| -> std::collections::BTreeSet<String> {
        paths.iter().map(|p| (*p).to_owned()).collect()
    };
    let mut loaded = trellis::load::load(dir).unwrap();
    let same_as_fresh = |loaded: &trellis::load::Loaded, what: &str| {
        let kept = trellis::check_kept(loaded);
        let fresh = trellis::check_framework(dir).unwrap();
        assert_eq!(
            reported(&kept),
            reported(&fresh),
            "{what}: the same diagnostics"
        );
        assert!(
            model(&kept.framework) == model(&fresh.framework),
            "{what}: the same model"
        );
        kept
    };

    // A new title and summary, and a skill that does not exist, two lines lower than the
    // original text had anything: the error must point at the new text.
    let original = fs::read_to_string(dir.join(rel)).unwrap();
    let edited = original
        .replace(
            "title = \"Data analyst\"",
            "title = \"Data analyst (edited)\"\nsummary2 = 1",
        )
        .replace("presenting = 1", "presenting = 1\nno-such-skill = 2");
    fs::write(dir.join(rel), &edited).unwrap();
    assert!(trellis::load::reload(&mut loaded, dir, &set(&[rel])));
    let kept = same_as_fresh(&loaded, "an edit with problems");
    assert!(!kept.is_ok(), "the unknown skill is an error");
    assert!(
        reported(&kept)
            .iter()
            .any(|d| d.contains("no-such-skill") && d.contains(rel)),
        "{:?}",
        reported(&kept)
    );

    // Fixed again: the problems of the file are gone with its old text.
    fs::write(dir.join(rel), &original).unwrap();
    assert!(trellis::load::reload(&mut loaded, dir, &set(&[rel])));
    assert!(same_as_fresh(&loaded, "fixed").is_ok());

    // What cannot be applied in place is refused, and what was loaded stays as it was.
    let before = model(&trellis::check_kept(&loaded).framework);
    fs::write(dir.join(rel), "+++\ntitle = \n+++\n").unwrap();
    assert!(
        !trellis::load::reload(&mut loaded, dir, &set(&[rel])),
        "no longer parses"
    );
    fs::write(dir.join(rel), &original).unwrap();
    fixture.write(
        "roles/data-analytics/new-analyst.md",
        original.replace("Data analyst", "New analyst"),
    );
    assert!(
        !trellis::load::reload(
            &mut loaded,
            dir,
            &set(&["roles/data-analytics/new-analyst.md"])
        ),
        "a new file"
    );
    fixture.remove("roles/data-analytics/new-analyst.md");
    fixture.remove("roles/data-analytics/data-analyst-ii.md");
    assert!(
        !trellis::load::reload(
            &mut loaded,
            dir,
            &set(&["roles/data-analytics/data-analyst-ii.md"])
        ),
        "a file gone"
    );
    assert!(
        !trellis::load::reload(&mut loaded, dir, &set(&["trellis.toml"])),
        "the config"
    );
    assert!(
        model(&trellis::check_kept(&loaded).framework) == before,
        "unchanged"
    );
}

#[test]
fn a_role_given_a_new_id_renders_every_page_that_links_to_it() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    // A role no other file names by its id, so that a new id breaks no reference.
    let partner = "roles/people-partnering/people-partner.md";
    fixture.edit(
        PROMOTIONS,
        "## Who decides\n",
        "## Who decides\n\nAsk [a people partner](../roles/people-partnering/people-partner.md).\n",
    );
    let mut builder = Builder::new(fixture.path(), None, options());
    assert!(matches!(builder.rebuild(Changes::all()), Outcome::Built(_)));
    fixture.edit(partner, "+++\n", "+++\nid = \"hr-partner\"\n");
    match (
        builder.rebuild(changes(&[partner])),
        full_build(fixture.path()),
    ) {
        (Outcome::Built(partial), Outcome::Built(full)) => {
            assert_same_site("new role id", &partial, &full);
            let page = &contents(&partial.snapshot)["pages/promotions/index.html"];
            assert!(String::from_utf8_lossy(page).contains("href=\"../../roles/hr-partner/\""));
        }
        (Outcome::Failed(failed), _) | (_, Outcome::Failed(failed)) => {
            panic!("{}", failed.problems[0].text)
        }
    }
}

#[test]
fn added_removed_and_moved_roles_render_in_part_exactly_what_a_full_build_renders() {
    let edits: &[Edit<'_>] = &[
        ("new role", &|f| {
            let lead =
                fs::read_to_string(f.path().join("roles/data-analytics/lead-data-analyst.md"))
                    .unwrap();
            let body = lead.split("+++").nth(2).unwrap_or_default();
            f.write(
                NEW_ROLE,
                format!("+++\ntitle = \"Principal data analyst\"\ngrade = \"L6\"\n\n[skills]\nexecution = 3\n+++{body}"),
            );
            vec![NEW_ROLE.to_owned()]
        }),
        ("role moved to another track", &|f| {
            let text = fs::read_to_string(f.path().join(NEW_ROLE)).unwrap();
            f.remove(NEW_ROLE);
            f.write("roles/product-management/principal-data-analyst.md", text);
            vec![
                NEW_ROLE.to_owned(),
                "roles/product-management/principal-data-analyst.md".to_owned(),
            ]
        }),
        ("role removed", &|f| {
            f.remove("roles/product-management/principal-data-analyst.md");
            vec!["roles/product-management/principal-data-analyst.md".to_owned()]
        }),
        // Breaks the framework (a move to a role that does not exist), then fixes it: the
        // rebuild after the fix still renders what the broken one could not.
        ("broken reference", &|f| {
            replace(f, DESIGNER, "+++\n", "+++\nlateral = [\"no-such-role\"]\n")
        }),
        ("title while broken", &|f| {
            replace(f, ANALYST, "title = \"", "title = \"Junior ")
        }),
        ("fixed reference", &|f| {
            replace(f, DESIGNER, "lateral = [\"no-such-role\"]\n", "")
        }),
    ];
    let built = edits_match_full_builds(&repo().join("framework"), edits);
    assert!(
        built >= 4,
        "only {built} edits left a framework that builds"
    );
}

#[test]
fn edits_across_a_synthetic_framework_render_in_part_exactly_what_a_full_build_renders() {
    let dir = tempfile::tempdir().unwrap();
    let params = synth::Params {
        roles: 120,
        skills: 40,
        pathways: 30,
        opportunities: 4,
        seed: 7,
    };
    synth::generate(&params, dir.path()).unwrap();
    let mut roles: Vec<String> = walkdir::WalkDir::new(dir.path().join("roles"))
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir.path())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    roles.truncate(60);
    let first = roles[3].clone();
    let second = roles[29].clone();
    let third = roles[57].clone();
    let lateral_target = Path::new(&roles[40])
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    // Edits by line: the n-th `key = number` line of the skills table, the title line.
    let bump_level = |f: &Fixture, rel: &str| {
        let text = fs::read_to_string(f.path().join(rel)).unwrap();
        let line = text
            .lines()
            .skip_while(|l| *l != "[skills]")
            .find(|l| {
                l.split(" = ")
                    .nth(1)
                    .is_some_and(|v| v.parse::<u8>().is_ok())
            })
            .unwrap()
            .to_owned();
        let (key, value) = line.split_once(" = ").unwrap();
        let value: u8 = value.parse().unwrap();
        let new = format!("{key} = {}", if value > 1 { value - 1 } else { value + 1 });
        replace(f, rel, &line, &new)
    };
    let retitle = |f: &Fixture, rel: &str| {
        let text = fs::read_to_string(f.path().join(rel)).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("title = "))
            .unwrap()
            .to_owned();
        replace(f, rel, &line, "title = \"A renamed role\"")
    };
    let edits: &[Edit<'_>] = &[
        ("level", &|f| bump_level(f, &first)),
        ("title", &|f| retitle(f, &second)),
        ("body", &|f| {
            replace(f, &third, "\n+++\n", "\n+++\nA new opening line.\n")
        }),
        ("lateral", &|f| {
            let text = fs::read_to_string(f.path().join(&third)).unwrap();
            let line = text
                .lines()
                .find(|l| l.starts_with("grade = "))
                .unwrap()
                .to_owned();
            replace(
                f,
                &third,
                &line,
                &format!("{line}\nlateral = [\"{lateral_target}\"]"),
            )
        }),
        ("two files at once", &|f| {
            let mut paths = bump_level(f, &second);
            paths.extend(retitle(f, &first));
            paths
        }),
    ];
    let built = edits_match_full_builds(dir.path(), edits);
    assert!(
        built >= 3,
        "only {built} edits left a framework that builds"
    );
}

// ---------------------------------------------------------------------------------------
// The server over HTTP: the binary on a free port, spoken to with raw TCP.
// ---------------------------------------------------------------------------------------

/// `trellis serve` running on a free port; killed when dropped.
struct Served {
    child: Child,
    address: SocketAddr,
    base: String,
    log: Receiver<String>,
    lines: Vec<String>,
}

impl Served {
    fn start(dir: &Path, extra: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trellis"))
            .args(["--color", "never", "serve"])
            .arg(dir)
            .args(["--port", "0", "--today", TODAY])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start trellis serve");
        let stderr = child.stderr.take().unwrap();
        let (sender, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut served = Served {
            child,
            address: "127.0.0.1:0".parse().unwrap(),
            base: String::new(),
            log,
            lines: Vec::new(),
        };
        let line = served.wait_for_log("serving `");
        let url = line
            .split(" at http://")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let (address, base) = url.split_at(url.find('/').unwrap());
        served.address = address.parse().unwrap();
        served.base = base.to_owned();
        served
    }

    /// Waits up to 30 s for a line of the terminal output containing `needle`.
    fn wait_for_log(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(line) = self.lines.iter().find(|l| l.contains(needle)) {
                return line.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) => self.lines.push(line),
                Err(_) => panic!("no `{needle}` in the output:\n{}", self.lines.join("\n")),
            }
        }
    }

    fn get(&self, path: &str) -> Response {
        self.send(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    fn send(&self, raw: &[u8]) -> Response {
        send(self.address, raw)
    }

    /// Opens the live-reload stream; messages arrive on the receiver as JSON.
    fn events(&self) -> Receiver<serde_json::Value> {
        let mut stream = TcpStream::connect(self.address).unwrap();
        write!(
            stream,
            "GET {}__trellis/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n",
            self.base
        )
        .unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    assert_eq!(event, "build", "one event name");
                    let json: serde_json::Value = serde_json::from_str(data).unwrap();
                    if sender.send(json).is_err() {
                        break;
                    }
                }
            }
        });
        receiver
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the process to end.
    fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let exit = loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                break exit;
            }
            assert!(Instant::now() < deadline, "still running 10 s after Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(line) = self.log.recv_timeout(Duration::from_secs(2)) {
            self.lines.push(line);
        }
        (exit, std::mem::take(&mut self.lines))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer, read whole.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl std::fmt::Debug for Response {
    // The status, the headers and the start of the body: pages are long.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.text();
        let start: String = text.chars().take(200).collect();
        write!(f, "{} {:?} {start:?}", self.status, self.headers)
    }
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends raw bytes and reads the answer until the server closes the connection (every
/// request here says `Connection: close`, or is one the server answers by closing).
fn send(address: SocketAddr, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse_response(&bytes)
}

fn parse_response(bytes: &[u8]) -> Response {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Response {
            status: 0,
            headers: Vec::new(),
            body: bytes.to_vec(),
        };
    };
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

/// The next message of a live-reload stream, within 20 s.
fn next_message(events: &Receiver<serde_json::Value>) -> serde_json::Value {
    events
        .recv_timeout(Duration::from_secs(20))
        .expect("a live-reload message within 20 s")
}

#[test]
fn serves_pages_from_memory_with_the_live_reload_script_and_the_right_types() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    fixture.write("static/notes/hello.txt", "hello from static\n");
    let served = Served::start(fixture.path(), &[]);
    assert_eq!(served.base, "/");

    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    assert_eq!(home.header("X-Content-Type-Options"), Some("nosniff"));
    let html = home.text();
    assert!(html.contains("<title>"), "{html}");
    // The tag sits in the head, as an external script (the pages' CSP allows no inline one).
    let tag = html
        .find("<script src=\"/__trellis/live.js\"")
        .expect("live-reload tag");
    assert!(tag < html.find("</head>").unwrap());
    assert_eq!(
        home.header("Content-Length")
            .map(|l| l.parse::<usize>().unwrap()),
        Some(home.body.len())
    );

    let role = served.get("/roles/senior-software-engineer/");
    assert_eq!(role.status, 200);
    assert!(role.text().contains("Senior software engineer"));

    for (path, content_type) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/search.js", "text/javascript; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/framework.json", "application/json"),
        ("/matrix.csv", "text/csv; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/notes/hello.txt", "text/plain; charset=utf-8"),
        ("/__trellis/live.js", "text/javascript; charset=utf-8"),
        ("/__trellis/live.css", "text/css; charset=utf-8"),
    ] {
        let answer = served.get(path);
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("Content-Type"), Some(content_type), "{path}");
        assert!(!answer.body.is_empty(), "{path}");
        assert!(
            !answer.text().contains("__trellis/live.js\" data-build"),
            "{path}: only HTML gets the tag"
        );
    }
    assert_eq!(served.get("/notes/hello.txt").text(), "hello from static\n");

    // The overlay writes every server text with textContent, never as HTML.
    let script = served.get("/__trellis/live.js").text();
    assert!(script.contains("textContent"));
    assert!(!script.contains("innerHTML"));

    let missing = served.get("/roles/no-such-role/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("__trellis/live.js"),
        "the 404 page reloads too"
    );

    let folder = served.get("/roles/senior-software-engineer");
    assert_eq!(folder.status, 302);
    assert_eq!(
        folder.header("Location"),
        Some("/roles/senior-software-engineer/")
    );

    let head =
        served.send(b"HEAD /compare/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let get = served.get("/compare/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.header("Content-Length"), get.header("Content-Length"));
    assert_eq!(head.header("Content-Type"), get.header("Content-Type"));
}

#[test]
fn the_served_site_is_the_built_site_plus_the_script_tag() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let served = Served::start(fixture.path(), &[]);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["--color", "never", "build"])
        .arg(fixture.path())
        .args(["--today", TODAY, "-o"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(status.status.success());
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == ".trellis-site" {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let built = fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&built).contains("__trellis"),
            "`trellis build` output never carries the live-reload script: {rel}"
        );
        let answer = served.get(&format!("/{rel}"));
        assert_eq!(answer.status, 200, "{rel}");
        let mut body = answer.body;
        if rel.ends_with(".html") {
            // Take the one added line out again.
            let text = String::from_utf8(body).unwrap();
            let start = text.find("<script src=\"/__trellis/live.js\"").unwrap();
            let end = start + text[start..].find("</script>\n").unwrap() + "</script>\n".len();
            body = format!("{}{}", &text[..start], &text[end..]).into_bytes();
        }
        assert!(body == built, "`{rel}` is served as built");
        compared += 1;
    }
    assert!(compared > 100, "compared {compared} files");
}

#[test]
fn an_edit_sends_a_reload_event_and_the_page_changes() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let mut served = Served::start(fixture.path(), &[]);
    let events = served.events();
    let first = next_message(&events);
    assert_eq!(first["ok"], true);
    let build = first["build"].as_u64().unwrap();
    let page = served.get("/roles/senior-software-engineer/").text();
    assert!(page.contains(&format!("data-build=\"{build}\"")));

    fixture.edit(SENIOR, "## Scope\n", "## Scope\n\nEdited while serving.\n");
    let reload = next_message(&events);
    assert_eq!(reload["ok"], true, "{reload}");
    assert!(reload["build"].as_u64().unwrap() > build, "{reload}");
    let page = served.get("/roles/senior-software-engineer/").text();
    assert!(page.contains("Edited while serving."));
    assert!(page.contains(&format!("data-build=\"{}\"", reload["build"])));
    served.wait_for_log("1 file changed (roles/senior-software-engineer/index.html)");

    // Editor swap and backup files beside it change nothing and send nothing.
    fixture.write(
        "roles/software-engineering/.senior-software-engineer.md.swp",
        "swap",
    );
    fixture.write(
        "roles/software-engineering/senior-software-engineer.md~",
        "backup",
    );
    assert!(
        events.recv_timeout(Duration::from_millis(800)).is_err(),
        "no event for editor files"
    );

    // A template of the framework's own: every page follows it.
    fixture.write(
        "templates/partials/footer.html",
        "<footer><p>Footer from the framework's templates.</p></footer>\n",
    );
    let reload = next_message(&events);
    assert_eq!(reload["ok"], true);
    assert!(
        served
            .get("/compare/")
            .text()
            .contains("Footer from the framework's templates.")
    );

    // Static files are served as they change.
    fixture.write("static/robots.txt", "User-agent: *\n");
    assert_eq!(next_message(&events)["ok"], true);
    assert_eq!(served.get("/robots.txt").text(), "User-agent: *\n");
}

#[test]
fn a_broken_file_shows_its_problems_and_keeps_the_last_good_site_until_fixed() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let mut served = Served::start(fixture.path(), &[]);
    let events = served.events();
    let build = next_message(&events)["build"].as_u64().unwrap();

    // A quoted value that would be markup if it reached the page as HTML.
    fixture.edit(
        SENIOR,
        "grade = \"L4\"",
        "grade = \"<img src=x onerror=alert(1)>\"",
    );
    let failed = next_message(&events);
    assert_eq!(failed["ok"], false, "{failed}");
    assert_eq!(
        failed["build"].as_u64(),
        Some(build),
        "the last good build is still served"
    );
    assert_eq!(failed["errors"], 1);
    let problem = &failed["problems"][0];
    assert_eq!(problem["code"], "unknown-grade");
    assert_eq!(problem["file"], SENIOR);
    assert_eq!(problem["line"], 3);
    assert_eq!(problem["column"], 9);
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("<img src=x onerror=alert(1)>")
    );
    assert!(!problem["help"].as_str().unwrap().is_empty());
    assert!(problem["text"].as_str().unwrap().contains("3 | grade ="));
    served.wait_for_log("error[unknown-grade]");
    served.wait_for_log("still serving build");

    // The last good page, not a half-built one.
    let page = served.get("/roles/senior-software-engineer/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Senior software engineer"));

    // A page opened now learns of the problem as soon as it connects.
    let late = served.events();
    assert_eq!(next_message(&late)["ok"], false);

    fixture.edit(
        SENIOR,
        "grade = \"<img src=x onerror=alert(1)>\"",
        "grade = \"L4\"",
    );
    let fixed = next_message(&events);
    assert_eq!(fixed["ok"], true, "{fixed}");
    assert_eq!(next_message(&late)["ok"], true);
}

#[test]
fn a_framework_that_fails_at_start_is_served_once_fixed() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    fixture.edit(SENIOR, "grade = \"L4\"", "grade = \"L99\"");
    let served = Served::start(fixture.path(), &[]);
    let events = served.events();
    let first = next_message(&events);
    assert_eq!(first["ok"], false);
    assert_eq!(first["build"], 0);
    let waiting = served.get("/roles/senior-software-engineer/");
    assert_eq!(waiting.status, 503);
    assert!(
        waiting.text().contains("__trellis/live.js"),
        "the placeholder shows the overlay"
    );

    fixture.edit(SENIOR, "grade = \"L99\"", "grade = \"L4\"");
    let built = next_message(&events);
    assert_eq!(built["ok"], true);
    assert_eq!(built["build"], 1);
    assert_eq!(served.get("/roles/senior-software-engineer/").status, 200);
}

#[test]
fn no_path_outside_the_site_is_served() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    // A file beside the framework that a traversal would reach.
    fs::write(fixture.path().join("secret.txt"), "SECRET-OUTSIDE").unwrap();
    let served = Served::start(fixture.path(), &[]);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/..\\secret.txt",
        "/assets\\..\\..\\secret.txt",
        "/..%5csecret.txt",
        "/index.html%00.txt",
        "/%00",
        "//etc/passwd",
        "http://localhost/../secret.txt",
        "C:\\Windows\\win.ini",
        "/%zz",
    ] {
        let answer = served.send(
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(answer.status, 400, "{target}: {answer:?}");
        let text = answer.text();
        assert!(
            !text.contains("SECRET-OUTSIDE") && !text.contains("root:"),
            "{target}"
        );
    }
    // Absolute paths name site paths, never files on disk.
    for target in [
        "/etc/passwd",
        "/secret.txt",
        "/trellis.toml",
        "/roles/software-engineering/senior-software-engineer.md",
    ] {
        let answer = served.get(target);
        assert_eq!(answer.status, 404, "{target}");
        assert!(!answer.text().contains("SECRET-OUTSIDE"), "{target}");
    }
    assert_eq!(served.get("/").status, 200, "still serving");
}

#[test]
fn malformed_requests_get_400_and_never_stop_the_server() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let served = Served::start(fixture.path(), &[]);
    for raw in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET /\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon in this header\r\n\r\n",
        b"GET  / HTTP/1.1\r\n\r\n",
    ] {
        let answer = served.send(raw);
        assert_eq!(
            answer.status,
            400,
            "{:?}: {answer:?}",
            String::from_utf8_lossy(raw)
        );
    }
    for (raw, status) in [
        (
            &b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"[..],
            405,
        ),
        (
            b"DELETE /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            405,
        ),
        (
            b"BREW /pot HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            405,
        ),
    ] {
        let answer = served.send(raw);
        assert_eq!(answer.status, status, "{:?}", String::from_utf8_lossy(raw));
        assert_eq!(answer.header("Allow"), Some("GET, HEAD"));
    }
    // Bytes that are not ASCII, a request cut short, a connection that says nothing: the
    // server may close them without an answer, but goes on serving.
    for raw in [
        &b"GET /\xff\xfe HTTP/1.1\r\n\r\n"[..],
        b"GET / HT",
        b"",
        b"\x00\x01\x02\r\n\r\n",
    ] {
        let mut stream = TcpStream::connect(served.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let _ = stream.write_all(raw);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
        if !sink.is_empty() {
            assert_eq!(parse_response(&sink).status, 400, "{raw:?}");
        }
    }
    // Pipelined requests on one connection are answered in order.
    let answer = send(
        served.address,
        b"GET /assets/favicon.svg HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(answer.status, 200);
    assert!(String::from_utf8_lossy(&answer.body).contains("HTTP/1.1 404"));
    assert_eq!(served.get("/").status, 200, "still serving");
}

#[test]
fn a_site_with_a_subpath_is_served_under_it() {
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let served = Served::start(
        fixture.path(),
        &["--base-url", "https://intranet.example/careers/"],
    );
    assert_eq!(served.base, "/careers/");
    let home = served.get("/careers/");
    assert_eq!(home.status, 200);
    assert!(
        home.text()
            .contains("<script src=\"/careers/__trellis/live.js\"")
    );
    assert_eq!(served.get("/careers/assets/style.css").status, 200);
    for (path, location) in [("/", "/careers/"), ("/careers", "/careers/")] {
        let answer = served.get(path);
        assert_eq!(answer.status, 302, "{path}");
        assert_eq!(answer.header("Location"), Some(location));
    }
    assert_eq!(served.get("/roles/senior-software-engineer/").status, 404);
    assert_eq!(
        served
            .get("/careers/roles/senior-software-engineer/")
            .status,
        200
    );
    let events = served.send(b"HEAD /careers/__trellis/events HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(events.status, 200);
    assert_eq!(events.header("Content-Type"), Some("text/event-stream"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let fixture = Fixture::minimal();
    let served = Served::start(fixture.path(), &[]);
    let address = served.address;
    let _events = served.events();
    assert_eq!(served.get("/").status, 200);
    let (exit, lines) = served.interrupt();
    assert!(exit.success(), "{exit:?}\n{}", lines.join("\n"));
    assert!(lines.iter().any(|l| l == "stopped"), "{lines:?}");
    assert!(TcpStream::connect(address).is_err(), "the port is closed");
}

/// The overlay and the reload in headless Chromium (`tests/browser/serve.mjs`): the overlay
/// appears with the file, line and message as text, goes away when the file is fixed, an
/// edit reloads the page, and nothing breaks the pages' CSP. Skipped without Chromium and
/// the npm packages, as `browser.rs` is, except under CI.
#[test]
fn the_overlay_and_the_reload_work_in_a_browser() {
    let browser_dir = repo().join("tests/browser");
    let missing = crate::browser::missing_tools(&browser_dir);
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the serve browser test cannot run under CI; install:\n  - {}",
            missing.join("\n  - ")
        );
        eprintln!(
            "serve browser test skipped; missing:\n  - {}",
            missing.join("\n  - ")
        );
        return;
    }
    let fixture = Fixture::copy_of(&repo().join("framework"));
    let served = Served::start(fixture.path(), &[]);
    let screenshot = tempfile::tempdir().unwrap();
    let output = Command::new("node")
        .arg(browser_dir.join("serve.mjs"))
        .arg(format!(
            "http://{}/roles/senior-software-engineer/",
            served.address
        ))
        .arg(fixture.path().join(SENIOR))
        .env("SCREENSHOT", screenshot.path().join("overlay.png"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("serve-browser: 10 passed, 0 failed"),
        "{stdout}"
    );
}
