#!/usr/bin/env python3
"""Turns bench/organization.sh's raw measurements into the Markdown report (stdout).

    python3 bench/summarize_organization.py --steps steps.tsv --operations operations.log --versions versions.tsv
                                            [--terraform-notes FILE]

steps.tsv: phase tool size run step start end tree_rss_kb tree_pss_kb processes largest_rss_kb cpu_seconds requests
           (tool a = assumerole, d = Terraform; size = member accounts; see bench/tree_rss.py for the memory columns)
operations.log: phase tool size run step <proxy line: time service action status>
"""
import argparse
import statistics
from collections import Counter, defaultdict

from summarize import count, mib, seconds, spread  # bench/run.sh's report: the same formats

COMMANDS = {"a": ["create-role", "launch-instance", "status", "teardown"],
            "d": ["role-apply", "instance-apply", "instance-destroy", "role-destroy"]}
RSS_TARGET_KB = 60_000_000 / 1024  # issue 20: 60 MB at 100 accounts, read strictly as 10^6 bytes


def read_steps(path):
    rows = []
    with open(path) as f:
        for line in f:
            (phase, tool, size, run, step, start, end, tree_rss, tree_pss, processes, largest, cpu,
             requests) = line.rstrip("\n").split("\t")
            rows.append({"phase": phase, "tool": tool, "size": int(size), "run": run, "step": step,
                         "wall": float(end) - float(start), "tree_rss": int(tree_rss), "tree_pss": int(tree_pss),
                         "processes": int(processes), "largest": int(largest), "cpu": float(cpu),
                         "requests": int(requests)})
    return rows


def read_operations(path):
    rows = []
    with open(path) as f:
        for line in f:
            phase, tool, size, run, step, _, service, action, status = line.split()
            rows.append((phase, tool, int(size), run, step, service, action, status))
    return rows


def accounts(n):
    return f"{n} account{'' if n == 1 else 's'}"


def gib(kb):
    return f"{kb / 1024 / 1024:.2f} GiB"


def workflows(steps, tool, phase, size):
    """[(wall, requests, largest_rss, tree_rss, tree_pss, processes, cpu)] per run: sums over the commands for wall,
    requests and CPU, maxima for memory."""
    runs = defaultdict(list)
    for r in steps:
        if (r["tool"], r["phase"], r["size"]) == (tool, phase, size):
            runs[r["run"]].append(r)
    return [(sum(r["wall"] for r in rows), sum(r["requests"] for r in rows), max(r["largest"] for r in rows),
             max(r["tree_rss"] for r in rows), max(r["tree_pss"] for r in rows), max(r["processes"] for r in rows),
             sum(r["cpu"] for r in rows)) for _, rows in sorted(runs.items(), key=lambda item: int(item[0]))]


def assumerole_section(steps, phases, sizes, out):
    out += ["", "## assumerole across the organization: create-role, launch-instance, status, teardown", "",
            "`--destination-accounts all` on create-role; launch-instance, status and teardown work from the state "
            "file. Wall and requests: the sum over the four commands; peak RSS: the largest process (exact); "
            "× 1 account: the whole workflow's median wall over the 1-account organization's, at the same latency.", "",
            "| accounts | added latency | runs | wall: median (min–max) | × 1 account | CPU user+sys | peak RSS | "
            "AWS requests | requests per account |", "|---|---|---|---|---|---|---|---|---|"]
    medians = {}
    for phase in phases:
        for size in sizes:
            runs = workflows(steps, "a", phase, size)
            if not runs:
                continue
            walls = [w[0] for w in runs]
            medians[(phase, size)] = statistics.median(walls)
            one = medians.get((phase, 1))
            ratio = f"{medians[(phase, size)] / one:.2f}×" if one else "–"
            requests = [w[1] for w in runs]
            out.append(f"| {size} | {phase} | {len(runs)} | {spread(walls, seconds)} | {ratio} "
                       f"| {seconds(statistics.median(w[6] for w in runs))} | {spread([w[2] for w in runs], mib)} "
                       f"| {spread(requests, count)} | {statistics.median(requests) / size:.1f} |")
    out += ["", "Per command:", "", "| accounts | command | added latency | wall | CPU user+sys | peak RSS | AWS requests |",
            "|---|---|---|---|---|---|---|"]
    for phase in phases:
        for size in sizes:
            for command in COMMANDS["a"]:
                rows = [r for r in steps if (r["tool"], r["phase"], r["size"], r["step"]) == ("a", phase, size, command)]
                if rows:
                    out.append(f"| {size} | {command} | {phase} | {spread([r['wall'] for r in rows], seconds)} "
                               f"| {seconds(statistics.median(r['cpu'] for r in rows))} "
                               f"| {spread([r['largest'] for r in rows], mib)} "
                               f"| {spread([r['requests'] for r in rows], count)} |")
    return medians


