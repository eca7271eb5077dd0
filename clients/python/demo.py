#!/usr/bin/python3
"""Self-running demo: an exchange with a few markets, a market maker and noise traders.

    /usr/bin/python3 clients/python/demo.py [--port 8080] [--data-dir build/demo-data]
                                            [--web-dir frontend/build] [--noise-traders 3]
                                            [--cohort NAME]

(``make demo`` runs it through ``scripts/demo.sh``.) It:
  1. starts ``build/bin/exchange`` on a fresh demo data directory with --insecure-test-auth
     (and the web app from ``frontend/build`` when it has been built);
  2. logs in as an admin test user, creates the demo markets and funds the bot accounts (with
     --cohort NAME: in that cohort, created through the admin API first if missing; otherwise
     in the default cohort, reached at /api);
  3. runs ``examples/market_maker.py`` and several ``examples/noise_trader.py``;
  4. prints the URL to open and, every few seconds, the last prices.
Ctrl-C stops the bots (they cancel their orders) and then the server. The demo data directory is
wiped at the next start; it is never the exchange's normal data directory.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from exchange_client import ExchangeClient, ExchangeError, proto  # noqa: E402
from exchange_client.cohorts import cohort_socket_url, create_cohort  # noqa: E402
from exchange_client.local_server import LocalExchange, make_test_token  # noqa: E402

MARKER = ".exchange-demo"  # marks a directory this script may wipe

MARKETS = [
    ("Heads in 100 coin flips",
     "How many of 100 fair coin flips, made by the instructor at the end of the day, land heads? "
     "Settles at the count (0 to 100).", 0, 100),
    ("London noon temperature tomorrow",
     "The temperature in degrees Celsius reported for London Heathrow at 12:00 tomorrow. "
     "Settles at the reported value, between -10 and 40.", -10, 40),
    ("Pizza slices eaten on Friday",
     "Total number of pizza slices eaten by the cohort at Friday's session. Settles at the "
     "count, between 0 and 200.", 0, 200),
    ("Bootcamp final score of team Blue",
     "Team Blue's final score in the trading competition, as a percentage of the maximum. "
     "Settles between 0 and 100.", 0, 100),
]

ADMIN_TOKEN = make_test_token("demo-admin", "Demo Admin", admin=True)
MAKER_TOKEN = make_test_token("demo-market-maker", "Market Maker Bot")
VIEWER_TOKEN = make_test_token("demo-viewer", "Demo Viewer")


def say(*parts: object, error: bool = False) -> None:
    """print(), but never fail: cleanup must go on even if the terminal or pipe is gone."""
    try:
        print(*parts, file=sys.stderr if error else sys.stdout, flush=True)
    except (OSError, ValueError):
        pass


def noise_token(number: int) -> str:
    return make_test_token(f"demo-noise-{number}", f"Noise Trader {number}")


def prepare_data_dir(path: Path) -> None:
    """Empty the demo data directory, refusing directories this script did not create."""
    if path.exists() and any(path.iterdir()):
        if not (path / MARKER).exists():
            raise SystemExit(f"{path} is not empty and is not a demo directory; choose another --data-dir")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("created by clients/python/demo.py; wiped on every demo start\n")


def setup_exchange(url: str, funding: float, noise_traders: int) -> List[proto.Market]:
    """Create the markets and fund the bot users (each logs in once to get an account).
    ``url`` is the socket of the demo's cohort: test logins there enrol the user in it."""
    with ExchangeClient(url, ADMIN_TOKEN) as admin:
        markets = [admin.create_market(name, low, high, description) for name, description, low, high in MARKETS]
        for token in [MAKER_TOKEN] + [noise_token(n) for n in range(1, noise_traders + 1)]:
            with ExchangeClient(url, token) as bot:
                account = bot.user_id
            admin.make_transfer(admin.user_id, account, funding, note="Demo funding")
        with ExchangeClient(url, VIEWER_TOKEN) as viewer:
            admin.make_transfer(admin.user_id, viewer.user_id, 10_000, note="Demo funding")
    return markets


