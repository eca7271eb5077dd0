#!/usr/bin/env python3
"""The shipped deployment, for real: deploy/nginx/exchange.conf passes `nginx -t`, then nginx
with a throw-away certificate runs in front of a real exchange on loopback ports, and over
HTTPS/WSS (verified against the throw-away CA) a class gets going: the web app is served, HTTP
redirects to HTTPS with HSTS, the instructor and a student register and log in, and both trade
over a WebSocket. Fails (never skips) when nginx or openssl is missing.

Usage: nginx_deploy_test.py --binary build/bin/exchange --repo REPO_ROOT
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SETUP_CODE = "deploytestsetupcode42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def make_certificates(tmp: str) -> tuple:
    """A throw-away CA and a certificate it signs for localhost and 127.0.0.1."""
    ca_key, ca_cert = f"{tmp}/ca.key", f"{tmp}/ca.pem"
    key, csr, cert = f"{tmp}/server.key", f"{tmp}/server.csr", f"{tmp}/server.pem"
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=Exchange test CA", "-keyout", ca_key, "-out", ca_cert)
    run("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", key, "-out", csr)
    with open(f"{tmp}/san.ext", "w") as ext:
        ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
        "-days", "2", "-extfile", f"{tmp}/san.ext", "-out", cert)
    return ca_cert, cert, key


def substitute(text: str, old: str, new: str, site_name: str = "exchange.conf") -> str:
    if old not in text:
        raise AssertionError(f"deploy/nginx/{site_name} no longer contains {old!r}; update this test")
    return text.replace(old, new)


def nginx_config(tmp: str, site_path: str, cert: str, key: str, ports: dict,
                 upstreams: list = None) -> str:
    """A main nginx.conf in `tmp` including a copy of the site with test paths and ports.

    `upstreams`: (text in the site, replacement) pairs for the exchange addresses; by default
    the single exchange of exchange.conf goes to ports['exchange'].
    """
    site_name = os.path.basename(site_path)
    with open(site_path) as f:
        site = f.read()
    if upstreams is None:
        upstreams = [("http://127.0.0.1:8080", f"http://127.0.0.1:{ports['exchange']}")]
    replacements = [
        ("/etc/letsencrypt/live/exchange.example.org/fullchain.pem", cert),
        ("/etc/letsencrypt/live/exchange.example.org/privkey.pem", key),
        ("server_name exchange.example.org;", "server_name localhost;"),
        ("listen 80;", f"listen 127.0.0.1:{ports['http']};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl http2;"),
        ("listen [::]:80;\n", ""),
        ("listen [::]:443 ssl http2;\n", ""),
        ("root /var/www/html;", f"root {tmp}/acme;"),
    ] + upstreams
    for old, new in replacements:
        site = substitute(site, old, new, site_name)
    with open(f"{tmp}/site.conf", "w") as f:
        f.write(site)
    temp_paths = "".join(f"    {kind}_temp_path {tmp}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = (("user root;\n" if os.geteuid() == 0 else "") +
            f"worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log info;\n"
            "daemon off;\nevents { worker_connections 256; }\n"
            f"http {{\n    access_log {tmp}/access.log;\n{temp_paths}"
            f"    include {tmp}/site.conf;\n}}\n")
    path = f"{tmp}/nginx.conf"
    with open(path, "w") as f:
        f.write(main)
    return path


def wait_for(url: str, context, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, context=context, timeout=2).read()
            return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def post_json(url: str, body: dict, context) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        assert response.status == 200, response.status
        return json.loads(response.read())


def check(tmp: str, args, nginx: str) -> None:
    ca, cert, key = make_certificates(tmp)
    ports = {"http": free_port(), "https": free_port(), "exchange": free_port()}
    for name in ("acme", "data"):
        os.mkdir(f"{tmp}/{name}")
    conf = nginx_config(tmp, os.path.join(args.repo, "deploy/nginx/exchange.conf"), cert, key, ports)
    run(nginx, "-t", "-p", f"{tmp}/", "-c", conf, "-e", f"{tmp}/error.log")
    print("nginx -t: ok")

    web_dir = os.path.join(args.repo, "frontend/build")
    if not os.path.isfile(os.path.join(web_dir, "index.html")):  # no built web app: a stand-in
        web_dir = f"{tmp}/web"
        os.mkdir(web_dir)
        with open(f"{web_dir}/index.html", "w") as f:
            f.write("<!doctype html><html><body>exchange</body></html>\n")
    processes = []
    try:
        processes.append(subprocess.Popen(
            [args.binary, "--address", "127.0.0.1", "--port", str(ports["exchange"]),
             "--data-dir", f"{tmp}/data", "--web-dir", web_dir, "--trusted-proxy", "127.0.0.1",
             "--setup-code", SETUP_CODE, "--log-level", "warn"]))
        processes.append(subprocess.Popen([nginx, "-p", f"{tmp}/", "-c", conf, "-e", f"{tmp}/error.log"]))
        context = ssl.create_default_context(cafile=ca)
        base = f"https://localhost:{ports['https']}"
        wait_for(f"http://127.0.0.1:{ports['exchange']}/healthz", None)
        wait_for(f"{base}/healthz", context)
        scenario(base, ports, context, ca, args.repo)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if os.path.exists(f"{tmp}/error.log"):
            with open(f"{tmp}/error.log") as f:
                errors = [line for line in f if "[error]" in line or "[crit]" in line or "[emerg]" in line]
            sys.stdout.write("".join(errors[-20:]))


def scenario(base: str, ports: dict, context, ca: str, repo: str) -> None:
    # The web app over HTTPS, with HSTS.
    with urllib.request.urlopen(f"{base}/", context=context, timeout=10) as response:
        page = response.read().decode(errors="replace")
        assert response.status == 200 and "<html" in page.lower(), page[:200]
        assert "max-age=" in (response.headers.get("Strict-Transport-Security") or ""), response.headers
    print("GET / over https: ok")
    # Plain HTTP redirects to HTTPS.
    plain = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
    plain.request("GET", "/markets", headers={"Host": "localhost"})
    redirect = plain.getresponse()
    assert redirect.status == 301, redirect.status
    assert redirect.getheader("Location") == "https://localhost/markets", redirect.getheader("Location")
    plain.close()
    print("http -> https redirect: ok")

    # The instructor (setup code) and a student register; the student logs in again.
    api = f"{base}/api/auth"
    admin_tokens = post_json(f"{api}/register", {"name": "teacher", "password": "correct horse battery",
                                                 "setup_code": SETUP_CODE}, context)
    post_json(f"{api}/register", {"name": "student", "password": "another long secret"}, context)
    student_tokens = post_json(f"{api}/login", {"name": "student", "password": "another long secret"}, context)
    assert admin_tokens["access_token"] and student_tokens["access_token"]
    print("register and login over https: ok")

    # Over wss: the instructor opens a market and funds the student, and they trade.
    sys.path.insert(0, os.path.join(repo, "clients/python"))
    os.environ["WEBSOCKET_CLIENT_CA_BUNDLE"] = ca  # websocket-client verifies against our CA
    from exchange_client import ExchangeClient

    url = f"wss://localhost:{ports['https']}/api"
    admin = ExchangeClient(url, admin_tokens["access_token"], timeout=20).connect()
    student = ExchangeClient(url, student_tokens["access_token"], timeout=20).connect()
    try:
        market = admin.create_market("Deploy test", 0, 100, "nginx in front").id
        admin.make_transfer(admin.user_id, student.user_id, 1000)
        assert student.wait_until(lambda: student.state.balance() >= 1000, 10), "transfer not seen"
        resting = admin.create_order(market, "SELL", 40, 2)
        assert resting.HasField("order"), resting
        crossed = student.create_order(market, "BUY", 40, 2)
        assert len(crossed.trades) == 1 and crossed.trades[0].size == 2, crossed
    finally:
        admin.close()
        student.close()
    print("wss login and a trade through nginx: ok")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    args = parser.parse_args()
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if nginx is None or shutil.which("openssl") is None:
        print("FAIL: nginx and openssl are required (scripts/install-deps.sh installs them)")
        return 1
    with tempfile.TemporaryDirectory(prefix="exchange-deploy-") as tmp:
        check(tmp, args, nginx)
    print("deploy test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
