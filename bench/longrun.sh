#!/usr/bin/env bash
# Long run (issue 12, section 4): a dashboard load test at 500 requests/s through the lab's HAProxy front end for
# 2 hours, with a lab deployment every 10 minutes (2.0.0, 1.0.0, 2.0.0, ...), while an outside client times
# GET /api/loadtests/{id} every second (does the run's page still update every second?) and reads
# GET /api/diagnostics every 60 s (memory, database size). At the end: the test's phases and loss, its HTML report
# (complete: a marker for every deployment), and the database's size against its budget; with dotnet-gcdump, the
# dashboard's live objects every 30 min and at the end.
# Not run in CI. Loopback only. Results: bench/results/longrun-<timestamp>/ (git-ignored): raw JSON/CSV and
# results.md (the tables of docs/reliability.md).
#
# Usage: bench/longrun.sh                                       the 2-hour run
#        LONGRUN_MINUTES=3 LONGRUN_DEPLOY_EVERY=60 bench/longrun.sh   a smoke test of the script (a few minutes)
# Knobs: LONGRUN_MINUTES (default 120), LONGRUN_RATE (requests/s in all, default 500, sent by 2 clients),
#        LONGRUN_DEPLOY_EVERY (seconds, default 600), LONGRUN_PORT_BASE (first port tried, default 18700),
#        LONGRUN_KEEP_DATA=1 (keep the temporary data folder with its database; default: removed at the end).
#
# It installs haproxy, jq, curl from Debian packages when missing, builds the dashboard in Release (copied to the
# results folder and run from there), starts it on free loopback ports with a fresh data folder, its lab on
# HAProxy and an API token provisioned by hash, and stops exactly that process group when it ends, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TAG=longrun
PORT_BASE=${LONGRUN_PORT_BASE:-18700}
MINUTES=${LONGRUN_MINUTES:-120}
RATE=${LONGRUN_RATE:-500}
DEPLOY_EVERY=${LONGRUN_DEPLOY_EVERY:-600}
OUT="$ROOT/bench/results/longrun-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=bench/dashboard-lib.sh
. "$ROOT/bench/dashboard-lib.sh"

# The lab's defaults for installs and the watch (3 s, 10 s): a deployment takes what it takes in the lab.
# The load test may last up to the run's length (the default cap is 10 min).
LAB_EXTRA=(--BlueGreen:LoadTesting:MaxDuration="$(printf '%02d:%02d:00' $(((MINUTES + 10) / 60)) $(((MINUTES + 10) % 60)))")

stop_on_exit LONGRUN_KEEP_DATA

install_tools haproxy jq curl
build_dashboard
# dotnet-gcdump (a .NET tool from NuGet, into the results folder) measures the live objects every 30 min; the run
# goes on without that figure when it cannot be installed.
if dotnet tool install --tool-path "$OUT/tools" dotnet-gcdump >"$OUT/tools-install.log" 2>&1; then
    export BG_GCDUMP="$OUT/tools/dotnet-gcdump"
else
    log "dotnet-gcdump could not be installed (see $OUT/tools-install.log): no live-heap figures"
fi
machine_info > "$OUT/machine.txt"
echo "settings=minutes=$MINUTES rate=$RATE deploy_every=$DEPLOY_EVERY" >> "$OUT/machine.txt"
start_dashboard
echo "dashboard_pid=$DASH_PID" >> "$OUT/machine.txt"
echo "data_folder=$DATA" >> "$OUT/machine.txt"

log "driving: $MINUTES min at $RATE requests/s, a deployment every $DEPLOY_EVERY s; results in $OUT"
# A failing driver keeps the data folder (the database) for inspection.
if ! BG_BASE="$BASE" BG_TOKEN="$TOKEN" BG_DASH_PID="$DASH_PID" python3 "$ROOT/bench/longrun.py" \
    --out "$OUT" --minutes "$MINUTES" --rate "$RATE" --deploy-every "$DEPLOY_EVERY"; then
    LONGRUN_KEEP_DATA=1
    log "the driver failed; the data folder $DATA is kept"
    exit 1
fi
[[ -f $OUT/samples.csv && -f $OUT/deployments.json ]] && python3 "$ROOT/bench/longrun_windows.py" "$OUT" > /dev/null || true
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
# The database once the dashboard has stopped (LiteDB checkpoints its journal into the file on a clean stop).
stop_dashboard
ls -l "$DATA"/*.db > "$OUT/database-after-stop.txt" 2>/dev/null || true
after=$(find "$DATA" -maxdepth 1 -name '*.db' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
python3 - "$OUT" "$after" <<'PY'
import json, sys
out, after = sys.argv[1], int(sys.argv[2])
s = json.load(open(f"{out}/summary.json"))
db = s["database"]
per = after / db["seconds_stored"] if db["seconds_stored"] else None   # all of it, deployments included
db.update({"bytes_after_stop": after, "bytes_per_stored_second_after_stop": per})
json.dump(s, open(f"{out}/summary.json", "w"), indent=1)
verdict = "within" if db["budget_bytes"] and after <= db["budget_bytes"] else "OVER"
with open(f"{out}/results.md", "a") as f:
    f.write(f"After the dashboard stopped (journal checkpointed into the file): **{after / 1048576:,.2f} MiB**, "
            f"{per:,.0f} bytes per stored second; budget {db['budget_bytes'] / 1048576:,.1f} MiB: **{verdict}**.\n")
PY
log "done: $OUT/results.md"
