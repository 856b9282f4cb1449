"""Settings: rule selection, severities, thresholds; from ``auditor.toml`` or
``[tool.auditor]`` in ``pyproject.toml`` (nearest to the working directory), then the
command line on top.

Example ``auditor.toml``::

    select = ["RES", "TYP"]
    ignore = ["TYP005"]
    fail-on = "warning"
    exclude = ["drafts/**"]

    [severity]
    CAL = "error"

    [rules.RES010]      # per-rule options
    min-count = 5

The whole file is checked when it is loaded, against `FileSchema` (every key and the
type of its value) and each rule's declared options (`auditor.rules.base.Option`): a
wrong type, a value out of range, a malformed ``[tool.auditor]`` table, a file that
cannot be read or that nests too deeply is a one-line `ConfigError` (exit 2). Rule codes
that match no rule and options no rule declares are accepted with a warning
(``Settings.warnings``, printed on stderr by the CLI), as ruff does.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from auditor.errors import ConfigError
from auditor.findings import Severity

@dataclass(frozen=True)
class FileSchema:
    """Every key a configuration file may hold (``fail_on`` is ``fail-on``) and the type
    of its value; `check_schema` enforces it before anything else reads the file."""

    select: str | list[str] = field(default_factory=list)
    ignore: str | list[str] = field(default_factory=list)
    extend_select: str | list[str] = field(default_factory=list)
    fail_on: str = "error"
    include: str | list[str] = field(default_factory=list)
    exclude: str | list[str] = field(default_factory=list)
    severity: dict[str, Any] = field(default_factory=dict)  # values: see Severity.parse
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"


_SCHEMA_TYPES = get_type_hints(FileSchema)
_KNOWN_KEYS = {name.replace("_", "-") for name in _SCHEMA_TYPES}
_FIELD_KEYS = ("text-field", "title-field", "id-field")


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    source: str = ""
    #: problems that do not stop a run (unknown rule codes, unknown options)
    warnings: list[str] = field(default_factory=list)

    def severity_for(self, code: str, default: Severity) -> Severity:
        """The configured severity of ``code`` (longest matching prefix), else ``default``."""
        best = max((p for p in self.severity if code.startswith(p)), key=len, default=None)
        return self.severity[best] if best else default


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``auditor.toml``, or ``pyproject.toml`` with a ``[tool.auditor]`` table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "auditor.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                tool = tomllib.loads(candidate.read_text("utf-8")).get("tool", {})
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError, RecursionError):
                continue
            if isinstance(tool, dict) and "auditor" in tool:
                return candidate
    return None


def read_user_file(path: Path, what: str) -> bytes:
    """The bytes of a file the user named (a configuration, a baseline); a one-line
    `ConfigError` saying what is wrong when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a {what} file") from None
    except PermissionError:
        raise ConfigError(f"{path}: cannot read the {what} file (permission denied)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} file ({exc.strerror or exc})") from None


def load_settings(path: Path | None = None, *, discover: bool = True) -> Settings:
    """Read settings from ``path`` (or the discovered file); defaults when there is none."""
    if path is None and discover:
        path = find_config()
    if path is None:
        return Settings()
    path = Path(path)
    try:
        data = tomllib.loads(read_user_file(path, "configuration").decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or not isinstance(tool.get("auditor", {}), dict):
            raise ConfigError(f"{path}: [tool.auditor] must be a table")
        data = tool.get("auditor", {})
    return settings_from_mapping(data, str(path))


def check_schema(data: Any, source: str = "") -> None:
    """Raise a one-line `ConfigError` unless ``data`` fits `FileSchema`."""
    where = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}the configuration must be a table, got {_kind(data)}")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{where}unknown configuration key(s): {', '.join(sorted(map(str, unknown)))}")
    for key, value in data.items():
        problem = _mismatch(value, _SCHEMA_TYPES[key.replace("-", "_")], key)
        if problem:
            raise ConfigError(where + problem)


