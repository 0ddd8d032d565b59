"""Driver of bench/longrun.sh (run by it, with BG_BASE, BG_TOKEN and BG_DASH_PID set): one long dashboard load test
with a deployment every N seconds, a timed GET of the test every second and the diagnostics every 60 s; then the
test's phases, loss, report and the database's size. Writes raw JSON/CSV and results.md into --out."""
import argparse
import csv
import json
import os
import re
import threading
import time

import benchapi as api
from benchapi import fmt, median, mib, percentile

TERMINAL = {"Succeeded", "RolledBack", "Failed", "Aborted", "Interrupted", "Resolved"}
# The design stores per-second samples (one merged + one per client), never per-request data: the database grows
# with stored seconds, not with requests. Budget per stored second of a 2-client test (see results.md, "Database").
BUDGET_BYTES_PER_SECOND = int(os.environ.get("LONGRUN_BUDGET_BYTES_PER_SECOND", "12288"))


LIVE_HEAP_EVERY = float(os.environ.get("LONGRUN_LIVE_HEAP_EVERY", "1800"))  # seconds between live-heap dumps (dotnet-gcdump), when BG_GCDUMP is set


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--minutes", type=float, default=120)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--deploy-every", type=float, default=600)
    args = parser.parse_args()
    out = args.out
    duration = int(args.minutes * 60)
    dash_pid = int(os.environ["BG_DASH_PID"])
    clients = 2
    diags = []
    diag0 = api.diagnostics({"label": "start", "secondsStored": 0})
    diags.append(diag0)

    spec = {"environment": "lab", "ratePerClient": args.rate / clients, "clients": clients, "durationSeconds": duration}
    status, started, _ = api.call("POST", "/api/loadtests", spec)
    if status != 202:
        raise SystemExit(f"POST /api/loadtests answered {status}: {started}")
    test_id = started["id"]
    t0 = time.monotonic()
    wall0 = time.time()
    print(f"load test {test_id}: {spec}", flush=True)
    with open(os.path.join(out, "loadtest-start.json"), "w") as f:
        json.dump({"spec": spec, "answer": started}, f, indent=1)

    polls_file = open(os.path.join(out, "polls.csv"), "w", newline="")
    polls = csv.writer(polls_file)
    polls.writerow(["elapsed_s", "status", "took_ms", "state", "seconds_stored", "intended", "ok", "failed", "unsent", "current_rps"])
    deploy_file = open(os.path.join(out, "deployments.csv"), "w", newline="")
    deploy_csv = csv.writer(deploy_file)
    deploy_csv.writerow(["n", "id", "version", "requested_at_s", "post_status", "post_took_ms"])

    deployments = []  # dicts: n, id, version, requested_at
    versions = ["2.0.0", "1.0.0"]
    next_deploy = args.deploy_every
    next_diag = 60.0
    next_live = LIVE_HEAP_EVERY
    live, dumping = {}, []  # live-heap readings by diagnostics index, and the threads taking them
    last_deploy_ok_at = duration - 45  # a deployment must have time to end inside the test (a lab one takes ~15-20 s)
    poll_times, changes = [], []  # (elapsed, took) of 200 polls; elapsed when secondsStored advanced
    last_stored, state = -1, "Running"
    max_lag = 0.0
    non_200 = 0
    deadline = duration + 600  # bounded: the test ends at `duration`; 10 min to notice and end
    tick = 0
    started_at = None
    while tick < deadline + 60:
        tick += 1
        target = tick * 1.0
        now = time.monotonic() - t0
        if now < target:
            time.sleep(target - now)
        elapsed = time.monotonic() - t0
        if elapsed > deadline:
            print("deadline reached with the test still running", flush=True)
            break
        status, body, took = api.call("GET", f"/api/loadtests/{test_id}", timeout=30)
        if status == 200 and isinstance(body, dict):
            state = body.get("state")
            progress = body.get("progress") or {}
            stored = body.get("secondsStored", progress.get("seconds"))
            if started_at is None and body.get("startedAt"):
                started_at = body["startedAt"]
            poll_times.append((elapsed, took))
            if stored is not None and stored > last_stored:
                changes.append(elapsed)
                last_stored = stored
            if state == "Running" and stored is not None:
                lag = progress.get("elapsed")
                # lag: the test's own elapsed time minus the seconds already stored and shown
                if isinstance(lag, str):
                    h, m, s = lag.split(":")
                    lag = int(h) * 3600 + int(m) * 60 + float(s)
                if isinstance(lag, (int, float)):
                    max_lag = max(max_lag, lag - stored)
            polls.writerow([f"{elapsed:.3f}", status, f"{took * 1000:.1f}", state, stored, progress.get("intended"), progress.get("ok"),
                            progress.get("failed"), progress.get("unsent"), progress.get("currentRequestsPerSecond")])
        else:
            non_200 += 1
            if non_200 == 1:
                with open(os.path.join(out, "first-error.json"), "w") as f:
                    json.dump({"elapsed": elapsed, "status": status, "body": body if isinstance(body, (dict, list, str)) else str(body)}, f, indent=1)
                print(f"[{elapsed / 60:5.1f} min] GET /api/loadtests/{test_id} answered {status}: {body}", flush=True)
            polls.writerow([f"{elapsed:.3f}", status, f"{took * 1000:.1f}", "", "", "", "", "", "", ""])
            # past the planned end and failing: the test has ended, but its page cannot be read; stop waiting
            if elapsed > duration + 30 and non_200 >= 30:
                state = f"unreadable ({status})"
        if tick % 30 == 0:
            polls_file.flush()
        if state != "Running":
            break

        if elapsed >= next_diag:
            next_diag += 60
            diags.append(api.diagnostics({"label": f"{elapsed / 60:.0f} min", "elapsed": elapsed, "secondsStored": last_stored,
                                          "cpuSeconds": api.proc_cpu_seconds(dash_pid)}))
            if elapsed >= next_live:
                # every 30 min: the objects still reachable (the GC heap figure above includes garbage not yet collected);
                # in a thread, so the polls go on (the dump forces a full GC: polls around it may be slower)
                next_live += LIVE_HEAP_EVERY
                index = len(diags) - 1
                dumping.append(threading.Thread(target=lambda i=index, path=os.path.join(out, f"heap-{elapsed / 60:03.0f}min.gcdump"):
                                                live.__setitem__(i, api.live_heap(dash_pid, path)), daemon=True))
                dumping[-1].start()
            with open(os.path.join(out, "diagnostics.json"), "w") as f:
                json.dump(diags, f, indent=1)
            d = diags[-1]
            print(f"[{elapsed / 60:5.1f} min] stored {last_stored} s, ws {fmt(mib(d.get('workingSetBytes')))} MiB, heap "
                  f"{fmt(mib(d.get('gcHeapBytes')))} MiB, db {fmt(mib(d.get('databaseBytes')), 2)} + log {fmt(mib(d.get('logFileBytes')), 2)} MiB, runs {d.get('deploymentRunsInMemory')}, "
                  f"poll p99 {fmt(percentile([t for _, t in poll_times[-60:]], 99) * 1000 if poll_times else None)} ms, load {d['loadavg']}", flush=True)

        if elapsed >= next_deploy and elapsed <= last_deploy_ok_at:
            version = versions[len(deployments) % 2]
            status, body, took = api.call("POST", "/api/environments/lab/deployments", {"version": version})
            if status == 202 and isinstance(body, dict):
                deployments.append({"n": len(deployments) + 1, "id": body["id"], "version": version, "requested_at": elapsed})
                deploy_csv.writerow([len(deployments), body["id"], version, f"{elapsed:.1f}", status, f"{took * 1000:.1f}"])
                deploy_file.flush()
                print(f"[{elapsed / 60:5.1f} min] deployment {len(deployments)}: {body['id']} ({version})", flush=True)
                next_deploy += args.deploy_every
            else:
                # 409 (one still running): try again in 5 s; anything else is written down and retried too
                deploy_csv.writerow(["", "", version, f"{elapsed:.1f}", status, f"{took * 1000:.1f}"])
                print(f"[{elapsed / 60:5.1f} min] deployment refused ({status}): {body}", flush=True)
                next_deploy = elapsed + 5
    polls_file.close()
    deploy_file.close()

    # --- the end: wait until the test has its summary (bounded) ----------------------------------------------------
    details = None
    for _ in range(60):
        status, details, _ = api.call("GET", f"/api/loadtests/{test_id}", timeout=60)
        if status == 200 and details.get("state") != "Running" and details.get("total") is not None:
            break
        if status != 200 and non_200 >= 30:
            break
        time.sleep(2)
    # the last deployment must be finished before we count its markers
    records = []
    for d in deployments:
        rec = None
        for _ in range(90):
            status, rec, _ = api.call("GET", f"/api/deployments/{d['id']}")
            if status == 200 and rec.get("state") in TERMINAL:
                break
            time.sleep(2)
        records.append(rec)
    status, details, _ = api.call("GET", f"/api/loadtests/{test_id}", timeout=60)
    with open(os.path.join(out, "loadtest.json"), "w") as f:
        json.dump(details if isinstance(details, (dict, list)) else str(details), f, indent=1)
    details_status = status
    if status != 200 or not isinstance(details, dict):
        # the list holds the test's counts without decoding a histogram
        _, listed, _ = api.call("GET", "/api/loadtests?limit=5")
        item = next((x for x in listed or [] if isinstance(x, dict) and x.get("id") == test_id), {})
        with open(os.path.join(out, "loadtest-list-item.json"), "w") as f:
            json.dump(item, f, indent=1)
        details = {"state": item.get("state"), "seconds": item.get("secondsStored"), "error": f"GET /api/loadtests/{test_id} answered {status}",
                   "total": {"seconds": item.get("secondsStored"), "intended": item.get("intended"), "ok": item.get("ok"),
                             "failed": item.get("failed"), "unsent": item.get("unsent")}}
    with open(os.path.join(out, "deployments.json"), "w") as f:
        json.dump(records, f, indent=1)
    report_status, report, took_report = api.call("GET", f"/api/loadtests/{test_id}/report.html", timeout=300, raw=True)
    status = report_status
    report = report if status == 200 and isinstance(report, bytes) else b""
    with open(os.path.join(out, "report.html"), "wb") as f:
        f.write(report)
    status_csv, samples, _ = api.call("GET", f"/api/loadtests/{test_id}/samples.csv", timeout=300, raw=True)
    if status_csv == 200:
        with open(os.path.join(out, "samples.csv"), "wb") as f:
            f.write(samples)
    diags.append(api.diagnostics({"label": "end", "elapsed": time.monotonic() - t0,
                                  "secondsStored": details.get("seconds") or last_stored, "cpuSeconds": api.proc_cpu_seconds(dash_pid)}))
    for thread in dumping:
        thread.join(timeout=300)
    for index, reading in live.items():
        diags[index].update(reading)
    diags[-1].update(api.live_heap(dash_pid, os.path.join(out, "heap-end.gcdump")))
    with open(os.path.join(out, "diagnostics.json"), "w") as f:
        json.dump(diags, f, indent=1)
    with open(os.path.join(out, "processes-end.txt"), "w") as f:
        f.write(api.other_processes())

    # --- figures ----------------------------------------------------------------------------------------------------
    took_ms = [t * 1000 for _, t in poll_times]
    gaps = [b - a for a, b in zip(changes, changes[1:])]
    summary = {
        "test_id": test_id, "state": details.get("state"), "planned_seconds": duration, "deploy_every": args.deploy_every,
        "rate": args.rate, "clients": clients,
        "polls": len(poll_times) + non_200, "polls_non_200": non_200,
        "poll_ms_median": median(took_ms), "poll_ms_p99": percentile(took_ms, 99), "poll_ms_max": max(took_ms) if took_ms else None,
        "stored_advances": len(changes), "largest_gap_s": max(gaps) if gaps else None,
        "gaps_over_2s": sum(1 for g in gaps if g > 2.0), "max_lag_s": max_lag,
    }
    total = details.get("total") or {}
    summary["total"] = {k: total.get(k) for k in ("seconds", "intended", "sent", "ok", "failed", "unsent", "lossPercent", "errorRatePercent", "throughputPerSecond")}
    summary["total_latency"] = total.get("latency")

    # report completeness: every deployment has markers in the test and appears in the report
    html = report.decode("utf-8", "replace")
    markers = details.get("markers") or []
    marker_ids = {m.get("deploymentId") for m in markers if m.get("deploymentId")}
    switched_markers = [m for m in markers if (m.get("deploymentEvent") or "") == "Switched"]
    dep_rows = []
    for d, rec in zip(deployments, records):
        rec = rec or {}
        audits = rec.get("switchAudits") or []
        dep_rows.append({
            "n": d["n"], "id": d["id"], "version": d["version"], "requested_at_s": round(d["requested_at"], 1),
            "state": rec.get("state"), "error": rec.get("error"),
            "duration_s": seconds_between(rec.get("createdAt"), rec.get("finishedAt")),
            "switch_s": span_seconds(rec.get("switchDuration")),
            "lost": sum(a.get("lost") or 0 for a in audits),
            "markers": sum(1 for m in markers if m.get("deploymentId") == d["id"]),
            "in_report": html.count(d["id"]),
            "finished_in_report": f"Finished: {d['version']}: " in html,
        })
    # the report lists the test's markers under each chart (<ol class="markers">); the first list is the throughput chart's
    first_list = re.search(r'<ol class="markers">(.*?)</ol>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", first_list.group(1), re.S) if first_list else []
    summary["deployments"] = dep_rows
    summary["details_status"] = details_status
    summary["report"] = {
        "status": report_status, "bytes": len(report), "download_s": took_report, "svg_charts": html.count("<svg"),
        "sections": {s: (f'id="{s}"' in html) for s in ("answer", "phases", "figures", "deployment", "configuration")},
        "deployments_with_markers": sum(1 for r in dep_rows if r["markers"] > 0),
        "deployments_in_report": sum(1 for r in dep_rows if r["in_report"] > 0),
        "marker_total": len(markers), "switched_markers": len(switched_markers),
        "switched_labels_in_report": html.count("Switched:"),
        "markers_listed_in_report": len(items),
        "switched_listed_in_report": sum(1 for i in items if "Switched:" in i),
        "finished_listed_in_report": sum(1 for i in items if "Finished:" in i),
        "started_listed_in_report": sum(1 for i in items if "Started:" in i),
        "marker_lists": html.count('<ol class="markers">'),
        "marker_deployment_ids": sorted(marker_ids),
    }
    # database
    db_file = diags[-1].get("databaseFile")
    db_end = diags[-1].get("storedBytes")
    log_bytes = diags[-1].get("logFileBytes")
    seconds_stored = summary["total"].get("seconds") or last_stored
    grown = (db_end or 0) - (diag0.get("storedBytes") or 0)
    summary["database"] = {
        "file": db_file, "bytes_start": diag0.get("storedBytes"), "bytes_end": db_end, "log_file_bytes_end": log_bytes,
        "seconds_stored": seconds_stored, "bytes_per_stored_second": grown / seconds_stored if seconds_stored else None,
        "budget_bytes_per_second": BUDGET_BYTES_PER_SECOND,
        "budget_bytes": BUDGET_BYTES_PER_SECOND * seconds_stored if seconds_stored else None,
    }
    summary["diagnostics"] = diags
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    write_results(out, summary, details)


def seconds_between(a, b):
    from datetime import datetime
    if not a or not b:
        return None
    def parse(s):
        s = re.sub(r"(\.\d{6})\d+", r"\1", s.replace("Z", "+00:00"))
        return datetime.fromisoformat(s)
    return (parse(b) - parse(a)).total_seconds()


def span_seconds(span):
    """A .NET TimeSpan as JSON ("00:00:01.2345678") or a number of seconds."""
    if span is None:
        return None
    if isinstance(span, (int, float)):
        return float(span)
    m = re.match(r"^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$", span)
    if not m:
        return None
    days, h, mi, s = m.groups()
    return int(days or 0) * 86400 + int(h) * 3600 + int(mi) * 60 + float(s)


def write_results(out, s, details):
    lines = []
    w = lines.append
    t = s["total"]
    lat = s.get("total_latency") or {}
    w(f"# Long run {os.path.basename(out)}\n")
    w(f"Load test `{s['test_id']}`: {s['clients']} clients × {s['rate'] / s['clients']:g} requests/s = {s['rate']:g} requests/s through the "
      f"lab's HAProxy front end for {s['planned_seconds']} s, a deployment every {s['deploy_every']:g} s (2.0.0, 1.0.0, ...). "
      f"Final state: **{s['state']}**.\n")
    w("## Load test totals\n")
    w("| seconds | intended | ok | failed | unsent | loss | errors | throughput | mean | p50 | p99 | max |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    w(f"| {fmt(t.get('seconds'))} | {fmt(t.get('intended'))} | {fmt(t.get('ok'))} | {fmt(t.get('failed'))} | {fmt(t.get('unsent'))} | "
      f"{fmt(t.get('lossPercent'), 3)} % | {fmt(t.get('errorRatePercent'), 3)} % | {fmt(t.get('throughputPerSecond'))}/s | "
      f"{fmt(lat.get('meanMs'), 2)} ms | {fmt(lat.get('p50Ms'), 2)} ms | {fmt(lat.get('p99Ms'), 2)} ms | {fmt(lat.get('maxMs'), 1)} ms |\n")
    w("## Phases (as the dashboard splits them: around the test's first deployment)\n")
    w("| phase | seconds | intended | ok | failed | unsent | loss | mean | p99 | max | TIPHON delay / loss |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for p in details.get("phases") or []:
        pt = p.get("totals") or {}
        pl = pt.get("latency") or {}
        w(f"| {p.get('phase')} | {fmt(pt.get('seconds'))} | {fmt(pt.get('intended'))} | {fmt(pt.get('ok'))} | {fmt(pt.get('failed'))} | "
          f"{fmt(pt.get('unsent'))} | {fmt(pt.get('lossPercent'), 3)} % | {fmt(pl.get('meanMs'), 2)} ms | {fmt(pl.get('p99Ms'), 2)} ms | "
          f"{fmt(pl.get('maxMs'), 1)} ms | {p.get('delayGrade')} / {p.get('lossGrade')} |")
    w("")
    w("## Deployments\n")
    w("| # | id | version | requested at | state | deployment | switch | lost (switch audit) | markers in the test | in the report |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in s["deployments"]:
        w(f"| {r['n']} | `{r['id']}` | {r['version']} | {r['requested_at_s']:.0f} s | {r['state']}{(': ' + r['error']) if r['error'] else ''} | "
          f"{fmt(r['duration_s'])} s | {fmt(r['switch_s'], 2)} s | {r['lost']} | {r['markers']} | {r['in_report']} |")
    durations = [r["duration_s"] for r in s["deployments"] if r["duration_s"] is not None]
    switches = [r["switch_s"] for r in s["deployments"] if r["switch_s"] is not None]
    w(f"\n{len(s['deployments'])} deployments, {sum(1 for r in s['deployments'] if r['state'] == 'Succeeded')} Succeeded; deployment duration "
      f"median {fmt(median(durations))} s, max {fmt(max(durations) if durations else None)} s; switch median {fmt(median(switches), 2)} s, "
      f"max {fmt(max(switches) if switches else None, 2)} s.\n")
    w("## Responsiveness: `GET /api/loadtests/{id}` every second from an outside client\n")
    w("| polls | non-200 | median | p99 | max | secondsStored advanced | largest gap between advances | gaps > 2 s | largest lag (elapsed − stored) |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    w(f"| {fmt(s['polls'])} | {s['polls_non_200']} | {fmt(s['poll_ms_median'])} ms | {fmt(s['poll_ms_p99'])} ms | {fmt(s['poll_ms_max'])} ms | "
      f"{fmt(s['stored_advances'])} times | {fmt(s['largest_gap_s'], 2)} s | {s['gaps_over_2s']} | {fmt(s['max_lag_s'], 2)} s |\n")
    w("## The dashboard's memory (`GET /api/diagnostics`)\n")
    w("| when | seconds stored | working set | GC heap | GC committed | threads | runs in memory | database file + journal | CPU s (dashboard) | load |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    diags = s["diagnostics"]
    step = max(1, len(diags) // 14)
    picked = [d for i, d in enumerate(diags) if i % step == 0 or i == len(diags) - 1]
    for d in picked:
        w(f"| {d.get('label')} | {fmt(d.get('secondsStored'))} | {fmt(mib(d.get('workingSetBytes')))} MiB | {fmt(mib(d.get('gcHeapBytes')))} MiB | "
          f"{fmt(mib(d.get('gcCommittedBytes')))} MiB | {d.get('threads')} | {d.get('deploymentRunsInMemory')} | {fmt(mib(d.get('databaseBytes')), 2)} + {fmt(mib(d.get('logFileBytes')), 2)} MiB | "
          f"{fmt(d.get('cpuSeconds'), 0)} | {d.get('loadavg')} |")
    w(f"\n(Every {step}th reading of {len(diags)}; all in diagnostics.json.)\n")
    live = [d for d in diags if d.get("liveHeapBytes") is not None]
    if live:
        w("Objects still reachable (`dotnet-gcdump`, which forces a full collection first), against the GC heap the dashboard reported just before:\n")
        w("| when | seconds stored | live objects | GC heap (diagnostics) | heap at the dump |")
        w("| --- | --- | --- | --- | --- |")
        for d in live:
            w(f"| {d.get('label')} | {fmt(d.get('secondsStored'))} | {fmt(mib(d.get('liveHeapBytes')), 2)} MiB | {fmt(mib(d.get('gcHeapBytes')))} MiB | "
              f"{fmt(mib(d.get('gcdumpHeapBytes')))} MiB |")
        w("")
    db = s["database"]
    w("## Database\n")
    w(f"While running, the file and its journal (`-log`, pages not yet checkpointed into the file): {fmt(mib(db['bytes_start']), 2)} MiB at the start, "
      f"{fmt(mib(db['bytes_end']), 2)} MiB at the end (of which the journal {fmt(mib(db['log_file_bytes_end']), 2)} MiB), for {fmt(db['seconds_stored'])} stored "
      f"seconds. Budget: {fmt(db['budget_bytes_per_second'])} bytes per stored second (3 sample documents per second: merged + 2 clients, "
      f"each with two compressed histograms; everything else, e.g. the deployments, is small beside them) = "
      f"**{fmt(mib(db['budget_bytes']), 1)} MiB** for this run. The size to compare is the one after the dashboard stopped, below.\n")
    r = s["report"]
    w("## Report\n")
    if s.get("details_status") != 200:
        w(f"**`GET /api/loadtests/{{id}}` answered {s.get('details_status')} after the test ended** (see first-error.json and dashboard.log); "
          f"the totals above come from `GET /api/loadtests`.\n")
    w(f"`report.html` (HTTP {r.get('status')}): {fmt(r['bytes'])} bytes ({fmt(r['bytes'] / 1048576, 2)} MiB), downloaded in {fmt(r['download_s'], 2)} s; {r['svg_charts']} SVG elements; "
      f"sections {', '.join(k for k, v in r['sections'].items() if v)}"
      f"{' (missing: ' + ', '.join(k for k, v in r['sections'].items() if not v) + ')' if not all(r['sections'].values()) else ''}. "
      f"The test holds {r['marker_total']} markers ({r['switched_markers']} `Switched`), from {len(r['marker_deployment_ids'])} deployments; "
      f"{r['deployments_with_markers']} of {len(s['deployments'])} deployments have markers in the test, {r['deployments_in_report']} of "
      f"{len(s['deployments'])} are named by id in the report (its deployment section details the test's first deployment only).\n")
    w(f"Markers listed under each of the report's {r['marker_lists']} charts: **{r['markers_listed_in_report']} of {r['marker_total']}** "
      f"({r['started_listed_in_report']} `Started`, {r['switched_listed_in_report']} `Switched`, {r['finished_listed_in_report']} `Finished`) "
      f"for {len(s['deployments'])} deployments: **{'complete' if r['markers_listed_in_report'] == r['marker_total'] and r['switched_listed_in_report'] == len(s['deployments']) == r['started_listed_in_report'] else 'INCOMPLETE'}**.\n")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
