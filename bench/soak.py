"""Driver of bench/soak.sh (run by it, with BG_BASE, BG_TOKEN and BG_DASH_PID set): (a) the lab front end's capacity
with wrk, (b) N consecutive lab deployments under a constant load (wrk paced by wrk-paced.lua, or hey), (c) the same at
80 % of (a). Writes raw tool outputs, JSON/CSV and results.md into --out."""
import argparse
import csv
import json
import os
import re
import signal
import subprocess
import time

import benchapi as api
from benchapi import fmt, median, mib
from longrun import seconds_between, span_seconds

TERMINAL = {"Succeeded", "RolledBack", "Failed", "Aborted", "Interrupted", "Resolved"}


def wrk_capacity(out, url, runs=3, seconds=10, connections=50):
    rates = []
    for i in range(1, runs + 1):
        path = os.path.join(out, f"capacity-wrk-{i}.txt")
        with open(path, "w") as f:
            subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url], stdout=f, stderr=subprocess.STDOUT,
                           timeout=seconds + 60, check=False)
        text = open(path).read()
        m = re.search(r"Requests/sec:\s+([\d.]+)", text)
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
        errors = re.search(r"Socket errors:.*", text)
        rate = float(m.group(1)) if m else None
        rates.append({"run": i, "requests_per_s": rate, "non_2xx": int(non2xx.group(1)) if non2xx else 0,
                      "socket_errors": errors.group(0) if errors else "", "loadavg": api.loadavg()})
        print(f"capacity run {i}: {rate} req/s", flush=True)
        time.sleep(2)
    return rates


def paced_capacity(out, url, closed, seconds=10):
    """The highest constant rate the front end sustains with the soak's own client (wrk-paced.lua): 10-s steps at 30,
    40, ..., 100 % of the closed-loop capacity `closed`, each sustained when no slot was missed, no request failed and
    at least 98 % of the target rate was achieved. The client's CPU is part of the measurement on one machine, so
    the soak's 80 % is taken of this figure; the closed-loop one is stated beside it."""
    steps, best = [], None
    for percent in range(30, 101, 10):
        rate = round(closed * percent / 100)
        connections = max(100, -(-rate // 25))
        path = os.path.join(out, f"capacity-paced-{percent}.txt")
        with open(path, "w") as f:
            subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", WRK_PACED, url, "--",
                            str(rate), "2"], stdout=f, stderr=subprocess.STDOUT, timeout=seconds + 60, check=False)
        r = parse_wrk(open(path).read())
        achieved = r["requests_per_s"] or 0
        sustained = r["paced_missed"] == 0 and r["failed"] == 0 and achieved >= 0.98 * rate
        steps.append({"percent": percent, "target": rate, "connections": connections, "achieved": achieved, "missed": r["paced_missed"],
                      "failed": r["failed"], "p99_s": r["p99_s"], "sustained": sustained, "loadavg": api.loadavg()})
        print(f"paced capacity {percent} %: target {rate}/s achieved {achieved:.0f}/s missed {r['paced_missed']} failed {r['failed']} "
              f"-> {'sustained' if sustained else 'not sustained'}", flush=True)
        if not sustained:
            break
        best = rate
        time.sleep(2)
    return steps, best


def parse_hey(text):
    """hey's summary: total requests by status code, errors by text, its measured rate and latency."""
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)}
    errors = {}
    m = re.search(r"Error distribution:\n((?:\s+\[\d+\].*\n?)*)", text)
    if m:
        for n, what in re.findall(r"\[(\d+)\]\s+(.*)", m.group(1)):
            errors[what.strip()[:200]] = errors.get(what.strip()[:200], 0) + int(n)
    def num(pattern):
        mm = re.search(pattern, text)
        return float(mm.group(1)) if mm else None
    ok = sum(n for c, n in codes.items() if 200 <= c < 300)
    non2xx = sum(n for c, n in codes.items() if not 200 <= c < 300)
    err = sum(errors.values())
    lat = {p: num(rf"\s{p}% in ([\d.]+) secs") for p in ("50", "90", "99")}
    rps, secs = num(r"Requests/sec:\s+([\d.]+)"), num(r"Total:\s+([\d.]+) secs")
    results = round(rps * secs) if rps and secs else 0  # hey's every result (its rate is results / total time)
    return {"codes": codes, "errors": errors, "ok": ok, "non_2xx": non2xx, "errors_total": err, "failed": non2xx + err,
            "total": ok + non2xx + err, "requests_per_s": num(r"Requests/sec:\s+([\d.]+)"), "seconds": num(r"Total:\s+([\d.]+) secs"),
            "slowest_s": num(r"Slowest:\s+([\d.]+) secs"), "average_s": num(r"Average:\s+([\d.]+) secs"),
            "p50_s": lat["50"], "p90_s": lat["90"], "p99_s": lat["99"], "results": results}


