#!/usr/bin/env bash
# Soak (issue 12, section 3), in one run on loopback:
#   (a) capacity: wrk on the lab's HAProxy front end (3 x 10 s, 2 threads, 50 connections; the median req/s, closed
#       loop), then the highest constant rate the soak's own client sustains (wrk-paced.lua, 10-s steps at 30-100 %
#       of the closed-loop figure): the capacity (c) takes 80 % of;
#   (b) soak 1: SOAK_DEPLOYMENTS (100) consecutive lab deployments, 2.0.0 / 1.0.0 alternately, while an outside client
#       sends SOAK_RATE (1,000) requests/s through the front end the whole time, counting every non-2xx and error:
#       wrk at a constant rate (bench/wrk-paced.lua), or hey with SOAK_CLIENT=hey (costlier: it cannot reach 80 % of
#       the capacity on 2 cores);
#   (c) soak 2: the same at 80 % of the capacity measured in (a).
# Per deployment: state (all must be Succeeded), switch duration, deployment duration (createdAt -> finishedAt).
# GET /api/diagnostics (working set, GC heap, database size) at the start, every 10 deployments and at the end.
# Not run in CI. Results: bench/results/soak-<timestamp>/ (git-ignored): raw tool outputs, JSON/CSV and results.md
# (the tables of docs/reliability.md).
#
# Usage: bench/soak.sh                      the full soak (about 30 min on 2 cores)
#        SOAK_DEPLOYMENTS=3 bench/soak.sh   a smoke test of the script
# Knobs: SOAK_DEPLOYMENTS (default 100), SOAK_RATE (requests/s of soak 1, default 1000), SOAK_SKIP_CAPACITY=1 (skip
#        (a); (c) then runs only with SOAK_CAPACITY=<req/s> given), SOAK_WORKERS (connections of wrk, workers of hey;
#        default 100; (c) uses at least rate/25), SOAK_CLIENT (wrk | hey, default wrk),
#        SOAK_SKIP_SOAK1=1 (only (a) and (c)),
#        SOAK_PORT_BASE (first port tried, default 18740), SOAK_KEEP_DATA=1 (keep the temporary data folder).
# Lab settings (short, so that 100 deployments fit): BlueGreen:Lab:InstallDelay=00:00:01,
#        BlueGreen:Lab:WatchDuration=00:00:02; everything else the lab's defaults.
#
# It installs wrk, hey, haproxy, jq, curl from Debian packages when missing, builds the dashboard in Release
# (copied to the results folder and run from there), starts it on free loopback ports with a fresh data folder,
# its lab on HAProxy and an API token provisioned by hash, and stops exactly that process group (and the load
# tool it started) when it ends, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TAG=soak
PORT_BASE=${SOAK_PORT_BASE:-18740}
OUT="$ROOT/bench/results/soak-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=bench/dashboard-lib.sh
. "$ROOT/bench/dashboard-lib.sh"

LAB_EXTRA=(--BlueGreen:Lab:InstallDelay=00:00:01 --BlueGreen:Lab:WatchDuration=00:00:02)

# the driver stops the load tool it started itself (by pid); the dashboard and its lab by process group
stop_on_exit SOAK_KEEP_DATA

install_tools wrk hey haproxy jq curl
build_dashboard
machine_info > "$OUT/machine.txt"
{
    echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $2}')"
    echo "hey=$(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo unknown)"
    echo "lab_settings=${LAB_EXTRA[*]}"
} >> "$OUT/machine.txt"
start_dashboard
echo "dashboard_pid=$DASH_PID" >> "$OUT/machine.txt"

BG_BASE="$BASE" BG_TOKEN="$TOKEN" BG_DASH_PID="$DASH_PID" python3 "$ROOT/bench/soak.py" --out "$OUT" --frontend "$FRONTEND" \
    --deployments "${SOAK_DEPLOYMENTS:-100}" --rate "${SOAK_RATE:-1000}" --workers "${SOAK_WORKERS:-100}" \
    --skip-capacity "${SOAK_SKIP_CAPACITY:-0}" --client "${SOAK_CLIENT:-wrk}" --skip-soak1 "${SOAK_SKIP_SOAK1:-0}" --capacity "${SOAK_CAPACITY:-0}" --lab-settings "${LAB_EXTRA[*]}"
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
log "done: $OUT/results.md"
