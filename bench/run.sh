#!/usr/bin/env bash
# Benchmarks of BlueGreen's load generator beside wrk, hey and httperf, in one run, on loopback only.
# Not run in CI. Results: bench/results/<timestamp>/ (git-ignored): raw tool outputs, JSON, results.md (the tables
# pasted into docs/performance.md) and summary.json. See docs/performance.md for the method.
#
# Usage: bench/run.sh            full run (about 13-15 min on 2 cores)
#        BENCH_QUICK=1 bench/run.sh   smoke test of the script itself (1 repetition, 3 s runs; numbers meaningless)
# Knobs: BENCH_REPS (throughput repetitions, default 5), BENCH_REPS_RATE (rate and stall repetitions, default 3),
#        BENCH_DURATION (seconds per run, default 10), BENCH_HAPROXY_PORT / BENCH_APP_PORT (default 18500 / 18501),
#        BENCH_NICE (e.g. -10: run targets and tools at that nice level, and give this session's scheduler
#        autogroup the same nice value, so that other sessions' work on a shared machine disturbs the measurement
#        less; with autogroups on, a plain `nice` only ranks processes within their own session; default 0 = off).
#
# It installs wrk, httperf, haproxy, hey and time from Debian packages when missing (root or sudo), builds the
# sample app and the bench project in Release, starts HAProxy and the sample app on 127.0.0.1, and stops exactly
# those processes (by pid) when it ends, also on Ctrl-C or error.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=${BENCH_QUICK:-0}
REPS=${BENCH_REPS:-5}
REPS_RATE=${BENCH_REPS_RATE:-3}
DUR=${BENCH_DURATION:-10}
WARM=2
CONNS=50
RATES=(1000 5000 10000 20000)
if [[ $QUICK == 1 ]]; then REPS=1; REPS_RATE=1; DUR=3; WARM=1; fi
NICE=${BENCH_NICE:-0}
NICE_CMD=()
AUTOGROUP_OLD=""
if [[ $NICE != 0 ]]; then
    NICE_CMD=(nice -n "$NICE")
    if [[ -w /proc/self/autogroup ]]; then
        AUTOGROUP_OLD=$(awk '{print $NF}' /proc/self/autogroup)
        echo "$NICE" > /proc/self/autogroup || AUTOGROUP_OLD=""
    fi