HEY_MAX_RESULTS = int(os.environ.get("SOAK_HEY_MAX_RESULTS", "900000"))  # hey 0.1.4 (Debian) classifies only its first 1,000,000 results by status code


def haproxy_counters(frontend):
    """The lab HAProxy's own counters (its stats page on the front end, CSV): {(proxy, server): {field: int}}."""
    import urllib.request
    try:
        with urllib.request.urlopen(frontend + "/haproxy-stats;csv", timeout=10) as response:
            text = response.read().decode()
    except Exception as error:  # noqa: BLE001
        return {"error": str(error)}
    lines = text.splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = {}
    for line in lines[1:]:
        cells = line.split(",")
        row = dict(zip(header, cells))
        rows[f"{row.get('pxname')}/{row.get('svname')}"] = {k: int(v) for k, v in row.items() if v.isdigit()}
    return rows


COUNTER_FIELDS = ["req_tot", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other", "ereq", "econ", "eresp",
                  "wretr", "wredis", "cli_abrt", "srv_abrt"]


def counter_delta(before, after):
    """Deltas of the front end's and the backend's counters between two readings."""
    result = {}
    for key in after:
        if key.endswith("/FRONTEND") or key.endswith("/BACKEND"):
            b, a = before.get(key, {}), after[key]
            result[key] = {f: a.get(f, 0) - b.get(f, 0) for f in COUNTER_FIELDS if f in a}
    return result


class HeySegments:
    """hey at a constant rate for as long as needed, as overlapping runs of at most HEY_MAX_RESULTS requests each (hey
    counts status codes only for its first 1,000,000 results): each segment is started 1 s before the previous one
    ends by itself (-z), so the load never pauses (it doubles for about a second at each hand-over)."""

    def __init__(self, out, name, url, rate, workers):
        self.out, self.name, self.url, self.rate, self.workers = out, name, url, rate, workers
        self.segment_s = max(20, int(HEY_MAX_RESULTS / rate))
        self.procs = []  # (Popen, file, path, started)

    def _start(self):
        n = len(self.procs) + 1
        path = os.path.join(self.out, f"{self.name}-hey-{n}.txt")
        cmd = ["hey", "-z", f"{self.segment_s + 1}s", "-c", str(self.workers), "-q", f"{self.rate / self.workers:g}", "-t", "10", self.url]
        f = open(path, "w")
        self.procs.append((subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT), f, path, time.monotonic()))
        print(f"[{self.name}] hey segment {n} (pid {self.procs[-1][0].pid}): {' '.join(cmd)}", flush=True)
        self.cmd = " ".join(cmd)

    def start(self):
        self._start()

    def tick(self):
        """Starts the next segment when the current one is 1 s from its end (call at least every second)."""
        if time.monotonic() - self.procs[-1][3] >= self.segment_s:
            self._start()

    def stop(self):
        for proc, f, _, _ in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc, f, _, _ in self.procs:
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            f.close()

    def results(self):
        parts = [parse_hey(open(path).read()) for _, _, path, _ in self.procs]
        total = {"segments": len(parts), "codes": {}, "errors": {}}
        for k in ("ok", "non_2xx", "errors_total", "failed", "total", "results"):
            total[k] = sum(p[k] or 0 for p in parts)
        for p in parts:
            for c, n in p["codes"].items():
                total["codes"][c] = total["codes"].get(c, 0) + n
            for e, n in p["errors"].items():
                total["errors"][e] = total["errors"].get(e, 0) + n
        total["unclassified"] = total["results"] - total["total"]
        total["slowest_s"] = max((p["slowest_s"] or 0) for p in parts)
        total["p50_s"] = median([p["p50_s"] for p in parts if p["p50_s"] is not None])
        total["p99_s"] = max((p["p99_s"] or 0) for p in parts)
        total["parts"] = parts
        return total


WRK_PACED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk-paced.lua")


def wrk_seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}[unit]


