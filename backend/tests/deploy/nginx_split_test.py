#!/usr/bin/env python3
"""One exchange split over two processes behind one nginx (deploy/nginx/exchange-split.conf,
docs/scaling.md), for real on loopback: the primary serves `main` (and `fall-a`), the
secondary `fall-b`, both from one data directory. Through nginx over HTTPS/WSS (verified against
a throw-away CA): the instructor and a bot register, the instructor creates `fall-b` in the admin
API (on the primary) and the bot trades there (on the secondary, which loads the new cohort at
its first socket); the web app in Chromium logs in and buys in `main` (on the primary). Then
each cohort's database holds its own trade only, each process has only its own cohort's
database open, and neither answers for the other's cohort. Fails (never skips) when nginx,
openssl, node or Chromium is missing.

Usage: nginx_split_test.py --binary build/bin/exchange --repo REPO_ROOT
"""

import argparse
import json
import os
import shutil
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nginx_deploy_test import (SETUP_CODE, free_port, make_certificates, nginx_config, run,  # noqa: E402
                               wait_for)

PRIMARY_COHORTS = "main,fall-a"
SECONDARY_COHORT = "fall-b"
TEACHER = {"name": "teacher", "password": "correct horse battery"}


def call(url: str, context, token: str = "", body=None, method: str = "GET"):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {url}: {error.code} {error.read().decode(errors='replace')}")
    return json.loads(text) if text else None