def terraform_section(steps, phases, counts, notes, out):
    out += ["", "## Terraform, one provider alias per account (the peer)", "",
            "The tutorial's two configurations generated for N member accounts (bench/organization_terraform.py): "
            "apply role, apply instance, destroy instance, destroy role; one run each. Memory is of the whole process "
            "tree (terraform and one provider process per alias), sampled every 100 ms: the sum of RSS (what `ps` "
            "shows; the provider's code pages, shared, count once per process) and the sum of PSS at the same moment "
            "(shared pages split: what the machine really gives it).", "",
            "| accounts | added latency | wall | CPU user+sys | processes at once | peak RSS, sum over the tree | "
            "PSS at that moment | largest process | AWS requests | requests per account |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    medians = {}
    for size in counts:
        for phase in phases:
            runs = workflows(steps, "d", phase, size)
            if not runs:
                continue
            wall, requests, largest, tree_rss, tree_pss, processes, cpu = runs[0]
            done = sum(1 for r in steps if (r["tool"], r["phase"], r["size"]) == ("d", phase, size))
            if done == len(COMMANDS["d"]):
                medians[(phase, size)] = wall
            incomplete = "" if done == len(COMMANDS["d"]) else f" (only {done} of {len(COMMANDS['d'])} commands: see below)"
            out.append(f"| {size} | {phase} | {seconds(wall)}{incomplete} | {seconds(cpu)} | {processes} | {gib(tree_rss)} "
                       f"| {gib(tree_pss)} | {mib(largest)} | {requests} | {requests / size:.1f} |")
    out += ["", "Per command:", "", "| accounts | command | added latency | wall | CPU user+sys | processes | "
            "peak RSS, sum | PSS | AWS requests |", "|---|---|---|---|---|---|---|---|---|"]
    for size in counts:
        for phase in ["init"] + phases:
            for r in steps:
                if (r["tool"], r["phase"], r["size"]) == ("d", phase, size):
                    out.append(f"| {size} | {r['step']} | {'– (once, apart)' if phase == 'init' else phase} "
                               f"| {seconds(r['wall'])} | {seconds(r['cpu'])} | {r['processes']} | {gib(r['tree_rss'])} "
                               f"| {gib(r['tree_pss'])} | {r['requests']} |")
    if notes:
        out += ["", "Not run:", ""] + [f"- {line}" for line in notes]
    return medians


def operations_table(operations, columns, out):
    """columns: [(title, phase, tool, size)], run 1 of each; requests per operation."""
    counts = defaultdict(Counter)
    for phase, tool, size, run, _, service, action, status in operations:
        if run == "1":
            counts[f"{service} {action}" + ("" if status == "200" else f" → {status}")][(phase, tool, size)] += 1
    keys = [(p, t, s) for _, p, t, s in columns]
    out.append("| request | " + " | ".join(title for title, _, _, _ in columns) + " |")
    out.append("|---|" + "---|" * len(columns))
    for name in sorted(counts):
        out.append(f"| {name} | " + " | ".join(str(counts[name][k] or "") for k in keys) + " |")
    out.append("| **total** | " + " | ".join(str(sum(c[k] for c in counts.values())) for k in keys) + " |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", required=True)
    parser.add_argument("--operations", required=True)
    parser.add_argument("--versions", required=True)
    parser.add_argument("--terraform-notes")
    args = parser.parse_args()
    steps, operations = read_steps(args.steps), read_operations(args.operations)
    versions = dict(line.rstrip("\n").split("\t", 1) for line in open(args.versions) if "\t" in line)
    notes = [line.strip() for line in open(args.terraform_notes) if line.strip()] if args.terraform_notes else []
    phases = sorted({r["phase"] for r in steps if r["phase"].endswith("ms")}, key=lambda p: float(p[:-2]))
    sizes = sorted({r["size"] for r in steps if r["tool"] == "a" and r["phase"] in phases})
    counts = sorted({r["size"] for r in steps if r["tool"] == "d" and r["phase"] in phases})

    out = [f"# Benchmark: the AssumeRole tutorial across an organization's accounts ({versions.get('date', '?')})", ""]
    out += [f"- **{key}**: {value}" for key, value in versions.items() if key != "date"]
    a_medians = assumerole_section(steps, phases, sizes, out) if sizes else {}
    if not sizes:
        out += ["", "## assumerole across the organization", "", "Not measured in this run (ORG_SKIP=assumerole)."]
    d_medians = terraform_section(steps, phases, counts, notes, out) if counts or notes else {}

    if phases:
        columns = [(f"assumerole, {accounts(s)}", phases[0], "a", s) for s in sizes]
        columns += [(f"Terraform, {accounts(c)}", phases[0], "d", c) for c in counts]
        if columns:
            out += ["", f"## AWS requests by operation (run 1, {phases[0]} added, the whole workflow)", ""]
            operations_table(operations, columns, out)

    out += ["", "## Against issue 20's targets", "", "| target | measured | met |", "|---|---|---|"]
    slow = phases[-1] if len(phases) > 1 else None
    for size, limit in ((10, 2), (100, 6)):
        if slow and (slow, size) in a_medians and (slow, 1) in a_medians:
            ratio = a_medians[(slow, size)] / a_medians[(slow, 1)]
            out.append(f"| {size} accounts ≤ {limit}× the wall of 1 ({slow} added) | {ratio:.2f}× "
                       f"| {'yes' if ratio <= limit else 'no'} |")
    # O(accounts): each account costs no more requests than the whole workflow of a 1-account organization (which
    # also carries the run's fixed requests: identities, ListAccounts pages).
    if phases and 1 in sizes:
        one = statistics.median(w[1] for w in workflows(steps, "a", phases[0], 1))
        for size in sizes:
            if size > 1:
                per = statistics.median(w[1] for w in workflows(steps, "a", phases[0], size)) / size
                out.append(f"| requests O(accounts): per account at {size} ≤ the 1-account workflow's | "
                           f"{per:.1f} (1 account: {one:g}) | {'yes' if per <= one else 'no'} |")
    rss = [r["largest"] for r in steps if r["tool"] == "a" and r["phase"] in phases and r["size"] == max(sizes or [0])]
    if rss:
        out.append(f"| peak RSS ≤ 60 MB at {max(sizes)} accounts | {mib(max(rss))} = {max(rss) * 1024 / 1e6:.1f} MB "
                   f"(max of all runs) | {'yes' if max(rss) <= RSS_TARGET_KB else 'no'} |")
    for phase in phases:
        for size in counts:
            if (phase, size) in a_medians and (phase, size) in d_medians:
                out.append(f"| (no target) wall against Terraform, {size} accounts, {phase} added "
                           f"| 1/{d_medians[(phase, size)] / a_medians[(phase, size)]:.0f} | – |")
    if len(out) and out[-1] == "|---|---|---|":
        out.append("| (nothing measured to compare) | – | – |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
