"""Probe (issue 12, pronoun gender): would a source-aware pronoun check find real errors?

The idea examined: where the source is given, compare the gender of the personal pronouns
of each source sentence with the English "he/him/his" and "she/her/hers" of its
translation, and report an English pronoun of one gender where the source sentence has
pronouns of the other gender only (Chinese 他/她, Japanese 彼/彼女, Russian он/она, Czech
on/ona, German er/ihn/ihm, French il/elle, ...). It is measured here on sentence-aligned
real data before anything is built:

* WMT22 references (good human translations, one segment per line): every flag is a false
  alarm;
* WMT22 system outputs (strong MT): the flags, and with ``--show N`` the first N of each
  language to read;
* MQM zh-en, WMT23 general (real MT with expert error spans): the segments with a gold
  "Gender Mismatch" error that the check flags, and the flagged segments with none;
* DEMETR ``critical_id11_gender`` (a pronoun swapped in good MT, with the source
  sentence): the swaps it flags, and the unperturbed ``mt_sent`` it flags.

The word lists live here, not in the packs: this is a measurement of an idea that was not
built (the numbers and why: reports/probe-source-pronouns.md).

    python bench/probe_source_pronouns.py [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, MQM_ZHEN, header, mqm_rows, read_lines, require_data, write_report  # noqa: E402

WMT_LANGS = ("zh", "ja", "ru", "uk", "cs", "de")
DEMETR_LANGS = {"chinese_simple": "zh", "japanese": "ja", "russian": "ru", "czech": "cs", "german": "de",
                "french": "fr", "italian": "it", "spanish": "es", "polish": "pl", "hindi": "hi"}
_WORD = regex.compile(r"\p{L}+")
EN_MASCULINE = frozenset({"he", "him", "his", "himself"})
EN_FEMININE = frozenset({"she", "her", "hers", "herself"})
# per language: masculine, feminine, and ambiguous forms (German "sie"/"ihr" = she/they/her/their,
# French "lui" = to him or to her: a sentence with one is left alone)
PRONOUNS = {
    "ru": ({"он", "его", "него", "ему", "нему", "нём", "нем"}, {"она", "её", "ее", "неё", "нее", "ей", "ней", "ею", "нею"}, set()),
    "uk": ({"він", "його", "нього", "йому", "ньому"}, {"вона", "її", "неї", "їй", "ній", "нею"}, set()),
    "cs": ({"on", "jeho", "jemu", "mu", "něj", "něho", "ho", "něm", "ním", "jím"},
           {"ona", "její", "jí", "ji", "ní", "jejího", "jejímu", "jejích", "jejím"}, set()),
    "pl": ({"on", "jego", "jemu", "niego", "niemu", "nim"}, {"ona", "jej", "niej", "nią"}, set()),
    "de": ({"er", "ihn", "ihm", "seine", "seinem", "seinen", "seiner", "seines"}, set(),
           {"sie", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres"}),
    "fr": ({"il"}, {"elle"}, {"lui"}),
    "it": ({"lui", "egli"}, {"lei", "ella"}, set()),
    "es": ({"él"}, {"ella"}, set()),
}
# Chinese and Japanese by character: 他/她 but not 他们 (they), 其他 (other), 吉他 (guitar); 彼 but not 彼女/彼ら
_ZH_NOT = regex.compile(r"其他|吉他|利他|排他")
_ZH_M, _ZH_F = regex.compile(r"他(?![们們人国國乡鄉])"), regex.compile(r"她(?![们們])")
_JA_M, _JA_F = regex.compile(r"彼(?![女ら等])"), regex.compile(r"彼女(?!ら|たち|達)")


def source_genders(text: str, lang: str) -> tuple[int, int, int] | None:
    """(masculine, feminine, ambiguous) pronouns of a source sentence; None: no list."""
    if lang == "zh":
        text = _ZH_NOT.sub("", text)
        return len(_ZH_M.findall(text)), len(_ZH_F.findall(text)), 0
    if lang == "ja":
        return len(_JA_M.findall(text)), len(_JA_F.findall(text)), 0
    if lang not in PRONOUNS:
        return None
    m, f, a = PRONOUNS[lang]
    words = [w.casefold() for w in _WORD.findall(text)]
    return sum(w in m for w in words), sum(w in f for w in words), sum(w in a for w in words)


def contradicts(source: str, target: str, lang: str) -> bool:
    """The English has pronouns of one gender only, the source of the other only."""
    counts = source_genders(source, lang)
    if counts is None:
        return False
    sm, sf, amb = counts
    words = [w.casefold() for w in _WORD.findall(target)]
    tm, tf = sum(w in EN_MASCULINE for w in words), sum(w in EN_FEMININE for w in words)
    return not amb and ((tf and not tm and sm and not sf) or (tm and not tf and sf and not sm))


def wmt22(show: int) -> dict:
    wmt = require_data("wmt22")
    out: dict = {"references": {}, "systems": {}, "examples": []}
    for lang in WMT_LANGS:
        src = read_lines(wmt / "sources" / f"generaltest2022.{lang}-en.src.{lang}")
        for ref in sorted((wmt / "references").glob(f"generaltest2022.{lang}-en.ref.*.en")):
            pairs = [(s, t) for s, t in zip(src, read_lines(ref)) if s.strip()]
            out["references"][f"{lang} ref-{ref.name.split('.')[3]}"] = [sum(contradicts(s, t, lang) for s, t in pairs), len(pairs)]
        flags = total = shown = 0
        for hyp in sorted((wmt / "system-outputs").glob(f"generaltest2022.{lang}-en.hyp.*.en")):
            for i, (s, t) in enumerate(zip(src, read_lines(hyp))):
                if not s.strip():
                    continue
                total += 1
                if contradicts(s, t, lang):
                    flags += 1
                    if shown < show:
                        shown += 1
                        out["examples"].append({"lang": lang, "system": hyp.name.split(".")[3], "line": i + 1,
                                                "source": s, "target": t})
        out["systems"][lang] = [flags, total]
    return out


def mqm_zhen() -> dict:
    segments: dict[tuple, list] = {}
    for row in mqm_rows(require_data("mqm", MQM_ZHEN + ".tar.gz"), MQM_ZHEN):
        entry = segments.setdefault((row["system"], row["doc"], row["docSegId"]),
                                    [row["source"], regex.sub(r"</?v>", "", row["target"] or ""), False])
        entry[2] |= "Gender" in row["category"]
    counts = Counter((gold, contradicts(s, t, "zh")) for s, t, gold in segments.values())
    return {"segments": len(segments), "gold_gender": counts[(True, True)] + counts[(True, False)],
            "gold_flagged": counts[(True, True)], "flagged_without_gold": counts[(False, True)]}


def demetr() -> dict:
    items = json.loads(require_data("demetr", "critical_id11_gender.json").read_text("utf-8"))
    swaps = [it for it in items if it.get("pert_check") and it["pert_sent"] != it["mt_sent"]]
    by_lang: dict[str, list[int]] = {}
    for it in swaps:
        lang = DEMETR_LANGS.get(it["lang_tag"], it["lang_tag"])
        row = by_lang.setdefault(lang, [0, 0])
        row[0] += contradicts(it["src_sent"], it["pert_sent"], lang)
        row[1] += 1
    clean = sum(contradicts(it["src_sent"], it["mt_sent"], DEMETR_LANGS.get(it["lang_tag"], "")) for it in items)
    return {"swaps": [sum(r[0] for r in by_lang.values()), len(swaps)], "by_lang": by_lang,
            "mt_sent_flagged": [clean, len(items)]}


def render(r: dict) -> str:
    w, m, d = r["wmt22"], r["mqm_zhen"], r["demetr"]
    refs = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in w["references"].items())
    systems = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in w["systems"].items())
    langs = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(d["by_lang"].items()))
    lines = [
        "# Probe: a source-aware pronoun-gender check (examined for issue 12, not built)", "", "{header}",
        "Command: `python bench/probe_source_pronouns.py --show 40`. The check: an English sentence whose "
        "personal pronouns are of one gender only (he/him/his or she/her/hers) against a source sentence "
        "whose personal pronouns are of the other gender only (word lists in the script; sentence-aligned "
        "data, so no aligner is involved).", "",
        "| set | flagged | of |", "|---|---:|---:|",
        f"| MQM zh-en (WMT23): segments with a gold Gender Mismatch error | {m['gold_flagged']} | {m['gold_gender']} |",
        f"| MQM zh-en: flagged segments with no gold gender error | {m['flagged_without_gold']} | {m['segments']} |",
        f"| DEMETR gender swaps (synthetic, with the source) | {d['swaps'][0]} | {d['swaps'][1]} |",
        f"| DEMETR unperturbed `mt_sent` | {d['mt_sent_flagged'][0]} | {d['mt_sent_flagged'][1]} |", "",
        f"WMT22 references (every flag a false alarm): {refs}.", "",
        f"WMT22 system outputs (all systems): {systems}.", "",
        f"DEMETR swaps by language: {langs}.", "",
        "## Reading", "",
        "- Real MT gets a person's gender wrong where the source names no pronoun: Chinese and Czech drop "
        "the subject, a role noun (事主 'the victim') carries no gender, a chatbot becomes 'he'. An explicit "
        "source pronoun that the translation contradicts is rare in real MT (the MQM row).",
        "- In languages with grammatical gender the source pronoun follows the noun, not the person: Russian "
        "его for an exam, Ukrainian її for a ribbon, Czech ji for an office are 'it' in English, while the "
        "person's he/she comes from verb endings. Read by hand on 2026-12-06 (commit 63cae15), none of the 55 "
        "WMT22 system flags listed below is a gender error: the source pronoun is an object's ('the exam', "
        "'the office', 'patience', 'the police report'), the Chinese colloquial 女主他哥 ('the heroine's "
        "brother'), or Ukrainian людина ('a person', feminine) rendered with a generic 'he'.",
        "- So the check was not built: on real MT it finds almost none of the errors (1 of 46 MQM segments) "
        "and what it flags on strong MT is not wrong; its DEMETR figure comes from synthetic swaps of an "
        "explicit pronoun, which real systems hardly make. Reaching the errors that matter needs the gender "
        "that verb and adjective endings carry (a morphological analyser per source language) or a model "
        "that reads the source.", "",
    ]
    if r["wmt22"]["examples"]:
        lines += ["## Flags on WMT22 system outputs (to read)", ""]
        for e in r["wmt22"]["examples"]:
            lines.append(f"- {e['lang']} {e['system']} line {e['line']}: {e['source'][:160]} | {e['target'][:200]}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print the first N flags per WMT22 language")
    ap.add_argument("--no-write", action="store_true", help="print the JSON, write no report")
    args = ap.parse_args(argv)
    result = {"header": header(), "data": str(DATA), "wmt22": wmt22(args.show), "mqm_zhen": mqm_zhen(), "demetr": demetr()}
    if args.no_write:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        write_report("probe-source-pronouns", result, render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
