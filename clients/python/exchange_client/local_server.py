"""Start a private exchange server process (for tests, demos and trying out bots).

    with LocalExchange() as exchange:          # free port, temporary data directory
        client = ExchangeClient(exchange.url, make_test_token("alice", "Alice"))

It runs ``build/bin/exchange`` (or ``$EXCHANGE_BINARY``) with ``--insecure-test-auth``, so that
anyone can log in with a test token (:func:`make_test_token`). Never expose such a server.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Sequence

REPO_ROOT = Path(__file__).resolve().parents[3]
_LISTENING_RE = re.compile(r"exchange listening on http://[^:/]+:(\d+)/")


def make_test_token(subject: str, name: Optional[str] = None, admin: bool = False) -> str:
    """A test token ``test::<subject>::<name>::<true|false>`` (servers with --insecure-test-auth)."""
    name = subject if name is None else name
    if "::" in subject or "::" in name:
        raise ValueError("subject and name cannot contain '::'")
    return f"test::{subject}::{name}::{'true' if admin else 'false'}"


def find_exchange_binary() -> Path:
    """The server binary: ``$EXCHANGE_BINARY``, else ``<repo>/build/bin/exchange``."""
    env = os.environ.get("EXCHANGE_BINARY")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT / "build" / "bin" / "exchange")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError(
        "exchange binary not found (build it with `cmake --build build --target exchange` "
        "or set EXCHANGE_BINARY)"
    )


class LocalExchange:
    """An exchange server child process.

    Args:
        port: TCP port; 0 picks a free one (read back from the server's log).
        data_dir: database directory; default: a temporary directory removed on stop.
        web_dir: static web app to serve at ``/`` (optional).
        binary: server binary (default: :func:`find_exchange_binary`).
        extra_args: more command-line options for the server.
        log_path: file receiving the server's output (default: ``<data_dir>/exchange.log``).
        address: address to listen on (default 127.0.0.1).
    """

    def __init__(
        self,
        port: int = 0,
        data_dir: Optional[os.PathLike] = None,
        web_dir: Optional[os.PathLike] = None,
        binary: Optional[os.PathLike] = None,
        extra_args: Sequence[str] = (),
        log_path: Optional[os.PathLike] = None,
        address: str = "127.0.0.1",
    ) -> None:
        self.binary = Path(binary) if binary else find_exchange_binary()
        self._temporary = data_dir is None
        self.data_dir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="exchange-data-"))
        self.web_dir = Path(web_dir) if web_dir else None
        self.requested_port = port
        self.address = address
        self.extra_args = list(extra_args)
        self.log_path = Path(log_path) if log_path else self.data_dir / "exchange.log"
        self.port: Optional[int] = None
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        """The WebSocket URL, ``ws://127.0.0.1:<port>/api``."""
        return f"ws://{self._host}:{self.port}/api"

    @property
    def http_url(self) -> str:
        """The web app's URL, ``http://localhost:<port>/``."""
        return f"http://localhost:{self.port}/"

    @property
    def _host(self) -> str:
        return "127.0.0.1" if self.address in ("0.0.0.0", "127.0.0.1") else self.address

    def command(self) -> List[str]:
        """The server's command line."""
        command = [
            str(self.binary), "--port", str(self.requested_port), "--address", self.address,
            "--data-dir", str(self.data_dir), "--insecure-test-auth",
        ]
        if self.web_dir is not None:
            command += ["--web-dir", str(self.web_dir)]
        return command + self.extra_args

    def start(self, timeout: float = 20.0) -> "LocalExchange":
        """Start the server and wait until it listens. Raises RuntimeError if it does not."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            self.command(), stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in a terminal reaches us, and we stop it cleanly
        )
        log_file.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = _LISTENING_RE.search(self.log_path.read_text(errors="replace"))
            if match:
                self.port = int(match.group(1))
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        output = self.log_path.read_text(errors="replace")
        self.stop()
        raise RuntimeError(f"the exchange did not start: {output[-2000:]}")

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout``); returns its exit code."""
        code = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            code = self.process.returncode
            self.process = None
        if self._temporary:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return code

    def log(self) -> str:
        """The server's output so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def __enter__(self) -> "LocalExchange":
        return self.start() if self.process is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


__all__ = ["LocalExchange", "make_test_token", "find_exchange_binary"]
