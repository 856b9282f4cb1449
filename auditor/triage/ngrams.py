"""Sparse lexical features of an article for the translated-from classifier.

Native-language identification (which language an English text was translated from)
works well with a linear model over word and short character n-grams. Here the features
are chosen to be cheap (one tokenisation, a few string operations per token, no character
n-grams over the whole text):

* ``w:<word>``: lower-cased words (names and places included: a story translated from
  Italian mentions Italian places, a legitimate trace);
* ``b:<w1> <w2>``: lower-cased word bigrams (translated constructions: "the month of");
* ``^:<word>``: the first word of a sentence (sentence-initial patterns: "Also", "Thereby");
* ``s:<suffix>``: the last three letters of capitalised words after the first of their
  sentence (name morphology: -ini, -ová, -ski, -enko, accents included).

The vector is ``log1p(count)`` per feature, L2-normalised over all the article's
features, so that article length does not matter. `NgramModel` (in `model`) holds the
weights of the features that survived training; everything else is ignored.
"""

from __future__ import annotations

import math
from operator import mul
import re
from collections import Counter

#: a word of the triage features: letters, with apostrophes inside ("don't", "l’Unità")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: a sentence boundary: white space after a sentence mark and closing quotes (the mark
#: captured: it stays with its sentence), or line breaks. Matched from the mark or line
#: break itself, so the regex engine skips to those; the same boundaries as the plain
#: form ``(?<=[.!?…])["'”’»)\]]*\s+|\n+`` (tests/test_triage.py)
_SENT_SPLIT = re.compile(r"([.!?…\n])(?:(?<=[.!?…])[\"'”’»)\]]*\s+|(?<=\n)\n*)")


#: one article split once for every triage feature: its sentences (as split, empty ones
#: included) and, per sentence with words, its words and their lower-cased forms
SplitText = tuple[list[str], list[tuple[list[str], list[str]]]]


def split_text(text: str) -> SplitText:
    """``text`` split into sentences and words once (`article_evidence` and `ngram_counts`
    both read it). The words of all sentences, in order, are the words of the whole text:
    a sentence boundary is whitespace after sentence punctuation and closing quotes,
    which no word contains."""
    parts = _SENT_SPLIT.split(text)  # sentence, mark, sentence, mark, ..., sentence
    sentences = [sent + mark if mark != "\n" else sent for sent, mark in zip(parts[::2], parts[1::2])]
    sentences.append(parts[-1])
    words = []
    for sent in sentences:
        toks = WORD.findall(sent)
        if toks:
            # words hold no spaces: one lower-casing of the joined words (same forms)
            words.append((toks, " ".join(toks).lower().replace("’", "'").split(" ")))
    return sentences, words


def feature_counts(split: SplitText) -> Counter:
    """The counts of `ngram_counts` under compact keys, in the same order: a word is the
    word itself (``w:`` dropped), a bigram the pair of words, the other features their
    names (`feature_key` maps a feature name to its key). Words are letters and
    apostrophes, so the keys of different kinds never meet, and no string is built for a
    word or a bigram."""
    feats: list = []
    for toks, low in split[1]:
        feats += low
        feats.append("^:" + low[0])
        feats += zip(low, low[1:])
        feats += [f"s:{w[-3:]}" for tok, w in zip(toks[1:], low[1:]) if len(tok) > 3 and tok[0].isupper()]
    return Counter(feats)


def feature_key(name: str):
    """The `feature_counts` key of the feature ``name`` (``w:x`` -> ``x``, ``b:x y`` ->
    ``("x", "y")``, others unchanged)."""
    if name.startswith("w:"):
        return name[2:]
    if name.startswith("b:"):
        first, _, second = name[2:].partition(" ")
        return (first, second)
    return name


def _feature_name(key) -> str:
    if isinstance(key, tuple):
        return f"b:{key[0]} {key[1]}"
    return key if ":" in key else "w:" + key


def ngram_counts(text: str, split: SplitText | None = None) -> Counter:
    """Counts of the sparse features of ``text`` (see the module docstring); ``split``:
    `split_text` of it, when already made."""
    counts = feature_counts(split if split is not None else split_text(text))
    return Counter({_feature_name(k): c for k, c in counts.items()})


def _normalised(counts: Counter) -> dict:
    values = list(map(math.log1p, counts.values()))
    norm = math.sqrt(sum(map(mul, values, values)))
    if not norm:
        return {}
    return dict(zip(counts, map(norm.__rtruediv__, values)))


def ngram_vector(text: str, split: SplitText | None = None) -> dict[str, float]:
    """The L2-normalised ``log1p(count)`` vector of ``text`` (empty text: empty dict)."""
    return _normalised(ngram_counts(text, split))


def keyed_vector(split: SplitText) -> dict:
    """`ngram_vector` under the keys of `feature_counts` (same values, same order), for
    `model.NgramModel.judge_keyed`."""
    return _normalised(feature_counts(split))