fi

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
SUDO=""
if [[ $(id -u) != 0 ]]; then SUDO=sudo; fi
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v httperf >/dev/null || need+=(httperf)
command -v haproxy >/dev/null && [[ -x $(command -v haproxy) ]] || need+=(haproxy)
command -v hey >/dev/null || need+=(hey)
[[ -x /usr/bin/time ]] || need+=(time)
HEY_NOTE=""
if ((${#need[@]})); then
    log "installing from Debian packages: ${need[*]}"
    $SUDO apt-get update -qq
    for pkg in "${need[@]}"; do
        if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$pkg" >/dev/null; then
            if [[ $pkg == hey ]]; then
                HEY_NOTE="hey is not available from this machine's Debian sources (apt-cache policy hey): its rows are missing"
                log "$HEY_NOTE"
            else
                log "cannot install $pkg"; exit 1
            fi
        fi
    done
fi
HAVE_HEY=0
command -v hey >/dev/null && HAVE_HEY=1

# --- build -------------------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building the sample app and the bench (Release)"
dotnet build BlueGreen.SampleApp -c Release -v q -nologo >/dev/null
dotnet build bench/BlueGreen.Bench -c Release -v q -nologo >/dev/null
BENCH=(dotnet "$ROOT/bench/BlueGreen.Bench/bin/Release/net10.0/BlueGreen.Bench.dll")
APP_DLL="$ROOT/BlueGreen.SampleApp/bin/Release/net10.0/BlueGreen.SampleApp.dll"

OUT="$ROOT/bench/results/$(date -u +%Y%m%d-%H%M%S)"
RUNS="$OUT/runs"
mkdir -p "$RUNS"
printf 'name\tmeasurement\ttarget\ttool\tparam\trep\n' > "$OUT/index.tsv"

# --- machine -------------------------------------------------------------------------------------------------------
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel=$(uname -r)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "dotnet_sdk=$(dotnet --version)"
    echo "dotnet_runtime=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
    echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $2}')"
    echo "httperf=$(httperf --version 2>/dev/null | grep -m1 -o 'httperf-[0-9.]*' | cut -d- -f2)"
    echo "haproxy=$(haproxy -v | head -1 | awk '{print $3}')"
    echo "hey=$( ((HAVE_HEY)) && dpkg-query -W -f='${Version}' hey 2>/dev/null || echo none)"
    echo "hey_note=$HEY_NOTE"
    echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "nice=$NICE (autogroup: $(cat /proc/self/autogroup 2>/dev/null || echo none))"
    echo "settings=quick=$QUICK reps=$REPS reps_rate=$REPS_RATE duration=$DUR warmup=$WARM connections=$CONNS"
} > "$OUT/machine.txt"

# --- targets -------------------------------------------------------------------------------------------------------
free_port() {
    local p=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
    echo "$p"
}
HAPROXY_PORT=$(free_port "${BENCH_HAPROXY_PORT:-18500}")
APP_PORT=$(free_port "${BENCH_APP_PORT:-18501}")
[[ $APP_PORT == "$HAPROXY_PORT" ]] && APP_PORT=$(free_port $((HAPROXY_PORT + 1)))

HAPROXY_PID=""; APP_PID=""; STALL_PID=""
cleanup() {
    local code=$?
    [[ -n $STALL_PID ]] && kill "$STALL_PID" 2>/dev/null || true
    if [[ -n $APP_PID ]]; then kill -CONT "$APP_PID" 2>/dev/null || true; kill "$APP_PID" 2>/dev/null || true; fi
    [[ -n $HAPROXY_PID ]] && kill "$HAPROXY_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    [[ -n $AUTOGROUP_OLD ]] && echo "$AUTOGROUP_OLD" > /proc/self/autogroup 2>/dev/null || true
    exit "$code"
}
trap cleanup EXIT INT TERM

cat > "$OUT/haproxy.cfg" <<EOF
# Target (a): a fixed answer from HAProxy itself, no back end: the cheapest target, so the tool is the bottleneck.
global
    maxconn 8000
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fixed
    bind 127.0.0.1:$HAPROXY_PORT
    maxconn 8000
    http-request return status 200 content-type text/plain string "ok"
EOF
"${NICE_CMD[@]}" haproxy -db -f "$OUT/haproxy.cfg" > "$OUT/haproxy.log" 2>&1 &
HAPROXY_PID=$!
"${NICE_CMD[@]}" dotnet "$APP_DLL" --version 1.0.0 --port "$APP_PORT" > "$OUT/sampleapp.log" 2>&1 &
APP_PID=$!
HAPROXY_URL="http://127.0.0.1:$HAPROXY_PORT/"
APP_URL="http://127.0.0.1:$APP_PORT/item/1"
for _ in $(seq 100); do
    if curl -fs "$HAPROXY_URL" >/dev/null && curl -fs "$APP_URL" >/dev/null; then break; fi
    sleep 0.1
done
curl -fs "$HAPROXY_URL" >/dev/null && curl -fs "$APP_URL" >/dev/null || { log "targets did not start"; exit 1; }
echo "haproxy_threads=$(awk '/Threads/ {print $2}' /proc/$HAPROXY_PID/status)" >> "$OUT/machine.txt"
log "targets: haproxy $HAPROXY_URL (pid $HAPROXY_PID), sample app $APP_URL (pid $APP_PID); results in $OUT"

# --- one measured run ------------------------------------------------------------------------------------------
busy_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
proc_jiffies() { [[ -r /proc/$1/stat ]] && awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat" || echo 0; }

# run NAME MEASUREMENT TARGET TOOL PARAM REP TARGET_PID -- COMMAND...
# Saves NAME.out / .err / .time (wall user sys of the tool process) / .meta (machine-wide and target CPU during the run).
run() {
    local name=$1 measurement=$2 target=$3 tool=$4 param=$5 rep=$6 tpid=$7
    shift 8
    local b0 t0 w0 b1 t1 w1
    b0=$(busy_jiffies); t0=$(proc_jiffies "$tpid"); w0=$(date +%s.%N)
    "${NICE_CMD[@]}" /usr/bin/time -f '%e %U %S' -o "$RUNS/$name.time" "$@" > "$RUNS/$name.out" 2> "$RUNS/$name.err" \
        || log "warning: $name exited with $?"
    b1=$(busy_jiffies); t1=$(proc_jiffies "$tpid"); w1=$(date +%s.%N)
    printf 'wall=%s\nbusy_jiffies=%s\ntarget_jiffies=%s\nhz=%s\nloadavg=%s\n' \
        "$(awk -v a="$w0" -v b="$w1" 'BEGIN {printf "%.3f", b - a}')" $((b1 - b0)) $((t1 - t0)) "$(getconf CLK_TCK)" "$(cut -d' ' -f1 /proc/loadavg)" > "$RUNS/$name.meta"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$measurement" "$target" "$tool" "$param" "$rep" >> "$OUT/index.tsv"
    log "$name: $( (grep -m1 -E 'ok/s|Requests/sec|Request rate' "$RUNS/$name.out" || true) | cut -c1-150)"
}

# our generator's two modes, as argument lists for run (which needs a real command for /usr/bin/time)
ours_closed() { OURS=("${BENCH[@]}" --mode closed --connections "$CONNS" --url "$1" --duration "$DUR" --warmup 1 --out "$RUNS/$2.json"); }
ours_open() { OURS=("${BENCH[@]}" --mode open --rate "$1" --url "$2" --duration "$DUR" --warmup "$WARM" --out "$RUNS/$3.json"); }

# rotate A B C by REP so that no tool always runs first (or right after another one) on a noisy machine
rotate() { local n=$1; shift; local a=("$@"); local k=$((n % ${#a[@]})); echo "${a[@]:k}" "${a[@]:0:k}"; }

# --- 1. raw throughput, closed loop ---------------------------------------------------------------------------------
throughput() {
    local target=$1 url=$2 tpid=$3 reps=$4 tools
    tools=(ours wrk); ((HAVE_HEY)) && tools+=(hey)
    for rep in $(seq "$reps"); do
        for tool in $(rotate "$rep" "${tools[@]}"); do
            local name="m1_${target}_${tool}_r$rep"
            case $tool in
                ours) ours_closed "$url" "$name"; run "$name" m1 "$target" ours "c$CONNS" "$rep" "$tpid" -- "${OURS[@]}" ;;
                wrk) run "$name" m1 "$target" wrk "c$CONNS" "$rep" "$tpid" -- wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$url" ;;
                hey) run "$name" m1 "$target" hey "c$CONNS" "$rep" "$tpid" -- hey -z "${DUR}s" -c "$CONNS" "$url" ;;
            esac
        done
    done
}
log "1. raw throughput against HAProxy ($REPS x ${DUR}s per tool)"
throughput haproxy "$HAPROXY_URL" "$HAPROXY_PID" "$REPS"
log "1b. diagnostic: the generator's HTTP sender alone, no generator bookkeeping; and the HttpClient sender"
for rep in $(seq $((QUICK ? 1 : 2))); do
    name="m1_haproxy_raw_r$rep"
    run "$name" m1 haproxy raw "c$CONNS" "$rep" "$HAPROXY_PID" -- \
        "${BENCH[@]}" --mode raw --connections "$CONNS" --url "$HAPROXY_URL" --duration "$DUR" --warmup 1 --out "$RUNS/$name.json"
    # The generator with the HttpClient sender it uses for HTTPS and other targets the lean sender does not take.
    name="m1_haproxy_ours-httpclient_r$rep"
    run "$name" m1 haproxy ours-httpclient "c$CONNS" "$rep" "$HAPROXY_PID" -- \
        "${BENCH[@]}" --mode closed --sender httpclient --connections "$CONNS" --url "$HAPROXY_URL" --duration "$DUR" --warmup 1 --out "$RUNS/$name.json"
    name="m1_haproxy_raw-httpclient_r$rep"
    run "$name" m1 haproxy raw-httpclient "c$CONNS" "$rep" "$HAPROXY_PID" -- \
        "${BENCH[@]}" --mode raw --sender httpclient --connections "$CONNS" --url "$HAPROXY_URL" --duration "$DUR" --warmup 1 --out "$RUNS/$name.json"
done
log "1c. raw throughput against the sample app ($((REPS < 3 ? REPS : 3)) x ${DUR}s per tool)"
throughput sampleapp "$APP_URL" "$APP_PID" $((REPS < 3 ? REPS : 3))

# --- 2. rate accuracy (+ 4. cost, from the same runs) ---------------------------------------------------------------
log "2. rate accuracy against HAProxy: ${RATES[*]} requests/s ($REPS_RATE x ${DUR}s per tool and rate)"
for rep in $(seq "$REPS_RATE"); do
    name="m2_machine_jitter_r$rep"
    run "$name" m2 machine jitter - "$rep" "$HAPROXY_PID" -- "${BENCH[@]}" --mode jitter --duration "$DUR" --out "$RUNS/$name.json"
    for rate in "${RATES[@]}"; do
        for tool in $(rotate "$rep" ours httperf); do
            name="m2_haproxy_${tool}_${rate}_r$rep"
            if [[ $tool == ours ]]; then
                ours_open "$rate" "$HAPROXY_URL" "$name"
                run "$name" m2 haproxy ours "$rate" "$rep" "$HAPROXY_PID" -- "${OURS[@]}"
            else
                # httperf's only open mode: --rate is a connection rate, one request per connection (its default,
                # and what paper 000 ran). No --hog: it bind()s ports itself, which cannot reuse loopback TIME_WAIT
                # ports, and it hangs once 28k ports are used (5000/s for 6 s). Killed if it outlives its schedule
                # plus its 5-s timeout.
                run "$name" m2 haproxy httperf "$rate" "$rep" "$HAPROXY_PID" -- \
                    timeout -s INT -k 2 $((DUR + 8)) httperf --server 127.0.0.1 --port "$HAPROXY_PORT" --uri / \
                    --rate "$rate" --num-conns $((rate * DUR)) --num-calls 1 --timeout 5
            fi
        done
    done
done
log "4b. diagnostic: thread pool spinning on (the runtime default; the bench host sets it off, as the Dashboard), and the HttpClient sender"
for rep in $(seq $((QUICK ? 1 : 2))); do
    for rate in 1000 20000; do
        name="m4_haproxy_spin70_${rate}_r$rep"
        run "$name" m4 haproxy spin70 "$rate" "$rep" "$HAPROXY_PID" -- \
            env DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70 "${BENCH[@]}" --mode open --rate "$rate" --url "$HAPROXY_URL" \
            --duration "$DUR" --warmup "$WARM" --out "$RUNS/$name.json"
    done
    name="m4_haproxy_httpclient_20000_r$rep"
    run "$name" m4 haproxy httpclient 20000 "$rep" "$HAPROXY_PID" -- \
        "${BENCH[@]}" --mode open --sender httpclient --rate 20000 --url "$HAPROXY_URL" \
        --duration "$DUR" --warmup "$WARM" --out "$RUNS/$name.json"
done

# --- 3. coordinated omission: the sample app is stopped for 1 s in the middle of the run ---------------------------
# stall AFTER: SIGSTOP the sample app AFTER seconds from now, SIGCONT one second later (in the background).
stall() {
    (sleep "$1"; kill -STOP "$APP_PID"; sleep 1; kill -CONT "$APP_PID") &
    STALL_PID=$!
}
# Our runs start measuring after ~0.5 s of process start and the warm-up; aim at the middle of the measured part.
OURS_MID=$(awk -v w="$WARM" -v d="$DUR" 'BEGIN {print 0.5 + w + d / 2}')
CL_MID=$(awk -v d="$DUR" 'BEGIN {print 0.5 + 1 + d / 2}')
EXT_MID=$(awk -v d="$DUR" 'BEGIN {print d / 2}')
log "3. coordinated omission: 1000 requests/s, sample app stopped for 1 s mid-run ($REPS_RATE x per tool)"
for rep in $(seq "$REPS_RATE"); do
    tools=(open closed wrk); ((HAVE_HEY)) && tools+=(hey)
    for tool in $(rotate "$rep" "${tools[@]}"); do
        name="m3_sampleapp_${tool}_r$rep"
        case $tool in
            open) ours_open 1000 "$APP_URL" "$name"; stall "$OURS_MID"
                run "$name" m3 sampleapp ours-open 1000 "$rep" "$APP_PID" -- "${OURS[@]}" ;;
            closed) ours_closed "$APP_URL" "$name"; stall "$CL_MID"
                run "$name" m3 sampleapp ours-closed "c$CONNS" "$rep" "$APP_PID" -- "${OURS[@]}" ;;
            wrk) stall "$EXT_MID"; run "$name" m3 sampleapp wrk "c$CONNS" "$rep" "$APP_PID" -- wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$APP_URL" ;;
            hey) stall "$EXT_MID"; run "$name" m3 sampleapp hey "c$CONNS" "$rep" "$APP_PID" -- hey -z "${DUR}s" -c "$CONNS" "$APP_URL" ;;
        esac
        wait "$STALL_PID" 2>/dev/null || true
        STALL_PID=""
    done
done

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
log "report"
"${BENCH[@]}" report "$OUT"
log "done: $OUT/results.md"
