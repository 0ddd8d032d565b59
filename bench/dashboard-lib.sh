# Shared by bench/longrun.sh and bench/soak.sh (sourced, not run): tools, a Release build copied aside, free
# loopback ports, one dashboard with its lab on HAProxy and an API token provisioned by hash, and a cleanup that
# stops exactly what was started (the dashboard's process group, by pgid), also on Ctrl-C or error.
#
# The caller sets: ROOT (repository), OUT (results folder), TAG (longrun | soak), PORT_BASE, and optionally
# LAB_EXTRA (array of extra --key=value settings for the dashboard) before calling start_dashboard.

log() { printf '[%s %(%H:%M:%S)T] %s\n' "$TAG" -1 "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
install_tools() {
    local sudo="" need=() pkg
    [[ $(id -u) != 0 ]] && sudo=sudo
    for pkg in "$@"; do
        case $pkg in
            time) [[ -x /usr/bin/time ]] || need+=(time) ;;
            haproxy) command -v haproxy >/dev/null && [[ -x $(command -v haproxy) ]] || need+=(haproxy) ;;
            *) command -v "$pkg" >/dev/null || need+=("$pkg") ;;
        esac
    done
    if ((${#need[@]})); then
        log "installing from Debian packages: ${need[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null || { log "cannot install ${need[*]}"; exit 1; }
    fi
    command -v python3 >/dev/null || { log "python3 is needed for the driver"; exit 1; }
}

# --- build -------------------------------------------------------------------------------------------------------
# Builds the dashboard (and the sample app it references) in Release, then copies the output to $OUT/app, so a
# later build (e.g. the other benchmark starting while this one runs) never rewrites the files this run executes.
build_dashboard() {
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    log "building the dashboard and the sample app (Release)"
    dotnet build "$ROOT/BlueGreen.Dashboard" -c Release -v q -nologo >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; exit 1; }
    mkdir -p "$OUT/app"
    cp -a "$ROOT/BlueGreen.Dashboard/bin/Release/net10.0/." "$OUT/app/"
    [[ -f $OUT/app/BlueGreen.SampleApp.dll ]] || { log "BlueGreen.SampleApp.dll is not beside the dashboard in $OUT/app"; exit 1; }
    APP_DLL="$OUT/app/BlueGreen.Dashboard.dll"
}

# --- ports -------------------------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# free_block START COUNT: the first port >= START with COUNT free ports from it, never 5080 nor 18080-18090.
free_block() {
    local p=$1 n=$2 i ok
    for _ in $(seq 200); do
        ok=1
        for ((i = 0; i < n; i++)); do
            local q=$((p + i))
            if [[ $q == 5080 ]] || ((q >= 18080 && q <= 18090)) || ! port_free "$q"; then ok=0; break; fi
        done
        ((ok)) && { echo "$p"; return 0; }
        p=$((p + n))
    done
    log "no $n free ports from $1"; exit 1
}

# --- the dashboard -----------------------------------------------------------------------------------------------
DASH_PID=""
DATA=""
stop_dashboard() {
    [[ -n $DASH_PID ]] || return 0
    if kill -0 "$DASH_PID" 2>/dev/null; then
        log "stopping the dashboard (pid $DASH_PID, its process group) and its lab"
        kill -TERM "$DASH_PID" 2>/dev/null || true
        for _ in $(seq 150); do kill -0 "$DASH_PID" 2>/dev/null || break; sleep 0.2; done
    fi
    # whatever is left in the process group setsid gave it (the lab's HAProxy and sample apps, if they outlived it)
    kill -TERM -- "-$DASH_PID" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$DASH_PID" 2>/dev/null || true
    DASH_PID=""
}

# start_dashboard: free ports, a fresh data folder, a token by hash, the dashboard on its lab (HAProxy); waits until
# /healthz answers. Sets DASH_PID, BASE (http://127.0.0.1:PORT), TOKEN, FRONTEND (the lab's front end URL), DATA.
start_dashboard() {
    local dash_port lab_port
    dash_port=$(free_block "$PORT_BASE" 1)
    lab_port=$(free_block $((dash_port + 10)) 5)
    DATA=$(mktemp -d "/tmp/bg-$TAG.XXXXXX")
    BASE="http://127.0.0.1:$dash_port"
    FRONTEND="http://127.0.0.1:$lab_port"

    # the token, printed once by the dashboard's own command: line 1 the token, line 2 the configuration entry
    local lines entry
    lines=$(cd "$DATA" && dotnet "$APP_DLL" token new --scopes read,deploy,loadtest --name bench --days 1 2>/dev/null)
    TOKEN=$(sed -n 1p <<<"$lines")
    entry=$(sed -n 2p <<<"$lines")
    [[ $TOKEN == bgt_* ]] || { log "token new did not print a token"; exit 1; }
    echo "$entry" > "$OUT/token-entry.json"   # hash only, no secret
    local envs=(
        "BlueGreen__Auth__Tokens__0__Name=$(jq -r .Name <<<"$entry")"
        "BlueGreen__Auth__Tokens__0__Hash=$(jq -r .Hash <<<"$entry")"
        "BlueGreen__Auth__Tokens__0__ExpiresAt=$(jq -r .ExpiresAt <<<"$entry")"
    )
    local i=0 s
    for s in $(jq -r '.Scopes[]' <<<"$entry"); do envs+=("BlueGreen__Auth__Tokens__0__Scopes__${i}=$s"); i=$((i + 1)); done

    local args=(
        --urls "$BASE"
        --BlueGreen:DataFolder="$DATA"
        --BlueGreen:Lab:Enabled=true
        --BlueGreen:Lab:Proxy=HaProxy
        --BlueGreen:Lab:FrontendPort="$lab_port"
        --BlueGreen:Lab:ServerBasePort=$((lab_port + 1))
        --BlueGreen:Auth:ApiRequestsPerMinute=1000000
        "${LAB_EXTRA[@]}"
    )
    printf '%s\n' "${args[@]}" > "$OUT/dashboard-args.txt"
    log "starting the dashboard on $BASE, lab front end $FRONTEND, data $DATA"
    # setsid: its own process group (and session), so that stop_dashboard can stop it and its lab, and nothing else
    (cd "$DATA" && exec env ASPNETCORE_ENVIRONMENT=Production "${envs[@]}" setsid dotnet "$APP_DLL" "${args[@]}") \
        > "$OUT/dashboard.log" 2>&1 &
    DASH_PID=$!
    # setsid without fork keeps the pid when the caller is not a group leader (a background job here is not)
    for _ in $(seq 120); do
        curl -fs "$BASE/healthz" 2>/dev/null | grep -q '"HaProxy"' && curl -fs -o /dev/null "$FRONTEND/item/1" 2>/dev/null && break
        kill -0 "$DASH_PID" 2>/dev/null || { tail -30 "$OUT/dashboard.log" >&2; log "the dashboard exited"; exit 1; }
        sleep 0.5
    done
    curl -fs "$BASE/healthz" | grep -q '"HaProxy"' || { tail -30 "$OUT/dashboard.log" >&2; log "the dashboard's lab is not on HAProxy"; exit 1; }
    curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/diagnostics" || { log "the token is refused"; exit 1; }
    log "dashboard up (pid $DASH_PID, pgid $(ps -o pgid= -p "$DASH_PID" | tr -d ' '))"
}

machine_info() {
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel=$(uname -r)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "dotnet_runtime=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
    echo "haproxy=$(haproxy -v | head -1 | awk '{print $3}')"
    echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"
    echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "other_dotnet_processes_at_start=$(pgrep -c -x dotnet || true)"
}

# On exit (also on error or Ctrl-C): stop the dashboard (it stops its lab) and remove its data folder unless the
# variable named $1 (e.g. SOAK_KEEP_DATA) is 1. Keeps the script's exit code.
stop_on_exit() {
    KEEP_DATA_VARIABLE=$1
    trap cleanup_on_exit EXIT
    trap 'exit 130' INT TERM
}

cleanup_on_exit() {
    local code=$?
    stop_dashboard
    if [[ -n ${DATA:-} && -d $DATA && ${!KEEP_DATA_VARIABLE:-0} != 1 ]]; then rm -rf "$DATA"; fi
    exit "$code"
}
