"""Encoding damage: mojibake, replacement characters, HTML entities (TYP019-TYP021).

Repairs come from `ftfy` (``fix_encoding``) and the standard library's ``html.unescape``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from auditor.document import Article
from auditor.findings import Applicability, Finding, Replacement, Severity
from auditor.rules.base import Rule, RuleContext, register
from auditor.rules.typography._common import FAMILY

SAFE = Applicability.SAFE

# A UTF-8 lead byte read as Latin-1/cp1252 (Â..ô) followed by continuation bytes read the
# same way (0x80-0xBF: C1 controls or cp1252 punctuation, then ¡..¿).
_CONTINUATION = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_HINT = re.compile(rf"[\u00c2-\u00f4][{_CONTINUATION}]")
_NOT_SPACE = re.compile(r"[^ \t\r\n]+")


@lru_cache(maxsize=4096)
def _repair(token: str) -> str:
    import ftfy

    return ftfy.fix_encoding(token)


@register
class Mojibake(Rule):
    """Mojibake: UTF-8 text decoded as Latin-1 or Windows-1252.

    What it does:
        Finds sequences such as "Ã¨", "â€™", "Ã©" (a UTF-8 character read byte by byte
        in a single-byte encoding) and confirms each with `ftfy`'s ``fix_encoding``; only
        the characters that ftfy repairs are flagged.

    Why it matters:
        A wrong encoding somewhere between the source site, the MT system and the CMS
        garbles accented letters and typographic punctuation; readers see noise.

    Example:
        ``Putinâ€™s plans`` -> ``Putin’s plans``; ``perchÃ©`` -> ``perché``

    Fix safety:
        Safe: ftfy's repair re-encodes and decodes the bytes; it is applied only when the
        result is valid UTF-8 text that ftfy judges better.
    """

    code = "TYP019"
    name = "mojibake"
    family = FAMILY
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        last_end = -1
        for hint in _MOJIBAKE_HINT.finditer(text):
            if hint.start() < last_end:
                continue
            token = _NOT_SPACE.search(text, _token_start(text, hint.start()))
            if token is None:
                continue
            last_end = token.end()
            raw = token.group()
            fixed = _repair(raw)
            if fixed == raw:
                continue
            # narrow the span to the changed characters
            head = 0
            while head < min(len(raw), len(fixed)) and raw[head] == fixed[head]:
                head += 1
            tail = 0
            while tail < min(len(raw), len(fixed)) - head and raw[-1 - tail] == fixed[-1 - tail]:
                tail += 1
            start, end = token.start() + head, token.end() - tail
            content = fixed[head : len(fixed) - tail]
            yield self.finding(
                article, start, end, f"Mojibake {raw[head:len(raw) - tail]!r}: should read {content!r}.",
                replacements=[Replacement(start, end, content, SAFE, "repair the encoding (ftfy)")],
                confidence=0.95,
                evidence={"damaged": [unicodedata.name(c, f"U+{ord(c):04X}") for c in text[start:end]],
                          "repaired": [unicodedata.name(c, f"U+{ord(c):04X}") for c in content]},
            )


def _token_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] not in " \t\r\n":
        pos -= 1
    return pos


_REPLACEMENT_CHAR = re.compile("\ufffd+")


@register
class ReplacementCharacter(Rule):
    """U+FFFD replacement characters.

    What it does:
        Flags each run of "\ufffd", the character a decoder writes for bytes it could
        not decode.

    Why it matters:
        The original character is lost: an accented letter, a quotation mark or a dash
        is missing from the text.

    Example:
        ``the mayor of Bras\ufffdlia`` -> ``the mayor of Brasília``

    Fix safety:
        No automatic fix: the lost character cannot be recovered from the text.
    """

    code = "TYP020"
    name = "replacement-character"
    family = FAMILY
    severity = Severity.ERROR
    fixable = "none"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if "\ufffd" not in text:
            return
        for m in _REPLACEMENT_CHAR.finditer(text):
            yield self.finding(article, m.start(), m.end(), "Replacement character: a character was lost in decoding.")


_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@register
class HtmlEntity(Rule):
    """HTML character references left in the text.

    What it does:
        Flags named and numeric character references that HTML would decode: "&amp;",
        "&#8217;", "&nbsp;", "&eacute;".

    Why it matters:
        Text copied from HTML without decoding (or escaped twice) shows the codes instead
        of the characters.

    Example:
        ``AT&amp;T said`` -> ``AT&T said``; ``Putin&#8217;s`` -> ``Putin’s``

    Fix safety:
        Safe: the reference is replaced by the character it stands for
        (``html.unescape``); "&nbsp;" becomes a no-break space.
    """

    code = "TYP021"
    name = "html-entity"
    family = FAMILY
    severity = Severity.WARNING
    fixable = "safe"

    def check(self, article: Article, context: RuleContext) -> Iterator[Finding]:
        text = article.text
        if "&" not in text:
            return
        for m in _ENTITY.finditer(text):
            raw = m.group()
            decoded = html.unescape(raw)
            if decoded == raw:
                continue
            yield self.finding(
                article, m.start(), m.end(), f"HTML entity {raw!r} (stands for {decoded!r}).",
                replacements=[Replacement(m.start(), m.end(), decoded, SAFE, "decode the entity")],
                confidence=0.95,
            )