def parse_wrk(text):
    """wrk's summary (with --latency and wrk-paced.lua): completed requests, non-2xx (wrk counts status > 399), socket
    errors, its rate and latency, and the pacing script's line (slots sent and missed)."""
    def num(pattern, cast=float):
        m = re.search(pattern, text)
        return cast(m.group(1)) if m else None
    completed = num(r"(\d+) requests in ", int)
    if completed is None:
        raise RuntimeError("wrk printed no summary (no 'requests in' line): its counts are unknown, not zero")
    non2xx = num(r"Non-2xx or 3xx responses:\s+(\d+)", int) or 0
    errors = {}
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors = {k: int(v) for k, v in zip(("connect", "read", "write", "timeout"), m.groups()) if int(v)}
    lat = {p: re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s|m)\b", text) for p in ("50", "90", "99")}
    mx = re.search(r"Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s|m)\b", text)
    paced = re.search(r"paced: rate=([\d.]+) sent=(\d+) missed=(\d+) late_ms_max=([\d.]+)", text)
    err = sum(errors.values())
    return {"codes": {}, "errors": errors, "ok": completed - non2xx, "non_2xx": non2xx, "errors_total": err, "failed": non2xx + err,
            "total": completed + err, "results": completed + err, "requests_per_s": num(r"Requests/sec:\s+([\d.]+)"),
            "p50_s": wrk_seconds(*lat["50"].groups()) if lat["50"] else None, "p90_s": wrk_seconds(*lat["90"].groups()) if lat["90"] else None,
            "p99_s": wrk_seconds(*lat["99"].groups()) if lat["99"] else None, "slowest_s": wrk_seconds(*mx.groups()) if mx else None,
            "paced_sent": int(paced.group(2)) if paced else None, "paced_missed": int(paced.group(3)) if paced else None,
            "paced_late_ms_max": float(paced.group(4)) if paced else None}