def start_bots(url: str, logs: Path, noise_traders: int, duration: Optional[float]) -> Dict[str, subprocess.Popen]:
    """Start the market maker and the noise traders, each logging to ``logs/<name>.log`` (and
    its fills to ``logs/<name>-fills.csv``)."""
    examples = HERE / "examples"
    common = ["--url", url] + (["--duration", str(duration)] if duration else [])
    commands = {
        "market-maker": [sys.executable, str(examples / "market_maker.py"), "--token", MAKER_TOKEN,
                         "--size", "3", "--max-position", "30", "--max-loss", "5000"] + common,
    }
    for number in range(1, noise_traders + 1):
        commands[f"noise-{number}"] = [
            sys.executable, str(examples / "noise_trader.py"), "--token", noise_token(number),
            "--rate", "1.5", "--seed", str(number), "--aggressiveness", "0.5",
            "--max-position", "15", "--max-loss", "2000", "--volatility", "0.006",
        ] + common
    logs.mkdir(parents=True, exist_ok=True)
    processes = {}
    for name, command in commands.items():
        command = command + ["--log-file", str(logs / f"{name}-fills.csv")]  # beside its log
        with open(logs / f"{name}.log", "wb") as log_file:
            # Own session: Ctrl-C reaches only this script, which stops the bots in order.
            processes[name] = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL, start_new_session=True)
    return processes


def stop_bots(processes: Dict[str, subprocess.Popen], timeout: float = 10.0) -> None:
    """SIGINT every bot (they cancel their orders and disconnect), then wait; kill stragglers."""
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + timeout
    for process in processes.values():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def report(url: str, stop: threading.Event, interval: float) -> None:
    """Print the last price of each market every ``interval`` seconds."""
    try:
        with ExchangeClient(url, VIEWER_TOKEN) as viewer:
            trades = {"count": 0}
            viewer.on("order_created", lambda m: trades.__setitem__("count", trades["count"] + len(m.order_created.trades)))
            while not stop.wait(interval):
                parts = []
                for market in viewer.state.open_markets():
                    book = viewer.state.book(market.id)
                    last = viewer.state.last_trade(market.id)
                    bid = f"{book.best_bid.price:g}" if book.best_bid else "-"
                    offer = f"{book.best_offer.price:g}" if book.best_offer else "-"
                    parts.append(f"{market.name[:18]}: {bid}/{offer} last {last.price:g}" if last
                                 else f"{market.name[:18]}: {bid}/{offer}")
                say(f"[{time.strftime('%H:%M:%S')}] {trades['count']} trades | " + " | ".join(parts))
    except ExchangeError as error:
        if not stop.is_set():
            say(f"(price report stopped: {error})")


