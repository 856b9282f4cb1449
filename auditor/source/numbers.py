"""Numbers, amounts, times and month names in a text span, with locale-aware values.

A mention carries every value its digits can mean (``"272.000"`` is 272000 in Italian
and 272.0 in English; ``"3,500"`` is 3500 in English and 3.5 in Italian), so that two
mentions match when any reading agrees. A scale word multiplies ("1,5 Millionen" =
"1.5 million" = 1500000); "14.30 Uhr" matches "2:30 p.m."; a month name matches the same
month in the other language or its number in a numeric date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.source.lexicon import Lexicon

Key = "float | tuple[str, int]"

# digit groups: "1.100.000", "1,100,000", "272 000" (thin/no-break space), "3,5", "14:30"
_NUMBER_BODY = (r"(?:\d{1,3}(?:(?P<sep>[.,\u00a0\u202f'’ ])\d{3}(?!\d))(?:(?P=sep)\d{3}(?!\d))*(?:(?!(?P=sep))[.,]\d+)?"
                r"|\d+(?:[.,:]\d+)?)(?![.,]\d)")
_NUMBER = regex.compile(r"(?<![\p{Latin}\p{Cyrillic}\p{Greek}\p{N}.,])" + _NUMBER_BODY, regex.VERSION1)
# the same in Chinese and Japanese text, where digits stand right after Latin letters
# ("iPhone8", "AM9:00", "FW21")
_NUMBER_CJK = regex.compile(r"(?<![\p{N}.,:])" + _NUMBER_BODY, regex.VERSION1)
# digits glued after a Latin letter in other scripts' text: part of a product, model or
# vehicle name ("K1", "E95", "x15.5mm"), kept as a "code" that may match a figure of the
# other side ("K1" = "child 1", "E 95" = "E95") but is never reported missing
_GLUED = regex.compile(r"(?<=\p{Latin})\d+(?:[.,]\d+)?(?![\p{N}]|[.,]\d)", regex.VERSION1)
# a number that is part of a name: "COVID-19", "Sars-CoV-2", "MH-17", "F-35"
_NAME_NUMBER = regex.compile(r"(?<!\p{L})(?!(?i:covid|sars|mers))\p{Lu}[\p{L}]*-$")
# the same after a lower-case Cyrillic word ("поток-2" = "Nord Stream 2", "топ-10" = "Top 10"):
# a code, matched when the translation has it, never missing
_LOWER_NAME_NUMBER = regex.compile(r"(?<!\p{L})\p{Cyrillic}+-$")
# the number of a disease's name ("COVID-19", "covidem-19", "Covid 19"): compared, so that
# "covid-93" is a change, but never an addition (English adds it to a bare "covid")
_DISEASE_NUMBER = regex.compile(r"(?i:covid|sars|mers)\p{L}*[- \u00a0]$")
# Chinese/Japanese number scales written after the digits ("1000万" = 10,000,000)
_CJK_SCALES = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "千": 1000, "百": 100}
# Chinese/Japanese clock times: "15时50分", "17時07分", "9時"
_CJK_CLOCK = regex.compile(r"(?P<h>[01]?\d|2[0-4])[时時](?:(?P<m>[0-5]?\d)分)?")
# clock words after an hour: "14 Uhr", "alle 14", "14 h"; Ukrainian "о 17 годині", "після 17
# години" and Russian "в 17 часов" (the same forms also count hours, "2 години" = "2 hours":
# the clock reading is only added to the figure's values)
_AFTER = regex.compile(r"[ \u00a0\u202f]?(?P<pm>[ap]\.?\s?m\.?(?![\p{L}]))|[ \u00a0\u202f]?(?P<clock>Uhr|ore|h|heures?|horas?|hrs?|o'clock"
                       r"|годин[иі]|година|часов|часа|час)(?![\p{L}])",
                       regex.IGNORECASE)
_ROMAN = regex.compile(r"(?<![\p{L}\p{N}])(?P<r>[IVXLC]{2,}|[IVX](?=e\b|er\b|ème|º|°))(?:e|er|ème|º|°)?(?![\p{L}\p{N}])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CLOCK = regex.compile(r"(?<![\p{N}])(?P<h>[01]?\d|2[0-4])[ \u00a0]?h[ \u00a0]?(?P<m>[0-5]\d)(?![\p{N}])|(?<![\p{N},.])(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)(?=[ \u00a0]?(?:GMT|UTC|CET|CEST|hours|hrs|h\b))")
_SCALE_WORD = regex.compile(r"[ \u00a0\u202f]*(\p{L}+\.?)")
# a numeric date, "15.3.2021", "2021.6.11", "2021-06-11", "3/15/21", "18.01." (day and
# month, the German and Czech way): numbers each read on its own (a day, a month, a
# year), not one decimal
_DATE = regex.compile(r"(?<![\p{N}.,/:-])(?:\d{4}(?P<s1>[./-])\d{1,2}(?P=s1)\d{1,2}|\d{1,2}(?P<s2>[./-])\d{1,2}(?P=s2)(?:\d{4}|\d{2})"
                   r"|(?:[012]?\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?=[\s,;)]|$))"
                   r"(?![\p{N}]|[.,/:-]\d)", regex.VERSION1)
_DATE_PART = regex.compile(r"\d+")
# Chinese/Japanese "1万7000" = 17,000: a scale character between two groups of digits
_CJK_GROUPED = regex.compile(r"(?P<hi>\d+)(?P<scale>[万萬亿億])(?P<lo>\d{1,4})(?!\d)")
_LATIN_LETTER = regex.compile(r"\p{Latin}")
# a figure with its conversion in parentheses after it, "200 miles (320 kilometres)": the
# translator's conversion of the source's figure, a gloss like the parenthesis
_CONVERTED = regex.compile(r"[ \u00a0]?\p{L}{0,12}\.?[ \u00a0]?[(（][ \u00a0]?(?:about |approx\.? |approximately |ca\.? |c\. )?\d",
                           regex.VERSION1)
# Chinese/Japanese numerals written in characters ("三百万" = 3,000,000, "十八" = 18)
_HAN_NUMERAL = regex.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")
_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
_HAN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


def han_numeral(chars: str) -> int | None:
    """The value of a Chinese/Japanese numeral ("三百万" -> 3000000, "十八" -> 18,
    "两" -> 2), or None when the characters do not form one number ("十四五")."""
    total = section = 0
    digit: int | None = None
    for ch in chars:
        if ch in _HAN_DIGITS:
            if digit is not None:
                return None  # two digits in a row: not one number
            digit = _HAN_DIGITS[ch]
        elif ch in _HAN_UNITS:
            section += (1 if digit is None else digit) * _HAN_UNITS[ch]
            digit = None
        elif _HAN_BIG[ch] == 10_000:  # 万 multiplies the group before it
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:  # 亿 multiplies everything before it
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit = 0, None
    value = total + section + (digit or 0)
    return value or None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    values: frozenset
    kind: str  # "digits", "word" (a spelled-out number), "month" or "code" (digits glued to a Latin word)
    aside: bool = False  # inside parentheses (not a list number "(2)") or converted in them: a gloss

    def matches(self, other: "Mention") -> bool:
        return not self.values.isdisjoint(other.values)


def _digit_values(token: str) -> set:
    values: set = set()
    if ":" in token:
        hours, minutes = token.split(":", 1)
        h, m = int(hours), int(minutes)
        if h <= 24 and m < 60 and len(minutes) == 2:
            values.update({("t", h * 60 + m), ("t", (h % 12) * 60 + m)})
        return values
    seps = [c for c in token if not c.isdigit()]
    digits = token
    if not seps:
        values.add(float(int(token)))
    elif len(seps) == 1:
        sep = seps[0]
        whole, frac = digits.split(sep)
        if sep in ".," and len(frac) != 3:
            values.add(round(float(f"{whole}.{frac}"), 6))
            if len(frac) == 2 and int(whole) <= 24 and int(frac) < 60:
                values.add(("t", int(whole) * 60 + int(frac)))
        elif sep in ".,":  # "272.000" / "3,500": grouping or decimal
            values.add(float(int(whole + frac)))
            values.add(round(float(f"{whole}.{frac}"), 6))
        else:
            values.add(float(int(whole + frac)))
    else:
        last = seps[-1]
        if last != seps[0] and last in ".,":
            whole, frac = token.rsplit(last, 1)
            values.add(round(float("".join(c for c in whole if c.isdigit()) + "." + frac), 6))
        else:
            values.add(float(int("".join(c for c in token if c.isdigit()))))
    return values


def _scaled(values: set, factor: int) -> set:
    return {round(v * factor, 3) for v in values if isinstance(v, float)}


def extract(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every number, spelled-out number and month name in ``text[start:end]``."""
    end = len(text) if end is None else end
    out: list[Mention] = _dates(text, start, end)
    taken = [(d.start, d.end) for d in out]
    cjk = lex.lang in ("zh", "ja")
    for m in (_NUMBER_CJK if cjk else _NUMBER).finditer(text, start, end):
        token = m.group()
        if _NAME_NUMBER.search(text, max(start, m.start() - 12), m.start()):
            continue
        if any(a <= m.start() < b for a, b in taken):
            continue
        grouped = _CJK_GROUPED.match(text, m.start(), end) if cjk else None
        if grouped and grouped.group("hi") == token:  # "1万7000" = 17000
            value = int(grouped.group("hi")) * _CJK_SCALES[grouped.group("scale")] + int(grouped.group("lo"))
            out.append(Mention(m.start(), grouped.end(), grouped.group(), frozenset({float(value)}), "digits"))
            taken.append((m.start(), grouped.end()))
            continue
        if ":" in token and (len(token.split(":", 1)[1]) != 2 or int(token.split(":", 1)[0]) > 24):
            # a score or ratio, "2:0", "39:59": two numbers
            left, right = token.split(":", 1)
            out.append(Mention(m.start(), m.start() + len(left), left, frozenset({float(int(left))}), "digits"))
            out.append(Mention(m.end() - len(right), m.end(), right, frozenset({float(int(right))}), "digits"))
            continue
        values = _digit_values(token)
        stop = m.end()
        after = _AFTER.match(text, stop, end)
        if after:
            whole = token.replace(",", ".").split(".")[0].split(":")[0]
            if whole.isdigit() and int(whole) <= 24:
                h = int(whole)
                minutes = 0
                for sep in ".,:":
                    if sep in token:
                        frac = token.split(sep, 1)[1]
                        minutes = int(frac) if len(frac) == 2 and int(frac) < 60 else 0
                if after.group("pm"):
                    pm = after.group("pm").lower().startswith("p")
                    values.add(("t", ((h % 12) + (12 if pm else 0)) * 60 + minutes))
                else:
                    values.add(("t", h * 60 + minutes))
                    values.add(("t", (h % 12) * 60 + minutes))
        scale = _SCALE_WORD.match(text, stop, end)
        if scale and scale.group(1).rstrip(".").casefold() in lex.scales:
            values |= _scaled(values, lex.scales[scale.group(1).rstrip(".").casefold()])
        elif stop < end and text[stop] in _CJK_SCALES:
            values |= _scaled(values, _CJK_SCALES[text[stop]])
        if ":" not in token:
            for v in list(values):
                if isinstance(v, float) and v.is_integer() and 1 <= v <= 12:
                    values.add(("m", int(v)))  # a month in a numeric date
                if len(token) == 2 and isinstance(v, float) and v.is_integer():
                    values.update({1900.0 + v, 2000.0 + v})  # "anni 70" = "1970s", "'98"
        values |= _era_years(text, m.start(), values, lex)
        kind = "code" if cjk and m.start() > 0 and _LATIN_LETTER.match(text[m.start() - 1]) else "digits"
        if _LOWER_NAME_NUMBER.search(text, max(start, m.start() - 12), m.start()):
            kind = "code"
        listed = text[m.start() - 1 : m.start()] in "(（" and text[m.end() : m.end() + 1] in (")", "）") and m.start() > 0
        aside = (_in_parentheses(text, m.start()) and not listed) or bool(_CONVERTED.match(text, m.end(), end)) \
            or bool(_DISEASE_NUMBER.search(text, max(start, m.start() - 12), m.start())) \
            or _figure_of_speech(text, m.end(), end, values, lex)
        values |= _floor(text, m.end() + (text[m.end():m.end() + 1] == "."), end, values, lex)
        out.append(Mention(m.start(), m.end(), token, frozenset(values), kind, aside))
    if not cjk:
        for m in _GLUED.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            out.append(Mention(m.start(), m.end(), m.group(), frozenset(_digit_values(m.group())), "code"))
    for m in _ROMAN.finditer(text, start, end):  # "XV secolo" = "15th century"
        value = _roman(m.group("r"))
        if len(m.group("r")) == 1 and lex.lang != "fr":
            continue  # "Ve", "Ier": French ordinals ("Ve siècle"); elsewhere "Ve" is a word (Czech "in")
        if value and _roman_in_context(text, m, start, end):
            out.append(Mention(m.start(), m.end(), m.group(), frozenset({float(value)}), "digits"))
    for m in _CLOCK.finditer(text, start, end):  # "12 h 00", "1200 GMT": a time
        if m.group("mil"):
            h, mi = int(m.group("mil")[:2]), int(m.group("mil")[2:])
        else:
            h, mi = int(m.group("h")), int(m.group("m"))
        clock = frozenset({("t", h * 60 + mi), ("t", (h % 12) * 60 + mi), float(h)})
        out = [x for x in out if not (m.start() <= x.start < m.end())]
        out.append(Mention(m.start(), m.end(), m.group(), clock, "digits"))
    for m in _CJK_CLOCK.finditer(text, start, end):
        h, mi = int(m.group("h")), int(m.group("m") or 0)
        clock = frozenset({("t", h * 60 + mi), ("t", (h % 12) * 60 + mi), float(h)})
        out = [x for x in out if not (m.start() <= x.start < m.end())]
        out.append(Mention(m.start(), m.end(), m.group(), clock, "digits"))
    if cjk:
        out.extend(_han_mentions(text, start, end, lex))
    previous: Mention | None = None
    for m in lex.words_re.finditer(text, start, end):
        word = m.group().casefold()
        if word in lex.months:
            if word in lex.ambiguous_months and not _beside_digit(text, m.start(), m.end()) \
                    and not _month_by_context(text, m, start):
                continue
            if lex.lang == "de" and not m.group()[0].isupper():
                continue
            out.append(Mention(m.start(), m.end(), m.group(), frozenset({("m", lex.months[word])}), "month"))
            continue
        if word not in lex.number_words:  # a scale word alone: "milion korun" = "1 million crowns"
            if not _after_number(text, m.start(), out):
                out.append(Mention(m.start(), m.end(), m.group(), frozenset({float(lex.scales[word])}), "word"))
            continue
        value = lex.number_words[word]
        values = {float(value)}
        if 20 <= value <= 90 and value % 10 == 0:
            values.update({1900.0 + value, 2000.0 + value})  # a decade: "devadesátých let" = "the 1990s"
        scale = _SCALE_WORD.match(text, m.end(), end)
        if scale and scale.group(1).rstrip(".").casefold() in lex.scales and scale.group(1).casefold() != word:
            values |= _scaled(values, lex.scales[scale.group(1).rstrip(".").casefold()])
        values |= _floor(text, m.end(), end, values, lex)
        mention = Mention(m.start(), m.end(), m.group(), frozenset(values), "word")
        if previous is not None and previous.end <= m.start() and _joinable(text[previous.end : m.start()]):
            combined = _combine(previous, mention, value)
            if combined is not None:
                out[out.index(previous)] = combined
                previous = combined
                continue
        out.append(mention)
        previous = mention
    out.sort(key=lambda x: x.start)
    return out


