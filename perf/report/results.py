"""The benchmarks' results: one JSON object per comparison (results.jsonl,
written by the harness when CIO_PERF_RESULTS is set), flattened to CSV."""
import csv
import json

CSV_FIELDS = ["name", "status", "ratio", "target", "met", "pair_min", "pair_max", "unit",
              "better", "ours_label", "ours_median", "ours_min", "ours_max",
              "baseline_label", "baseline_median", "baseline_min", "baseline_max", "reason"]


def load(path):
    """Every record in `path`, in the order written; the last of a name wins."""
    records = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not a JSON object: {error}")
            records[record["name"]] = record
    return list(records.values())


def area_of(record):
    return record["name"].split(".", 1)[0]


def write_csv(records, path):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for record in records:
            row = {key: record.get(key, "") for key in CSV_FIELDS}
            for side in ("ours", "baseline"):
                if side in record:
                    for key in ("label", "median", "min", "max"):
                        row[f"{side}_{key}"] = record[side][key]
            writer.writerow(row)
