"""Negation cues in a text span: "non", "ne ... pas", "nicht", "kein", "not", "n't", ...

Counting is robust to how a negation is rendered ("senza problemi" -> "no problems",
"kein Geld" -> "no money" count one each); a difference between the two sides is a
polarity change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.source.lexicon import Lexicon, lexicon

_WORD = regex.compile(r"\p{L}+?n[’']t(?!\p{L})|\p{L}+", regex.IGNORECASE)
_FR_WINDOW = 6
# English negative words joined by "and"/"or" to a cue at most this many words before
# negate once ("I have no one and nowhere" = "В мене немає нікого і ніде")
_COORD_WINDOW = 4
_EN_NEGATIVE_WORDS = frozenset({"no", "nobody", "nothing", "none", "nowhere", "never", "neither"})
_PUNCT = regex.compile(r"[.,;:!?()\[\]\"“”«»—–]")
# a negated verb and the negative pronouns of its clause ("Nikdo s podezřením na Omikron do
# ciziny necestoval") are one negation: at most this many words apart, no punctuation between
_CONCORD_WINDOW = 10
_MODAL_UK_RU = r"(?:можу|може|можемо|можете|можуть|міг|могла|могли|могло|могу|может|можем|могут|мог)"
# Idioms whose negative particle is no negation in English (regular expressions, matched
# as whole words, case-insensitive): their cues neither count nor go missing, and they
# excuse an English negation ("не проти" = "don't mind"). Ukrainian and Russian.
IDIOMS = {
    "uk": (r"не\s+проти",  # "I don't mind" / "do you mind"
           r"не\s+" + _MODAL_UK_RU + r"(?:\s+\S+){0,3}?\s+не",  # "не можу не" = "cannot help but", "must"
           r"(?:ледь|ледве|мало|трохи|чи)\s+не",  # "almost"; "чи не найбільший" = "perhaps the biggest"
           r"(?:поки|доки|допоки|аж\s+поки)(?:\s+[^\s,.;:!?]+){0,3}?\s+не",  # "until" ("поки військові не вивезли")
           r"не\s+раз", r"не\s+дарма", r"не\s+так\s+давно", r"нема\s+за\s+що", r"не\s+виключено",
           r"не\s+зважаючи", r"без\s+того",
           # litotes and phrases English words without "not": "не погано" = "good", "не дорого" =
           # "cheap", "далеко не перша" = "far from the first", "не вистачає" = "short of",
           # "чи ні?", "чи немає, ..." closing an alternative question = "or not?" (often left out)
           r"не\s+(?:погано|дорого|дешево)", r"не\s+туди", r"далеко\s+не", r"не\s+вистача\p{L}*", r"чи\s+(?:ні|немає|нема)(?=\s*[?.!,]|\s*$)",
           r"як\s+би(?:\s+[^\s,.;:!?]+){0,3}?\s+не", r"без\s+сил",  # "без сил" = "exhausted"
           # a polite question: "Ви не підкажете, де ...?" = "Could you tell me where ...?"
           r"не\s+(?:підкажете|підкажеш|зможете|зможеш|могли\s+б|знаєте|знаєш)(?=[^.!?]*\?)",
           # a question opening with "Не": "Не вийшло в тебе подзвонити?" = "Did you manage to call?"
           r"(?<=(?:^|[.!?…]\s*))не(?=\s[^.!?]*\?)",
           # "не витримує критики" = "is beneath criticism"; "жах, а не дорога" (= "a nightmare, not a road")
           # closing a sentence = "the road was terrible"
           r"не\s+витриму\p{L}*\s+(?:жодної\s+)?критики", r"а\s+не\s+\p{L}+(?=\s*[.!?…]|\s*$)",
           # an elliptical "and not so": "друзі давні й не дуже" = "old friends and more recent ones"
           r"(?:і|й|та|чи)\s+не\s+дуже(?=\s*[,.;:!?…]|\s*$)"),  # ..., "і без того" = "already", "anyway"  # "more than once", "for good reason", "recently", "you're welcome", ...
    "ru": (r"не\s+против",
           r"не\s+" + _MODAL_UK_RU + r"(?:\s+\S+){0,3}?\s+не",
           r"(?:чуть|едва|чуть\s+было|едва\s+ли|чуть\s+ли|чем)\s+не",  # "almost"; "чем не" = "why not"
           r"(?:пока|до\s+тех\s+пор\s+пока)(?:\s+[^\s,.;:!?]+){0,3}?\s+не",  # "until"
           r"не\s+раз", r"не\s+зря", r"не\s+так\s+давно", r"не\s+за\s+что", r"не\s+исключено",
           r"не\s+смотря", r"без\s+того",
           r"не\s+(?:плохо|дорого|дешево)", r"не\s+туда", r"далеко\s+не", r"не\s+хвата\p{L}*", r"или\s+нет(?=\s*[?.!,]|\s*$)",
           r"как\s+бы(?:\s+[^\s,.;:!?]+){0,3}?\s+не", r"без\s+сил",
           r"не\s+(?:подскажете|подскажешь|сможете|сможешь|могли\s+бы|знаете|знаешь)(?=[^.!?]*\?)",
           r"(?<=(?:^|[.!?…]\s*))не(?=\s[^.!?]*\?)",
           r"не\s+выдержива\p{L}*\s+(?:никакой\s+)?критики", r"а\s+не\s+\p{L}+(?=\s*[.!?…]|\s*$)",
           r"(?:и|или)\s+не\s+очень(?=\s*[,.;:!?…]|\s*$)"),  # concessive: "как бы смешно это не звучало" = "however funny"
    # English hedges whose "not" is no polarity: "if I'm not mistaken" = Czech "tuším", German "glaube ich"
    # a suggestion "why not put ...?" (= "klidně můžeš" = "you may as well")
    # litotes "not bad" = "还好", "まだいい" (= fine); "..., or not" closing an alternative ("if I can or not" = "かどうか")
    "en": (r"if\s+I(?:['’]m|\s+am)\s+not\s+mistaken", r"if\s+I['’]m\s+not\s+wrong", r"why\s+not",
           r"not\s+(?:so\s+|too\s+|that\s+)?bad", r"or\s+not(?=\s*[?.!,;]|\s*$)"),
    # "ohne Probleme" = "easily", "ohne weiteres" = "readily", "ohne Zweifel" = "certainly"
    # "ohne Rücksicht auf" = "regardless of", "nicht mal die Hälfte" = "less than half",
    # a tag question "..., oder nicht?" = "..., right?"
    "de": (r"ohne\s+(?:Probleme?|weiteres|Zweifel|Frage|Mühe|Rücksicht)", r"nicht\s+umsonst", r"nicht\s+selten",
           r"nicht\s+unbedingt", r"nicht\s+(?:ein)?mal", r"oder\s+nicht(?=\s*\?)"),
}
# Source words that negate without a negative particle ("бракує" = "is lacking",
# "пропала" = "went missing", "заборонено" = "it is forbidden"), as word beginnings:
# English may render them with "not" ("I can't find the SMS"), so they excuse an English
# negation without counterpart, and never count as a lost one.
NEGATIVE_STEMS = {
    "uk": ("брак", "забракл", "відсутн", "пропал", "пропав", "зник", "відмов", "заборон", "позбав", "ледве", "ледь",
           "замість", "марно", "даремно", "мовчк", "погано",
           "промовч", "змовч", "мовча",  # "я промовчав" = "I did not speak out"
           "безкошт", "безпробл", "безсимпт", "безробіт", "бездомн", "безнадій"),  # "чує погано" = "can't hear well"
    "ru": ("отсутств", "пропал", "исчез", "отказ", "запрет", "лишен", "лишил", "едва", "вместо", "напрасно", "зря",
           "молча", "освобожд", "плохо",
           # words in бес-/без- ("беспроблемно" = "without any problems", "бессимптомно" = "with no symptoms")
           "бесплат", "беспробл", "бессимпт", "беспруж", "бесполез", "безработ", "бездом", "безнадеж", "безнадёж"),  # "освобождены от" = "would not need to"
    # "das war mir egal" = "I didn't care", "Fehlanzeige" = "No", "verzichten" = "do without"
    "de": ("egal", "fehlt", "fehlen", "fehlte", "fehlend", "fehlanzeige", "mangel", "verzicht", "verweiger", "verbot",
           "kaum", "vermiss", "ausgeschlossen", "stattdessen", "anstatt", "ausbleib", "unterlass", "vergeblich",
           "vergebens", "wenig"),  # not "statt", the particle of "stattfinden"; "wenig Lust" = "no desire"
}


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str
    # a cue that an English word without a negation often renders: a Czech ne- adjective or
    # adverb ("nekvalitní" = "poor quality", "nepěkně" = "badly"; `_weak_word`), or a character
    # cue outside the pack's firm words ("不屑" = "disdain"): its loss is no clear mismatch
    weak: bool = False


def cues(text: str, lex: Lexicon, start: int = 0, end: int | None = None, exclude: bool = True) -> list[Cue]:
    """Negation cues in ``text[start:end]`` (one per negated clause for French ne ... pas);
    ``exclude=False`` keeps those of the excluded phrases and idioms (`excluded_cues`).
    A cue repeated over coordinated words counts once (`repeated_cues`)."""
    end = len(text) if end is None else end
    if lex.char_cues:
        return _char_cues(text, lex, start, end)
    found = _word_cues(text, lex, start, end, exclude)
    if not lex.negation_coordinators:
        return found
    repeated = {c.start for c in _repeats(text, lex, found)}
    return [c for c in found if c.start not in repeated]


def repeated_cues(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[Cue]:
    """The cues that repeat the one before over a list of coordinated words: each after
    a comma or one of the pack's ``coordinators``, at most `_REPEAT_WINDOW` words after
    the cue before in one clause, the list joined by a coordinator somewhere ("не спали,
    не їли і не пили" = "did not sleep, eat or drink") or three negations long ("не
    відчиняє, не відповідає, не виходить"). English writes the negation once,
    so they do not count (`cues`); they may stand for an English one repeated ("didn't
    eat and didn't drink"), so they excuse one (`source_soft_cues`)."""
    end = len(text) if end is None else end
    if lex.char_cues or not lex.negation_coordinators:
        return []
    return _repeats(text, lex, _word_cues(text, lex, start, end, True))


# a repeated cue: at most this many words after the cue before it (`repeated_cues`)
_REPEAT_WINDOW = 6
_CLAUSE_END = regex.compile(r"[.;:!?…()\[\]\"“”«»—–]")


def _repeats(text: str, lex: Lexicon, found: list[Cue]) -> list[Cue]:
    """The cues of ``found`` that repeat a negation over a list: chains of cues each joined
    to the one before by a comma or a coordinator, of which one link at least is a
    coordinator ("не X, не Y і не Z"), or of three cues or more ("не X, не Y, не Z";
    "Кто не видел, не лезьте" is two clauses)."""
    out: list[Cue] = []
    chain: list[Cue] = []
    listed = False
    for prev, cue in zip(found, found[1:]):
        gap = text[prev.end:cue.start]
        words = _WORD.findall(gap)
        tail = gap.rstrip()
        link = None
        if len(words) <= _REPEAT_WINDOW and not _CLAUSE_END.search(gap):
            if words and words[-1].casefold() in lex.negation_coordinators and tail.endswith(words[-1]):
                link = "coordinator"
            elif tail.endswith(","):
                link = "comma"
        if link is None:
            out += chain if listed else []
            chain, listed = [], False
            continue
        chain.append(cue)
        listed = listed or link == "coordinator" or len(chain) >= 2  # three in a row: a list
    return out + (chain if listed else [])


def _word_cues(text: str, lex: Lexicon, start: int, end: int, exclude: bool) -> list[Cue]:
    words = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text, start, end)]
    out: list[Cue] = []
    used: set[int] = set()
    prefixed = {i for i, (s, _, w) in enumerate(words) if _prefix_negated(w, lex) and not _mid_capital(text, s)} \
        if lex.negation_prefix else set()
    for i in prefixed:  # negative concord: "nikdo nepřišel" is one negation, within the clause
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(words) and abs(j - i) <= _CONCORD_WINDOW \
                    and not _PUNCT.search(text, *((words[j][1], words[j + 1][0]) if step < 0 else (words[j - 1][1], words[j][0]))):
                if words[j][2] in lex.ne_second:
                    used.add(j)
                j += step
    last_concord = -_FR_WINDOW - 1  # index of the last negative pronoun counted
    last_cue = -_COORD_WINDOW - 1  # index of the last word counted as a cue
    coordinated: set[int] = set()  # starts of negative words coordinated with the cue before
    neither_joined = False  # a "neither" joined to the cue before it: its "nor" joins too
    for i, (s, e, w) in enumerate(words):
        if i in used:
            continue
        if lex.lang == "en" and w == "neither" and i - last_cue <= _FR_WINDOW and last_cue >= 0 \
                and not _PUNCT.search(text, words[last_cue][1], s):
            coordinated.add(s)  # "do not want to hurt neither you nor me": one negation
            neither_joined = True
            continue
        if lex.lang == "en" and w == "no" and text[s] == "n" and 0 < i < len(words) - 1 \
                and text[words[i - 1][0]].isupper() and text[words[i + 1][0]].isupper():
            continue  # the Japanese particle of a romanised title ("Kimetsu no Yaiba")
        if lex.lang == "en" and w in _EN_NEGATIVE_WORDS and i >= 1 and words[i - 1][2] in ("and", "or") \
                and i - last_cue <= _COORD_WINDOW and not _PUNCT.search(text, words[last_cue][1], s):
            coordinated.add(s)  # "no one and nowhere", "nothing or nobody": one negation
            continue
        before = len(out)
        if lex.ne_second and w in lex.ne_second and i not in prefixed and i - last_concord <= _FR_WINDOW \
                and w not in lex.ne_particles:
            last_concord = i  # negative concord: "nikdy žádný průser" = "never any trouble"
            continue
        if i in prefixed:
            out.append(Cue(s, e, text[s:e], _weak_word(w, lex.lang, lex.negation_prefix)))
            continue
        if w.endswith(("n't", "n’t")):  # "didn't", "can't"
            out.append(Cue(e - 3, e, text[e - 3 : e]))
            continue
        if lex.ne_particles and w in lex.ne_particles and not _in_name(text, s):
            # French "ne ... pas" (ne alone is expletive); Spanish/Italian/Portuguese
            # negative concord "no ... nada" (the particle alone negates too)
            found = False
            for j in range(i + 1, min(len(words), i + 1 + _FR_WINDOW)):
                if words[j][2] in ("que", "qu") and not lex.particle_alone:  # ne ... que = "only"
                    break
                if words[j][2] in lex.ne_second:  # every negative word of the clause
                    used.add(j)
                    found = True
            if found or lex.particle_alone:
                # a negative word just before the particle is the same negation ("Никто не пришёл")
                before = {words[j][0] for j in range(max(0, i - _FR_WINDOW), i) if words[j][2] in lex.ne_second}
                out = [c for c in out if c.start not in before]
                out.append(Cue(s, e, text[s:e]))
            continue
        if w in lex.negation_cues and not _in_name(text, s):
            if w == "no" and lex.lang == "en" and _is_number_abbrev(text, e):
                continue
            if w == "nor" and (neither_joined or any(c.text.casefold() == "neither" for c in out)):
                continue  # "neither ... nor" negates once, as "weder ... noch" does
            if text[e : e + 1] == "-" and text[e + 1 : e + 2].isalpha():
                continue  # a prefix ("non-EU", "non-empty"): a negative word, counted by soft_cues
            if w in lex.ne_second:
                last_concord = i
            out.append(Cue(s, e, text[s:e]))
        if len(out) > before:
            last_cue = i
    for phrase in lex.negation_phrases:
        low = text[start:end].casefold()
        pos = low.find(phrase)
        while pos >= 0:
            a, b = start + pos, start + pos + len(phrase)
            if any(a <= c < b for c in coordinated):
                pos = low.find(phrase, pos + len(phrase))
                continue
            # a phrase replaces the single-word cues it contains
            out = [c for c in out if not (a <= c.start < b)]
            out.append(Cue(a, b, text[a:b]))
            pos = low.find(phrase, pos + len(phrase))
    for a, b in _excluded(text, lex, start, end) if exclude else ():
        out = [c for c in out if not (a <= c.start < b)]
    out.sort(key=lambda c: c.start)
    if lex.lang == "en":
        out = [c for k, c in enumerate(out) if not (
            c.text.casefold() == "no" and _answer_no(text, c.start, c.end) and k + 1 < len(out)
            and not _SENTENCE_END.search(text, c.end, out[k + 1].start))]
    return out


