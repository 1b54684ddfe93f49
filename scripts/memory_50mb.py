"""Build one very large input file with `kg build` and report its peak memory.

    .venv/bin/python scripts/memory_50mb.py [--mb 50] [--kind report|line]

The input is the seeds written out again and again, each copy's sentences
numbered so that no sentence repeats (a repeated passage is skipped by the
extractors and would make the test too easy); `--kind line` puts all of it
on one line. The build runs as a child process; its process tree's memory is
sampled from /proc: the peak of the sum of resident sets (an overestimate,
as pages shared by worker processes count once per process) and the peak of
the sum of proportional sets (each shared page split among its users).
Exits 1 if the build fails or the peak proportional set reaches --limit-mb.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_input(path: Path, megabytes: float, one_line: bool) -> int:
    """Write about `megabytes` MB of report text (UTF-8) to `path`; returns its size in bytes."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    target = int(megabytes * 1024 * 1024)
    size = copy = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while size < target:
            copy += 1
            for text in seeds:
                text = re.sub("。", f"（{copy}）。", text)
                if one_line:
                    text = text.replace("\n", "")
                data = text.encode("utf-8")
                fh.write(text)
                size += len(data)
                if size >= target:
                    break
    return size


def _tree(root: int) -> list[int]:
    """`root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(resident set, proportional set) of one process in kB; zeros once it is gone."""
    try:
        rss = pss = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
        return rss, pss
    except (OSError, ValueError):
        return 0, 0


def measure(cmd: list[str], timeout: float, interval: float = 0.2) -> dict:
    """Run `cmd`, sampling its process tree's memory; what it used and how it ended."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_rss = peak_pss = peak_processes = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True)
    reader.start()
    while proc.poll() is None:
        if time.perf_counter() - started > timeout:
            proc.kill()
            break
        pids = _tree(proc.pid)
        sizes = [_memory_kb(pid) for pid in pids]
        peak_rss = max(peak_rss, sum(r for r, _ in sizes))
        peak_pss = max(peak_pss, sum(p for _, p in sizes))
        peak_processes = max(peak_processes, len(pids))
        time.sleep(interval)
    proc.wait()
    reader.join(timeout=5)
    return {"exit": proc.returncode, "seconds": time.perf_counter() - started, "peak_rss_mb": peak_rss / 1024,
            "peak_pss_mb": peak_pss / 1024, "processes": peak_processes, "output": "".join(output)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the input file in MB (default 50)")
    parser.add_argument("--kind", choices=("report", "line"), default="report",
                        help="lines as in the seeds, or everything on one line")
    parser.add_argument("--limit-mb", type=float, default=2048, help="peak memory allowed (default 2048)")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds before the build is killed")
    parser.add_argument("--keep", type=Path, help="folder to keep the input and output in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-memory-") as tmp:
        work = args.keep or Path(tmp)
        (work / "in").mkdir(parents=True, exist_ok=True)
        source = work / "in" / f"big_{args.kind}.txt"
        size = make_input(source, args.mb, args.kind == "line")
        print(f"input: {source} ({size / 1024 / 1024:.1f} MB, {args.kind})", flush=True)
        cmd = [sys.executable, "-m", "kg", "build", str(source), "--out", str(work / "out")]
        result = measure(cmd, args.timeout)
    tail = result["output"].strip().splitlines()[-8:]
    print("\n".join("  | " + line for line in tail))
    print(f"exit code {result['exit']} after {result['seconds']:.0f} s; "
          f"peak memory of the build's {result['processes']} processes: "
          f"{result['peak_pss_mb']:.0f} MB proportional, {result['peak_rss_mb']:.0f} MB resident")
    ok = result["exit"] == 0 and result["peak_pss_mb"] < args.limit_mb
    print("OK" if ok else "FAILED", f"(limit {args.limit_mb:.0f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