_AFTER_WORD = regex.compile(r"[ \u00a0\u202f]*(%|°|\p{L}+(?: \p{L}+)?)")


@lru_cache(maxsize=None)
def _turn_words(lang: str) -> frozenset[str]:
    """Words for degrees (``[turns]`` of ``packs/<lang>/source_numbers.toml``): "Grad",
    "градусів", "degrees"."""
    from auditor.packs import load_pack

    data = (load_pack(lang, "source_numbers") if lang else None) or {}
    return frozenset(w.casefold() for w in data.get("turns", {}).get("words", []))


def _figure_of_speech(text: str, pos: int, end: int, values: set, lex: Lexicon) -> bool:
    """A figure that says how rather than how much, which translations render as a word
    as often as a figure: "100 %" / "100 Prozent" ("zu 100 %" = "definitely",
    "completely") and a half or full turn, "180°" / "180 Grad" / "360 градусів"
    ("turned around", "a U-turn"). Such a figure is compared when changed, never
    reported missing or added (like a gloss, `Mention.aside`)."""
    after = _AFTER_WORD.match(text, pos, end)
    if after is None:
        return False
    word = after.group(1).casefold()
    if 100.0 in values:
        return word == "%" or word.startswith(tuple(lex.percent_words) or ("\0",))
    if values & {180.0, 360.0}:
        return word == "°" or word.split()[0] in _turn_words(lex.lang)
    return False


