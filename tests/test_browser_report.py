"""The HTML report in a real headless browser: Debian's Chromium driven by Selenium.

Skipped, with the reason, when selenium, ``chromium`` or ``chromedriver`` is missing
(``apt-get install chromium chromium-driver``; ``pip install selenium``). Nothing is
downloaded at run time: the browser and its driver are the system's.

The report under test is made by the real CLI from ``corpora/``. ``AUDITOR_SCREENSHOT=PATH``
also copies the screenshot the last test takes to PATH (that is how docs/report.png is made).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_output import TEXT, build_reports  # noqa: E402

from auditor.cli.app import main  # noqa: E402
from auditor.findings import Applicability  # noqa: E402
from auditor.fix import Edit, FixResult, apply_edits, edits_from_findings  # noqa: E402
from auditor.output.html import render_fix_html  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                "--disable-default-apps", "--force-device-scale-factor=1", "--window-size=1200,760"]


def system_browser() -> tuple[str, str] | None:
    """(chromium, chromedriver) from the system, or None."""
    chromium = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                     if p and os.path.exists(p)), None)
    driver = next((p for p in (shutil.which("chromedriver"), "/usr/bin/chromedriver") if p and os.path.exists(p)), None)
    return (chromium, driver) if chromium and driver else None


def start_browser(profile: str, window: str = "1200,760"):
    """A headless Chromium with a fresh profile that logs the console and the network."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed")
    found = system_browser()
    if found is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in CHROME_FLAGS:
        options.add_argument(flag if not flag.startswith("--window-size") else f"--window-size={window}")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(found[1]), options=options)