_SENTENCE_END = regex.compile(r"[.!?…]")


def _excluded(text: str, lex: Lexicon, start: int, end: int, pack: bool = True) -> list[tuple[int, int]]:
    """Spans whose negative words are no polarity of the sentence: the pack's exclusions
    ("not only", "тим не менш"; ``pack=False`` leaves them out) and the language's idioms
    (`IDIOMS`: "не проти" = "don't mind", "ледь не" = "almost", "поки не" = "until")."""
    spans = []
    if pack and lex.negation_exclude is not None:
        spans += [(m.start(), m.end()) for m in lex.negation_exclude.finditer(text, start, end)]
    idioms = _idioms(lex.lang)
    if idioms is not None:
        spans += [(m.start(), m.end()) for m in idioms.finditer(text, start, end)]
    return spans


def excluded_cues(text: str, lex: Lexicon, start: int = 0, end: int | None = None, pack: bool = True) -> list[Cue]:
    """The negative words inside excluded phrases and idioms (`_excluded`): they are no
    negation of their own ("not far" for "unweit", "не проти" for "don't mind"), but may
    stand for one on the other side, so they excuse a mismatch and never count as one."""
    end = len(text) if end is None else end
    spans = _excluded(text, lex, start, end, pack)
    if not spans:
        return []
    return [c for c in cues(text, lex, start, end, exclude=False) if any(a <= c.start < b for a, b in spans)]


