"""How fast the network view opens in headless Chromium: the dev set's page and a 1,000-report page.

The dev page is built by `kg build` from tests/fixtures/dev/reports (or read
from --dev PAGE); the 1,000-report page is drawn from the synthetic network
of the browser tests (about 5,000 entities shaped like those of 1,000 county
reports). Each page is opened --repeat times in one browser at 1280×720; a
page is interactive when it has drawn its first frame with the labels and
answers a search (both in ms after navigation starts). Prints the medians
and the machine's load.

    .venv/bin/python scripts/view_timing.py [--repeat 5] [--dev PAGE] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kg.build import build  # noqa: E402
from kg.view.html import render  # noqa: E402
from test_view_browser import Browser, open_page, synthetic_network  # noqa: E402


def measure(browser: Browser, page: Path, query: str, repeat: int) -> dict:
    """Median ms after navigation to the first drawn frame, and to a search's answer."""
    drawn, answered = [], []
    for _ in range(repeat):
        times = open_page(browser, page, timeout=120)
        drawn.append(times["ready"])
        answered.append(browser.js("window.kg.find(arguments[0], 12); return performance.now();", query))
    return {"page_kb": page.stat().st_size // 1024, "drawn_ms": round(statistics.median(drawn)),
            "search_answered_ms": round(statistics.median(answered)), "all_drawn_ms": [round(t) for t in drawn]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dev", type=Path, help="the dev set's graph.html (built if not given)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-view-timing-") as tmp:
        dev = args.dev
        if dev is None:
            build([ROOT / "tests" / "fixtures" / "dev" / "reports"], Path(tmp) / "dev")
            dev = Path(tmp) / "dev" / "graph.html"
        large = Path(tmp) / "large.html"
        net = synthetic_network(1000)
        large.write_text(render(net), encoding="utf-8")
        browser = Browser(1280, 720)
        browser.viewport(1280, 720)
        try:
            results = {"load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
                       "dev": measure(browser, dev, "县", args.repeat),
                       "large": dict(measure(browser, large, "第1县", args.repeat), entities=net.number_of_nodes())}
        finally:
            browser.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
