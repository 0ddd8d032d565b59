"""Per-deployment windows of a long run, from its stored seconds: for each deployment, the seconds from its creation
to its end (the dashboard's phases split only around a test's first deployment; this splits around every one).
Usage: python3 bench/longrun_windows.py bench/results/longrun-<timestamp>   (appends a table to results.md and
writes windows.json; run by bench/longrun.sh, or by hand on an older results folder)."""
import csv
import json
import os
import sys
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchapi import fmt  # noqa: E402


def parse(s):
    s = s.replace("Z", "+00:00")
    if "." in s:
        head, rest = s.split(".", 1)
        frac = "".join(ch for ch in rest if ch.isdigit())
        tz = rest[len(frac):]
        s = f"{head}.{frac[:6]}{tz}"
    return datetime.fromisoformat(s)


def main(out):
    rows = [r for r in csv.DictReader(open(os.path.join(out, "samples.csv"))) if r["client"] == "all"]
    deployments = [d for d in json.load(open(os.path.join(out, "deployments.json"))) if d]
    for r in rows:
        r["_start"] = parse(r["start"]).timestamp()
    windows = []
    for d in deployments:
        a = parse(d["createdAt"]).timestamp()
        b = parse(d["finishedAt"]).timestamp() if d.get("finishedAt") else a
        sel = [r for r in rows if a - 1 < r["_start"] <= b]
        intended = sum(int(r["intended"]) for r in sel)
        ok = sum(int(r["ok"]) for r in sel)
        failed = sum(int(r["failed"]) for r in sel)
        unsent = sum(int(r["unsent"]) for r in sel)
        p99 = max((float(r["latency_p99_ms"] or 0) for r in sel), default=None)
        mx = max((float(r["latency_max_ms"] or 0) for r in sel), default=None)
        windows.append({"id": d["id"], "version": d["version"], "state": d["state"], "seconds": len(sel), "intended": intended, "ok": ok,
                        "failed": failed, "unsent": unsent, "loss_percent": 100 * (failed + unsent) / intended if intended else None,
                        "worst_second_p99_ms": p99, "max_ms": mx})
    all_failed = sum(int(r["failed"]) for r in rows)
    all_unsent = sum(int(r["unsent"]) for r in rows)
    json.dump(windows, open(os.path.join(out, "windows.json"), "w"), indent=1)
    lines = ["\n## Every deployment's window (from samples.csv: the seconds from its creation to its end)\n",
             "| deployment | version | state | seconds | intended | ok | failed | unsent | loss | worst second's p99 | max |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for w in windows:
        lines.append(f"| `{w['id']}` | {w['version']} | {w['state']} | {w['seconds']} | {fmt(w['intended'])} | {fmt(w['ok'])} | {fmt(w['failed'])} | "
                     f"{fmt(w['unsent'])} | {fmt(w['loss_percent'], 3)} % | {fmt(w['worst_second_p99_ms'], 1)} ms | {fmt(w['max_ms'], 1)} ms |")
    lines.append(f"\nWhole run, from the same stored seconds: {fmt(len(rows))} seconds, {fmt(all_failed)} failed, {fmt(all_unsent)} unsent.\n")
    with open(os.path.join(out, "results.md"), "a") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