class WrkPaced:
    """wrk at a constant rate (bench/wrk-paced.lua) for as long as needed: one run with a long -d, stopped with SIGINT
    (wrk then prints its summary). Far cheaper per request than hey, so it reaches the rates hey cannot on 2 cores.
    `workers` is the number of connections (each paced request waits for a free one)."""

    THREADS = 2

    def __init__(self, out, name, url, rate, workers):
        self.out, self.name, self.url, self.rate, self.workers = out, name, url, rate, workers
        self.path = os.path.join(out, f"{name}-wrk.txt")
        self.cmd = " ".join(["wrk", f"-t{self.THREADS}", f"-c{workers}", "-d4h", "--timeout", "10s", "--latency", "-s", "bench/wrk-paced.lua",
                             url, "--", f"{rate:g}", str(self.THREADS)])
        self.proc = self.file = None

    def start(self):
        self.file = open(self.path, "w")
        argv = self.cmd.split(" ")
        argv[argv.index("bench/wrk-paced.lua")] = WRK_PACED
        self.proc = subprocess.Popen(argv, stdout=self.file, stderr=subprocess.STDOUT)
        print(f"[{self.name}] wrk (pid {self.proc.pid}): {self.cmd}", flush=True)

    def tick(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f"wrk ended early (exit {self.proc.returncode}); see {self.path}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.file.close()

    def results(self):
        total = parse_wrk(open(self.path).read())
        total.update({"segments": 1, "unclassified": 0, "parts": []})
        return total


CLIENTS = {"wrk": WrkPaced, "hey": HeySegments}


def soak(out, name, frontend, rate, workers, deployments, dash_pid, client="wrk"):
    """Starts the outside client (`client`: wrk paced, or hey) at `rate` with `workers` connections, runs `deployments`
    deployments one after another, stops the client with SIGINT (it prints its summary), and returns the figures."""
    per_worker = rate / workers
    diags = [api.diagnostics({"label": "start", "deployments": 0, "cpuSeconds": api.proc_cpu_seconds(dash_pid)})]
    counters_before = haproxy_counters(frontend)
    load = CLIENTS[client](out, name, frontend + "/item", rate, workers)
    load.start()
    rows = []
    t0 = time.monotonic()
    try:
        for _ in range(5):  # the client at its rate before the first deployment
            time.sleep(1)
            load.tick()
        with open(os.path.join(out, f"{name}-deployments.csv"), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["n", "id", "version", "state", "deployment_s", "switch_s", "lost", "drain", "error", "finished_at_s"])
            for n in range(1, deployments + 1):
                version = "2.0.0" if n % 2 == 1 else "1.0.0"
                rec, dep_id = None, None
                for _ in range(60):  # bounded: a 409 means the previous one is still finishing
                    status, body, _ = api.call("POST", "/api/environments/lab/deployments", {"version": version})
                    if status == 202:
                        dep_id = body["id"]
                        break
                    print(f"[{name}] deployment {n} refused ({status}): {body}", flush=True)
                    time.sleep(1)
                    load.tick()
                if dep_id is None:
                    rows.append({"n": n, "id": None, "version": version, "state": "NotStarted", "error": "POST refused 60 times"})
                    continue
                deadline = time.monotonic() + 300
                while time.monotonic() < deadline:
                    time.sleep(0.5)
                    load.tick()
                    status, rec, _ = api.call("GET", f"/api/deployments/{dep_id}")
                    if status == 200 and rec.get("state") in TERMINAL:
                        break
                rec = rec if isinstance(rec, dict) else {}
                audits = rec.get("switchAudits") or []
                row = {"n": n, "id": dep_id, "version": version, "state": rec.get("state"),
                       "deployment_s": seconds_between(rec.get("createdAt"), rec.get("finishedAt")),
                       "switch_s": span_seconds(rec.get("switchDuration")),
                       "lost": sum(a.get("lost") or 0 for a in audits),
                       "drain": ",".join(sorted({str(a.get("drainOutcome")) for a in audits if a.get("kind") == "Switch"})),
                       "error": rec.get("error"), "finished_at_s": round(time.monotonic() - t0, 1)}
                rows.append(row)
                writer.writerow([row[k] for k in ("n", "id", "version", "state", "deployment_s", "switch_s", "lost", "drain", "error", "finished_at_s")])
                f.flush()
                print(f"[{name}] {n}/{deployments} {dep_id} {version} {row['state']} deployment {fmt(row['deployment_s'])} s switch "
                      f"{fmt(row['switch_s'], 3)} s lost {row['lost']}{' ' + row['error'] if row['error'] else ''}", flush=True)
                if row["state"] != "Succeeded":
                    with open(os.path.join(out, f"{name}-deployment-{n}-{dep_id}.json"), "w") as g:
                        json.dump(rec, g, indent=1)
                    _, log, _ = api.call("GET", f"/api/deployments/{dep_id}/log")
                    with open(os.path.join(out, f"{name}-deployment-{n}-{dep_id}-log.json"), "w") as g:
                        json.dump(log, g, indent=1)
                if n % 10 == 0 and n != deployments:
                    diags.append(api.diagnostics({"label": f"after {n}", "deployments": n, "cpuSeconds": api.proc_cpu_seconds(dash_pid)}))
        for _ in range(3):  # the client keeps sending a few seconds after the last deployment
            time.sleep(1)
            load.tick()
    finally:
        load.stop()
    wall = time.monotonic() - t0
    time.sleep(1)
    counters = counter_delta(counters_before, haproxy_counters(frontend))
    diags.append(api.diagnostics({"label": "end", "deployments": deployments, "cpuSeconds": api.proc_cpu_seconds(dash_pid)}))
    result = load.results()
    fe = next((v for k, v in counters.items() if k.endswith("/FRONTEND")), {})
    be = next((v for k, v in counters.items() if k.endswith("/BACKEND")), {})
    result.update({"name": name, "rate": rate, "workers": workers, "per_worker": per_worker, "deployments": rows, "diagnostics": diags,
                   "wall_s": wall, "client": client, "client_cmd": load.cmd, "requests_per_s": result["results"] / wall if wall else None,
                   "haproxy": counters, "haproxy_responses": sum(fe.get(f, 0) for f in ("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")),
                   "haproxy_2xx": fe.get("hrsp_2xx"), "haproxy_non_2xx": sum(fe.get(f, 0) for f in ("hrsp_1xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")),
                   "haproxy_ereq": fe.get("ereq"), "haproxy_econ": be.get("econ"), "haproxy_eresp": be.get("eresp"),
                   "haproxy_retries": be.get("wretr"), "haproxy_redispatches": be.get("wredis"), "haproxy_srv_abrt": be.get("srv_abrt"),
                   "haproxy_cli_abrt": be.get("cli_abrt")})
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(f"[{name}] {client}: {result['results']} results, {result['failed']} failed ({result['non_2xx']} non-2xx, "
          f"{result['errors_total']} errors), {result['unclassified']} unclassified, {result['requests_per_s']:.0f} req/s; HAProxy front end: "
          f"{result['haproxy_responses']} responses, {result['haproxy_non_2xx']} non-2xx, backend retries {result['haproxy_retries']}, "
          f"redispatches {result['haproxy_redispatches']}", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--frontend", required=True)
    parser.add_argument("--deployments", type=int, default=100)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--skip-capacity", default="0")
    parser.add_argument("--capacity", type=float, default=0)
    parser.add_argument("--lab-settings", default="")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="wrk")
    parser.add_argument("--skip-soak1", default="0")
    args = parser.parse_args()
    out = args.out
    dash_pid = int(os.environ["BG_DASH_PID"])
    summary = {"lab_settings": args.lab_settings, "client": args.client, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with open(os.path.join(out, "processes-start.txt"), "w") as f:
        f.write(api.other_processes())

    capacity = args.capacity or None
    if args.skip_capacity not in ("1", "true", "yes"):
        runs = wrk_capacity(out, args.frontend + "/item")
        summary["capacity_runs"] = runs
        summary["capacity_counters"] = haproxy_counters(args.frontend)
        summary["capacity_closed"] = median([r["requests_per_s"] for r in runs if r["requests_per_s"]])
        capacity = summary["capacity_closed"]
        if args.client == "wrk":
            summary["capacity_paced_steps"], capacity = paced_capacity(out, args.frontend + "/item", capacity)
            if capacity is None:
                print("no constant rate from 30 % of the closed-loop capacity up was sustained: no 80 % soak", flush=True)
    summary["capacity"] = capacity

    summary["soaks"] = []
    if args.skip_soak1 not in ("1", "true", "yes"):
        summary["soaks"].append(soak(out, "soak1", args.frontend, args.rate, args.workers, args.deployments, dash_pid, args.client))
    if capacity:
        rate80 = round(capacity * 0.8)
        # enough connections (hey: workers) that each one has 40 ms per request (hey's -q is a closed-loop limit per
        # worker; a paced wrk request waits for a free connection)
        workers80 = max(args.workers, -(-rate80 // 25))
        summary["soaks"].append(soak(out, "soak2", args.frontend, rate80, workers80, args.deployments, dash_pid, args.client))
    with open(os.path.join(out, "processes-end.txt"), "w") as f:
        f.write(api.other_processes())
    summary["ended"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    write_results(out, summary)


def write_results(out, s):
    lines = []
    w = lines.append
    w(f"# Soak {os.path.basename(out)}\n")
    w(f"Lab on HAProxy, settings `{s['lab_settings']}` (everything else the lab's defaults). {s['started']} to {s['ended']}.\n")
    if s.get("capacity_runs"):
        w("## (a) Capacity of the lab front end (`wrk -t2 -c50 -d10s --latency <front end>/item`)\n")
        w("| run | requests/s | non-2xx | socket errors | load |")
        w("| --- | --- | --- | --- | --- |")
        for r in s["capacity_runs"]:
            w(f"| {r['run']} | {fmt(r['requests_per_s'], 0)} | {r['non_2xx']} | {r['socket_errors'] or 'none'} | {r['loadavg']} |")
        w(f"\nMedian (closed loop): **{fmt(s.get('capacity_closed', s['capacity']), 0)} requests/s**.\n")
    if s.get("capacity_paced_steps"):
        w("### Highest constant rate with the soak's client (`wrk-paced.lua`, 10 s per step)\n")
        w("| % of closed loop | target | connections | achieved | missed slots | failed | p99 | sustained | load |")
        w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in s["capacity_paced_steps"]:
            w(f"| {r['percent']} | {fmt(r['target'], 0)}/s | {r['connections']} | {fmt(r['achieved'], 0)}/s | {fmt(r['missed'])} | {fmt(r['failed'])} | "
              f"{fmt((r['p99_s'] or 0) * 1000, 1)} ms | {'yes' if r['sustained'] else 'no'} | {r['loadavg']} |")
        w("")
    if s.get("capacity_runs") and not s.get("capacity"):
        w("**No constant rate was sustained** from 30 % of the closed-loop capacity up: the 80 % soak did not run.\n")
    if s.get("capacity"):
        w(f"Capacity taken: **{fmt(s['capacity'], 0)} requests/s**; 80 %: {fmt(round(s['capacity'] * 0.8), 0)} requests/s.\n")
    w("## Soaks: failed requests and deployments\n")
    w("Failed = non-2xx + errors, counted by the outside client (wrk paced by bench/wrk-paced.lua: every request it completed, status > 399 "
      "and socket errors; or hey: every result, in segments of under 1,000,000 results each) and, independently, by the lab HAProxy's "
      "front-end counters (every response it sent, whoever asked).\n")
    w("| soak | target rate | achieved (client) | client results | 2xx | non-2xx | errors | **failed** | HAProxy responses | HAProxy non-2xx | "
      "backend retries / redispatches | deployments | Succeeded | switch median / max | deployment median / max | lost (switch audits) | client p50 / p99 / slowest |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in s["soaks"]:
        deps = r["deployments"]
        sw = [d["switch_s"] for d in deps if d.get("switch_s") is not None]
        du = [d["deployment_s"] for d in deps if d.get("deployment_s") is not None]
        w(f"| {r['name']} | {fmt(r['rate'], 0)}/s ({r['workers']} × {r['per_worker']:g}) | {fmt(r['requests_per_s'], 0)}/s | {fmt(r['results'])} | "
          f"{fmt(r['ok'])} | {fmt(r['non_2xx'])} | {fmt(r['errors_total'])} | **{fmt(r['failed'])}**{' (' + fmt(r['unclassified']) + ' unclassified)' if r['unclassified'] else ''} | "
          f"{fmt(r.get('haproxy_responses'))} | {fmt(r.get('haproxy_non_2xx'))} | {fmt(r.get('haproxy_retries'))} / {fmt(r.get('haproxy_redispatches'))} | {len(deps)} | "
          f"{sum(1 for d in deps if d.get('state') == 'Succeeded')} | {fmt(median(sw), 3)} / {fmt(max(sw) if sw else None, 3)} s | "
          f"{fmt(median(du), 1)} / {fmt(max(du) if du else None, 1)} s | {sum(d.get('lost') or 0 for d in deps)} | "
          f"{fmt((r['p50_s'] or 0) * 1000, 1)} / {fmt((r['p99_s'] or 0) * 1000, 1)} / {fmt((r['slowest_s'] or 0) * 1000, 0)} ms |")
    if s.get("client") == "hey":
        w("\n(hey p50: the median of its segments' medians; p99 and slowest: the largest of its segments'.)\n")
    for r in s["soaks"]:
        w(f"{r['name']}: `{r.get('client_cmd')}`, {r['segments']} segment(s), {fmt(r['wall_s'], 0)} s; HAProxy counter deltas: {json.dumps(r.get('haproxy'))}\n")
        if r.get("paced_sent") is not None:
            w(f"{r['name']}: wrk-paced.lua: {fmt(r['paced_sent'])} send slots taken (at most one per connection was still "
              f"waiting for its time when wrk stopped), {fmt(r['paced_missed'])} slots missed (more than 1 s behind, never sent), a request "
              f"at most {fmt(r['paced_late_ms_max'], 1)} ms behind its slot\n")
        if r["errors"] or r["non_2xx"]:
            w(f"{r['name']}: status codes {r['codes']}, errors {r['errors']}\n")
        bad = [d for d in r["deployments"] if d.get("state") != "Succeeded"]
        for d in bad:
            w(f"{r['name']}: deployment {d['n']} `{d.get('id')}` ended **{d.get('state')}**: {d.get('error')}\n")
    w("## The dashboard's memory and database (`GET /api/diagnostics`)\n")
    w("| soak | when | working set | GC heap | GC committed | threads | runs in memory | database file + journal | CPU s (dashboard) | load |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in s["soaks"]:
        for d in r["diagnostics"]:
            w(f"| {r['name']} | {d.get('label')} | {fmt(mib(d.get('workingSetBytes')))} MiB | {fmt(mib(d.get('gcHeapBytes')))} MiB | "
              f"{fmt(mib(d.get('gcCommittedBytes')))} MiB | {d.get('threads')} | {d.get('deploymentRunsInMemory')} | "
              f"{fmt(mib(d.get('databaseBytes')), 2)} + {fmt(mib(d.get('logFileBytes')), 2)} MiB | {fmt(d.get('cpuSeconds'), 0)} | {d.get('loadavg')} |")
    w("")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