def _floor(text: str, pos: int, end: int, values: set, lex: Lexicon) -> set:
    """The other floor count of a storey number ("im ersten Stock" = "on the second floor"
    in American English, "on the first floor" in British): the value shifted by the
    pack's ``[floors]`` shift, when a floor word follows the number."""
    if not lex.floor_words:
        return set()
    word = _SCALE_WORD.match(text, pos, end)
    if word is None or word.group(1).rstrip(".").casefold() not in lex.floor_words:
        return set()
    return {v + lex.floor_shift for v in values if isinstance(v, float) and v.is_integer() and v + lex.floor_shift >= 0}


def _dates(text: str, start: int, end: int) -> list[Mention]:
    """The day, month and year of each numeric date ("15.3.2021", "2021.6.11"), as
    three mentions: a translation writes "15 March 2021" or "June 11, 2021"."""
    out = []
    for m in _DATE.finditer(text, start, end):
        for part in _DATE_PART.finditer(m.group()):
            token = part.group()
            value = int(token)
            values: set = {float(value)}
            if 1 <= value <= 12:
                values.add(("m", value))
            if len(token) == 2:
                values.update({1900.0 + value, 2000.0 + value})
            s = m.start() + part.start()
            out.append(Mention(s, s + len(token), token, frozenset(values), "digits"))
    return out


