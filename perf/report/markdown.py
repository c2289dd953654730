"""report.md: the machine, then per area a table of ours against each peer,
with the charts next to it."""
from . import results


def _fmt(value):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def _machine(machine):
    io_uring = machine["io_uring"]
    rows = [("host", machine["host"]), ("CPU", machine["cpu"]),
            ("cores", f"{machine['cpus']} ({machine['usable_cpus']} usable)"),
            ("kernel", machine["kernel"]), ("memory", f"{machine['memory_gib']} GiB"),
            ("scratch directory", f"{machine['scratch']}: {machine['scratch_filesystem']}")]
    rows += [(key if key.startswith("io_uring") else f"io_uring {key}", value)
             for key, value in io_uring.items()]
    return ["| | |", "|---|---|"] + [f"| {key} | {value} |" for key, value in rows]


def _side(side):
    return f"{_fmt(side['median'])} ({_fmt(side['min'])}-{_fmt(side['max'])})"


def _area_table(records):
    lines = ["| case | ours | baseline | unit | ours median (min-max) | baseline median (min-max) "
             "| ratio (per pair) | target | |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        case = r["name"].split(".", 1)[1]
        if r["status"] != "measured":
            lines.append(f"| {case} | | | | | | {r['status']}: {r.get('reason', '')} "
                         f"| {r['target']} | |")
            continue
        lines.append(
            f"| {case} | {r['ours']['label']} | {r['baseline']['label']} | {r['unit']} "
            f"| {_side(r['ours'])} | {_side(r['baseline'])} "
            f"| {r['ratio']:.2f} ({r['pair_min']:.2f}-{r['pair_max']:.2f}) | {r['target']} "
            f"| {'met' if r['met'] else '**missed**'} |")
    return lines


def write(path, title, machine, records, charts, notes):
    measured = [r for r in records if r["status"] == "measured"]
    met = sum(r["met"] for r in measured)
    lines = [f"# {title}", ""] + notes + [""] + _machine(machine) + [
        "", f"{len(records)} comparisons: {met} met their target, {len(measured) - met} missed, "
        f"{len(records) - len(measured)} skipped or failed. Ratios are oriented so that higher "
        "is better; each is the ratio of the two sides' medians over interleaved repetitions, "
        "and the range after it is the spread of the per-pair ratios.", ""]
    if "ratios" in charts:
        lines += [f"![every ratio against its target]({charts['ratios']})", ""]
    areas = []
    for record in records:
        if results.area_of(record) not in areas:
            areas.append(results.area_of(record))
    for area in areas:
        lines += [f"## {area}", ""] + _area_table(
            [r for r in records if results.area_of(r) == area]) + [""]
        for key in (f"{area}-sides", area):
            if key in charts:
                lines += [f"![{key}]({charts[key]})", ""]
    lines += ["Raw data: `results.jsonl` (every repetition), `results.csv`, `machine.json`, "
              "and each benchmark's own output in `logs/`."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
