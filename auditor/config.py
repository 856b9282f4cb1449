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
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.findings import Severity

_KNOWN_KEYS = {
    "select", "ignore", "extend-select", "fail-on", "include", "exclude", "severity", "rules",
    "text-field", "title-field", "id-field",
}


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
                if "auditor" in tomllib.loads(candidate.read_text("utf-8")).get("tool", {}):
                    return candidate
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
    return None


def load_settings(path: Path | None = None, *, discover: bool = True) -> Settings:
    """Read settings from ``path`` (or the discovered file); defaults when there is none."""
    if path is None and discover:
        path = find_config()
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    return settings_from_mapping(data, str(path))


def settings_from_mapping(data: dict[str, Any], source: str = "") -> Settings:
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{source}: unknown configuration key(s): {', '.join(sorted(unknown))}")

    def str_list(key: str) -> list[str]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: '{key}' must be a list of strings")
        return value

    try:
        fail_on = Severity.parse(data.get("fail-on", "error"))
        severity = {k.upper(): Severity.parse(v) for k, v in data.get("severity", {}).items()}
    except ValueError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{source}: [rules.CODE] tables must hold options")
    return Settings(
        select=[s.upper() for s in (str_list("select") or (["ALL"] if "extend-select" in data else [])) + str_list("extend-select")],
        ignore=[s.upper() for s in str_list("ignore")],
        fail_on=fail_on,
        include=str_list("include"),
        exclude=str_list("exclude"),
        severity=severity,
        rule_options={k.upper(): {o.replace("-", "_"): v for o, v in opts.items()} for k, opts in rules.items()},
        fields={k: data[k] for k in ("text-field", "title-field", "id-field") if k in data},
        source=source,
    )