def _in_parentheses(text: str, pos: int) -> bool:
    """True when ``pos`` stands inside a parenthesis opened earlier on its line."""
    line_start = max(text.rfind("\n", 0, pos) + 1, pos - 200)
    before = text[line_start:pos]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _era_years(text: str, pos: int, values: set, lex: Lexicon) -> set:
    """Gregorian years of a year in a Japanese era ("令和3年" = 2021): the era's base year
    plus the number, when an era name stands right before it."""
    for era, base in lex.eras.items():
        if text[max(0, pos - len(era)) : pos] == era:
            return {float(base + v) for v in values if isinstance(v, float) and v.is_integer()}
    return set()


def _han_mentions(text: str, start: int, end: int, lex: Lexicon) -> list[Mention]:
    """Chinese/Japanese numerals written in characters. A numeral of one digit character
    counts only before a counter ("三个", "二人"), after "第", or as a list number "(一)":
    elsewhere it is part of a word ("三江源", "一样", "相差无二"). Numerals after an
    approximating character ("几十", "数百": a few dozen, several hundred) say no
    figure; "一" alone only counts as a list number or an ordinal."""
    out = []
    for m in _HAN_NUMERAL.finditer(text, start, end):
        chars = m.group()
        value = han_numeral(chars)
        if value is None or chars in _HAN_BIG:
            continue
        before, after = text[max(0, m.start() - 1) : m.start()], text[m.end() : m.end() + 4]
        if before and before in lex.approximate:
            continue
        if _inside_word(text, m.start(), m.end(), lex.numeral_exclude):
            continue
        listed = before in ("(", "（", "第") and (after[:1] in (")", "）") or before == "第")
        counted = any(after.startswith(c) for c in lex.counters)
        if len(chars) == 1 and not (listed or counted):
            continue
        if value == 1 and not (listed or any(after.startswith(c) for c in lex.one_counters)):
            continue  # "一位", "一种": mostly "a"/"one", which English does not write as a number
        values: set = {float(value)}
        if after[:1] == "月" and 1 <= value <= 12:
            values.add(("m", value))  # "三月" = March
        values |= _era_years(text, m.start(), values, lex)
        out.append(Mention(m.start(), m.end(), chars, frozenset(values), "word"))
    return out


