"""The test peers' two chores, for tests/support/peers.rs (python3 is all it needs).

  peers.py install VENV PROBE REQUIREMENT...
      Makes VENV a venv (python3 -m venv) holding the requirements (pip install), unless the
      Python code PROBE already runs in it. Under an exclusive lock on VENV.lock, so test
      processes (and .ci/run) that install at the same time install once.

  peers.py serve TIMEOUT LOG [--remove DIR] COMMAND...
      Picks a free loopback port, starts COMMAND with each "{port}" replaced by it (output to
      LOG), waits up to TIMEOUT seconds until the port accepts a connection, prints the port
      on a line of its own, then waits until its standard input closes (the test process
      that started it has ended, however it ended) or it is signalled, and stops COMMAND
      (then removes DIR, if given: a server's scratch data, and LOG).

Errors go to standard error, with exit status 1.
"""

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time


def fail(message):
    sys.stderr.write(message.rstrip() + "\n")
    sys.exit(1)


def tail(text, lines=30):
    return "\n".join(text.strip().splitlines()[-lines:])


def probe_ok(venv, probe):
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        return False
    return subprocess.run([python, "-c", probe], capture_output=True).returncode == 0


def install(venv, probe, requirements):
    os.makedirs(os.path.dirname(os.path.abspath(venv)), exist_ok=True)
    with open(venv + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if probe_ok(venv, probe):
            return
        sys.stderr.write(f"installing {' '.join(requirements)} into {venv} (once)\n")
        made = subprocess.run(
            [sys.executable, "-m", "venv", venv], capture_output=True, text=True
        )
        if made.returncode != 0:
            fail(
                f"`{sys.executable} -m venv {venv}` failed; on Debian the venv module is the "
                f"package python3-venv (apt-get install python3-venv):\n{tail(made.stderr)}"
            )
        pip = subprocess.run(
            [sys.executable, "-c", ""] if not requirements else [
                os.path.join(venv, "bin", "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *requirements,
            ],
            capture_output=True,
            text=True,
        )
        if pip.returncode != 0:
            fail(
                f"`pip install {' '.join(requirements)}` into {venv} failed; the first run "
                f"needs the Python package index (or a pip configured for a mirror):\n"
                f"{tail(pip.stderr + pip.stdout)}"
            )
        if not probe_ok(venv, probe):
            fail(f"{venv}: `{probe}` still fails after installing {' '.join(requirements)}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def stop(child):
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def serve(timeout, log, command, remove=None):
    try:
        run(timeout, log, command)
        # Served and stopped: the log only matters when a start fails.
        os.remove(log)
    finally:
        if remove:
            shutil.rmtree(remove, ignore_errors=True)


def run(timeout, log, command):
    out = open(log, "ab")
    # A port picked here may be taken before the command binds it: try a few.
    for _ in range(3):
        port = free_port()
        argv = [a.replace("{port}", str(port)) for a in command]
        try:
            child = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as e:
            fail(f"cannot start {argv[0]}: {e}")
        deadline = time.monotonic() + timeout
        while child.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            if child.poll() is None:
                stop(child)
                fail(f"{argv[0]} did not listen on 127.0.0.1:{port} within {timeout} s (log: {log})")
            continue
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda *_: sys.exit(0))
        print(port, flush=True)
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            stop(child)
        return
    out.flush()
    with open(log, errors="replace") as f:
        fail(f"{command[0]} exited before listening, three times; its log {log} ends:\n{tail(f.read())}")


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "install":
        install(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) >= 5 and sys.argv[1] == "serve":
        timeout, log, command = float(sys.argv[2]), sys.argv[3], sys.argv[4:]
        if command[0] == "--remove" and len(command) >= 3:
            serve(timeout, log, command[2:], remove=command[1])
        else:
            serve(timeout, log, command)
    else:
        fail(__doc__)


main()
