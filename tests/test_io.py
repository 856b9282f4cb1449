"""Readers: text/Markdown, JSONL(.gz), HTML, WARC, stdin, directories and the sample corpora."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from auditor.document import Article, Span
from auditor.errors import InputError, UsageError
from auditor.io import ReadOptions, detect_format, iter_articles
from auditor.io.common import headline
from auditor.io.stdin import read_stdin

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"


def read(*paths, **options) -> list[Article | InputError]:
    return list(iter_articles([str(p) for p in paths], ReadOptions(**options)))


def articles(*paths, **options) -> list[Article]:
    items = read(*paths, **options)
    errors = [i for i in items if isinstance(i, InputError)]
    assert not errors, errors
    return items


def span_text(article: Article) -> str:
    assert article.title_span is not None
    return article.text[article.title_span.start : article.title_span.end]


# -- plain text and Markdown ------------------------------------------------------------

def test_text_file_is_read_exactly_with_headline(tmp_path):
    raw = "\n  Mayor opens bridge – Italy  \r\n\r\nThe sindaco  spoke.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    (article,) = articles(path)
    assert article.text == raw  # CRLF and spacing untouched
    assert article.title == "Mayor opens bridge – Italy"
    assert article.title_span == Span(3, 29)
    assert span_text(article) == article.title
    assert article.path == str(path)
    assert article.id == str(path)
    assert article.display_name == str(path)


def test_utf8_bom_is_dropped_and_offsets_follow_the_decoded_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\n\nBody text.")
    (article,) = articles(path)
    assert article.text == "Headline\n\nBody text."
    assert article.title_span == Span(0, 8)


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Titre\n\nLe maire a parlé.".encode("utf-16"))  # BOM + UTF-16
    (article,) = articles(path)
    assert article.text == "Titre\n\nLe maire a parlé."
    assert article.title == "Titre"


def test_explicit_encoding_option(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Città chiusa\n\nIl sindaco è arrivato.".encode("latin-1"))
    (article,) = articles(path, encoding="latin-1")
    assert article.title == "Città chiusa"
    assert article.meta["encoding"] == "latin-1"


def test_markdown_heading_front_matter_and_directive_lines_are_skipped_for_the_title():
    text = "---\ntitle: x\n---\n<!-- auditor: ignore RES -->\n\n## Storm hits the coast ##\n\nBody."
    title, span = headline(text, markdown=True)
    assert title == "Storm hits the coast"
    assert text[span.start : span.end] == title
    # outside Markdown the marks stay part of the first line
    assert headline("# Heading\nBody")[0] == "# Heading"


def test_headline_of_blank_text_is_empty():
    assert headline("\n \n\t\n") == ("", None)


def test_corpus_articles_in_sorted_order_with_true_title_spans():
    items = articles(CORPORA / "articles")
    ids = [a.id for a in items]
    assert ids == sorted(ids)
    assert ids == [
        "clean-city-budget.txt",
        "clean-wildfire-recovery.md",
        "de-rail-strike-mt.txt",
        "es-drought-reservoirs-mt.txt",
        "fr-heatwave-schools-mt.md",
        "it-bridge-collapse-mt.txt",
        "pt-lisbon-housing-mt.txt",
    ]
    for article in items:
        assert span_text(article) == article.title
        assert article.text == (CORPORA / "articles" / article.id).read_text(encoding="utf-8")
    by_id = {a.id: a for a in items}
    assert by_id["it-bridge-collapse-mt.txt"].title == "Bridge on the Adige closed after the collapse of a pylon – Cronaca"
    assert by_id["fr-heatwave-schools-mt.md"].title == "Heatwave: the schools of the South adapt their schedules – Société"
    assert by_id["clean-wildfire-recovery.md"].title == "Seedlings return to hillsides a year after the wildfire"


def test_gzipped_text_file(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress("Headline\n\nBody.".encode()))
    (article,) = articles(path)
    assert article.text == "Headline\n\nBody."


def test_unknown_extension_is_read_as_text(tmp_path):
    path = tmp_path / "story.text"
    path.write_text("Headline\n\nBody.", encoding="utf-8")
    (article,) = articles(path)
    assert article.title == "Headline"


@pytest.mark.parametrize(
    "name, fmt",
    [("a.txt", "text"), ("a.MD", "markdown"), ("a.markdown", "markdown"), ("a.jsonl", "jsonl"),
     ("a.ndjson.gz", "jsonl"), ("a.htm", "html"), ("a.warc.gz", "warc"), ("a.WARC", "warc"),
     ("a.md.gz", "markdown"), ("a.csv", "text"), ("a.tar.gz", "text")],
)
def test_detect_format(name, fmt):
    assert detect_format(name) == fmt


def test_unknown_format_option_is_a_usage_error():
    with pytest.raises(UsageError):
        read(CORPORA / "dump.jsonl", format="pdf")


# -- JSONL --------------------------------------------------------------------------------

def test_corpus_dump_fields():
    items = articles(CORPORA / "dump.jsonl")
    assert [a.id for a in items] == [
        "it-0001", "it-0002", "es-0001", "fr-0001", "de-0001", "pt-0001", "clean-0001", "clean-0002"
    ]
    first = items[0]
    assert first.path == str(CORPORA / "dump.jsonl")
    assert first.display_name == f"{CORPORA / 'dump.jsonl'}#it-0001"
    assert first.source_lang == "it" and first.lang == "en"
    assert first.source_text.startswith("Senato, la riforma")
    assert first.url == "https://news.example.it/en/politics/2024/05/06/senate-reform"
    assert first.meta == {"site": "news.example.it", "published": "2024-05-06"}
    assert span_text(first) == first.title
    # the title is not at the start of the text: put in front of it, a blank line between
    second = items[1]
    assert second.title == "Summit in Rome on the Mediterranean, the two Villages sign the agreement"
    assert second.title_span == Span(0, len(second.title)) and span_text(second) == second.title
    assert second.body_start == len(second.title) + 2
    assert second.text[second.body_start:].startswith("The leaders of Italy")
    assert items[6].source_lang is None and items[6].source_text is None
    assert sum(a.source_text is not None for a in items) == 3


def test_gzipped_dump_equals_plain_dump():
    assert gzip.decompress((CORPORA / "dump.jsonl.gz").read_bytes()) == (CORPORA / "dump.jsonl").read_bytes()
    plain = articles(CORPORA / "dump.jsonl")
    packed = articles(CORPORA / "dump.jsonl.gz")
    assert [(a.id, a.text, a.title, a.title_span) for a in plain] == [(a.id, a.text, a.title, a.title_span) for a in packed]


def test_jsonl_field_options_and_dotted_names(tmp_path):
    path = tmp_path / "d.ndjson"
    rows = [
        {"uid": 7, "headline": "Strike ends", "body": "Strike ends\n\nWorkers returned.", "lang": "EN", "desk": "metro"},
        {"uid": "x", "article": {"content": "  Nested text."}, "headline": 3},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    first, missing = read(path, text_field="body", title_field="headline", id_field="uid")
    assert first.id == "7" and first.title == "Strike ends" and first.title_span == Span(0, 11)
    assert first.lang == "en"
    assert first.meta == {"desk": "metro"}
    assert isinstance(missing, InputError) and missing.line == 2 and "'body'" in missing.reason
    # a dotted name reaches into a nested object
    missing, nested = read(path, text_field="article.content", title_field="headline", id_field="uid")
    assert isinstance(missing, InputError) and missing.line == 1
    assert nested.text == "  Nested text." and nested.id == "x"
    assert nested.title == ""  # a non-string title is ignored


def test_title_after_leading_whitespace_is_located(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"title": "Head", "text": "\n\nHead\n\nBody."}) + "\n", encoding="utf-8")
    (article,) = articles(path)
    assert article.title_span == Span(2, 6)
    assert article.id == "1"  # no id field: the line number


def test_jsonl_blank_lines_and_missing_final_newline(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'\n{"text": "one"}\n\n   \n{"text": "two"}')
    items = articles(path)
    assert [(a.id, a.text) for a in items] == [("2", "one"), ("5", "two")]


def test_jsonl_is_streamed_not_read_whole(tmp_path):
    path = tmp_path / "growing.jsonl"
    path.write_text(json.dumps({"id": "first", "text": "One."}) + "\n", encoding="utf-8")
    stream = iter_articles([str(path)], ReadOptions())
    assert next(stream).id == "first"
    # a line appended after the first article was produced is still read: the reader
    # had not slurped the file
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "second", "text": "Two."}) + "\n")
    assert [a.id for a in stream] == ["second"]


# -- HTML -----------------------------------------------------------------------------------

def test_html_page_extraction_drops_chrome_and_keeps_the_headline():
    (page,) = articles(CORPORA / "html" / "it-flood-emilia-mt.html")
    assert page.title == "Floods in Emilia-Romagna, thousands of evacuated – Cronaca"
    assert page.title_span == Span(0, len(page.title))
    assert span_text(page) == page.title
    assert page.url == "https://italytoday.example.com/cronaca/2024/09/19/floods-emilia-romagna-evacuated"
    assert page.lang == "en"
    for chrome in ("Subscribe", "Cookie policy", "Facebook", "Red alert in Romagna"):
        assert chrome not in page.text
    # the repeated headline inside the body and the copyright residue survive extraction
    assert page.text.count(page.title) == 2
    assert "Riproduzione riservata © Copyright ANSA" in page.text
    assert "auditorpin" not in page.text and "<!--" not in page.text
    # paragraphs are separated by blank lines
    assert "\n\nBologna, 19 September" in page.text


def test_html_comment_directives_become_suppressions():
    (page,) = articles(CORPORA / "html" / "it-flood-emilia-mt.html")
    by_codes = {s.codes: s for s in page.suppressions}
    assert set(by_codes) == {("UNT",), ("TYP",)}
    ignore = by_codes[("UNT",)]
    # "ignore" covers exactly the next paragraph
    assert page.text[ignore.start : ignore.end].startswith("The sindaco of Bagnacavallo")
    assert page.text[ignore.start : ignore.end].endswith("in the historic centre.")
    sindaco = page.text.index("sindaco")
    assert ignore.covers("UNT001", sindaco)
    assert not ignore.covers("CAL001", sindaco)
    # disable ... enable covers the paragraph between the comments and nothing after
    typ = by_codes[("TYP",)]
    glued = page.text.index("euro.In")
    assert typ.covers("TYP002", glued)
    assert not typ.covers("TYP002", page.text.index('car".The'))
    assert not typ.covers("TYP002", page.text.index("If you think"))


def test_html_url_falls_back_to_og_url_and_lang_region_is_dropped():
    (page,) = articles(CORPORA / "html" / "clean-transit-fares.html")
    assert page.url == "https://metroledger.example.com/local/2024/04/transit-fares-frozen"
    assert page.lang == "en"
    assert page.title == "Transit agency freezes fares and adds late-night buses"
    for chrome in ("Sign in", "Advertisement", "morning briefing", "All rights reserved"):
        assert chrome not in page.text


def test_html_without_h1_gets_title_prepended(tmp_path):
    body = "<p>" + "Lawmakers debated the bill for hours before a late vote on Tuesday night. " * 3 + "</p>"
    path = tmp_path / "p.html"
    path.write_text(f"<html><head><title>Bill passes – Politics</title></head><body><article>{body}</article></body></html>")
    (page,) = articles(path)
    assert page.text.startswith("Bill passes – Politics\n\nLawmakers debated")
    assert span_text(page) == "Bill passes – Politics"


def test_html_ignore_directive_before_a_container_pins_to_its_first_block(tmp_path):
    para = "Residents said the new park had changed the neighbourhood for the better this year."
    html = (
        "<html><body><article><h1>Park opens</h1>"
        f"<p>{para}</p><!-- auditor: ignore -->"
        f"<div><div><p>The sindaco {para}</p></div></div><p>Last {para}</p></article></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(html)
    (page,) = articles(path)
    (sup,) = page.suppressions
    assert sup.codes == ()
    assert page.text[sup.start : sup.end] == f"The sindaco {para}"


# -- WARC -------------------------------------------------------------------------------------

def test_warc_yields_one_article_per_html_response():
    items = articles(CORPORA / "sample.warc.gz")
    assert [a.id for a in items] == [
        "https://metroledger.example.com/local/2024/04/transit-fares-frozen",
        "https://italytoday.example.com/cronaca/2024/09/19/floods-emilia-romagna-evacuated",
    ]
    for article in items:
        assert article.url == article.id
        assert article.meta["warc_record_id"].startswith("<urn:uuid:")
        assert article.meta["warc_date"] == "2024-09-20T08:00:00Z"
        assert span_text(article) == article.title
    # same extraction as reading the page itself, suppressions included
    (page,) = articles(CORPORA / "html" / "it-flood-emilia-mt.html")
    assert items[1].text == page.text
    assert items[1].suppressions == page.suppressions


def test_warc_builder_is_reproducible(tmp_path):
    sys.path.insert(0, str(CORPORA))
    try:
        import build_warc
    finally:
        sys.path.remove(str(CORPORA))
    out = build_warc.build(tmp_path / "x.warc.gz")
    assert out.read_bytes() == (CORPORA / "sample.warc.gz").read_bytes()


# -- stdin ------------------------------------------------------------------------------------

def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_jsonl_is_sniffed(monkeypatch):
    _stdin(monkeypatch, b'{"id": "a", "text": "One."}\n\n{"id": "b", "text": "Two."}\n')
    items = articles("-")
    assert [(a.id, a.text, a.path) for a in items] == [("a", "One.", "<stdin>"), ("b", "Two.", "<stdin>")]
    assert items[0].display_name == "<stdin>#a"


def test_stdin_text_when_a_line_is_not_a_json_object(monkeypatch):
    data = '{"id": "a", "text": "One."}\nHeadline? no: plain text follows\n'
    _stdin(monkeypatch, data.encode())
    (article,) = articles("-")
    assert article.text == data
    assert article.title == '{"id": "a", "text": "One."}'
    assert article.display_name == "<stdin>"


def test_stdin_plain_text(monkeypatch):
    _stdin(monkeypatch, "Storm hits coast\n\nThe storm arrived.\n".encode())
    (article,) = articles("-")
    assert article.title == "Storm hits coast" and article.title_span == Span(0, 16)


def test_stdin_long_jsonl_streams_after_the_sniff_window():
    lines = b"".join(b'{"text": "line %d"}\n' % i for i in range(250)) + b"not json\n"
    items = list(read_stdin(ReadOptions(), io.BytesIO(lines)))
    assert len(items) == 251
    assert all(isinstance(a, Article) for a in items[:250])
    assert items[249].text == "line 249" and items[249].id == "250"
    assert isinstance(items[250], InputError) and items[250].line == 251


def test_stdin_empty(monkeypatch):
    _stdin(monkeypatch, b"\n\n")
    (err,) = read("-")
    assert isinstance(err, InputError) and err.reason == "empty file" and err.path == "<stdin>"


# -- directories --------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path):
    files = {
        "b.txt": "B\n\nb",
        "a.md": "# A\n\na",
        "sub/c.txt": "C\n\nc",
        "sub/deeper/d.html": "<html><body><article><h1>D</h1><p>" + "Words of a story here. " * 10 + "</p></article></body></html>",
        "sub/notes.csv": "x,y",
        "drafts/e.txt": "E\n\ne",
        ".hidden.txt": "H\n\nh",
        ".git/f.txt": "F\n\nf",
        "Z.TXT": "Z\n\nz",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_directory_is_walked_recursively_sorted_skipping_hidden_and_unknown(tree):
    ids = [a.id for a in articles(tree)]
    assert ids == ["Z.TXT", "a.md", "b.txt", "drafts/e.txt", "sub/c.txt", "sub/deeper/d.html"]
    assert all(not i.startswith(".") for i in ids)


def test_directory_ids_are_relative_and_paths_joined(tree):
    item = next(a for a in articles(tree) if a.id == "sub/c.txt")
    assert item.path == str(tree / "sub" / "c.txt")
    assert item.display_name == item.path


def test_include_and_exclude_globs(tree):
    assert [a.id for a in articles(tree, include=("*.txt",))] == ["b.txt", "drafts/e.txt", "sub/c.txt"]
    assert [a.id for a in articles(tree, exclude=("drafts/**", "*.md"))] == ["Z.TXT", "b.txt", "sub/c.txt", "sub/deeper/d.html"]
    assert [a.id for a in articles(tree, exclude=("sub",))] == ["Z.TXT", "a.md", "b.txt", "drafts/e.txt"]
    assert [a.id for a in articles(tree, include=("sub/*",))] == ["sub/c.txt", "sub/deeper/d.html", "sub/notes.csv"]
    assert [a.id for a in articles(tree, include=("**/*.html",))] == ["sub/deeper/d.html"]


def test_paths_keep_argument_order_and_explicit_files_ignore_globs(tree):
    items = articles(tree / "sub" / "c.txt", tree / "a.md", tree / ".hidden.txt", exclude=("*.txt",))
    assert [a.title for a in items] == ["C", "A", "H"]


def test_seed_article_is_read_exactly(seed_dir):
    path = seed_dir / "article.txt"
    (article,) = articles(path)
    assert article.text == path.read_bytes().decode("utf-8")
    first_line = article.text.split("\n", 1)[0].strip()
    assert article.title == first_line
    assert article.title_span == Span(0, len(first_line))


def test_html_latin1_declaration_decodes_as_windows_1252(tmp_path):
    body = "The minister said it was \u201cunacceptable\u201d and the caf\u00e9 owners agreed with every word of it."
    html = f'<html><head><meta charset="iso-8859-1"></head><body><article><h1>Caf\u00e9 row</h1><p>{body}</p></article></body></html>'
    path = tmp_path / "p.html"
    path.write_bytes(html.encode("cp1252"))  # curly quotes are 0x93/0x94 in windows-1252
    (page,) = articles(path)
    assert page.title == "Caf\u00e9 row"
    assert body in page.text


# -- deferred JSONL lines (auditor check --jobs N parses them in the workers) --------------
def test_deferred_lines_parse_to_what_the_reader_gives(tmp_path):
    """`ReadOptions.defer`: the reader only splits the dump (a BOM, blank and white-space
    lines, a line too long and a truncated gzip are still its business); each
    `JsonLine.parse` gives the article or the error, with its file and line, that the
    reader gives without it."""
    import dataclasses

    from auditor.io.jsonl import JsonLine

    lines = [json.dumps({"id": "a", "text": "First story.\n\nBody."}), "", "  \t",
             '{"id": "b", "text": ', "[1]", json.dumps({"id": "c", "text": "x" * 300}),
             json.dumps({"text": "No id, \ud800 here."}), json.dumps({"id": "e", "text": "Last."})]
    raw = ("\ufeff" + "\n".join(lines)).encode("utf-8", "surrogatepass")
    plain = tmp_path / "d.jsonl"
    plain.write_bytes(raw)
    packed = tmp_path / "d.jsonl.gz"
    packed.write_bytes(gzip.compress(raw)[:-12])  # truncated: the reader reports it
    for path in (plain, packed):
        options = ReadOptions(max_line_bytes=200)
        direct = read(path, max_line_bytes=200)
        deferred = list(iter_articles([str(path)], dataclasses.replace(options, defer=True)))
        assert any(isinstance(item, JsonLine) for item in deferred)
        parsed = [item.parse(options) if isinstance(item, JsonLine) else item for item in deferred]
        assert [_key(i) for i in parsed if i is not None] == [_key(i) for i in direct]
    assert [str(e) for e in direct if isinstance(e, InputError)][:3] == [
        f"{packed}:4: malformed JSON: Expecting value (column 21)",
        f"{packed}:5: expected a JSON object, got an array",
        f"{packed}:6: line too long (over 200 bytes; see ReadOptions.max_line_bytes), skipped",
    ]


def _key(item):
    if isinstance(item, InputError):
        return str(item)
    return (item.id, item.path, item.title, item.text, item.meta)