def upgrade_status(port: int, cohort: str) -> int:
    """The HTTP status a process answers a WebSocket upgrade of /api/ws/<cohort> with, directly."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", f"/api/ws/{cohort}", headers={
        "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    status = connection.getresponse().status
    connection.close()
    return status


def open_databases(pid: int) -> set:
    """The cohort database files (names) a process holds open."""
    names = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if "/cohorts/" in target and target.endswith(".db"):
            names.add(os.path.basename(target)[:-3])
    return names


def trades_in(data_dir: str, cohort: str) -> int:
    with sqlite3.connect(f"file:{data_dir}/cohorts/{cohort}.db?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM trade").fetchone()[0]


def start_exchange(args, tmp: str, port: int, cohorts: str, web_dir: str = "") -> subprocess.Popen:
    """One exchange process on the shared data directory; the web app only from the primary."""
    with open(f"{tmp}/exchange-{port}.log", "w") as log:
        return subprocess.Popen(
            [args.binary, "--address", "127.0.0.1", "--port", str(port), "--data-dir", f"{tmp}/data",
             "--trusted-proxy", "127.0.0.1", "--setup-code", SETUP_CODE, "--serve-cohorts", cohorts,
             "--log-level", "info"] + (["--web-dir", web_dir] if web_dir else []),
            stdout=log, stderr=subprocess.STDOUT)


def check(tmp: str, args, nginx: str, node: str, chromium: str) -> None:
    ca, cert, key = make_certificates(tmp)
    ports = {name: free_port() for name in ("http", "https", "primary", "secondary")}
    for name in ("acme", "data"):
        os.mkdir(f"{tmp}/{name}")
    conf = nginx_config(tmp, os.path.join(args.repo, "deploy/nginx/exchange-split.conf"), cert, key, ports,
                        upstreams=[("server 127.0.0.1:8080;", f"server 127.0.0.1:{ports['primary']};"),
                                   ("server 127.0.0.1:8081;", f"server 127.0.0.1:{ports['secondary']};")])
    run(nginx, "-t", "-p", f"{tmp}/", "-c", conf, "-e", f"{tmp}/error.log")
    print("nginx -t: ok")
    web_dir = os.path.join(args.repo, "frontend/build")
    if not os.path.isfile(os.path.join(web_dir, "index.html")):
        raise AssertionError(f"the web app is not built ({web_dir}/index.html): cmake --build build --target frontend")

    processes = {}
    try:
        # The primary first: it prepares the new data directory (global.db, the cohort main).
        processes["primary"] = start_exchange(args, tmp, ports["primary"], PRIMARY_COHORTS, web_dir)
        wait_for(f"http://127.0.0.1:{ports['primary']}/healthz", None)
        processes["secondary"] = start_exchange(args, tmp, ports["secondary"], SECONDARY_COHORT)
        wait_for(f"http://127.0.0.1:{ports['secondary']}/healthz", None)
        processes["nginx"] = subprocess.Popen([nginx, "-p", f"{tmp}/", "-c", conf, "-e", f"{tmp}/error.log"])
        context = ssl.create_default_context(cafile=ca)
        base = f"https://localhost:{ports['https']}"
        wait_for(f"{base}/healthz", context)
        scenario(base, ports, context, ca, args.repo, node, chromium, f"{tmp}/data", processes)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for name in ("primary", "secondary"):
            path = f"{tmp}/exchange-{ports[name]}.log"
            if os.path.exists(path):
                with open(path) as f:
                    lines = f.readlines()
                sys.stdout.write(f"--- {name} log (last lines) ---\n" + "".join(lines[-15:]))
        if os.path.exists(f"{tmp}/error.log"):
            with open(f"{tmp}/error.log") as f:
                errors = [line for line in f if "[error]" in line or "[crit]" in line or "[emerg]" in line]
            sys.stdout.write("".join(errors[-20:]))


def scenario(base, ports, context, ca, repo, node, chromium, data_dir, processes) -> None:
    api = f"{base}/api"
    teacher = call(f"{api}/auth/register", context, body={**TEACHER, "setup_code": SETUP_CODE}, method="POST")
    bot = call(f"{api}/auth/register", context, body={"name": "botty", "password": "another long secret"},
               method="POST")
    seller = call(f"{api}/auth/register", context, body={"name": "seller", "password": "a third long secret"},
                  method="POST")
    admin_token = teacher["access_token"]
    print("register through nginx: ok")

    # The instructor creates fall-b (the primary's admin API) and adds the bot to it.
    call(f"{api}/cohorts", context, admin_token)
    call(f"{api}/admin/cohorts", context, admin_token, {"name": SECONDARY_COHORT, "display_name": "Fall B"}, "POST")
    bot_id = call(f"{api}/users/me", context, bot["access_token"])["id"]
    call(f"{api}/admin/cohorts/{SECONDARY_COHORT}/members", context, admin_token, {"user_ids": [bot_id]}, "POST")
    listed = {c["name"] for c in call(f"{api}/cohorts", context, bot["access_token"])["cohorts"]}
    assert SECONDARY_COHORT in listed and "main" in listed, listed
    print("cohort created and bot added through the primary: ok")

    sys.path.insert(0, os.path.join(repo, "clients/python"))
    os.environ["WEBSOCKET_CLIENT_CA_BUNDLE"] = ca
    from exchange_client import ExchangeClient

    url = f"wss://localhost:{ports['https']}/api"
    # The bot in fall-b: nginx routes /api/ws/fall-b to the secondary.
    admin_b = ExchangeClient(url, admin_token, timeout=20, cohort=SECONDARY_COHORT).connect()
    bot_b = ExchangeClient(url, bot["access_token"], timeout=20, cohort=SECONDARY_COHORT).connect()
    try:
        market = admin_b.create_market("Fall B market", 0, 100, "served by the secondary").id
        admin_b.make_transfer(admin_b.user_id, bot_b.user_id, 1000)
        assert bot_b.wait_until(lambda: bot_b.state.balance() >= 1000, 10), "transfer not seen"
        assert admin_b.create_order(market, "SELL", 40, 2).HasField("order")
        crossed = bot_b.create_order(market, "BUY", 40, 2)
        assert len(crossed.trades) == 1 and crossed.trades[0].size == 2, crossed
    finally:
        admin_b.close()
        bot_b.close()
    print("bot trade in fall-b (secondary) through nginx: ok")

    # In main (the primary): a seller rests an offer; the web app, logged in as the instructor,
    # sees it and buys it.
    admin_a = ExchangeClient(url, admin_token, timeout=20, cohort="main").connect()
    seller_a = ExchangeClient(url, seller["access_token"], timeout=20, cohort="main").connect()
    try:
        market = admin_a.create_market("Main market", 0, 100, "served by the primary").id
        admin_a.make_transfer(admin_a.user_id, seller_a.user_id, 1000)
        assert seller_a.wait_until(lambda: seller_a.state.balance() >= 1000, 10), "transfer not seen"
        assert seller_a.create_order(market, "SELL", 55, 3).HasField("order")
        browser = subprocess.run(
            [node, os.path.join(repo, "frontend/e2e/split-proxy.mjs"), "--base", base,
             "--name", TEACHER["name"], "--password", TEACHER["password"],
             "--market-path", f"/main/market/{market}", "--price", "55", "--size", "3"],
            capture_output=True, text=True, timeout=150, cwd=os.path.join(repo, "frontend"),
            env={**os.environ, "CHROMIUM": chromium})
        sys.stdout.write(browser.stdout + browser.stderr)
        assert browser.returncode == 0, f"web app through nginx failed ({browser.returncode})"
        # The seller's session (on the primary) hears of the fill.
        assert seller_a.wait_until(lambda: seller_a.state.balance() != 1000, 10), "the fill did not reach the seller"
    finally:
        admin_a.close()
        seller_a.close()
    print("web app login and trade in main (primary) through nginx: ok")

    # Each cohort's trades in its own database, written by its own process.
    assert trades_in(data_dir, "main") == 1, trades_in(data_dir, "main")
    assert trades_in(data_dir, SECONDARY_COHORT) == 1, trades_in(data_dir, SECONDARY_COHORT)
    primary_files = open_databases(processes["primary"].pid)
    secondary_files = open_databases(processes["secondary"].pid)
    assert "main" in primary_files and SECONDARY_COHORT not in primary_files, primary_files
    assert SECONDARY_COHORT in secondary_files and "main" not in secondary_files, secondary_files
    assert upgrade_status(ports["primary"], SECONDARY_COHORT) == 404
    assert upgrade_status(ports["secondary"], "main") == 404
    print(f"one trade per cohort, each in its owner's database ({sorted(primary_files)} | "
          f"{sorted(secondary_files)}): ok")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    args = parser.parse_args()
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    node = shutil.which("node")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    missing = [name for name, path in (("nginx", nginx), ("openssl", shutil.which("openssl")), ("node", node))
               if path is None] + ([] if os.access(chromium, os.X_OK) else ["chromium"])
    if missing:
        print(f"FAIL: {', '.join(missing)} required (scripts/install-deps.sh installs them)")
        return 1
    with tempfile.TemporaryDirectory(prefix="exchange-split-") as tmp:
        check(tmp, args, nginx, node, chromium)
    print("split test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
