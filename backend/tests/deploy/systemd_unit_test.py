#!/usr/bin/env python3
"""deploy/exchange.service: the hardening it promises is there, every flag it passes is one the
server knows (from its --help), and, where systemd is
installed, `systemd-analyze verify` accepts it.

Usage: systemd_unit_test.py --binary build/bin/exchange --repo REPO_ROOT
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

REQUIRED = {
    "User": "exchange", "Group": "exchange",
    "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
    "PrivateTmp": "yes", "PrivateDevices": "yes", "CapabilityBoundingSet": "",
    "AmbientCapabilities": "", "ReadWritePaths": "/var/lib/exchange",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "RestrictSUIDSGID": "yes",
    "MemoryDenyWriteExecute": "yes", "StateDirectory": "exchange",
}


def parse(path: str) -> dict:
    """Key -> list of values; continuation lines joined."""
    entries, pending = {}, ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.lstrip().startswith(("#", ";", "[")) and not pending:
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            line, pending = pending + line, ""
            if "=" in line:
                key, value = line.split("=", 1)
                entries.setdefault(key.strip(), []).append(value.strip())
    return entries


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    args = parser.parse_args()
    unit = os.path.join(args.repo, "deploy/exchange.service")
    entries = parse(unit)
    failures = []
    for key, value in REQUIRED.items():
        if value not in entries.get(key, []):
            failures.append(f"{key}={value} missing (has {entries.get(key)})")
    if entries.get("ReadWritePaths") != ["/var/lib/exchange"]:
        failures.append(f"ReadWritePaths must be the data directory only: {entries.get('ReadWritePaths')}")

    command = shlex.split(entries["ExecStart"][0])
    flags = command[1:]
    for required in ("--address", "--data-dir", "--web-dir", "--trusted-proxy"):
        if required not in flags:
            failures.append(f"ExecStart lacks {required}")
    if flags[flags.index("--address") + 1] != "127.0.0.1":
        failures.append("the server must listen on 127.0.0.1 only")
    if flags[flags.index("--data-dir") + 1] != "/var/lib/exchange":
        failures.append("--data-dir must be the ReadWritePaths directory")
    # Every flag is one the server documents in --help.
    result = subprocess.run([args.binary, "--help"], capture_output=True, text=True, check=True)
    known = {word.rstrip(",") for word in result.stdout.split() if word.startswith("--")}
    for flag in (word for word in flags if word.startswith("--")):
        if flag not in known:
            failures.append(f"the server has no flag {flag}")

    analyze = shutil.which("systemd-analyze")
    if analyze:
        with tempfile.TemporaryDirectory(prefix="exchange-unit-") as tmp:
            copy = os.path.join(tmp, "exchange.service")
            with open(unit) as f:
                text = f.read().replace(command[0], os.path.abspath(args.binary))
            with open(copy, "w") as f:
                f.write(text)
            result = subprocess.run([analyze, "verify", copy], capture_output=True, text=True)
            output = (result.stdout + result.stderr).strip()
            if result.returncode != 0 or output:
                failures.append(f"systemd-analyze verify: {output}")
            else:
                print("systemd-analyze verify: ok")
    else:
        print("NOTE: systemd-analyze not installed; the unit's syntax was not verified by systemd")

    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print("exchange.service: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
