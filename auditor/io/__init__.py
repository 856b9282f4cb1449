"""Readers: turn paths, directories, stdin and dumps into `Article`s, streaming.

`iter_articles` yields an `Article` per article and an `InputError` (not raised) per
unreadable file or line, so a batch goes on past bad input.
"""

from __future__ import annotations


from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: JSONL field names and directory globs."""

    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