def open_report(driver, path: Path, fragment: str = "", timeout: float = 60) -> None:
    """Load the page (a full load, even when only the fragment differs) and wait until it
    has rendered."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get(path.resolve().as_uri() + fragment)
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))


def go(driver, fragment: str) -> None:
    """Navigate inside the page, as a link would."""
    driver.execute_script("location.hash = arguments[0]", fragment)
    driver.execute_script("return 1")  # the hashchange handler runs synchronously before this returns


def requests_made(driver) -> list[str]:
    """Every URL the browser asked for since the last call, from the performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console_problems(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def page_data(driver) -> list[dict]:
    return driver.execute_script("return JSON.parse(document.getElementById('auditor-articles').textContent)")


def count(driver, css: str) -> int:
    return driver.execute_script("return document.querySelectorAll(arguments[0]).length", css)


# -- fixtures ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="auditor-chromium-")
    driver = start_browser(profile)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def corpus_report(browser, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    cwd = os.getcwd()
    os.chdir(ROOT)  # paths in the report relative to the project, as a user would run it
    try:
        code = main(["check", "--isolated", "-q", "corpora", "--exclude", "README.md", "-f", "html", "-o", str(out)])
    finally:
        os.chdir(cwd)
    assert code in (0, 1) and out.stat().st_size > 0
    return out


def _families(article: dict, rules: dict) -> set[str]:
    return {rules[f["code"]]["family"] for f in article["findings"]}


def _meta(driver) -> dict:
    return driver.execute_script("return JSON.parse(document.getElementById('auditor-meta').textContent)")


# -- tests ---------------------------------------------------------------------------------------------------
def test_overview_counts_and_every_finding_is_highlighted(browser, corpus_report):
    open_report(browser, corpus_report)
    articles, meta = page_data(browser), _meta(browser)
    total = sum(len(a["findings"]) for a in articles)
    assert len(articles) == meta["summary"]["articles"] > 20 and total == meta["summary"]["findings"] > 50
    cards = browser.execute_script("return Array.from(document.querySelectorAll('.cards li b'), b => b.textContent)")
    assert cards[:3] == [str(len(articles)), f"{meta['summary']['words']:,}", f"{total:,}"]
    assert count(browser, "#overview svg.chart") == 5 and count(browser, "#overview tbody tr") == len(articles)
    # riskiest first
    risks = browser.execute_script("return Array.from(document.querySelectorAll('#overview tbody tr td:nth-child(2)'), "
                                   "td => parseFloat(td.textContent))")
    assert risks == sorted(risks, reverse=True)
    for i, article in enumerate(articles):
        go(browser, f"#view=article&a={i}")
        anchors = browser.execute_script(
            "return Array.from(document.querySelectorAll('#article-text mark.hl.first'), m => Number(m.dataset.fid))")
        assert sorted(anchors) == list(range(len(article["findings"]))), article["path"]
        # cutting the text at every span boundary loses and repeats nothing
        assert browser.execute_script("return document.getElementById('article-text').textContent") == article["text"]
    assert not console_problems(browser)


def test_a_family_filter_hides_the_other_findings(browser, corpus_report):
    open_report(browser, corpus_report)
    articles, meta = page_data(browser), _meta(browser)
    i, article = max(enumerate(articles), key=lambda ia: (len(_families(ia[1], meta["rules"])), -ia[0]))
    family = sorted(_families(article, meta["rules"]))[0]
    wanted = sorted(n for n, f in enumerate(article["findings"]) if meta["rules"][f["code"]]["family"] == family)
    assert 0 < len(wanted) < len(article["findings"])
    go(browser, f"#view=article&a={i}")
    chip = browser.execute_script("return Array.from(document.querySelectorAll('#f-fam .chip')).find(b => b.dataset.v === arguments[0])", family)
    chip.click()
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#article-text mark.hl.first'), m => Number(m.dataset.fid))")
    assert sorted(shown) == wanted
    assert f"fam={family}" in browser.current_url  # the view state is in the fragment
    # the overview lists only the articles with a finding of that family
    go(browser, "#view=overview&fam=" + family)
    expected = sum(1 for a in articles if family in _families(a, meta["rules"]))
    assert count(browser, "#overview tbody tr") == expected < len(articles)
    # the shared link restores the filtered view in a fresh page
    open_report(browser, corpus_report, f"#view=article&a={i}&fam={family}")
    assert count(browser, "#article-text mark.hl.first") == len(wanted)
    assert browser.execute_script("return document.querySelector('#f-fam .chip[aria-pressed=true]').dataset.v") == family


def test_focus_and_hover_show_the_finding(browser, corpus_report):
    from selenium.webdriver.common.action_chains import ActionChains

    open_report(browser, corpus_report)
    articles = page_data(browser)
    i = max(range(len(articles)), key=lambda n: (len(articles[n]["findings"]), -n))
    findings = articles[i]["findings"]
    go(browser, f"#view=article&a={i}")
    order = browser.execute_script(
        "return Array.from(document.querySelectorAll('#article-text mark.hl.first'), m => Number(m.dataset.fid))")
    tip = browser.find_element("id", "tip")
    assert not tip.is_displayed()
    ActionChains(browser).send_keys("n").perform()  # the keyboard: next finding
    focused = browser.switch_to.active_element
    assert focused.tag_name == "mark" and int(focused.get_attribute("data-fid")) == order[0]
    assert tip.is_displayed()
    assert findings[order[0]]["msg"].split("\n")[0] in tip.text and findings[order[0]]["code"] in tip.text
    ActionChains(browser).send_keys("n").perform()
    assert int(browser.switch_to.active_element.get_attribute("data-fid")) == order[1]
    assert findings[order[1]]["msg"].split("\n")[0] in tip.text
    assert f"f={order[1]}" in browser.current_url
    ActionChains(browser).send_keys("p").send_keys("p").perform()  # wraps to the last one
    assert int(browser.switch_to.active_element.get_attribute("data-fid")) == order[-1]
    ActionChains(browser).send_keys("\ue00c").perform()  # Escape
    assert not tip.is_displayed()
    # the mouse: hovering a highlight shows its message too
    mark = browser.find_element("css selector", f'#article-text mark.first[data-fid="{order[2]}"]')
    ActionChains(browser).move_to_element(mark).perform()
    assert tip.is_displayed() and findings[order[2]]["msg"].split("\n")[0] in tip.text
    assert not console_problems(browser)


MALICIOUS = {
    "id": "evil-1",
    "url": "javascript:window.__pwned='url'",
    "title": "<img src=x onerror=\"window.__pwned='title'\"> Mayor </script><script>window.__pwned='t2'</script>",
    "text": ("<img src=x onerror=\"window.__pwned='title'\"> Mayor\n\n"
             "The the sindaco said <script>window.__pwned='script';alert(1)</script> that the the bridge is closed.\n\n"
             "<img src=\"http://127.0.0.1:9/x.png\" onerror=\"window.__pwned='img';alert(2)\"> and "
             "</script><script>window.__pwned='close';alert(3)</script> and <iframe src=\"https://example.org\"></iframe> "
             "Riproduzione riservata © Copyright ANSA\n"),
    "source_lang": "it",
}


def test_a_malicious_article_runs_nothing(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains

    dump = tmp_path / "evil.jsonl"
    dump.write_text(json.dumps(MALICIOUS) + "\n", encoding="utf-8")
    out = tmp_path / "evil.html"
    assert main(["check", "--isolated", "-q", "--no-mine", str(dump), "-f", "html", "-o", str(out)]) in (0, 1)
    browser.get_log("performance"), browser.get_log("browser")  # start both logs afresh
    open_report(browser, out)
    go(browser, "#view=article&a=0")
    findings = page_data(browser)[0]["findings"]
    assert findings, "the article must have findings, so their messages are rendered too"
    for n in range(len(findings)):  # show every message (they quote the text)
        ActionChains(browser).send_keys("n").perform()
    mark = browser.find_element("css selector", "#article-text mark.first")
    ActionChains(browser).move_to_element(mark).perform()
    go(browser, "#view=overview&q=sindaco")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert
    assert browser.execute_script("return window.__pwned === undefined")
    assert count(browser, "img, iframe, object, embed") == 0
    assert count(browser, "script") == 3  # the two JSON blocks and the report's own script
    go(browser, "#view=article&a=0")
    text = browser.execute_script("return document.getElementById('article-text').textContent")
    assert "<script>window.__pwned='script';alert(1)</script>" in text and MALICIOUS["text"] in text
    assert text == page_data(browser)[0]["text"]
    assert browser.find_element("id", "article-title").text.startswith("<img src=x onerror=")
    assert browser.execute_script("return Array.from(document.links).every(a => !a.href.startsWith('javascript:'))")
    assert not console_problems(browser)
    urls = requests_made(browser)
    assert urls and all(u.startswith("file://") or u == "about:blank" for u in urls), urls
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def _fix_result() -> FixResult:
    doc = build_reports()[0]
    model = Edit(54, 62, "nations", Applicability.UNSAFE, "model", original="Villages",
                 evidence={"codes": ["CAL901"], "scores": {"lm": -3.2}}, status="rejected",
                 reason="the language model prefers the original")
    corrected, edits = apply_edits(TEXT, edits_from_findings(TEXT, doc.findings) + [model], Applicability.SAFE)
    return FixResult(doc.article, corrected, edits, doc.findings)


def test_fix_view_shows_edits_and_rejected_proposals(browser, tmp_path):
    result = _fix_result()
    out = tmp_path / "fixes.html"
    with open(out, "w", encoding="utf-8") as stream:
        render_fix_html([result], stream)
    open_report(browser, out, "#view=article&a=0")
    applied = [e for e in result.edits if e.status == "applied"]
    assert count(browser, "#article .edit") == len(applied) == 2
    assert browser.find_element("id", "rejected").text.endswith("the language model prefers the original")
    rows = browser.execute_script("return Array.from(document.querySelectorAll('#article tbody tr'), r => r.textContent)")
    assert len(rows) == len(result.edits)
    assert [r for r in rows if "model" in r and "rejected" in r and "gate evidence" in r]
    go(browser, "#view=article&a=0&layout=side")
    columns = browser.execute_script("return Array.from(document.querySelectorAll('.columns .text'), t => t.textContent)")
    strip = lambda s: "".join(ch for ch in s if not ch.isdigit())  # noqa: E731 (edit numbers)
    assert strip(columns[1]) == strip(result.corrected) and strip(columns[0]) == strip(TEXT)
    first = browser.find_element("css selector", "#article .edit")
    browser.execute_script("arguments[0].focus()", first)
    assert "safe" in browser.find_element("id", "tip").text
    assert not console_problems(browser)


def test_screenshot(browser, corpus_report, tmp_path):
    open_report(browser, corpus_report)
    articles, meta = page_data(browser), _meta(browser)
    # the most varied article whose first finding is near the top, so the page shows both
    near_top = [n for n, a in enumerate(articles) if a["findings"] and min(f["s"] for f in a["findings"]) < 200]
    i = max(near_top, key=lambda n: (len(_families(articles[n], meta["rules"])), -n))
    go(browser, f"#view=article&a={i}")
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys("n").perform()
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    target = os.environ.get("AUDITOR_SCREENSHOT")
    if target:
        shutil.copyfile(shot, target)