@lru_cache(maxsize=None)
def _idioms(lang: str) -> "regex.Pattern[str] | None":
    from auditor.source.lexicon import lexicon

    phrases = IDIOMS.get(lang, ()) + lexicon(lang).idioms  # the code's and the pack's
    if not phrases:
        return None
    return regex.compile(r"(?<!\p{L})(?:" + "|".join(phrases) + r")(?!\p{L})", regex.IGNORECASE)


def _char_cues(text: str, lex: Lexicon, start: int, end: int) -> list[Cue]:
    """Negation in a language written without spaces: every occurrence of a cue (the
    longest first, never two on the same characters) outside the words that negate
    nothing ("不过" = but, "少ない" = few)."""
    taken: list[tuple[int, int]] = []
    if lex.char_exclude_re is not None:  # contexts: "15 分钟不到" = "less than 15 minutes"
        taken += [(m.start(), m.end()) for m in lex.char_exclude_re.finditer(text, start, end)]
    for word in lex.char_exclude:
        taken += _occurrences(text, word, start, end)
    out: list[Cue] = []
    if lex.char_cue_re is not None:  # cues found by their context: "舐めるな」" = "don't look down on"
        for m in lex.char_cue_re.finditer(text, start, end):
            if not any(m.start() < y and x < m.end() for x, y in taken):
                taken.append((m.start(), m.end()))
                out.append(Cue(m.start(), m.end(), m.group()))
    firm_words = lex.firm_words
    firm = [span for w in firm_words or () for span in _occurrences(text, w, max(0, start - 4), min(len(text), end + 4))]
    weak = [span for w in lex.weak_words for span in _occurrences(text, w, max(0, start - 8), min(len(text), end + 8))]
    for cue in lex.char_cues:
        for a, b in _occurrences(text, cue, start, end):
            if not any(a < y and x < b for x, y in taken):
                taken.append((a, b))
                # weak: outside the pack's firm words ("不能", "没有"; "不屑" = disdain, "无辜" =
                # innocent are not), or inside one of its weak words ("而不是" = "rather than")
                is_weak = firm_words is not None and not any(x <= a and b <= y for x, y in firm) \
                    or any(x <= a and b <= y for x, y in weak)
                out.append(Cue(a, b, text[a:b], is_weak))
    out.sort(key=lambda c: c.start)
    return out


