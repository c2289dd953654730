"""perf/run --compare OLD NEW: which cases moved beyond their run-to-run
spread between two result folders."""
import os

from . import results


def _spread(record):
    return record.get("pair_min", record["ratio"]), record.get("pair_max", record["ratio"])


def moved(old, new):
    """'better', 'worse' or None: a case moved when each run's ratio lies
    outside the other run's per-pair range (the spread one run shows)."""
    old_low, old_high = _spread(old)
    new_low, new_high = _spread(new)
    if new["ratio"] > old_high and old["ratio"] < new_low:
        return "better"
    if new["ratio"] < old_low and old["ratio"] > new_high:
        return "worse"
    return None


def compare(old_dir, new_dir, out=print):
    old = {r["name"]: r for r in results.load(os.path.join(old_dir, "results.jsonl"))}
    new = {r["name"]: r for r in results.load(os.path.join(new_dir, "results.jsonl"))}
    changed = 0
    out(f"{'case':44} {'old':>6} {'new':>6}  spread old / new         moved")
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name), new.get(name)
        if not a or not b or a["status"] != "measured" or b["status"] != "measured":
            state = lambda r: r["status"] if r else "absent"
            out(f"{name:44} {state(a):>6} {state(b):>6}")
            continue
        verdict = moved(a, b)
        changed += verdict is not None
        out(f"{name:44} {a['ratio']:6.2f} {b['ratio']:6.2f}  "
            f"{a['pair_min']:.2f}-{a['pair_max']:.2f} / {b['pair_min']:.2f}-{b['pair_max']:.2f}"
            f"   {verdict or '-'}")
    out(f"{changed} case(s) moved beyond their run-to-run spread")
    return changed
