"""The public Python API: `Auditor`, the one engine path behind the CLI, the server and
the distributed runner.

An `Auditor` is assembled once (configuration, rule selection, rule options, baseline,
source pairing; models lazily, on the first fix that needs them) and then called as
often as needed, from any number of threads::

    from auditor import Auditor

    auditor = Auditor(select=["RES", "TYP", "CAL"])
    report = auditor.check("Bridge collapses in Genoa - Il Secolo XIX\\n\\nThe two Villages ...")
    for finding in report.findings:
        print(finding.code, finding.start, finding.end, finding.message)
    report.to_dict()          # the article's object of `auditor check --format json`

    fixed = auditor.fix(text, unsafe=False)
    fixed.corrected, [e.to_dict() for e in fixed.applied]

Offsets are code points into the text exactly as given (see docs/output.md). Reports
serialise to the same JSON as the CLI: `CheckReport.to_dict` is one element of
``articles`` in ``auditor check --format json``, `FixReport.to_dict` one element of
``articles`` in ``auditor fix --format json``.

Thread safety: the rules keep no per-call state once their data is loaded (`Engine.warm_up`,
run once under a lock on first use); the corpus pre-pass of a batch (`check_many`) runs
on a copy of the engine; the correction models run under a lock (one fix at a time uses
them; rule-only fixes run in parallel).
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

from auditor.config import Settings, load_settings
from auditor.document import Article
from auditor.errors import InputError, UsageError
from auditor.findings import Finding, Severity
from auditor.io import ReadOptions
from auditor.report import ArticleReport
from auditor.rules.base import Rule, select_rules, unknown_selectors
from auditor.rules.engine import CorpusState, Engine

__all__ = ["Auditor", "CheckReport", "FixReport", "ArticleInput", "CorpusState", "resolve_settings", "split_codes"]

log = logging.getLogger("auditor")

#: what `Auditor.check_many` and `Auditor.fix_many` accept per article: a text, a record
#: with the keys of `Auditor.check` (``text`` required), or an `Article`
ArticleInput = Union[str, Mapping[str, Any], Article]
#: ``notify(level, message)``, level ``"warning"`` or ``"note"``
Notify = Callable[[str, str], None]
#: input formats a text given to `Auditor.check` may be in
TEXT_FORMATS = ("text", "markdown", "html")
#: narrowed rule selections kept per `Auditor`
MAX_VARIANTS = 64
_RECORD_KEYS = ("title", "lang", "source_text", "source_lang", "id", "url", "path", "format")


def split_codes(values: Optional[Iterable[str]]) -> list[str]:
    """Rule code prefixes from repeatable, comma-separated values, upper-cased."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip().upper() for v in value.split(",") if v.strip())
    return out


def resolve_settings(
    config: Optional[Path | str] = None,
    isolated: bool = False,
    select: Optional[Iterable[str]] = None,
    ignore: Optional[Iterable[str]] = None,
    fail_on: Optional[str] = None,
    include: Optional[Iterable[str]] = None,
    exclude: Optional[Iterable[str]] = None,
) -> tuple[Settings, list[str]]:
    """The configuration file's settings (``config``, or the one discovered from the
    working directory; none when ``isolated``) with the given options on top, and the
    warnings met (codes that match no rule, options no rule declares)."""
    settings = Settings() if isolated else load_settings(Path(config) if config is not None else None)
    warnings = list(settings.warnings)
    if select:
        settings.select = split_codes(select)
        warnings.extend(f"--select: {p!r} matches no rule" for p in unknown_selectors(settings.select))
    if ignore:
        codes = split_codes(ignore)
        settings.ignore = settings.ignore + codes
        warnings.extend(f"--ignore: {p!r} matches no rule" for p in unknown_selectors(codes))
    if fail_on:
        try:
            settings.fail_on = Severity.parse(fail_on)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if include:
        settings.include = list(include)
    if exclude:
        settings.exclude = settings.exclude + list(exclude)
    return settings, warnings


def read_options_for(settings: Settings, text_field: Optional[str] = None, title_field: Optional[str] = None,
                     id_field: Optional[str] = None, **limits: Any) -> ReadOptions:
    """Reader options: JSONL field names (given, then configuration, then defaults), the
    configured include/exclude globs and any `ReadOptions` limits."""
    return ReadOptions(
        text_field=text_field or settings.fields.get("text-field", "text"),
        title_field=title_field or settings.fields.get("title-field", "title"),
        id_field=id_field or settings.fields.get("id-field", "id"),
        include=tuple(settings.include),
        exclude=tuple(settings.exclude),
        **limits,
    )


