#!/usr/bin/env python3
"""Turns bench/run.sh's raw measurements into the Markdown report (stdout).

    python3 bench/summarize.py --steps steps.tsv --operations operations.log --versions versions.tsv

steps.tsv: phase tool run step start end peak_rss_kb cpu_seconds requests (start/end: seconds since the epoch;
           cpu: user + system time of the command and the descendants it waited for)
operations.log: phase tool run step <proxy line: time service action status>
"""
import argparse
import statistics
from collections import Counter, defaultdict

TOOLS = {"a": "assumerole (AOT)", "b": "boto3 script", "c": "AWS CLI", "d": "Terraform"}
TARGETS_REQUESTS = {"create-role": 4, "launch-instance": 4, "teardown": 8}
COLD_COMMANDS = {"a": "`assumerole --help`", "b": "`python3 -c 'import boto3; boto3.Session().client(\"sts\")'`",
                 "c": "`aws --version`", "d": "`terraform version`"}
RSS_TARGET_KB = 30_000_000 / 1024  # 30 MB, read strictly as 10^6 bytes (GNU time reports KiB)


def read_steps(path):
    rows = []
    with open(path) as f:
        for line in f:
            phase, tool, run, step, start, end, rss, cpu, requests = line.rstrip("\n").split("\t")
            rows.append({"phase": phase, "tool": tool, "run": run, "step": step, "start": float(start),
                         "end": float(end), "rss": int(rss), "cpu": float(cpu), "requests": int(requests)})
    return rows


def read_operations(path):
    rows = []
    with open(path) as f:
        for line in f:
            phase, tool, run, step, at, service, action, status = line.split()
            rows.append((phase, tool, run, step, float(at), service, action, status))
    return rows


def spread(values, fmt):
    """'median (min–max)', or the single value when all runs agree."""
    median = statistics.median(values)
    if min(values) == max(values):
        return fmt(median)
    return f"{fmt(median)} ({fmt(min(values))}–{fmt(max(values))})"


def seconds(v):
    return f"{v:.2f} s"


def millis(v):
    return f"{v * 1000:.0f} ms"


def mib(kb):
    return f"{kb / 1024:.1f} MiB"


def count(v):
    return f"{v:g}"


def workflows(steps, phase):
    """{tool: [(wall, peak_rss_kb, requests, cpu) per run]} for the whole workflow of each run: wall and CPU are
    the sums over its commands (the benchmark's own bookkeeping between commands is left out), RSS the maximum."""
    runs = defaultdict(list)
    for row in steps:
        if row["phase"] == phase:
            runs[(row["tool"], row["run"])].append(row)
    result = defaultdict(list)
    for (tool, _), rows in sorted(runs.items(), key=lambda item: int(item[0][1])):
        result[tool].append((sum(r["end"] - r["start"] for r in rows),
                             max(r["rss"] for r in rows), sum(r["requests"] for r in rows), sum(r["cpu"] for r in rows)))
    return result


def main_table(steps, phases, out):
    out.append("| tool | added latency | runs | wall: median (min–max) | × boto3 | CPU user+sys | "
               "peak RSS: median (min–max) | AWS requests |")
    out.append("|---|---|---|---|---|---|---|---|")
    medians = {}
    for phase in phases:
        per_tool = workflows(steps, phase)
        boto3 = statistics.median(w for w, _, _, _ in per_tool["b"]) if per_tool.get("b") else None
        for tool in TOOLS:
            if tool not in per_tool:
                continue
            walls = [w for w, _, _, _ in per_tool[tool]]
            medians[(phase, tool)] = statistics.median(walls)
            ratio = f"{statistics.median(walls) / boto3:.2f}×" if boto3 else "–"
            out.append(f"| {TOOLS[tool]} | {phase} | {len(walls)} | {spread(walls, seconds)} | {ratio} "
                       f"| {seconds(statistics.median(c for _, _, _, c in per_tool[tool]))} "
                       f"| {spread([r for _, r, _, _ in per_tool[tool]], mib)} "
                       f"| {spread([q for _, _, q, _ in per_tool[tool]], count)} |")
    return medians


def per_command_table(steps, phases, out):
    out.append("| tool | command | added latency | wall | CPU user+sys | peak RSS | AWS requests |")
    out.append("|---|---|---|---|---|---|---|")
    for tool in ("a", "d"):
        for phase in phases:
            by_step = defaultdict(list)
            for row in steps:
                if row["phase"] == phase and row["tool"] == tool:
                    by_step[row["step"]].append(row)
            for step, rows in by_step.items():
                out.append(f"| {TOOLS[tool]} | {step} | {phase} "
                           f"| {spread([r['end'] - r['start'] for r in rows], seconds)} "
                           f"| {seconds(statistics.median(r['cpu'] for r in rows))} "
                           f"| {spread([r['rss'] for r in rows], mib)} | {spread([r['requests'] for r in rows], count)} |")


def operations_table(operations, phase, out):
    counts = defaultdict(Counter)
    for p, tool, run, _, _, service, action, status in operations:
        if p == phase and run == "1":
            counts[f"{service} {action}" + ("" if status == "200" else f" → {status}")][tool] += 1
    tools = [t for t in TOOLS if any(c[t] for c in counts.values())]
    out.append("| request | " + " | ".join(TOOLS[t] for t in tools) + " |")
    out.append("|---|" + "---|" * len(tools))
    for name in sorted(counts):
        out.append(f"| {name} | " + " | ".join(str(counts[name][t] or "") for t in tools) + " |")
    out.append("| **total** | " + " | ".join(str(sum(c[t] for c in counts.values())) for t in tools) + " |")