def main() -> int:
    parser = argparse.ArgumentParser(description="Run a self-trading demo exchange.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)), help="HTTP/WebSocket port")
    parser.add_argument("--address", default="127.0.0.1",
                        help="listen address (default 127.0.0.1: test logins are insecure)")
    parser.add_argument("--build-dir", type=Path, default=REPO_ROOT / "build", help="CMake build directory")
    parser.add_argument("--binary", type=Path, default=None, help="exchange binary (default: BUILD_DIR/bin/exchange)")
    parser.add_argument("--data-dir", type=Path, default=None, help="demo data directory (default: BUILD_DIR/demo-data)")
    parser.add_argument("--web-dir", type=Path, default=REPO_ROOT / "frontend" / "build",
                        help="web app to serve, if it exists (default: frontend/build)")
    parser.add_argument("--noise-traders", type=int, default=3, help="number of noise traders (default 3)")
    parser.add_argument("--cohort", default=None,
                        help="run the demo in this cohort, created if missing (default: the default cohort)")
    parser.add_argument("--funding", type=float, default=1_000_000, help="money given to each bot")
    parser.add_argument("--duration", type=float, default=None, help="stop after this many seconds (default: Ctrl-C)")
    parser.add_argument("--report-interval", type=float, default=10.0, help="seconds between price lines")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    binary = args.binary or args.build_dir / "bin" / "exchange"
    if not binary.is_file():
        say(f"{binary} not found: build first (make build)", error=True)
        return 1
    data_dir = (args.data_dir or args.build_dir / "demo-data").resolve()
    prepare_data_dir(data_dir)
    web_dir = args.web_dir if args.web_dir.is_dir() else None

    stop = threading.Event()

    def on_signal(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    server = LocalExchange(port=args.port, data_dir=data_dir, web_dir=web_dir, binary=binary,
                           address=args.address, log_path=data_dir / "exchange.log")
    try:
        server.start()
    except RuntimeError as error:
        say(f"{error}\n(is port {args.port} in use? try: make demo PORT=9000)", error=True)
        return 1
    bots: Dict[str, subprocess.Popen] = {}
    reporter: Optional[threading.Thread] = None
    # Every client and bot of the demo uses this one socket: /api, or the named cohort's.
    url = cohort_socket_url(server.url, args.cohort)
    try:
        if args.cohort is not None:
            create_cohort(server.url, ADMIN_TOKEN, args.cohort, f"Demo ({args.cohort})")
        markets = setup_exchange(url, args.funding, args.noise_traders)
        bots = start_bots(url, data_dir / "logs", args.noise_traders, args.duration)
        say()
        say("Demo exchange running.")
        if web_dir:
            # The web app signs in with ?testToken=... (development servers only).
            # A named cohort's pages live under /<cohort>/; the test login works on any page.
            page = server.http_url + (quote(args.cohort, safe="") + "/" if args.cohort else "")
            say(f"  Open:       {page}?testToken={quote(VIEWER_TOKEN)}")
            say(f"  As admin:   {page}?testToken={quote(ADMIN_TOKEN)}")
        else:
            say(f"  Web app:    {server.http_url}  (none served: build frontend/ to get one)")
        if args.cohort is not None:
            say(f"  Cohort:     {args.cohort}")
        say(f"  WebSocket:  {url}")
        say(f"  Markets:    {', '.join(m.name for m in markets)}")
        say(f"  Log in with a test token, e.g. {shlex.quote(VIEWER_TOKEN)}  (admin: {shlex.quote(ADMIN_TOKEN)})")
        say(f"  Watch from a terminal:  /usr/bin/python3 {HERE / 'examples' / 'market_watcher.py'} "
              f"--url {url} --token {shlex.quote(VIEWER_TOKEN)}")
        say(f"  Logs: {data_dir / 'logs'}/ and {data_dir / 'exchange.log'}")
        say("Press Ctrl-C to stop.")
        reporter = threading.Thread(target=report, args=(url, stop, args.report_interval), daemon=True)
        reporter.start()
        deadline = None if args.duration is None else time.monotonic() + args.duration
        while not stop.wait(0.5):
            if server.process is None or server.process.poll() is not None:
                say("the exchange stopped unexpectedly; see " + str(server.log_path), error=True)
                return 1
            if deadline is not None and time.monotonic() >= deadline:
                break
            for name, process in bots.items():
                if process.poll() is not None and process.returncode != 0 and not getattr(process, "_reported", False):
                    say(f"bot {name} exited with code {process.returncode}; see {data_dir / 'logs' / (name + '.log')}",
                        error=True)
                    process._reported = True  # type: ignore[attr-defined]
        return 0
    except (ExchangeError, OSError) as error:  # OSError: the admin API (urllib) refused or failed
        say(f"demo setup failed: {error}", error=True)
        return 1
    finally:
        stop.set()
        say("\nStopping bots...")
        stop_bots(bots)
        if reporter is not None:
            reporter.join(timeout=5)
        say("Stopping the exchange...")
        server.stop()
        say("Demo stopped.")


if __name__ == "__main__":
    sys.exit(main())