@dataclass
class CheckReport:
    """The findings of one article, its MT-risk score and translated-from guess."""

    report: ArticleReport

    @property
    def article(self) -> Article:
        return self.report.article

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    @property
    def risk(self) -> float:
        """MT-risk, 0-100 (`auditor.risk.mt_risk`)."""
        return self.report.risk

    @property
    def translated_from(self) -> Optional[dict[str, Any]]:
        guess = self.report.source_guess
        return guess.to_dict() if guess else None

    @property
    def errors(self) -> list[str]:
        """Internal errors of rules on this article (the other rules' findings stand)."""
        return self.report.errors

    def worst_at_least(self, threshold: Severity | str) -> bool:
        """True when a finding is at or above ``threshold`` (the CLI's ``--fail-on``)."""
        level = Severity.parse(threshold) if isinstance(threshold, str) else threshold
        return any(f.severity.rank >= level.rank for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the article's object in ``auditor check --format json``."""
        from auditor.output.json_format import article_object

        return article_object(self.report)

    def to_languagetool(self, rules: Sequence[type[Rule]] = ()) -> dict[str, Any]:
        """The LanguageTool ``/v2/check`` response for this article (UTF-16 offsets)."""
        from auditor.output.languagetool import LanguageToolFormatter

        formatter = LanguageToolFormatter(None)  # type: ignore[arg-type]  # renders, never writes
        formatter.begin(list(rules))
        return formatter.response(self.report)


@dataclass
class FixReport:
    """The corrected text of one article and every edit (applied, skipped, rejected,
    suggested) with its applicability and origin."""

    result: Any  # auditor.fix.FixResult

    @property
    def article(self) -> Article:
        return self.result.article

    @property
    def corrected(self) -> str:
        return self.result.corrected

    @property
    def changed(self) -> bool:
        return self.result.changed

    @property
    def edits(self) -> list[Any]:
        return self.result.edits

    @property
    def applied(self) -> list[Any]:
        return self.result.applied

    @property
    def findings(self) -> list[Finding]:
        """The findings of the original text."""
        return self.result.findings

    def headline(self) -> Optional[str]:
        return self.result.headline()

    def to_dict(self) -> dict[str, Any]:
        """Exactly the article's object in ``auditor fix --format json``."""
        return self.result.to_dict()


class Auditor:
    """Rules, configuration and models, assembled once; `check` and `fix` per article.

    ``select``/``ignore``: rule code prefixes (as ``--select``/``--ignore``), on top of
    the configuration: ``settings`` (a `Settings`), else ``config`` (a file), else the
    ``auditor.toml`` / ``pyproject.toml`` discovered from the working directory, unless
    ``isolated``. ``fail_on``: the severity `CheckReport.worst_at_least` compares with by
    default. ``baseline``: a `Baseline` (or a baseline file) whose findings are hidden.
    ``source``: a source file or folder paired with articles by name (``--source``).

    Models (for `fix` only, loaded on first use or by `load_models`): ``model`` is a
    post-editing model folder, None for the shipped default (rule fixes only, with a
    notice, when it or the ``[model]`` extra is missing) or False for none;
    ``mt_model`` a translation model folder for re-translation from the source.

    ``notify(level, message)`` receives warnings and notes (default: the ``auditor``
    logger). ``debug``: let a rule's internal error propagate instead of being reported.
    """

    def __init__(
        self,
        *,
        select: Optional[Iterable[str]] = None,
        ignore: Optional[Iterable[str]] = None,
        config: Optional[Path | str] = None,
        isolated: bool = False,
        settings: Optional[Settings] = None,
        fail_on: Optional[str] = None,
        baseline: Any = None,
        source: Optional[Path | str] = None,
        source_lang: Optional[str] = None,
        model: Union[str, Path, None, bool] = None,
        backend: str = "auto",
        beam: int = 4,
        mt_model: Optional[Path | str] = None,
        mt_backend: str = "auto",
        mt_margin: Optional[float] = None,
        read_options: Optional[ReadOptions] = None,
        notify: Optional[Notify] = None,
        debug: bool = False,
    ) -> None:
        self.notify: Notify = notify or _log_notice
        if settings is None:
            settings, warnings = resolve_settings(config, isolated, select, ignore, fail_on)
            for warning in warnings:
                self.notify("warning", warning)
        else:
            settings = dataclasses.replace(settings)
            if select:
                settings.select = split_codes(select)
            if ignore:
                settings.ignore = settings.ignore + split_codes(ignore)
            if fail_on:
                settings.fail_on = Severity.parse(fail_on)
        self.settings = settings
        if baseline is not None and not hasattr(baseline, "filter"):
            from auditor.baseline import Baseline

            baseline = Baseline.load(Path(baseline))
        self.engine = Engine(settings, baseline=baseline, debug=debug)
        if not self.engine.rules:
            raise UsageError("no rule selected (check --select / --ignore)")
        self.read_options = read_options or read_options_for(settings)
        self.source = source
        self.source_lang = source_lang
        self._pairer = None
        if source is not None:
            from auditor.source.pairing import SourcePairer

            self._pairer = SourcePairer(source, source_lang)
        self.model = model
        self.backend = backend
        self.beam = beam
        self.mt_model = str(mt_model) if mt_model is not None else None
        self.mt_backend = mt_backend
        self.mt_margin = mt_margin
        self._lock = threading.RLock()  # first-use loading of rule data and models
        self._model_lock = threading.Lock()  # one model call at a time
        self._warm = False
        self._tools: Optional[tuple[Any, Any]] = None
        self._variants: dict[tuple[tuple[str, ...], tuple[str, ...]], Auditor] = {}
        self._parent: Optional[Auditor] = None  # a `narrowed` variant shares its parent's models

    def narrowed(self, select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None) -> "Auditor":
        """This auditor with the rule selection narrowed (``select`` replaces the
        selection, ``ignore`` adds to it), sharing its models; the variants are kept (at
        most `MAX_VARIANTS`), so a server that narrows per request builds each once.
        A selection that matches no rule is a `UsageError`."""
        sel, ign = tuple(split_codes(select)), tuple(split_codes(ignore))
        if not sel and not ign:
            return self
        key = (sel, ign)
        with self._lock:
            variant = self._variants.get(key)
            if variant is None:
                settings = dataclasses.replace(self.settings, select=list(sel) or list(self.settings.select),
                                               ignore=list(self.settings.ignore) + list(ign))
                variant = copy.copy(self)
                variant.settings = settings
                variant.engine = Engine(settings, baseline=self.engine.baseline, debug=self.engine.debug)
                if not variant.engine.rules:
                    raise UsageError("no rule selected (check select / ignore)")
                variant._warm = False
                variant._variants = {}
                variant._parent = self
                if len(self._variants) >= MAX_VARIANTS:
                    self._variants.pop(next(iter(self._variants)))
                self._variants[key] = variant
        return variant

    # -- what is loaded ---------------------------------------------------------------------
    @property
    def rules(self) -> list[type[Rule]]:
        """The selected rule classes, in registry order."""
        return select_rules(self.settings.select, self.settings.ignore)

    @property
    def codes(self) -> list[str]:
        return self.engine.codes

    @property
    def needs_corpus(self) -> bool:
        """True when a selected rule mines the batch (a pre-pass over every article)."""
        return self.engine.needs_corpus

    @property
    def uses_model(self) -> bool:
        """True when `fix` loads a correction or translation model."""
        return self.model is not False or self.mt_model is not None

    @property
    def models_loaded(self) -> bool:
        """True once `load_models` has run (or when `fix` needs no model)."""
        if self._parent is not None:
            return self._parent.models_loaded
        return not self.uses_model or self._tools is not None

    def warm_up(self) -> "Auditor":
        """Load every rule's data now (otherwise: on the first check)."""
        if not self._warm:
            with self._lock:
                if not self._warm:
                    self.engine.warm_up()
                    from auditor.rules.calque import default_matcher

                    if any(r.family == "calque" for r in self.engine.rules):
                        default_matcher()  # the packs' patterns, compiled once per process
                    self._warm = True
        return self

    def load_models(self) -> tuple[Any, Any]:
        """``(corrector, retranslator)`` for `fix`, loaded once (either may be None)."""
        if self._parent is not None:
            return self._parent.load_models()
        if self._tools is None:
            with self._lock:
                if self._tools is None:
                    if self.model is None:
                        note = _missing_extra_note()
                        if note is not None:
                            self.notify("note", note)
                    self._tools = self.build_tools()
        return self._tools

    def build_tools(self) -> tuple[Any, Any]:
        """Freshly loaded ``(corrector, retranslator)`` (what each ``--jobs`` worker calls
        after the fork: a loaded model's thread pools do not survive one)."""
        from auditor.correct.loading import load_corrector, load_retranslator

        corrector = None
        if self.model is not False:
            model = None if self.model is None or self.model is True else str(self.model)
            corrector = load_corrector(model, self.backend, self.beam, self.notify)
        return corrector, load_retranslator(self.mt_model, self.mt_backend, self.beam, self.mt_margin)

    # -- articles ---------------------------------------------------------------------------
    def article(
        self,
        text: str,
        *,
        title: Optional[str] = None,
        lang: Optional[str] = None,
        source_text: Optional[str] = None,
        source_lang: Optional[str] = None,
        id: str = "",
        url: str = "",
        path: str = "",
        format: str = "text",
    ) -> Article:
        """The `Article` a reader would make of ``text``: without ``title``, as a text,
        Markdown or HTML file (the first non-empty line is the headline); with one, as a
        JSONL record (a headline that does not start the text is put in front of it).
        An empty, too long or undecodable text is an `InputError`."""
        if not isinstance(text, str):
            raise InputError(f"text is {type(text).__name__}, not a string", path or None)
        if format not in TEXT_FORMATS:
            raise UsageError(f"unknown text format {format!r} (choose from {', '.join(TEXT_FORMATS)})")
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(f"text is not valid Unicode (a lone surrogate at character {exc.start})", path or None) from None
        options = self.read_options
        if title is not None and title.strip():
            from auditor.io.jsonl import record_to_article

            record = {"text": text, "title": title, "id": id, "url": url, "lang": lang,
                      "source_lang": source_lang, "source_text": source_text}
            item = record_to_article(record, path=path, options=dataclasses.replace(
                options, text_field="text", title_field="title", id_field="id"))
        elif format == "html":
            from auditor.io.html import article_from_html

            item = article_from_html(data, path=path, article_id=id, options=options)
        else:
            from auditor.io.text import article_from_bytes

            item = article_from_bytes(data, path=path, article_id=id, options=options, markdown=format == "markdown")
        if isinstance(item, InputError):
            raise item
        if title is None or not title.strip():
            item.url = url or item.url
            item.lang = lang.strip().lower() if lang and lang.strip() else item.lang
            item.source_lang = source_lang.strip().lower() if source_lang and source_lang.strip() else item.source_lang
            item.source_text = source_text or item.source_text
        return item

    def _paired(self, article: Article) -> Article:
        if self._pairer is not None:
            try:
                self._pairer.attach(article)
            except InputError as error:  # one article, no stream to put the error in: say it
                self.notify("warning", f"{error} (checked without its source)")
        elif self.source_lang and not article.source_lang:
            article.source_lang = self.source_lang
        return article

    def _coerce(self, item: ArticleInput) -> Article:
        if isinstance(item, Article):
            return self._paired(item)
        if isinstance(item, str):
            return self._paired(self.article(item))
        if isinstance(item, Mapping):
            if "text" not in item:
                raise InputError("a record without a 'text' field")
            unknown = set(item) - {"text", *_RECORD_KEYS}
            if unknown:
                raise UsageError(f"unknown article field(s): {', '.join(sorted(unknown))}")
            kwargs = {k: item[k] for k in _RECORD_KEYS if item.get(k) is not None}
            return self._paired(self.article(item["text"], **kwargs))
        raise UsageError(f"cannot check a {type(item).__name__} (a str, a mapping with 'text', or an Article)")

    # -- checking -------------------------------------------------------------------------
    def check(self, text: str, **fields: Any) -> CheckReport:
        """Findings for one article. ``fields``: ``title``, ``lang``, ``source_text``,
        ``source_lang``, ``id``, ``url``, ``path``, ``format`` (see `article`)."""
        return self.check_article(self.article(text, **fields))

    def check_article(self, article: Article) -> CheckReport:
        """Findings for an `Article` (from `article` or from a reader)."""
        self.warm_up()
        return CheckReport(self.engine.audit(self._paired(article)))

    def check_many(self, items: Iterable[ArticleInput], *, mine: bool = True, jobs: int = 1) -> Iterator[CheckReport]:
        """Reports for ``items``, in order. With ``mine`` and a rule that mines the batch
        (boilerplate recurring across articles), the articles are held in memory for the
        pre-pass; to stream a dump, read it twice with `audit_paths`. ``jobs`` > 1 runs the
        rules in that many worker processes."""
        from auditor.pipeline import audit_stream

        articles: Iterable[Article] = (self._coerce(item) for item in items)
        engine = self.engine
        if mine and engine.needs_corpus:
            articles = list(articles)
            engine = engine.with_corpus(articles)
        self.warm_up()
        for report in audit_stream(engine, articles, jobs=jobs):
            yield CheckReport(report)  # type: ignore[arg-type]

    # -- fixing ---------------------------------------------------------------------------
    def fix(self, text: str, *, unsafe: bool = False, **fields: Any) -> FixReport:
        """Safe rule fixes (and with ``unsafe`` the unsafe ones and the model edits that
        pass the gate), exactly as ``auditor fix``; ``fields`` as for `check`."""
        return next(iter(self.fix_many([self.article(text, **fields)], unsafe=unsafe)))

    def fix_many(self, items: Iterable[ArticleInput], *, unsafe: bool = False, batch: int = 16) -> Iterator[FixReport]:
        """`fix` for several articles, ``batch`` at a time through the model, in order."""
        articles = (self._coerce(item) for item in items)
        self.warm_up()
        tools = self.load_models() if self.uses_model else (None, None)
        for result in self._fix(articles, tools, unsafe, batch):
            yield FixReport(result)

    def _fix(self, articles: Iterable[Article], tools: tuple[Any, Any], unsafe: bool, batch: int) -> Iterator[Any]:
        from auditor.pipeline import fix_stream

        if tools == (None, None):
            yield from fix_stream(self.engine, articles, lambda: tools, unsafe=unsafe, batch=batch)
            return
        it = iter(fix_stream(self.engine, articles, lambda: tools, unsafe=unsafe, batch=batch))
        while True:  # the models run one batch at a time, whichever thread asks
            with self._model_lock:
                result = next(it, None)
            if result is None:
                return
            yield result

    # -- files, directories, dumps (the CLI's path) ---------------------------------------
    def read(self, paths: Sequence[str], *, read_options: Optional[ReadOptions] = None,
             copies: Optional[dict[str, Any]] = None, stdin_name: Optional[str] = None) -> Iterator[Article | InputError]:
        """Every article (or reader error) in ``paths`` (files, folders, ``-``), as the
        configured readers give them; `audit_stream` and `fix_stream` pair sources.

        ``stdin_name`` (``--stdin-filename``): what stdin (``-``) is called: its articles
        and errors carry that path (and a text article that id), and its extension picks
        the reader (``.md``: Markdown, ``.html``: HTML, ``.jsonl``: JSONL) unless a format
        is set."""
        from auditor.io import iter_articles

        options = read_options or self.read_options
        if stdin_name is None:
            return iter_articles(paths, options, copies=copies)
        return self._read_named_stdin(paths, options, copies, stdin_name)

    def _read_named_stdin(self, paths: Sequence[str], options: ReadOptions, copies: Optional[dict[str, Any]],
                          name: str) -> Iterator[Article | InputError]:
        from auditor.io import detect_format, iter_articles
        from auditor.io.common import renamed
        from auditor.io.stdin import NAME

        for path in paths:
            if path != "-":
                yield from iter_articles([path], options, copies=copies)
                continue
            fmt = options.format
            if fmt == "auto":
                fmt = detect_format(name)
                fmt = "auto" if fmt in ("text", "jsonl") else fmt  # text vs JSONL: sniffed, as always
            for item in iter_articles(["-"], dataclasses.replace(options, format=fmt)):
                item = renamed(item, NAME, name)
                if isinstance(item, Article) and not item.id:
                    item.id = name
                yield item

    def paired(self, items: Iterable[Article | InputError]) -> Iterator[Article | InputError]:
        """``items`` with each article's source attached (``source``; reader errors pass;
        a source file that cannot be read is reported once, and its articles are checked
        without it)."""
        for item in items:
            if self._pairer is not None:
                yield from self._pairer.attach_each(item)  # an unreadable source: its error, then the article
            else:
                yield self._paired(item) if isinstance(item, Article) else item

    def mined(self, read: Callable[[], Iterable[Article | InputError]]) -> Engine:
        """The engine with the corpus facts of a first read of the input (``read()``),
        or the engine itself when no selected rule mines the batch."""
        if not self.engine.needs_corpus:
            return self.engine
        return self.engine.with_corpus(item for item in read() if isinstance(item, Article))

    # -- the batch pre-pass in blocks (the distributed runner) ------------------------------
    def observe(self, items: Iterable[Article | InputError]) -> CorpusState:
        """The pre-pass state of the articles among ``items`` (reader errors are passed
        over): one block of a batch, observed wherever it lies. `merge_corpus` the blocks'
        states, then `with_corpus_state`: the result is exactly that of one pass over the
        whole batch (`mined`). Without a selected rule that mines the batch, the state only
        counts the articles."""
        articles = (item for item in items if isinstance(item, Article))
        if not self.engine.needs_corpus:
            return CorpusState(articles=sum(1 for _ in articles))
        return self.engine.observe_all(articles)

    def merge_corpus(self, states: Iterable[CorpusState]) -> CorpusState:
        """One state from the blocks' ``states`` (in the order given; the given states are
        left as they are)."""
        merged = CorpusState()
        for state in states:
            self.engine.merge_corpus(merged, state)
        return merged

    def with_corpus_state(self, corpus: CorpusState) -> "Auditor":
        """This auditor, sharing its models, with the corpus facts of the merged pre-pass
        state ``corpus``: its `audit_stream`, `fix_stream` and `check_many` with
        ``mine=False`` see the boilerplate mined across the whole batch."""
        variant = copy.copy(self)
        variant.engine = self.engine.with_corpus_state(corpus) if self.engine.needs_corpus else self.engine
        variant._variants = {}
        variant._parent = self._parent or self
        return variant

    def audit_stream(self, read: Callable[[], Iterable[Article | InputError]], *, mine: bool = True,
                     jobs: int = 1) -> Iterator[ArticleReport | InputError]:
        """Reports and reader errors for the articles of ``read()``, in input order; with
        ``mine``, ``read()`` is called twice (the corpus pre-pass, then the audit)."""
        from auditor.pipeline import audit_stream

        engine = self.mined(read) if mine else self.engine
        return audit_stream(engine, self.paired(read()), jobs=jobs)

    def fix_stream(self, read: Callable[[], Iterable[Article | InputError]], *, unsafe: bool = False,
                   mine: bool = True, jobs: int = 1) -> Iterator[Any]:
        """`auditor.fix.FixResult`s and reader errors for the articles of ``read()``, in
        input order (``read()`` is called twice when a rule mines the batch and ``mine``).
        Models load in this process, or with ``jobs`` > 1 once in each worker."""
        from auditor.pipeline import fix_stream

        engine = self.mined(read) if mine else self.engine
        if self.uses_model and self.model is None and jobs > 1:
            note = _missing_extra_note()
            if note is not None:
                self.notify("note", note)
        # in this process the models load once per `Auditor` (`load_models`, which notes a
        # missing extra); each --jobs worker loads its own
        make_tools = (self.load_models if jobs <= 1 else self.build_tools) if self.uses_model else _no_tools
        return fix_stream(engine, self.paired(read()), make_tools, unsafe=unsafe, jobs=jobs)

    # -- the rule catalogue -----------------------------------------------------------------
    def rules_info(self) -> list[dict[str, Any]]:
        """Every selected rule: code, name, family, severity (as configured), fix, summary."""
        out = []
        for rule in self.rules:
            out.append({"code": rule.code, "name": rule.name, "family": rule.family,
                        "severity": self.settings.severity_for(rule.code, rule.severity).value,
                        "fix": rule.fixable, "summary": rule.summary(),
                        "needs_corpus": bool(rule.needs_corpus)})
        return out


def _no_tools() -> tuple[None, None]:
    return None, None


def _missing_extra_note() -> Optional[str]:
    from auditor.correct.loading import missing_extra_note

    return missing_extra_note()


def _log_notice(level: str, message: str) -> None:
    (log.warning if level == "warning" else log.info)(message)
