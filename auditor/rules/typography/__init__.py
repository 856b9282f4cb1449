"""The typography family (TYP): spacing, punctuation, quotation marks, doubled and glued
words, letter case, broken paragraphs and encoding damage.

One module per theme; importing this package registers every rule:

* `words`: TYP001 glued-words, TYP008 inverted-clitic, TYP013 doubled-word
* `spacing`: TYP002-TYP007, TYP022-TYP024 (missing and misplaced spaces, tokenised
  text and compounds, doubled and stray punctuation, spaced currency symbols,
  continental number formats)
* `quotes`: TYP009-TYP012 (wrong-way, unbalanced, mixed and foreign quotation marks)
* `casing`: TYP014-TYP018 (lower-case sentences and "i", words in capitals, broken
  paragraphs)
* `encoding`: TYP019-TYP021 (mojibake, U+FFFD, HTML entities)

Word lists live in ``auditor/packs/en/typography.toml``; word frequencies come from
`wordfreq`.
"""

from auditor.rules.typography import casing, encoding, quotes, spacing, words  # noqa: F401
