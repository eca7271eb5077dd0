#!/usr/bin/env bash
# Runs the measurements behind docs/performance.md against a fresh server for each scenario.
# Needs `make build` first. Takes about ten minutes; nothing else should run meanwhile.
#
#   scripts/measure-performance.sh [scenario ...]
#   scenarios: closed full open open-full limits listeners cohorts-1 cohorts-4 startup
#   (default: all)
set -euo pipefail

BIN=${BIN:-build/bin}
PORT=${PORT:-9300}
DURATION=${DURATION:-10}
WORK=$(mktemp -d /tmp/exchange-perf.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER=

start_server() {  # $1: sync mode, $2: rate limits
  rm -rf "$WORK/data"
  "$BIN/exchange" --port "$PORT" --data-dir "$WORK/data" --insecure-test-auth \
    --sync "$1" --rate-limits "$2" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "server did not start" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

stop_server() {
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
}

loadgen() {
  "$BIN/loadgen" --port "$PORT" --duration "$DURATION" --server-pid "$SERVER" "$@"
}

scenario() {
  echo
  echo "== $1"
  case "$1" in
    closed) start_server normal off; loadgen --traders 4 --in-flight 64 ;;
    full) start_server full off; loadgen --traders 4 --in-flight 64 ;;
    open) start_server normal off; loadgen --traders 2 --rate 1000
      loadgen --traders 2 --rate 5000; loadgen --traders 2 --rate 10000 ;;
    open-full) start_server full off; loadgen --traders 2 --rate 1000
      loadgen --traders 2 --rate 5000; loadgen --traders 2 --rate 10000 ;;
    # With limits on, each user may send 100 requests/s, so the load is spread over 40 users.
    limits) start_server normal on; loadgen --traders 40 --rate 2000 ;;
    # Every public event goes to every connection: 1,000 listeners turn 100 orders/s into
    # more than 100,000 frames/s.
    listeners) start_server normal on; loadgen --traders 10 --rate 100 --listeners 1000 ;;
    # The same closed-loop load on one cohort, then spread over four (load-1..load-4, created
    # through the admin API): each cohort is its own exchange with its own sequencer thread.
    cohorts-1) start_server normal off; loadgen --traders 8 --in-flight 32 --threads 2 ;;
    cohorts-4) start_server normal off; loadgen --traders 8 --in-flight 32 --threads 2 --cohorts 4 ;;
    startup)
      mkdir -p "$WORK/startup"
      "$BIN/startup_bench" --orders 1000000 --markets 10 --accounts 1000 --levels 500 --dir "$WORK/startup"
      rm -rf "$WORK/startup"
      return ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
  stop_server
}

if [ $# -eq 0 ]; then set -- closed full open open-full limits listeners cohorts-1 cohorts-4 startup; fi
echo "$(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F)"
for name in "$@"; do scenario "$name"; done
