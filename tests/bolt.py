"""A real Bolt server for tests and benchmarks: arcadedb-embedded's ArcadeDB server with its Bolt plugin.

The server runs in a child process (its own JVM, its logs in its own folder) on 127.0.0.1 and free ports, so
the test process never hosts a JVM and stopping it is ending one process we started.

- ``python tests/bolt.py ROOT [DB ...]`` starts a server rooted at ROOT, creates the databases DB, prints one
  JSON line of connection settings, and stops when its stdin closes.
- :func:`start_bolt_server` runs that child and returns a :class:`BoltServer`; ``stop()`` ends it.
- The ``bolt_server`` pytest fixture (session scope) yields one, and is skipped with the reason when
  arcadedb-embedded is not installed or the server cannot start. Tests that use it are marked ``bolt``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ci import skip_unless_ci

USER = "root"
PASSWORD = "kehoach-test-pw"   # a throwaway server on loopback, created and deleted by the test session
START_TIMEOUT = 180


@dataclass
class BoltServer:
    uri: str
    user: str
    password: str
    database: str
    databases: list[str]
    root: Path
    proc: subprocess.Popen | None = field(default=None, repr=False)

    def settings(self, database: str | None = None) -> dict:
        """Keyword arguments for ``load_graph_dir`` / ``run_neo4j``."""
        return {"uri": self.uri, "user": self.user, "password": self.password,
                "database": database or self.database}

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.proc.stdin.close()          # the child stops the server and exits
            self.proc.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_bolt_server(root: Path, databases: list[str], heap: str = "1g") -> BoltServer:
    """Start the child server rooted at ``root`` with ``databases`` created; raise RuntimeError if it fails."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, KEHOACH_BOLT_HEAP=heap, ARCADEDB_JVM_ERROR_FILE=str(root / "hs_err_pid%p.log"))
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(root), *databases],
                            cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=open(root / "server.stderr", "wb"), env=env, text=True)
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    if not line or not line[0].strip():
        proc.kill()
        proc.wait()
        tail = (root / "server.stderr").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"ArcadeDB Bolt server did not start:\n{tail}")
    info = json.loads(line[0])
    return BoltServer(uri=f"bolt://127.0.0.1:{info['bolt_port']}", user=USER, password=PASSWORD,
                      database=databases[0], databases=list(databases), root=root, proc=proc)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """An ArcadeDB server with Bolt on 127.0.0.1 and databases ``kehoach``, ``seeds``, ``scratch``, ``plain``,
    ``older``, ``streamed``, ``held``."""
    try:
        import arcadedb_embedded  # noqa: F401
        import neo4j  # noqa: F401
    except ImportError as err:
        skip_unless_ci(f"Bolt tests need arcadedb-embedded and neo4j ({err})")
    try:
        server = start_bolt_server(tmp_path_factory.mktemp("arcadedb"),
                                   ["kehoach", "seeds", "scratch", "plain", "older", "streamed", "held"])
    except RuntimeError as err:
        skip_unless_ci(str(err))
    yield server
    server.stop()


def _serve(root: str, databases: list[str]) -> None:
    import arcadedb_embedded as arcadedb
    from arcadedb_embedded.jvm import start_jvm

    start_jvm(heap_size=os.environ.get("KEHOACH_BOLT_HEAP", "1g"))
    bolt_port, http_port = _free_port(), _free_port()
    server = arcadedb.create_server(root, root_password=PASSWORD, config={
        "host": "127.0.0.1", "http_port": http_port,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": bolt_port})
    server.start()
    try:
        for name in databases:
            server.create_database(name)
        sys.stdout.write(json.dumps({"bolt_port": bolt_port, "http_port": http_port}) + "\n")
        sys.stdout.flush()
        sys.stdin.read()                 # until the parent closes our stdin (or dies)
    finally:
        server.stop()


if __name__ == "__main__":
    # The JVM logs to stdout: keep our stdout for the one settings line.
    _out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = _out
    _serve(sys.argv[1], sys.argv[2:])
