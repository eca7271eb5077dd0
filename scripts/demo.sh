#!/usr/bin/env bash
# Self-running demo (`make demo`): starts the exchange on a fresh demo data directory with test
# logins, creates a few markets and runs a market maker and noise traders against them. Prints
# the URL to open; Ctrl-C stops the bots and the server. Options: clients/python/demo.py --help
# (e.g. --port 9000, --noise-traders 5, --duration 120, --cohort fall-26: run it in that cohort,
# created through the admin API if missing, instead of the default cohort).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's interpreter: it has python3-protobuf and python3-websocket (see scripts/install-deps.sh).
exec /usr/bin/python3 clients/python/demo.py "$@"
