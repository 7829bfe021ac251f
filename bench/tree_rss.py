#!/usr/bin/env python3
"""Runs a command and measures the memory of its whole process tree while it runs.

    python3 bench/tree_rss.py --result FILE [--interval-ms 100] -- COMMAND [ARG ...]

GNU time's %M is the largest single process; a Terraform run is one terraform process plus one provider process
per provider configuration (alias), alive at the same time. So every --interval-ms this reads the command's
process tree from /proc (the command and every descendant alive then) and sums their resident memory, keeping
the maximum over the run. Written to --result, one line, tab-separated:
  tree_rss_kb  tree_pss_kb  max_processes  largest_rss_kb  cpu_seconds  exit_status  wall_seconds
tree_rss_kb: the largest sum of RSS seen (shared pages, e.g. the provider binary's code mapped by every provider
  process, count once per process, as `ps` shows them); tree_pss_kb: the sum of PSS at that same sample (shared
  pages split between the processes sharing them: what the tree costs the machine); max_processes: the most
  processes alive in the tree at once (GNU time, the command's parent here, is left out); largest_rss_kb and
  cpu_seconds (user + system): GNU time's %M and %U + %S, the kernel's own accounting of the command and the
  descendants it waited for (exact, not sampled, as in bench/run.sh);
wall_seconds: from just before the command is started to the moment it has exited (this script's own start-up
  is not in it).
A command shorter than the interval may end between samples: tree_rss_kb is then at least largest_rss_kb (exact);
tree_pss_kb stays what the samples saw (0 when none saw the command). The command's stdout and stderr are this
process's; its exit status becomes this one's.
"""
import argparse
import os
import select
import sys
import time


def children_map():
    """{parent pid: [child pids]} of every process now."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2:].split(None, 2)[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree(root):
    children = children_map()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def memory_kb(pid):
    """(rss, pss) of one process in KiB, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            rss = pss = 0
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
            return rss, pss
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--result", required=True)
    parser.add_argument("--interval-ms", type=float, default=100.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    started = time.monotonic()
    # The exact figures come from GNU time around the command, as in bench/run.sh: a child of this process would
    # carry this process's own ~14 MB into its peak RSS (the memory it shared until its exec counts).
    usage_file = args.result + ".time"
    timed = ["/usr/bin/time", "-f", "%M %U %S", "-o", usage_file, "--", *command]
    pid = os.posix_spawn(timed[0], timed, os.environ)
    # A pidfd becomes readable when the child exits: the exit is seen at once, not at the next poll.
    exited = os.pidfd_open(pid)
    peak_rss = peak_pss = peak_processes = 0
    interval = args.interval_ms / 1000.0
    next_sample = started
    while True:
        rss = pss = processes = 0
        for member in tree(pid)[1:]:  # [0] is GNU time itself
            measured = memory_kb(member)
            if measured:
                rss, pss, processes = rss + measured[0], pss + measured[1], processes + 1
        if rss > peak_rss:
            peak_rss, peak_pss = rss, pss
        peak_processes = max(peak_processes, processes)
        next_sample = max(next_sample + interval, time.monotonic())
        if select.select([exited], [], [], max(0.0, next_sample - time.monotonic()))[0]:
            break
    _, status = os.waitpid(pid, 0)
    wall = time.monotonic() - started
    returncode = os.waitstatus_to_exitcode(status)
    os.close(exited)
    try:
        with open(usage_file) as f:
            # The last line: GNU time puts "Command exited with non-zero status N" before it.
            largest, user, system = f.read().split("\n")[-2].split()
        os.remove(usage_file)
    except (OSError, IndexError, ValueError):
        sys.exit(f"tree_rss: GNU time left no usage line for {command[0]} (exit status {returncode})")
    largest = int(largest)
    if largest > peak_rss:  # a short command that ended between samples: its exact peak (PSS stays sampled)
        peak_rss, peak_processes = largest, max(peak_processes, 1)
    with open(args.result, "w") as f:
        f.write(f"{peak_rss}\t{peak_pss}\t{peak_processes}\t{largest}\t"
                f"{float(user) + float(system):.3f}\t{returncode}\t{wall:.4f}\n")
    sys.exit(returncode if returncode >= 0 else 128 - returncode)


if __name__ == "__main__":
    main()