def _mismatch(value: Any, expected: Any, name: str) -> str | None:
    """Why ``value`` does not fit the type ``expected`` (None if it does). ``Any`` values
    are not looked into; the schema is three levels deep, so this never recurses far."""
    if expected is Any:
        return None
    origin, args = get_origin(expected), get_args(expected)
    if origin in (Union, UnionType):
        for option in args:  # the option of the value's own kind says what is wrong inside it
            if isinstance(value, get_origin(option) or option):
                return _mismatch(value, option, name)
        return f"'{name}' must be {' or '.join(_describe(a) for a in args)}, got {_kind(value)}"
    if origin is list:
        if not isinstance(value, list):
            return f"'{name}' must be {_describe(expected)}, got {_kind(value)}"
        for i, item in enumerate(value):
            problem = _mismatch(item, args[0], f"{name}[{i}]")
            if problem:
                return problem
        return None
    if origin is dict:
        if not isinstance(value, dict):
            return f"'{name}' must be a table, got {_kind(value)}"
        for key, item in value.items():
            problem = _mismatch(item, args[1], f"{name}.{key}")
            if problem:
                return problem
        return None
    if expected is str:
        if not isinstance(value, str):
            return f"'{name}' must be a string, got {_kind(value)}"
        return None
    raise TypeError(f"schema type {expected!r} is not supported")  # pragma: no cover


def _describe(expected: Any) -> str:
    origin = get_origin(expected)
    if origin is list:
        return "a list of strings"
    if origin is dict:
        return "a table"
    return {str: "a string"}.get(expected, str(expected))


def _kind(value: Any) -> str:
    kinds = {dict: "a table", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
             float: "a number"}
    kind = kinds.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"{kind} ({value!r:.40})"
    return kind


def settings_from_mapping(data: dict[str, Any], source: str = "") -> Settings:
    """`Settings` from the (parsed) ``data`` of a configuration file, checked first
    against `FileSchema`, then for values: severities, rule options, field names."""
    check_schema(data, source)
    where = f"{source}: " if source else ""

    def str_list(key: str) -> list[str]:
        value = data.get(key, [])
        return [value] if isinstance(value, str) else list(value)

    try:
        fail_on = Severity.parse(data.get("fail-on", "error"))
    except ValueError as exc:
        raise ConfigError(f"{where}fail-on: {exc}") from None
    severity = {}
    for code, value in data.get("severity", {}).items():
        try:
            severity[code.upper()] = Severity.parse(value if isinstance(value, str) else repr(value)[:40])
        except ValueError as exc:
            raise ConfigError(f"{where}severity.{code}: {exc}") from None
    fields = {k: data[k] for k in _FIELD_KEYS if k in data}
    for key, value in fields.items():
        if not value.strip():
            raise ConfigError(f"{where}'{key}' must not be empty")

    from auditor.rules.base import unknown_selectors, validate_options

    warnings: list[str] = []
    rule_options: dict[str, dict[str, Any]] = {}
    for code, values in data.get("rules", {}).items():
        try:
            valid, problems = validate_options(code, values)
        except ValueError as exc:
            raise ConfigError(f"{where}{exc}") from None
        warnings.extend(where + p for p in problems)
        if valid:
            rule_options[code.upper()] = {k.replace("-", "_"): v for k, v in valid.items()}
    select = [s.upper() for s in (str_list("select") or (["ALL"] if "extend-select" in data else [])) + str_list("extend-select")]
    ignore = [s.upper() for s in str_list("ignore")]
    for key, prefixes in (("select", select), ("ignore", ignore), ("severity", list(severity))):
        for prefix in unknown_selectors(prefixes):
            warnings.append(f"{where}{key}: {prefix!r} matches no rule")
    return Settings(
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        include=str_list("include"),
        exclude=str_list("exclude"),
        severity=severity,
        rule_options=rule_options,
        fields=fields,
        source=source,
        warnings=warnings,
    )
