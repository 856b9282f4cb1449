"""The artifact injector: each kind damages a hand-written sentence as expected."""

from __future__ import annotations

import pytest

from auditor.correct.inject import KINDS, Injector
from auditor.correct.window import CLOSE, OPEN, strip_markers

S = "The Russian president thus clarified the plans of NATO countries on Monday."


def damage(kind, sentence=S, seed=3, **kw):
    inj = Injector(seed=seed, widen_prob=0.0, calques=kw.pop("calques", None) or [], **kw)
    out = inj.damage(sentence, kind)
    assert out is not None, kind
    return out


def test_doubled_subject():
    clean, damaged, (s, e) = damage("doubled_subject")
    assert clean == S
    assert damaged[s:e] in ("he", "she")
    assert damaged == S[:22] + damaged[s:e] + " " + S[22:]


def test_glued_words_mark_the_whole_token():
    clean, damaged, (s, e) = damage("glued_words")
    assert damaged.count(" ") == S.count(" ") - 1
    token = damaged[s:e]
    assert " " not in token and token.replace(".", "") in {a + b for a, b in zip(S.split(), S.split()[1:])}


def test_untranslated_function_word():
    sentence = "Officials met in Rome and Madrid."
    foreign = {"e", "y", "et", "und", "nel", "en", "dans", "em"}
    for seed in range(5):
        clean, damaged, (s, e) = damage("untranslated", sentence, seed=seed)
        assert damaged[s:e] in foreign
        assert damaged[:s] + {True: "and", False: "in"}[damaged[s:e] in {"e", "y", "et", "und"}] + damaged[e:] == sentence


def test_person_shift():
    clean, damaged, (s, e) = damage("person_shift", "On that occasion he had spoken about it.")
    assert damaged == "On that occasion you had spoken about it." and damaged[s:e] == "you"


def test_person_shift_skips_quoted_speech():
    assert Injector(seed=1).damage('He said: "he is here".', "person_shift") is None


def test_casing_damages_one_word_or_a_run():
    seen = set()
    for seed in range(12):
        clean, damaged, (s, e) = damage("casing", seed=seed)
        assert damaged != clean and damaged.lower() == clean.lower()
        seen.add(damaged[s:e])
    assert "Nato" in seen  # acronym in house style


def test_quote_damage_keeps_the_clean_side_clean():
    sentence = 'He called it "a sign of desperation" and left.'
    done = 0
    for seed in range(10):
        out = Injector(seed=seed, widen_prob=0.0).damage(sentence, "quote")
        if out is None:  # the drawn damage did not apply; the sampler draws another kind
            continue
        done += 1
        clean, damaged, (s, e) = out
        assert clean.count("\u201c") == clean.count("\u201d") or clean.count('"') == 2
        assert damaged != clean
        assert any(q in damaged[s:e] for q in '"\u201c\u201d')
    assert done >= 5


def test_repeat():
    clean, damaged, (s, e) = damage("repeat", "Pets died after eating contaminated food.", seed=0)
    assert len(damaged) > len(clean)
    words = damaged[s:e].split()
    assert words and all(w in clean for w in words)


def test_tokenised():
    clean, damaged, (s, e) = damage("tokenised", "He arrived (late), said Kim.", seed=1)
    assert damaged.replace(" ", "") == clean.replace(" ", "") and damaged.count(" ") > clean.count(" ")


def test_missing_space():
    clean, damaged, (s, e) = damage("missing_space", "In Rome, officials met.")
    assert damaged == "In Rome,officials met." and damaged[s:e] in (",officials", ",")


def test_inverted_calque_pack_entry():
    clean, damaged, (s, e) = damage("calque", "one of the two countries.", calques=[("countries", "Villages")])
    assert damaged == "one of the two Villages." and damaged[s:e] == "Villages"


@pytest.mark.parametrize("kind", KINDS)
def test_examples_have_one_marked_span_and_map_back(kind):
    inj = Injector(seed=7, calques=[("countries", "Villages")])
    ex = None
    for sentence in (S, 'He said: "we will not (ever) go," and left.', "In Rome, officials said that he is in the two countries."):
        ex = inj.sample(sentence, kind) or ex
    assert ex is not None
    assert ex.source.count(OPEN) == 1 and ex.source.count(CLOSE) == 1
    assert ex.source.index(OPEN) < ex.source.index(CLOSE)
    assert strip_markers(ex.source) in ex.damaged and ex.target in ex.clean
    if kind == "clean":
        assert strip_markers(ex.source) == ex.target
    else:
        assert strip_markers(ex.source) != ex.target
    if ex.target_span is not None:  # the span-mode target rebuilds the clean window
        from auditor.correct.window import join_span

        plain = strip_markers(ex.source)
        s, e = ex.source.index(OPEN), ex.source.index(CLOSE) - 1
        assert join_span(plain[:s], ex.target_span, plain[e:]) == ex.target


def test_same_seed_same_examples():
    a = [Injector(seed=5).sample(S) for _ in range(1)]
    b = [Injector(seed=5).sample(S) for _ in range(1)]
    assert a == b