def _occurrences(text: str, word: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``word`` in ``text[start:end]``, left to right, never overlapping."""
    out = []
    pos = text.find(word, start, end)
    while pos >= 0:
        out.append((pos, pos + len(word)))
        pos = text.find(word, pos + len(word), end)
    return out


def _prefix_negated(word: str, lex: Lexicon) -> bool:
    """A word negated by the language's prefix (Czech "nemá", "nebyl", "nelze"): the rest
    is itself a common word ("má", "byl") and the word is not a lexicalised one ("nemoc")."""
    prefix = lex.negation_prefix
    if not word.startswith(prefix) or len(word) < len(prefix) + 2 or word.startswith(lex.prefix_exclude) \
            or word in lex.prefix_exclude_words:
        return False
    from auditor.source.entities import _zipf

    rest = _zipf(word[len(prefix):], lex.lang)
    if _superlative(word, lex, rest):
        return False  # a superlative: "nejméně" is "nej" + "méně" (less), not "ne" + "jméně"
    # a rare form of a longer word ("neobejdou": "obejdou" 2.7) is still a verb form
    return rest >= (2.5 if len(word) - len(prefix) >= 5 else 3.0)


def _superlative(word: str, lex: Lexicon, rest: float | None = None) -> bool:
    """A word of the superlative prefix that starts the negative one too ("nejméně" = least:
    "nej" + "méně", not "ne" + "jméně"): the word without "nej" is at least as common as
    the word without "ne"."""
    from auditor.source.entities import _zipf

    sup = lex.superlative_prefix
    if not sup or not word.startswith(sup):
        return False
    rest = _zipf(word[len(lex.negation_prefix):], lex.lang) if rest is None else rest
    return _zipf(word[len(sup):], lex.lang) >= rest


@lru_cache(maxsize=4096)
def _weak_word(word: str, lang: str, prefix: str) -> bool:
    """A negated word that is an adjective, adverb or noun rather than a verb, by its
    ending (the pack's ``weak-endings``: Czech "nekvalitní" = "poor quality", "nepěkně" =
    "badly", "nerovnost" = "inequality"): English renders these with an antonym as often as
    with "not". An ending that verbs share is a verb's where the pack's past-tense form of
    the rest is a word ("nezmění": "změnil"; "nekvalitní": no "kvalitnil"); a rest of two
    letters is a verb ("nemá", "není")."""
    rest = word[len(prefix):]
    if len(rest) <= 2:
        return False
    for ending, past in lexicon(lang).weak_endings:  # longest first
        if rest.endswith(ending) and len(rest) > len(ending) + 1:
            if not past:
                return True
            from auditor.source.entities import _zipf

            return _zipf(rest[: -len(ending)] + past, lang) < 2.0
    return False


def _mid_capital(text: str, start: int) -> bool:
    """A capitalised word after a lower-case word or a comma: a name ("Nejedlý", "Neruda")."""
    if not text[start].isupper():
        return False
    pos = start - 1
    while pos >= 0 and text[pos] in " \u00a0":
        pos -= 1
    return pos >= 0 and (text[pos].isalpha() and text[pos].islower() or text[pos] == ",")


_ANSWER_NO = regex.compile(r"(?:^|(?<=[.!?…:;\"“”«»(]\s*))no(?=\s*[,!.…])", regex.IGNORECASE)


def _answer_no(text: str, start: int, end: int) -> bool:
    """English "No" answering at the start of a sentence ("No, you shouldn't", "No."). Before
    another negation of its sentence it is no negation of its own (the source may answer
    with its negated verb alone: "Не варто" = "No, you shouldn't"; `cues` leaves it out),
    but it may render the source's "Nein", "Ні" (`soft_cues`)."""
    return bool(_ANSWER_NO.match(text, start, end + 4)) and _ANSWER_NO.match(text, start).end() == end


def _is_number_abbrev(text: str, end: int) -> bool:
    """"No. 5" is a number, not a negation."""
    return text[end : end + 1] == "." and text[end + 1 : end + 3].strip()[:1].isdigit()


def _in_name(text: str, start: int) -> bool:
    """A capitalised cue in mid-sentence belongs to a name ("Médicos Sin Fronteras"), when
    a capitalised word follows it ("Виктор, Не знаю" is a negation: "знаю" is lower case)."""
    if not text[start].isupper() or (start > 0 and text[start - 1] in "\"“«„‘'") or text[start : start + 2].isupper():
        return False  # lower case, the first word of a quoted title ("No Time to Die"), or capitals ("НЕ ЛЕЗЬТЕ")
    pos = start - 1
    while pos >= 0 and text[pos] in " \u00a0\"'“‘«(":
        pos -= 1
    if not (pos >= 0 and (text[pos].isalnum() or text[pos] == ",")):
        return False
    nxt = _NEXT_WORD.match(text, start)
    return nxt is None or nxt.group(1)[0].isupper()


_NEXT_WORD = regex.compile(r"\p{L}+[\s\u00a0]+(\p{L})")
# "wireless" (= "без каркасов"), "homeless", "useless": a word of four letters or more and "less"
_LESS = regex.compile(r"(?<![\p{L}-])(\p{L}\p{Ll}{3,})less(?:ly|ness)?(?!\p{L})")
_MORPH_NEG = regex.compile(r"(?<![\p{L}-])(?:un|in|im|il|ir|dis|mis|non-?)(\p{Ll}{4,})(?!\p{L})")
_SOFT_WORDS = frozenset({"absent", "absence", "lack", "lacks", "lacked", "lacking", "devoid", "free", "refused", "refuses",
                         "refuse", "denied", "denies", "deny", "rejected", "avoid", "avoided", "neglected", "missing",
                         "prevent", "prevents", "prevented", "preventing", "stop", "stops", "stopped", "void",
                         # "wenn nicht" = "unless", "nicht A, sondern B" = "B rather than A" / "instead of A"
                         "unless", "except", "rather", "instead",
                         # "не вдалося" = "they failed" (with "to", "failed" is an implicit cue of the pack)
                         "failed", "fail", "fails", "unable",
                         # "дітей без батьків" = "orphans", "не вистачає" = "a shortage", "ледь" = "barely"
                         "orphan", "orphans", "orphaned", "shortage", "shortages", "barely", "hardly", "scarcely",
                         "ban", "banned", "bans", "forbidden", "forbid", "prohibited",
                         # "netrefil" = "missed", "没什么用" = "useless"
                         "miss", "missed", "misses", "useless",
                         # "nemají příliš možností" = "have few options", "have little power"
                         "few", "little",
                         # "まだ修行もしてない" = "with zero training"
                         "zero",
                         # "Києва нема" = "Kyiv is gone"
                         "gone"})
# "cannot help but share", "could not but agree": the "but" stands for a second negation
# ("не можу не поділитися")
_HELP_BUT = regex.compile(r"(?<!\p{L})(?:help|cannot|can['’]t|couldn['’]t|could\s+not)\s+(but)(?!\p{L})", regex.IGNORECASE)
# a negation carried over coordinated words ("wouldn't load or open" = "не грузить не
# відкриває"): the coordinator, at most _COORD_WINDOW + 2 words after a cue in one clause
_COORDINATOR = frozenset({"or", "nor", "and"})


# "to keep her from having another fit" = "aby nechytla zas nějaký amok" (so that she would not get ...)
_KEEP_FROM = regex.compile(r"(?<!\p{L})(?:keep|keeps|kept|keeping)(?:\s+\p{L}+){1,3}?\s+(from)\s+\p{L}+ing(?!\p{L})",
                           regex.IGNORECASE)
# "a novice who has yet to train" = "まだ修行もしてない" (who has not trained yet)
_YET_TO = regex.compile(r"(?<!\p{L})(?:has|have|had|is|are|was|were)\s+(yet)\s+to(?!\p{L})", regex.IGNORECASE)
# "it's been a long time since it rained" = "Dlouho tu nepršelo" (it hasn't rained for long)
_LONG_SINCE = regex.compile(r"(?<!\p{L})(?:long|ages|years|months|weeks|while)(?:\s+time)?\s+(since)(?!\p{L})", regex.IGNORECASE)


# the words of an English question that may stand for a negative word of the source's
# question ("Brauche ich sonst nichts?" = "Do I need anything else?")
_ANY = regex.compile(r"(?<!\p{L})(?:any|anything|anyone|anybody|anywhere|ever)(?!\p{L})", regex.IGNORECASE)


def soft_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """English words that carry a negation in their meaning ("incorrect", "unmarked",
    "absent", "lacking"), and in a question "any", "anything", "ever" (a negative question
    asked positively): they may render a source negation ("non è corretta"), so they
    excuse a lost negation, but never count as an added one."""
    from auditor.source.entities import _zipf

    from auditor.source.lexicon import TARGET_LANG, lexicon

    end = len(text) if end is None else end
    out = []
    for m in _MORPH_NEG.finditer(text, start, end):
        if _zipf(m.group(1), "en") >= 3.0 and (m.group().startswith("non-") or _zipf(m.group().lower(), "en") >= 2.0):
            out.append(Cue(m.start(), m.end(), m.group()))
    for m in _LESS.finditer(text, start, end):
        if m.group(1).lower() != "regard" and _zipf(m.group(1).lower(), "en") >= 3.0:
            out.append(Cue(m.start(), m.end(), m.group()))
    for m in _WORD.finditer(text, start, end):
        if m.group().lower() in _SOFT_WORDS:
            out.append(Cue(m.start(), m.end(), m.group()))
    lex = lexicon(TARGET_LANG)
    out += excluded_cues(text, lex, start, end)  # "not far" may render "недалеко", "no doubt" "безумовно"
    out += [Cue(m.start(1), m.end(1), m.group(1)) for m in _HELP_BUT.finditer(text, start, end)]
    out += [Cue(m.start(1), m.end(1), m.group(1)) for m in _LONG_SINCE.finditer(text, start, end)]
    out += [Cue(m.start(1), m.end(1), m.group(1)) for m in _KEEP_FROM.finditer(text, start, end)]
    out += [Cue(m.start(1), m.end(1), m.group(1)) for m in _YET_TO.finditer(text, start, end)]
    out += [Cue(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)
            if m.group().casefold() == "no" and _answer_no(text, m.start(), m.end())]
    if "?" in text[start:end]:  # a negative question asked positively: "brauche ich nichts?" = "do I need anything?"
        out += [Cue(m.start(), m.end(), m.group()) for m in _ANY.finditer(text, start, end)]
    out += _coordinated(text, cues(text, lex, start, end), end)
    return list({c.start: c for c in out}.values())  # a word counts once


def _coordinated(text: str, found: list[Cue], end: int) -> list[Cue]:
    """The first coordinator ("or", "and", "nor") after each cue in the same clause,
    within a few words: the negation it carries over ("didn't load or open")."""
    out = []
    for cue in found:
        for k, m in enumerate(_WORD.finditer(text, cue.end, end)):
            if k > _COORD_WINDOW + 2 or _PUNCT.search(text, cue.end, m.start()):
                break
            if m.group().casefold() in _COORDINATOR:
                out.append(Cue(m.start(), m.end(), m.group()))
                break
    return out


def source_soft_cues(text: str, lex: Lexicon, start: int = 0, end: int | None = None,
                     only_in_target: bool = False, question_in_target: bool = False) -> list[Cue]:
    """Source words made of the pack's soft negative prefix and a word of the language of
    three letters or more ("немаю" = не + маю) ("нелегко" = не + легко, "неможе" = не може written together):
    they may carry the negation English writes as "not", so they excuse an English
    negation without counterpart, but never count as a lost one."""
    end = len(text) if end is None else end
    # "не проти" may be rendered "don't mind"; the pack's exclusions only where the English
    # has "only" ("не только меня" = "I'm not the only one"): "sin embargo" (= "however")
    # excuses nothing
    out = excluded_cues(text, lex, start, end, pack=only_in_target)
    out += repeated_cues(text, lex, start, end)  # "не їли і не пили" may be "didn't eat and didn't drink"
    # a language without spaces: "停电" (power cut) = "without power"; a rhetorical question
    # ("同じではないでしょうか") where the translation asks too ("isn't it the same?")
    for word in lex.soft_chars + (lex.question_soft_chars if question_in_target else ()):
        out += [Cue(a, b, word) for a, b in _occurrences(text, word, start, end)]
    if lex.char_exclude_re is not None:  # "15 分钟不到" (= "within 15 minutes") may be "if it didn't come in 15 minutes"
        out += [Cue(m.start(), m.end(), m.group()) for m in lex.char_exclude_re.finditer(text, start, end)]
    prefix = lex.soft_prefix
    stems = NEGATIVE_STEMS.get(lex.lang, ()) + lex.soft_stems
    suffixes = lex.soft_suffixes
    if not prefix and not stems and not suffixes and not lex.negation_prefix:
        return out
    from auditor.source.entities import _zipf

    for m in _WORD.finditer(text, start, end):
        word = m.group().casefold()
        if stems and word.startswith(stems):  # "бракує", "пропала": a negation in the word's meaning
            out.append(Cue(m.start(), m.end(), m.group()))
            continue
        if suffixes and m.group()[0].islower() and any(word.endswith(x) and len(word) - len(x) >= 4 for x in suffixes):
            out.append(Cue(m.start(), m.end(), m.group()))  # "kostenlos" = "free of charge", "fehlerfreie" = "without errors"
            continue
        if lex.negation_prefix and word.startswith(lex.negation_prefix) and len(word) - len(lex.negation_prefix) >= 3 \
                and not word.startswith(lex.prefix_exclude) and word not in lex.prefix_exclude_words \
                and not _prefix_negated(word, lex) and not _superlative(word, lex) \
                and (_zipf(word, lex.lang) == 0 or m.group()[0].islower()
                     or _zipf(word[len(lex.negation_prefix):], lex.lang) > 0 and not _mid_capital(text, m.start())):
            # a ne- word that wordfreq does not know, written without its diacritics
            # ("Netvrdim" for "netvrdím" = I don't claim; "nevkrocil"), or whose rest is a rare
            # form ("Neuvěříte" = you won't believe, "nesklonné" = indeclinable): perhaps a
            # negation, never counted as one; not a name ("Neapol", "Netanjahu")
            out.append(Cue(m.start(), m.end(), m.group()))
            continue
        rest = word[len(prefix):]
        if prefix and word.startswith(prefix) and len(rest) >= 3 and word not in lex.negation_cues \
                and not (lex.soft_exclude and word.startswith(lex.soft_exclude)) and _zipf(rest, lex.lang) >= 3.0:
            out.append(Cue(m.start(), m.end(), m.group()))
    return out
