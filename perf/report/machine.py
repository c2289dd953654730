"""What the report says about the machine it ran on."""
import os
import platform
import re
import subprocess


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def _cpu_model():
    match = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.M)
    return match.group(1).strip() if match else platform.processor() or "unknown"


def _memory_gib():
    match = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    return round(int(match.group(1)) / (1 << 20), 1) if match else None


def _filesystem(path):
    try:
        out = subprocess.run(["df", "-T", path], capture_output=True, text=True, check=True)
        fields = out.stdout.splitlines()[-1].split()
        return f"{fields[1]} ({fields[0]})"
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown"


def _io_uring(build_dir):
    """The drivers' own view (cio-perf-probe): setup flags and optional ops."""
    disabled = _read("/proc/sys/kernel/io_uring_disabled").strip()
    summary = {"io_uring_disabled": disabled or "(no such knob)"}
    probe = os.path.join(build_dir, "perf", "probe", "cio-perf-probe")
    if os.access(probe, os.X_OK):
        out = subprocess.run([probe], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            key, _, value = line.partition(": ")
            summary[key] = value
    return summary


def describe(build_dir, scratch_dir):
    uname = platform.uname()
    return {
        "host": uname.node,
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "kernel": uname.release,
        "memory_gib": _memory_gib(),
        "scratch": scratch_dir,
        "scratch_filesystem": _filesystem(scratch_dir),
        "io_uring": _io_uring(build_dir),
    }