def _inside_word(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` ("十分", "一部") covers part of ``text[start:end]``."""
    for w in words:
        lo = max(0, start - len(w) + 1)
        pos = text.find(w, lo, end + len(w) - 1)
        while pos != -1 and pos < end:
            if pos + len(w) > start:
                return True
            pos = text.find(w, pos + 1, end + len(w) - 1)
    return False


_MONTH_NEIGHBOURS = frozenset({"to", "through", "until", "till", "and", "or", "of", "this", "last", "next", "in", "since",
                               "from", "early", "late", "mid", "end", "by", "on"})


def _month_by_context(text: str, m, start: int) -> bool:
    """An ambiguous month name ("March", "May") read as a month: capitalised, and beside
    a word that goes with months ("March to June", "in May", "since March")."""
    if not m.group()[0].isupper():
        return False
    before = text[max(start, m.start() - 8) : m.start()].split()
    after = text[m.end() : m.end() + 10].split()
    words = {w.strip(",.;:-–").casefold() for w in before[-1:] + after[:1]}
    return bool(words & _MONTH_NEIGHBOURS)


def _after_number(text: str, pos: int, mentions: list[Mention]) -> bool:
    """True when a number stands right before ``pos`` ("1,5 Millionen", "drei Millionen")."""
    gap_start = len(text[:pos].rstrip(" \u00a0\u202f"))
    return (gap_start > 0 and text[gap_start - 1].isdigit()) or any(m.end == gap_start for m in mentions)


def _joinable(gap: str) -> bool:
    return gap.strip(" -").casefold() in ("", "y", "e", "et", "und", "and")


def _combine(first: Mention, second: Mention, value: int) -> Mention | None:
    """"twenty-five", "treinta y cinco", "two hundred": one mention, one value."""
    base = max(v for v in first.values if isinstance(v, float))
    if base >= 20 and base % 10 == 0 and base < 100 and 1 <= value <= 9:
        total = base + value
    elif value in (100, 1000) and base < 100:
        total = base * value
    else:
        return None
    return Mention(first.start, second.end, first.text + "…" + second.text, frozenset({float(total)}), "word")


def _beside_digit(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 4) : start]
    after = text[end : end + 4]
    return any(c.isdigit() for c in before) or any(c.isdigit() for c in after)


@dataclass(frozen=True)
class NumberDiff:
    source: Mention | None
    target: Mention | None


def compare(source: list[Mention], target: list[Mention]) -> list[NumberDiff]:
    """Mentions without a counterpart: pairs of a changed value, or one-sided drops and
    additions (digits only: spelled-out numbers and months are reported only as changes)."""
    free_src = list(source)
    unmatched_tgt = list(target)
    # mentions of the same kind first (digits with digits, words with words), so that
    # "first month ... 1 yuan" does not take the source's "1" from the digits; within a
    # kind the most specific values first ("three weeks" pairs with "drei" before "3")
    for same_kind in (True, False):
        left: list[Mention] = []
        for tgt in sorted(unmatched_tgt, key=lambda t: len(t.values)):
            hit = next((s for s in sorted(free_src, key=lambda x: x.kind == "code")
                        if s.matches(tgt) and (not same_kind or _kind(s) == _kind(tgt))), None)
            if hit is None:
                left.append(tgt)
            else:
                free_src.remove(hit)
        unmatched_tgt = left
    diffs: list[NumberDiff] = []
    # a bare source "1" is mostly rendered "a", "one", "per" or "once", which English
    # does not write as a number: never a drop, nor a partner for a change; nor are
    # digits glued to a Latin word ("Ryzen7", "#Product2#", "A2"), which English copies
    # with the word or leaves out with it
    unmatched_src = [s for s in free_src if not _bare_one(s) and s.kind != "code"]
    # a product code that the translation glued together ("R17 98W" -> "R17.98W",
    # "S900 140x200" -> "S900.140x200"): the source figures whose digits stand inside the
    # target code's digits are the same figures, written differently
    for tgt in [t for t in unmatched_tgt if t.kind == "code"]:
        digits = "".join(c for c in tgt.text if c.isdigit())
        inside = [s for s in unmatched_src if s.kind == "digits" and "".join(c for c in s.text if c.isdigit()) in digits]
        if inside:
            unmatched_tgt.remove(tgt)
            for s in inside:
                unmatched_src.remove(s)
    _joined_figures(unmatched_src, unmatched_tgt)
    for tgt in sorted(unmatched_tgt, key=lambda t: t.start):
        partner = next((s for s in unmatched_src if _comparable(s, tgt)), None)
        if partner is not None:
            unmatched_src.remove(partner)
            diffs.append(NumberDiff(partner, tgt))
        elif tgt.kind == "digits" and not tgt.aside:
            # a figure only the translation has, in parentheses, is the translator's gloss:
            # a conversion ("200 miles (320 km)") or dates ("the Edo period (1603-1867)")
            diffs.append(NumberDiff(None, tgt))
    # a figure of the source in parentheses (a conversion, "1600 liber (necelých 50 tisíc
    # korun)") is a gloss the translation may leave out: compared when changed, never missing
    diffs.extend(NumberDiff(s, None) for s in unmatched_src if carried(s))
    return diffs


def carried(mention: Mention) -> bool:
    """A source figure whose loss is a drop (`compare`): digits, not a spelled-out number or
    a product code, not a bare "1" (rendered "a", "one", "once"), not a gloss in parentheses."""
    return mention.kind == "digits" and not mention.aside and not _bare_one(mention)


def _joined_figures(unmatched_src: list[Mention], unmatched_tgt: list[Mention]) -> None:
    """Two figures that one side writes as one ("9:19", "95.01") and the other as two, side
    by side ("9-19" for a score written like a clock time; "95 01" for a vehicle number
    that the translation joins with a period): when the digits on either side of the
    joined figure's separator are the other side's two figures, at most three characters
    apart and in that order, all three leave the lists."""
    for joined_side, split_side in ((unmatched_src, unmatched_tgt), (unmatched_tgt, unmatched_src)):
        for joined in [m for m in joined_side if m.kind == "digits" and _JOINED.fullmatch(m.text)]:
            left, right = _JOINED.fullmatch(joined.text).group(1, 2)
            pair = next(((a, b) for a in split_side if a.kind == "digits" and a.text == left
                         for b in split_side if b.kind == "digits" and b is not a and b.text == right
                         and 0 < b.start - a.end <= 3), None)
            if pair is not None:
                joined_side.remove(joined)
                split_side.remove(pair[0])
                split_side.remove(pair[1])


_JOINED = regex.compile(r"(\d{1,4})[:.](\d{2})")


def _kind(mention: Mention) -> str:
    return "digits" if mention.kind == "code" else mention.kind


def _bare_one(mention: Mention) -> bool:
    return mention.kind == "digits" and {v for v in mention.values if isinstance(v, float)} == {1.0}


def _comparable(a: Mention, b: Mention) -> bool:
    months = (a.kind == "month", b.kind == "month")
    return months[0] == months[1] or (a.kind == "digits" or b.kind == "digits")


def _roman(numeral: str) -> int:
    """The value of a Roman numeral in its canonical spelling ("XIV" = 14), or 0 ("IC",
    "XXL", "VV" are no numerals)."""
    total = 0
    for i, ch in enumerate(numeral):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -v if v < nxt else v
    return total if 0 < total < 400 and _to_roman(total) == numeral else 0


def _to_roman(value: int) -> str:
    out = ""
    for v, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out += letters
            value -= v
    return out


# words after which a short Roman numeral is a number: centuries, and ordinals of
# congresses, wars and rulers are written after a capitalised name instead
_CENTURY = regex.compile(r"[ \u00a0]*(?:century|centuries|secolo|secoli|siglo|siglos|século|séculos|siècle|siècles|"
                         r"Jahrhundert\p{L}*|stolet\p{L}*|století|stoleti|wiek\p{L}*|eeuw|ст\.|век\p{L}*|столітт\p{L}*)",
                         regex.IGNORECASE | regex.VERSION1)


def _roman_in_context(text: str, m, start: int, end: int) -> bool:
    """A Roman numeral of two letters with L or C ("LV", "CV", "XL", "CC") is a number
    only after a capitalised word ("Super Bowl LV"), before a word for a century
    ("XL secolo"), or with an ordinal ending; alone such letters are acronyms ("the LV
    monogram", "a CV"). Other numerals ("II", "XV", "XVIII") are numbers anywhere."""
    numeral = m.group("r")
    if len(numeral) >= 3 or m.group() != numeral or not set(numeral) & {"L", "C"}:
        return True  # "XVIII", "XVe", and "II", "IV", "XV" anywhere ("Anhang II" = "attachment II")
    if _CENTURY.match(text, m.end(), end):
        return True
    before = text[max(start, m.start() - 30) : m.start()].split()
    if before and _CENTURY.fullmatch(before[-1]):
        return True  # "siglo XV"
    return bool(before) and before[-1][:1].isupper() and before[-1].rstrip(".,:;").isalpha() \
        and not before[-1].isupper()
