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
import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|\n+")


def ngram_counts(text: str) -> Counter:
    """Counts of the sparse features of ``text`` (see the module docstring)."""
    counts: Counter = Counter()
    update = counts.update
    for sent in _SENT_SPLIT.split(text):
        toks = _WORD.findall(sent)
        if not toks:
            continue
        low = [t.lower().replace("’", "'") for t in toks]
        feats = ["w:" + w for w in low]
        feats.append("^:" + low[0])
        feats += ["b:" + p + " " + q for p, q in zip(low, low[1:])]
        feats += ["s:" + w[-3:] for tok, w in zip(toks[1:], low[1:]) if len(tok) > 3 and tok[0].isupper()]
        update(feats)
    return counts


def ngram_vector(text: str) -> dict[str, float]:
    """The L2-normalised ``log1p(count)`` vector of ``text`` (empty text: empty dict)."""
    counts = ngram_counts(text)
    vals = {k: math.log1p(c) for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vals.values()))
    if not norm:
        return {}
    return {k: v / norm for k, v in vals.items()}
