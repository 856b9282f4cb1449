"""Audit (or fix) a stream of articles, in this process or in N worker processes, in input order.

This is the library entry point behind ``auditor check`` and ``auditor fix``: everything
the CLI does is callable from Python (and from a Ray/Dask map over shards, via
`Engine.audit` and `auditor.fix.fix_article`).

Two ways to use N processes:

* `audit_stream` / `fix_stream`: the parent reads and parses the articles, sends them to
  the workers and gets the reports back (for callers that want `ArticleReport` objects);
* `check_stream` (``auditor check --jobs N`` for every format that renders article by
  article): the parent only splits the input (JSONL lines left unparsed, see
  `ReadOptions.defer`); the workers parse, run the corpus pre-pass block by block,
  audit and render, and send back the output text and a few counts. On a 2-core machine
  every second of the parent's CPU is a second the two workers do not get.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from auditor.document import Article
from auditor.errors import AuditorError, InputError
from auditor.io import ReadOptions
from auditor.io.jsonl import JsonLine
from auditor.report import ArticleReport, Summary
from auditor.rules.engine import CorpusState, Engine

Item = Article | InputError

_worker_engine: Engine | None = None


def _init_worker(engine: Engine) -> None:
    global _worker_engine
    _worker_engine = engine


def _audit_in_worker(item: Item) -> ArticleReport | InputError:
    if isinstance(item, InputError):
        return item
    assert _worker_engine is not None
    report = _worker_engine.audit(item)
    # the parent still holds the article: sending it back (with its cached sentences and
    # lines) would only cost pickling; `audit_stream` puts the parent's copy back
    report.article = None  # type: ignore[assignment]
    return report


def audit_stream(
    engine: Engine,
    items: Iterable[Item],
    *,
    jobs: int = 1,
    chunksize: int = 32,
) -> Iterator[ArticleReport | InputError]:
    """Reports (and reader errors) for ``items``, in input order.

    With ``jobs > 1`` the work runs in a process pool that streams: at most a few chunks per
    worker are in flight, so memory does not grow with the size of the input.
    """
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, InputError) else engine.audit(item)
        return
    for item, result in _ordered_pool(engine, items, jobs, _audit_in_worker, _init_worker, (engine,), chunksize):
        if isinstance(result, ArticleReport):
            result.article = item  # type: ignore[assignment]
        yield result


def _ordered_pool(engine: Engine, items: Iterable[Any], jobs: int, work: Callable[[Any], Any],
                  initializer: Callable[..., None], initargs: tuple, chunksize: int = 1) -> Iterator[tuple[Any, Any]]:
    """``(item, work(item))`` in input order from a process pool of ``jobs`` workers (forked
    where the platform allows, after `Engine.warm_up`, so workers inherit the loaded tables
    and patterns); the parent keeps its own copy of each item, so workers need not send it
    back."""
    ctx = _context()
    if ctx.get_start_method() == "fork":
        engine.warm_up()
    sent: deque[Any] = deque()

    def feed() -> Iterator[Any]:
        for item in items:
            sent.append(item)  # runs in the pool's feeder thread, in input order
            yield item

    with ctx.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
        for result in pool.imap(work, feed(), chunksize=chunksize):
            yield sent.popleft(), result

# -- check with workers that read, audit and render ---------------------------------------
#: items (JSONL lines, articles, reader errors) per task of `check_stream`: its audit,
#: and its corpus pre-pass
CHECK_CHUNK = 32
MINE_CHUNK = 128


@dataclass
class Rendered:
    """An article's report as a `check_stream` worker left it: the formatter's output
    (`Formatter.render`) and the counts the summary, the progress bar and stderr need."""

    output: Any
    words: int
    baselined: int = 0
    #: ``(severity, code)`` of each finding shown
    tally: list[tuple[str, str]] = field(default_factory=list)
    #: internal errors of rules on this article
    errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, report: ArticleReport, output: Any) -> "Rendered":
        return cls(output, report.article.word_count, report.baselined,
                   [(f.severity.value, f.code) for f in report.findings], report.errors)

    def add_to(self, summary: Summary) -> None:
        """`Summary.add` for the report this was rendered from."""
        summary.add_counts(self.words, self.baselined, self.tally)


_check_state: dict[str, Any] = {}


def _init_check_worker(engine: Engine, render: Callable[[ArticleReport], Any] | None, options: ReadOptions) -> None:
    _check_state.clear()
    _check_state.update(engine=engine, render=render, options=options)


def _parsed(item: Item | JsonLine, options: ReadOptions) -> Item | None:
    return item.parse(options) if isinstance(item, JsonLine) else item


def _observe_chunk(chunk: list[Item | JsonLine]) -> CorpusState:
    engine, options = _check_state["engine"], _check_state["options"]
    articles = (item for item in (_parsed(raw, options) for raw in chunk) if isinstance(item, Article))
    return engine.observe_all(articles)


def _check_chunk(chunk: list[Item | JsonLine]) -> list[Rendered | InputError]:
    engine, render, options = _check_state["engine"], _check_state["render"], _check_state["options"]
    out: list[Rendered | InputError] = []
    for raw in chunk:
        item = _parsed(raw, options)
        if item is None:
            continue
        if isinstance(item, InputError):
            out.append(item)
            continue
        report = engine.audit(item)
        out.append(Rendered.of(report, render(report)))
    return out


def check_stream(
    engine: Engine,
    read: Callable[[], Iterable[Item | JsonLine]],
    render: Callable[[ArticleReport], Any],
    *,
    options: ReadOptions,
    jobs: int,
    mine: bool = True,
    warm_up: Callable[[], Any] | None = None,
) -> Iterator[Rendered | InputError]:
    """`Rendered` reports (and reader errors) for the articles of ``read()``, in input
    order, from ``jobs`` worker processes that parse, audit and render them: the parent
    only splits the input (``read()`` with `ReadOptions.defer` gives JSONL lines unparsed)
    and writes what comes back. ``render`` is `Formatter.render` (a `Renderer`);
    ``options`` parse the deferred lines. ``warm_up()`` loads the rules' data before the
    workers that audit are forked (default `Engine.warm_up`; `Auditor.warm_up` also
    builds the calque matcher).

    With ``mine`` (and a rule that mines the batch) ``read()`` is called twice: the
    corpus pre-pass runs in the workers too, block by block (`Engine.observe_all`), while
    this process loads the rules' data (`Engine.warm_up`); the blocks' states are merged
    in input order (`Engine.merge_corpus`), which equals one pass over the whole batch.
    The workers that audit are forked afterwards, so they share the loaded data. The
    pre-pass and the loading run in this call (as `Auditor.audit_stream`'s pre-pass
    does: an input that cannot be read stops the run before any output); the audit, as
    the returned iterator is consumed.
    """
    ctx = _context()
    warm = (warm_up or engine.warm_up) if ctx.get_start_method() == "fork" else (lambda: None)
    if mine and engine.needs_corpus:
        merged = CorpusState()
        with ctx.Pool(jobs, initializer=_init_check_worker, initargs=(engine, None, options)) as pool:
            states = pool.imap(_observe_chunk, _chunks(read(), MINE_CHUNK))
            warm()  # here, while the workers read and observe
            for state in states:
                engine.merge_corpus(merged, state)
        engine = engine.with_corpus_state(merged)
    else:
        warm()
    return _checked(ctx, jobs, (engine, render, options), read)


def _checked(ctx: Any, jobs: int, initargs: tuple, read: Callable[[], Iterable[Any]]) -> Iterator[Rendered | InputError]:
    with ctx.Pool(jobs, initializer=_init_check_worker, initargs=initargs) as pool:
        for results in pool.imap(_check_chunk, _chunks(read(), CHECK_CHUNK)):
            yield from results


def _context() -> Any:
    """Fork where the platform allows (workers inherit the loaded tables and patterns)."""
    return mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()


Tools = tuple[Any, Any]  # (corrector or None, retranslator or None)
_fix_state: dict[str, Any] = {}


def _init_fix_worker(engine: Engine, make_tools: Callable[[], Tools], unsafe: bool) -> None:
    _fix_state.clear()
    _fix_state.update(engine=engine, make_tools=make_tools, unsafe=unsafe, tools=None, error=None)


def _fix_in_worker(chunk: list[Item]) -> list[Any]:
    state = _fix_state
    if state["tools"] is None and state["error"] is None:
        try:  # each worker loads its own models: their thread pools do not survive a fork
            state["tools"] = state["make_tools"]()
        except AuditorError as exc:
            state["error"] = exc
    if state["error"] is not None:
        return [state["error"]]
    results = _fix_chunk(chunk, state["engine"], state["tools"], state["unsafe"])
    for result in results:
        if not isinstance(result, InputError):
            result.article = None  # the parent puts its own copy back
    return results


def _fix_chunk(chunk: list[Item], engine: Engine, tools: Tools, unsafe: bool) -> list[Any]:
    """Fix results (and reader errors) for ``chunk``, in order; the articles' flagged
    spans go to the model in one batch."""
    from auditor.fix import fix_articles

    corrector, retranslator = tools
    articles = [item for item in chunk if not isinstance(item, InputError)]
    fixed = iter(fix_articles(articles, engine, corrector, unsafe=unsafe, retranslator=retranslator))
    return [item if isinstance(item, InputError) else next(fixed) for item in chunk]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def fix_stream(
    engine: Engine,
    items: Iterable[Item],
    make_tools: Callable[[], Tools],
    *,
    unsafe: bool = False,
    jobs: int = 1,
    batch: int = 16,
) -> Iterator[Any]:
    """`auditor.fix.FixResult`s (and reader errors) for ``items``, in input order.

    Articles are fixed ``batch`` at a time so that the model sees their flagged spans in
    one batch. ``make_tools()`` returns ``(corrector, retranslator)`` (either may be
    None). With ``jobs > 1`` it runs once in each worker process, after the fork (a loaded
    model's thread pools do not survive one); a model that fails to load there raises its
    `AuditorError` here, once.
    """
    if jobs <= 1:
        tools = make_tools()
        for chunk in _chunks(items, batch):
            yield from _fix_chunk(chunk, engine, tools, unsafe)
        return
    pairs = _ordered_pool(engine, _chunks(items, batch), jobs, _fix_in_worker, _init_fix_worker, (engine, make_tools, unsafe))
    for chunk, results in pairs:
        if len(results) == 1 and isinstance(results[0], AuditorError) and not isinstance(results[0], InputError):
            raise results[0]
        for item, result in zip(chunk, results):
            if not isinstance(result, InputError):
                result.article = item
            yield result


def prepare_corpus(engine: Engine, make_items: Callable[[], Iterable[Item]]) -> int:
    """Run the corpus pre-pass (for rules that mine the batch) over a fresh read of the input."""
    return engine.prepare(item for item in make_items() if isinstance(item, Article))