def sequence_table(steps, operations, phase, run, out):
    """assumerole's requests in order, each with the time its answer reached the proxy, since the command started."""
    out.append("| command | wall | requests in order (@ when the answer came, since the command started) |")
    out.append("|---|---|---|")
    for row in steps:
        if row["phase"] == phase and row["tool"] == "a" and row["run"] == run:
            calls = [f"{action}{'' if status == '200' else ' → ' + status} @{(at - row['start']) * 1000:.0f} ms"
                     for p, tool, r, step, at, _, action, status in operations
                     if (p, tool, r, step) == (phase, "a", run, row["step"])]
            out.append(f"| {row['step']} | {seconds(row['end'] - row['start'])} | {', '.join(calls)} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", required=True)
    parser.add_argument("--operations", required=True)
    parser.add_argument("--versions", required=True)
    args = parser.parse_args()
    steps, operations = read_steps(args.steps), read_operations(args.operations)
    versions = dict(line.rstrip("\n").split("\t", 1) for line in open(args.versions) if "\t" in line)
    phases = sorted({r["phase"] for r in steps if r["phase"].endswith("ms")}, key=lambda p: float(p[:-2]))

    out = [f"# Benchmark: the AssumeRole tutorial four ways ({versions.get('date', '?')})", ""]
    for key, value in versions.items():
        if key != "date":
            out.append(f"- **{key}**: {value}")
    out += ["", "## Whole workflow: create the role, launch an instance through it, tear everything down", ""]
    medians = main_table(steps, phases, out)
    out += ["", "## Per command", ""]
    per_command_table(steps, phases, out)
    if phases:
        out += ["", f"## assumerole's requests, in order (run 1, {phases[0]} added)", ""]
        sequence_table(steps, operations, phases[0], "1", out)
        out += ["", f"## AWS requests by operation (run 1 of each tool, {phases[0]} added)", ""]
        operations_table(operations, phases[0], out)

    cold = [r for r in steps if r["phase"] == "coldstart"]
    if cold:
        out += ["", "## Cold start (11 runs, no AWS request)", "", "| tool | command | wall | CPU user+sys | peak RSS |",
                "|---|---|---|---|---|"]
        for tool in TOOLS:
            rows = [r for r in cold if r["tool"] == tool]
            if rows:
                out.append(f"| {TOOLS[tool]} | {COLD_COMMANDS[tool]} "
                           f"| {spread([r['end'] - r['start'] for r in rows], millis)} "
                           f"| {millis(statistics.median(r['cpu'] for r in rows))} | {spread([r['rss'] for r in rows], mib)} |")

    scale = [r for r in steps if r["phase"] == "scale"]
    if scale:
        out += ["", "## assumerole launch-instance --count N (then teardown), no added latency", "",
                "| N | launch wall | launch requests | launch peak RSS | teardown wall | teardown requests |",
                "|---|---|---|---|---|---|"]
        for n in sorted({r["run"] for r in scale}, key=int):
            by = {r["step"]: r for r in scale if r["run"] == n}
            launch, teardown = by["launch-instance"], by["teardown"]
            out.append(f"| {n} | {seconds(launch['end'] - launch['start'])} | {launch['requests']} | {mib(launch['rss'])} "
                       f"| {seconds(teardown['end'] - teardown['start'])} | {teardown['requests']} |")

    init = [r for r in steps if r["phase"] == "init"]
    if init:
        out += ["", "## terraform init (once, not in the workflow time)", "", "| configuration | wall |", "|---|---|"]
        out += [f"| {r['step'].removeprefix('init-')} | {seconds(r['end'] - r['start'])} |" for r in init]

    out += ["", "## assumerole against the targets", "", "| target | measured | met |", "|---|---|---|"]
    first = phases[0] if phases else None
    for command, limit in TARGETS_REQUESTS.items():
        values = [r["requests"] for r in steps if r["phase"] == first and r["tool"] == "a" and r["step"] == command]
        if values:
            v = statistics.median(values)
            out.append(f"| {command} ≤ {limit} requests | {v:g} | {'yes' if v <= limit else 'no'} |")
    for phase in phases:
        whole = workflows(steps, phase).get("a")
        if whole and phase == first:
            v = statistics.median(q for _, _, q, _ in whole)
            out.append(f"| whole workflow ≤ 16 requests | {v:g} | {'yes' if v <= 16 else 'no'} |")
        # The targets: plain, ≤ 0.30× boto3; with latency added, ≤ 0.5× boto3 and ≤ 1/20 of Terraform.
        limit = 0.30 if phase == first else 0.5
        if (phase, "a") in medians and (phase, "b") in medians:
            ratio = medians[(phase, "a")] / medians[(phase, "b")]
            out.append(f"| wall ≤ {limit:g}× boto3 ({phase} added) | {ratio:.2f}× | {'yes' if ratio <= limit else 'no'} |")
        if phase != first and (phase, "a") in medians and (phase, "d") in medians:
            ratio = medians[(phase, "a")] / medians[(phase, "d")]
            out.append(f"| wall ≤ 1/20 of Terraform ({phase} added) | 1/{1 / ratio:.0f} | {'yes' if ratio <= 1 / 20 else 'no'} |")
    rss = [r["rss"] for r in steps if r["tool"] == "a" and r["phase"] in phases]
    if rss:
        out.append(f"| peak RSS ≤ 30 MB | {mib(max(rss))} = {max(rss) * 1024 / 1e6:.1f} MB (max of all runs) "
                   f"| {'yes' if max(rss) <= RSS_TARGET_KB else 'no'} |")
    helps = [r["end"] - r["start"] for r in cold if r["tool"] == "a"]
    if helps:
        v = statistics.median(helps)
        out.append(f"| --help ≤ 30 ms | {millis(v)} | {'yes' if v <= 0.030 else 'no'} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
