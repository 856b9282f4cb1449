"""`auditor serve` for real: uvicorn on a free loopback port in a subprocess, requests
through httpx, the real `language_tool_python` client, every limit exercised, SIGTERM
draining, and schemathesis against the served OpenAPI schema."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from auditor import Auditor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "corpora" / "articles" / "it-bridge-collapse-mt.txt").read_text("utf-8")
KEY = "s3cret-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``python -m auditor serve`` on a free loopback port; ``url``, ``log()``, ``stop()``."""

    def __init__(self, *args: str, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stderr = open(os.devnull, "w")
        self.log_path = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"auditor-serve-{self.port}.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "auditor", "serve", "--port", str(self.port), "--isolated", "--no-model", *args],
            stdout=subprocess.DEVNULL, stderr=self._log, env={**os.environ, **(env or {})}, cwd=ROOT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()}")
            try:
                if httpx.get(self.url + "/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server not ready: {self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text("utf-8", errors="replace")

    def busy(self) -> int:
        return httpx.get(self.url + "/health", timeout=5).json()["busy"]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        self.log_path.unlink(missing_ok=True)
        return self.proc.returncode


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def tight():
    """Small limits: 1 MB bodies, 0.2 s, one request at a time and none waiting, API key."""
    s = Server("--max-body", str(1024 * 1024), "--timeout", "0.2", "--max-concurrency", "1", "--max-queue", "0",
               "--max-articles", "3", "--api-key-env", "AUDITOR_TEST_KEYS", env={"AUDITOR_TEST_KEYS": f"other,{KEY}"})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor(isolated=True, model=False)


def long_article(words: int = 60_000) -> str:
    para = ("The council met on Monday and the two Villages agreed that the works on the bridge "
            "will start in the spring, the mayor said.  ")
    body = "\n\n".join(para * 4 for _ in range(words // 80))
    return "Works on the bridge will start in spring – Cronaca\n\n" + body


# -- native endpoints --------------------------------------------------------------------------
def test_probes_rules_and_schema(server):
    assert httpx.get(server.url + "/health").json()["status"] == "ok"
    assert httpx.get(server.url + "/ready").json()["ready"] is True
    rules = httpx.get(server.url + "/v1/rules").json()["rules"]
    assert {"code", "name", "family", "severity", "fix", "summary"} <= set(rules[0])
    schema = httpx.get(server.url + "/openapi.json").json()
    assert schema["openapi"].startswith("3.") and "/v2/check" in schema["paths"]
    missing = httpx.get(server.url + "/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_v1_check_is_the_api_report(server, auditor):
    r = httpx.post(server.url + "/v1/check", json={"text": ARTICLE, "id": "a"})
    assert r.status_code == 200
    doc = r.json()
    assert doc["articles"][0] == auditor.check(ARTICLE, id="a").to_dict()
    assert doc["summary"]["articles"] == 1 and doc["articles"][0]["mt_risk"] is not None
    many = httpx.post(server.url + "/v1/check", json={"articles": [{"text": ARTICLE}, {"text": "Quiet day\n\nNothing happened."}],
                                                       "select": ["RES"]}).json()
    assert [a["id"] for a in many["articles"]] == ["1", "2"]
    assert all(f["code"].startswith("RES") for a in many["articles"] for f in a["findings"])


def test_v1_fix_is_the_api_fix(server, auditor):
    r = httpx.post(server.url + "/v1/fix", json={"text": ARTICLE})
    assert r.status_code == 200
    doc = r.json()
    assert doc["articles"][0] == auditor.fix(ARTICLE).to_dict()
    assert doc["articles"][0]["changed"] and doc["unsafe_fixes"] is False
    edits = doc["articles"][0]["edits"]
    assert all({"applicability", "origin", "status"} <= set(e) for e in edits)


@pytest.mark.parametrize("body, field", [
    (b'{"text": 3}', "text"),
    (b'{"articles": [{"text": "ok"}, {"title": "no text"}]}', "articles[1].text"),
    (b'{"text": "x", "colour": 1}', "colour"),
    (b'{"text": "   "}', "text"),
    (b'{"text": "x", "format": "pdf"}', "format"),
    (b'{"text": "x", "select": ["ZZZ"]}', "select"),
    (b'{"text": "caf\xe9"}', "body"),
    (b'{"text": ', "body"),
    (b'[1, 2]', "body"),
])
def test_v1_bad_bodies_name_the_field(server, body, field):
    r = httpx.post(server.url + "/v1/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["field"] == field


# -- LanguageTool compatibility ------------------------------------------------------------------
def test_v2_check_shape_and_fields(server, auditor):
    text = "Floods in the north 🌊 – Cronaca\n\nThe two Villages signed the accord on Monday, officials said.\n"
    r = httpx.post(server.url + "/v2/check", data={"text": text, "language": "en-GB", "motherTongue": "it-IT"})
    assert r.status_code == 200
    doc = r.json()
    assert doc["language"]["code"] == "en-GB" and doc["software"]["name"] == "auditor"
    match = doc["matches"][0]
    assert {"message", "shortMessage", "replacements", "offset", "length", "context", "sentence", "type", "rule"} <= set(match)
    assert {"id", "description", "issueType", "category"} <= set(match["rule"])
    expected = auditor.check(text, source_lang="it").to_languagetool(auditor.rules)["matches"]
    assert doc["matches"] == expected
    only = httpx.post(server.url + "/v2/check", data={"text": text, "language": "en-US", "enabledOnly": "true",
                                                      "enabledCategories": "RESIDUE"}).json()
    assert only["matches"] and {m["rule"]["category"]["id"] for m in only["matches"]} == {"RESIDUE"}
    off = httpx.post(server.url + "/v2/check", data={"text": text, "language": "en-US",
                                                     "disabledRules": ",".join(m["rule"]["id"] for m in doc["matches"])}).json()
    assert off["matches"] == []
    langs = httpx.get(server.url + "/v2/languages").json()
    assert {"name", "code", "longCode"} <= set(langs[0]) and "en-US" in {lang["longCode"] for lang in langs}


def test_v2_data_offsets_count_the_markup(server):
    annotation = {"annotation": [{"markup": "<h1>"}, {"text": "Bridge on the Adige closed after the collapse of a pylon – Cronaca"}, {"markup": "</h1>", "interpretAs": "\n\n"},
                                 {"markup": "<p>"}, {"text": "The mayor spoke about the the bridge."}, {"markup": "</p>"}]}
    original = "".join(a.get("text", a.get("markup")) for a in annotation["annotation"])
    doc = httpx.post(server.url + "/v2/check", data={"data": json.dumps(annotation), "language": "en-US"}).json()
    spans = {m["rule"]["id"]: original[m["offset"]:m["offset"] + m["length"]] for m in doc["matches"]}
    assert spans == {"RES001": " – Cronaca", "TYP013": "the the"}


@pytest.mark.parametrize("form, field", [
    ({"language": "en-US"}, "text"),
    ({"text": "x", "data": "{}", "language": "en-US"}, "data"),
    ({"text": "Hello there."}, "language"),
    ({"text": "Hallo.", "language": "de-DE"}, "language"),
    ({"text": "Hello.", "language": "en-US", "level": "extreme"}, "level"),
    ({"text": "Hello.", "language": "en-US", "enabledOnly": "true"}, "enabledRules"),
    ({"text": "Hello.", "language": "en-US", "enabledOnly": "maybe"}, "enabledOnly"),
    ({"data": "not json", "language": "en-US"}, "data"),
])
def test_v2_bad_forms_name_the_field(server, form, field):
    r = httpx.post(server.url + "/v2/check", data=form)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["field"] == field


def test_v2_invalid_utf8_names_the_field(server):
    r = httpx.post(server.url + "/v2/check", content=b"language=en-US&text=caf%E9",
                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and r.json()["error"] == {
        "status": 400, "code": "bad_encoding", "message": "form field 'text' is not valid UTF-8 (byte 3)", "field": "text"}


def test_language_tool_python_client(server, auditor):
    lt = pytest.importorskip("language_tool_python")
    text = ("Storms hit the coast 🌧️🌊 – Cronaca\n\nResidents 👩‍👩‍👧 in 𝐒𝐚𝐧 Marco said the two Villages "
            "were cut off , and the the road closed.\n\nFollow us on Google News\n")
    tool = lt.LanguageTool("en-US", remote_server=server.url, mother_tongue="it")
    try:
        matches = tool.check(text)
    finally:
        tool.close()
    findings = auditor.check(text, source_lang="it").findings
    assert len(matches) == len(findings) >= 3
    for match, finding in zip(matches, findings):
        lo = min([finding.start] + [r.start for r in finding.replacements])
        hi = max([finding.end] + [r.end for r in finding.replacements])
        assert match.rule_id == finding.code
        assert (match.offset, match.error_length) == (lo, hi - lo)  # the client's own UTF-16 conversion
        assert text[match.offset:match.offset + match.error_length] == text[lo:hi]
    assert any(ord(ch) > 0xFFFF for ch in text[:findings[-1].start])


# -- limits ---------------------------------------------------------------------------------------
def test_api_keys(tight):
    assert httpx.get(tight.url + "/health").status_code == 200  # probes stay open
    r = httpx.post(tight.url + "/v1/check", json={"text": "Hello\n\nWorld."})
    assert r.status_code == 401 and r.json()["error"]["field"] == "X-API-Key"
    assert httpx.post(tight.url + "/v1/check", json={"text": "Hello\n\nWorld."}, headers={"X-API-Key": "nope"}).status_code == 401
    assert httpx.post(tight.url + "/v1/check", json={"text": "Hello\n\nWorld."}, headers={"X-API-Key": KEY}).status_code == 200
    assert httpx.post(tight.url + "/v1/check", json={"text": "Hello\n\nWorld."},
                      headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    form = {"text": "Hello\n\nWorld.", "language": "en-US"}
    assert httpx.post(tight.url + "/v2/check", data=form).status_code == 401
    assert httpx.post(tight.url + "/v2/check", data={**form, "apiKey": KEY}).status_code == 200


def test_body_size_limit(tight):
    big = {"text": "x" * (1024 * 1024 + 10)}
    r = httpx.post(tight.url + "/v1/check", json=big, headers={"X-API-Key": KEY})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    def chunks():  # no Content-Length: counted while read
        for _ in range(20):
            yield b"x" * 65536

    r = httpx.post(tight.url + "/v2/check", content=chunks(), headers={"X-API-Key": KEY,
                   "content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    r = httpx.post(tight.url + "/v1/check", json={"articles": [{"text": "a"}] * 4}, headers={"X-API-Key": KEY})
    assert r.status_code == 413 and r.json()["error"]["field"] == "articles"
    assert httpx.get(tight.url + "/health").status_code == 200


@pytest.mark.slow
def test_timeout_and_back_pressure(tight):
    slow = {"text": long_article(), "id": "slow"}
    headers = {"X-API-Key": KEY}
    result: dict = {}

    def send_slow() -> None:
        result["r"] = httpx.post(tight.url + "/v1/check", json=slow, headers=headers, timeout=60)

    thread = threading.Thread(target=send_slow)
    thread.start()
    deadline = time.monotonic() + 30
    while tight.busy() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    busy = httpx.post(tight.url + "/v1/check", json={"text": "Quiet\n\nday."}, headers=headers)
    assert busy.status_code == 429 and busy.headers["retry-after"] == "1"
    assert busy.json()["error"]["code"] == "busy"
    thread.join()
    assert result["r"].status_code == 504 and result["r"].json()["error"]["code"] == "timeout"
    deadline = time.monotonic() + 60
    while tight.busy() and time.monotonic() < deadline:  # the abandoned check ends, its slot comes back
        time.sleep(0.1)
    ok = httpx.post(tight.url + "/v1/check", json={"text": "Quiet\n\nday."}, headers=headers)
    assert ok.status_code == 200
    lines = [json.loads(line) for line in tight.log().splitlines() if line.startswith("{")]
    assert {(entry["path"], entry["status"]) for entry in lines} >= {("/v1/check", 504), ("/v1/check", 429), ("/v1/check", 200)}


@pytest.mark.slow
def test_sigterm_drains_requests_in_flight():
    s = Server()
    try:
        result: dict = {}
        thread = threading.Thread(target=lambda: result.update(r=httpx.post(
            s.url + "/v1/check", json={"text": long_article(30_000)}, timeout=120)))
        thread.start()
        deadline = time.monotonic() + 30
        while s.busy() == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        s.proc.send_signal(signal.SIGTERM)
        thread.join()
        assert result["r"].status_code == 200 and result["r"].json()["articles"][0]["findings"]
        # uvicorn re-raises the captured SIGTERM once it has shut down (the conventional exit)
        assert s.proc.wait(timeout=30) in (0, -signal.SIGTERM)
    finally:
        s.stop()


# -- schemathesis ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_schemathesis_no_server_errors(server):
    """Every operation of the served schema, 15 generated requests each: no 5xx, and
    every refusal is the JSON error shape. (Driven through hypothesis directly: the
    schemathesis pytest plugin does not run under pytest 9.)"""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            response = case.call(timeout=30)
            assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text[:300]}"
            if response.status_code >= 400:
                assert "error" in response.json()

        run()
