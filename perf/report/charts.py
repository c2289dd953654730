"""PNG charts for the report (matplotlib, without a display)."""
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)

from . import results  # noqa: E402

MET, MISSED = "#3a7d44", "#d1793b"


def _bound(target):
    match = re.match(r"[<>=]+\s*([\d.]+)", target)
    return float(match.group(1)) if match else None


def ratios(records, path):
    """One bar per case: the ratio (higher is better), its target as a tick."""
    measured = [r for r in records if r["status"] == "measured"]
    if not measured:
        return False
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(measured) + 1.2))
    names = [r["name"] for r in measured]
    ax.barh(names, [r["ratio"] for r in measured],
            color=[MET if r["met"] else MISSED for r in measured])
    for y, record in enumerate(measured):
        bound = _bound(record["target"])
        if bound:
            ax.plot([bound, bound], [y - 0.4, y + 0.4], color="black", linewidth=1.5)
    ax.axvline(1.0, color="grey", linewidth=0.8, linestyle=":")
    ax.invert_yaxis()
    ax.set_xlabel("ratio (higher is better); black tick: target; green: met")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def sides(records, area, path):
    """Ours against the baseline per case of one area: medians, min-max bars."""
    measured = [r for r in records if r["status"] == "measured" and results.area_of(r) == area]
    if not measured:
        return False
    units = sorted({r["unit"] for r in measured})
    fig, axes = plt.subplots(len(units), 1, figsize=(9, 2.2 + 0.55 * len(measured)), squeeze=False)
    for ax, unit in zip(axes[:, 0], units):
        cases = [r for r in measured if r["unit"] == unit]
        y = range(len(cases))
        for offset, side, color in ((-0.2, "ours", "#2b6cb0"), (0.2, "baseline", "#a0aec0")):
            medians = [c[side]["median"] for c in cases]
            low = [c[side]["median"] - c[side]["min"] for c in cases]
            high = [c[side]["max"] - c[side]["median"] for c in cases]
            ax.barh([i + offset for i in y], medians, height=0.38, xerr=[low, high], color=color,
                    label="CompleteIO" if side == "ours" else "baseline", capsize=2)
        ax.set_yticks(list(y))
        ax.set_yticklabels([f"{c['name'].split('.', 1)[1]}\nvs {c['baseline']['label']}"
                            for c in cases], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel(f"{unit} (median, min-max over interleaved repetitions)")
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _echo_servers(records, metric):
    """{case: {server: median}} for one echo metric, from the ratio records."""
    table = {}
    for record in records:
        parts = record["name"].split(".")
        if record["status"] != "measured" or len(parts) != 4 or parts[1] != metric:
            continue
        row = table.setdefault(parts[2], {})
        row[record["ours"]["label"]] = record["ours"]["median"]
        row[record["baseline"]["label"]] = record["baseline"]["median"]
    return table


def echo(records, path):
    """Echo requests/s and server CPU per request, per case and server."""
    panels = [("requests", "requests/s (higher is better)"),
              ("cpu_per_request", "server CPU us per request (lower is better)")]
    tables = [(_echo_servers(records, metric), label) for metric, label in panels]
    if not any(table for table, _ in tables):
        return False
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, (table, label) in zip(axes, tables):
        cases = sorted(table, key=lambda c: (int(re.sub(r"\D", "", c.split("_")[0]) or 0), c))
        servers = sorted({s for row in table.values() for s in row})
        width = 0.8 / max(len(servers), 1)
        for i, server in enumerate(servers):
            ax.bar([x + i * width for x in range(len(cases))],
                   [table[c].get(server, 0) for c in cases], width=width, label=server)
        ax.set_xticks([x + 0.4 - width / 2 for x in range(len(cases))])
        ax.set_xticklabels(cases, fontsize=8)
        ax.set_title(label, fontsize=9)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
