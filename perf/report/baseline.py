"""perf/run --baseline REV: another revision built in a scratch worktree,
then both revisions' benchmarks run in alternation (this, REV, this, REV,
...) so that both see the same machine state; each case's ratios from the
two revisions are compared. Only the ratio lines are used, so any revision
whose benchmarks print them can be the baseline."""
import os
import statistics
import subprocess


def prepare(root, rev, scratch):
    """A detached worktree of `rev` under `scratch`, with its Release build."""
    tree = os.path.join(scratch, "tree")
    if not os.path.isdir(tree):
        subprocess.run(["git", "-C", root, "worktree", "add", "--detach", tree, rev], check=True)
    else:
        subprocess.run(["git", "-C", tree, "checkout", "--detach", rev], check=True)
    build = os.path.join(scratch, "build")
    subprocess.run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], check=True,
                   stdout=subprocess.DEVNULL)
    return tree, build


def ratios_of(output):
    """{name: ratio} from a benchmark's ratio lines."""
    found = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "ratio":
            try:
                found[parts[1]] = float(parts[2])
            except ValueError:
                pass
    return found


def summarize(this_runs, base_runs, out=print):
    """Per case: median and range of each revision's ratios, and whether the
    ranges are apart (a move beyond the run-to-run spread)."""
    names = sorted(set().union(*this_runs, *base_runs)) if this_runs and base_runs else []
    moved = 0
    out(f"{'case':44} {'this':>14} {'baseline':>14}  moved")
    for name in names:
        a = [r[name] for r in this_runs if name in r]
        b = [r[name] for r in base_runs if name in r]
        if not a or not b:
            out(f"{name:44} {'-' if not a else len(a):>14} {'-' if not b else len(b):>14}")
            continue
        verdict = "better" if min(a) > max(b) else "worse" if max(a) < min(b) else "-"
        moved += verdict != "-"
        out(f"{name:44} {statistics.median(a):5.2f} ({min(a):.2f}-{max(a):.2f}) "
            f"{statistics.median(b):5.2f} ({min(b):.2f}-{max(b):.2f})  {verdict}")
    out(f"{moved} case(s) moved: every run of one revision beat every run of the other")
    return moved
