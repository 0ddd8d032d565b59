"""Small helpers shared by bench/longrun.py and bench/soak.py: the dashboard's REST API with the bench token,
statistics, and reading a process's memory and CPU from /proc. Standard library only."""
import json
import math
import os
import subprocess
import time
import urllib.error
import urllib.request

BASE = os.environ.get("BG_BASE", "")
TOKEN = os.environ.get("BG_TOKEN", "")


def call(method, path, body=None, timeout=30.0, raw=False):
    """One API call: (status, parsed JSON or bytes or None, seconds taken). Never raises for HTTP or network errors
    (status 0 for a network error, with the error text as the body)."""
    data = None
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        payload = error.read()
        status = error.code
    except Exception as error:  # noqa: BLE001 - a network error is a measured outcome here
        return 0, str(error), time.monotonic() - start
    took = time.monotonic() - start
    if raw:
        return status, payload, took
    try:
        return status, json.loads(payload) if payload else None, took
    except ValueError:
        return status, payload, took


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values):
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def mib(n):
    return None if n is None else n / 1048576


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, int):
        return f"{v:,}"
    return f"{v:,.{digits}f}"


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def other_processes():
    """A short list of the busiest processes on the machine (what else was running), from ps."""
    import subprocess
    try:
        out = subprocess.run(["ps", "-eo", "pid,pcpu,rss,etimes,comm,args", "--sort=-pcpu"], capture_output=True, text=True, timeout=10).stdout
    except Exception:  # noqa: BLE001
        return ""
    return "\n".join(line[:200] for line in out.splitlines()[:25])


def diagnostics(extra=None):
    """GET /api/diagnostics plus the time and load; the dashboard's own reading of its memory."""
    status, body, took = call("GET", "/api/diagnostics")
    row = {"at": time.time(), "status": status, "took_ms": round(took * 1000, 1), "loadavg": loadavg()}
    if status == 200 and isinstance(body, dict):
        row.update(body)
    # LiteDB writes through a journal beside the file (<name>-log.db) and checkpoints it into the file now and then:
    # the data stored is in the two together.
    row["logFileBytes"] = 0
    if row.get("databaseFile"):
        stem, ext = os.path.splitext(row["databaseFile"])
        try:
            row["logFileBytes"] = os.path.getsize(f"{stem}-log{ext}")
        except OSError:
            pass
    row["storedBytes"] = (row.get("databaseBytes") or 0) + row["logFileBytes"]
    if extra:
        row.update(extra)
    return row


def live_heap(pid, path):
    """The dashboard's live objects now: dotnet-gcdump (BG_GCDUMP, installed by the script; it forces a full GC in the
    process) writes a heap dump to `path` and its report sums the objects still reachable. {} without the tool."""
    tool = os.environ.get("BG_GCDUMP")
    if not tool or not pid:
        return {}
    try:
        subprocess.run([tool, "collect", "-p", str(pid), "-o", path], capture_output=True, timeout=180, check=True)
        report = subprocess.run([tool, "report", path], capture_output=True, text=True, timeout=180, check=True).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return {"liveHeapError": str(error)[:300]}
    live = 0
    heap = None
    for line in report.splitlines():
        cells = line.split()
        if len(cells) >= 3 and cells[1] == "GC" and cells[2] == "Heap" and "bytes" in line:
            heap = int(cells[0].replace(",", ""))
        elif len(cells) >= 3 and cells[0].replace(",", "").isdigit() and cells[1].replace(",", "").isdigit():
            live += int(cells[0].replace(",", ""))
    return {"liveHeapBytes": live, "gcdumpHeapBytes": heap, "gcdump": os.path.basename(path)}
