#!/usr/bin/env bash
# Runs the measurements behind docs/performance.md, each scenario RUNS times (default 3) on a
# fresh server, and prints each run's figures with the CPU seconds the server and the load
# generator used (they share the machine). Quote the median run. Needs `make build` first;
# nothing else should run meanwhile.
#
#   RUNS=3 DURATION=10 scripts/measure-performance.sh [scenario ...]
#   scenarios: closed full open open-full limits listeners listeners-10k cohorts-1 cohorts-4
#              startup   (default: all)
set -euo pipefail

BIN=${BIN:-build/bin}
PORT=${PORT:-9300}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/exchange-perf.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER=

start_server() {  # $1: sync mode, $2: rate limits
  rm -rf "$WORK/data"
  # Listeners all come from 127.0.0.1: the per-address and total connection limits are raised.
  "$BIN/exchange" --port "$PORT" --data-dir "$WORK/data" --insecure-test-auth \
    --sync "$1" --rate-limits "$2" --max-connections 20000 \
    --max-connections-per-address 20000 >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "server did not start" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

stop_server() {
  echo "server CPU $(awk '{printf "%.2f s", ($14 + $15) / 100}' "/proc/$SERVER/stat")"
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
}

loadgen() {
  /usr/bin/time -f "load generator CPU %U s user + %S s system" \
    "$BIN/loadgen" --port "$PORT" --duration "$DURATION" --server-pid "$SERVER" "$@"
}

scenario() {
  case "$1" in
    closed) start_server normal off; loadgen --traders 4 --in-flight 64 ;;
    full) start_server full off; loadgen --traders 4 --in-flight 64 ;;
    open) start_server normal off; loadgen --traders 2 --rate 10000 ;;
    open-full) start_server full off; loadgen --traders 2 --rate 10000 ;;
    # With limits on, each user may send 100 requests/s, so the load is spread over 40 users.
    limits) start_server normal on; loadgen --traders 40 --rate 2000 ;;
    # Every public event goes to every connection: 1,000 listeners turn 100 orders/s into
    # some 300,000 frames/s. The listeners read on their own thread, apart from the traders.
    listeners) start_server normal on
      loadgen --traders 10 --rate 100 --listeners 1000 --listener-threads 1 ;;
    # Memory and delivery with 10,000 connections (sharing 100 accounts: each new account is
    # announced to every connection, which would make the set-up itself quadratic). The
    # listeners read on for 60 s after the load: the load generator is the slow reader here.
    listeners-10k) start_server normal on
      loadgen --traders 2 --rate 10 --listeners 10000 --listener-accounts 100 \
        --listener-threads 1 --listener-drain 60 ;;
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

if [ $# -eq 0 ]; then
  set -- closed full open open-full limits listeners listeners-10k cohorts-1 cohorts-4 startup
fi
echo "$(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F)"
for name in "$@"; do
  for run in $(seq "$RUNS"); do
    echo
    echo "== $name, run $run of $RUNS"
    scenario "$name"
  done
done
