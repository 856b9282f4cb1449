"""Size and opening time of the HTML report on a large dump, in headless Chromium.

The dump cycles the eight records of corpora/dump.jsonl (six MT articles, two clean
controls) with unique ids, URLs and headlines, up to N articles; the real CLI writes the
report (``auditor check DUMP --format html``). The page is then opened in Debian's
Chromium (driven by Selenium, as in tests/test_browser_report.py) and timed:

* load: from the navigation to the end of the first render (the page sets
  ``data-ready``), in the page's own clock (``performance.now()``) and from Python;
* interactions, in the page's clock from the fragment change to the end of the render:
  open an article, a family filter over all articles, a text search (the first one
  builds the search index), back to the overview;
* the DOM size and the JS heap after those.

Sizes are measured at two dump sizes to show that the file grows linearly.

    python bench/bench_html_report.py [--articles 10000 --small 1000 --repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _common import ROOT, header, write_report  # noqa: E402

INTERACTIONS = [
    ("open an article", "#view=article&a=1"),
    ("next article", "#view=article&a=2"),
    ("family filter (calque), all articles", "#view=overview&fam=calque"),
    ("search 'sindaco' (first search)", "#view=overview&fam=calque&q=sindaco"),
    ("search 'the two villages'", "#view=overview&q=the%20two%20villages"),
    ("back to the overview, no filter", "#view=overview"),
]

_TIMED_HASH = """
const done = arguments[arguments.length - 1];
const t0 = performance.now();
window.addEventListener('hashchange', () => done(performance.now() - t0), {once: true});
location.hash = arguments[0];
"""


def make_dump(path: Path, n: int) -> None:
    records = [json.loads(line) for line in (ROOT / "corpora" / "dump.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            r = dict(records[i % len(records)])
            r["id"] = f"{r['id']}-{i:05d}"
            r["url"] = f"{r['url']}-{i}"
            out.write(json.dumps(r, ensure_ascii=False) + "\n")


def build(n: int, work: Path) -> tuple[Path, float, dict]:
    dump, page = work / f"dump-{n}.jsonl", work / f"report-{n}.html"
    make_dump(dump, n)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "auditor", "check", "--isolated", "-q", str(dump), "-f", "html", "-o", str(page)],
                   cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    text = page.read_text(encoding="utf-8")
    start = text.index('id="auditor-articles">') + len('id="auditor-articles">')
    articles = json.loads(text[start: text.index("</script>", start)])
    findings = sum(len(a["findings"]) for a in articles)
    words = sum(a["words"] for a in articles)
    size = page.stat().st_size
    return page, seconds, {"articles": len(articles), "words": words, "findings": findings, "bytes": size,
                           "bytes_per_article": round(size / len(articles)), "cli_seconds": round(seconds, 1)}


def browse(page: Path, repeats: int) -> dict:
    from test_browser_report import open_report, start_browser

    loads, wall, steps = [], [], {name: [] for name, _ in INTERACTIONS}
    dom = heap = 0
    version = ""
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="auditor-chromium-") as profile:
            driver = start_browser(profile)
            try:
                version = driver.capabilities.get("browserVersion", "")
                started = time.perf_counter()
                open_report(driver, page, timeout=300)
                wall.append(time.perf_counter() - started)
                # the page's clock starts at the navigation; the script stamps the end of its first render
                loads.append(float(driver.execute_script("return document.body.dataset.readyMs")))
                for name, fragment in INTERACTIONS:
                    steps[name].append(driver.execute_async_script(_TIMED_HASH, fragment))
                dom = driver.execute_script("return document.getElementsByTagName('*').length")
                heap = driver.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : 0")
            finally:
                driver.quit()
    med = lambda xs: round(statistics.median(xs), 1)  # noqa: E731
    return {"chromium": version, "repeats": repeats,
            "load_ms_in_page": med(loads), "load_s_wall": round(statistics.median(wall), 2),
            "interactions_ms": {k: med(v) for k, v in steps.items()},
            "dom_elements_after": dom, "js_heap_mb": round(heap / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-html-bench-") as tmp:
        work = Path(tmp)
        _, _, small = build(args.small, work)
        page, _, big = build(args.articles, work)
        browser = browse(page, args.repeats)
    # bytes = fixed + per_article * articles, through the two points (the fixed part is the
    # stylesheet, the script and the page's shell)
    per_article = (big["bytes"] - small["bytes"]) / (big["articles"] - small["articles"])
    fixed = small["bytes"] - per_article * small["articles"]
    data = {"header": header(), "command": " ".join(["python bench/bench_html_report.py", *sys.argv[1:]]),
            "small": small, "large": big, "browser": browser,
            "growth": {"bytes_per_added_article": round(per_article), "fixed_bytes": round(fixed),
                       "bytes_per_finding": [round((small["bytes"] - fixed) / max(1, small["findings"])),
                                             round((big["bytes"] - fixed) / max(1, big["findings"]))]}}
    rows = "\n".join(f"| {k} | {v:,.1f} |" for k, v in browser["interactions_ms"].items())
    md = f"""# HTML report: size and opening time

{{header}}Command: `{data['command']}`. Dump: the eight records of `corpora/dump.jsonl` cycled with
unique ids and URLs; report written by `auditor check DUMP -f html` (with boilerplate mining).
Browser: headless Chromium {browser['chromium']} (Debian) via Selenium; median of {browser['repeats']} fresh
profiles.

| dump | articles | words | findings | report size | bytes/article | CLI time |
|---|---:|---:|---:|---:|---:|---:|
| small | {small['articles']:,} | {small['words']:,} | {small['findings']:,} | {small['bytes'] / 2**20:.2f} MiB | {small['bytes_per_article']:,} | {small['cli_seconds']} s |
| large | {big['articles']:,} | {big['words']:,} | {big['findings']:,} | {big['bytes'] / 2**20:.2f} MiB | {big['bytes_per_article']:,} | {big['cli_seconds']} s |

Growth: a fixed {data['growth']['fixed_bytes'] / 1024:,.0f} KiB (stylesheet, script, shell) plus
{data['growth']['bytes_per_added_article']:,} bytes per added article; without the fixed part,
{data['growth']['bytes_per_finding'][0]:,} bytes per finding on the small dump and
{data['growth']['bytes_per_finding'][1]:,} on the large one (the article texts included): linear.

Opening the {big['articles']:,}-article report: **{browser['load_ms_in_page']:,.0f} ms** to the first render
(page clock, from the navigation; {browser['load_s_wall']} s from Python, WebDriver included).

| interaction on the large report | ms |
|---|---:|
{rows}

After these: {browser['dom_elements_after']:,} DOM elements (one article's text is in the DOM at a
time, the overview lists 50 rows a page), JS heap {browser['js_heap_mb']} MiB.
"""
    write_report("html-report", data, md)


if __name__ == "__main__":
    main()
