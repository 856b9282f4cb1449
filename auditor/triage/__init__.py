"""Article-level triage: is this article machine-translated, and from which language?

`features` turns an article and its findings into numbers (findings by family and
severity, English function-word and punctuation profiles, source-language traces);
`ngrams` into the sparse lexical vector of the n-gram classifier (which language an English
text was translated from, or none);
`model` holds the learned models (a logistic regression for MT-risk, a conditional logit
over languages for the translated-from guess, the n-gram classifier) as plain data loaded from
``auditor/models/triage/triage.json``. See docs/triage.md.
"""
