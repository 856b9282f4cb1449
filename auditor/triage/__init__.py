"""Article-level triage: is this article machine-translated, and from which language?

`features` turns an article and its findings into numbers (findings by family and
severity, English function-word and punctuation profiles, source-language traces);
`model` holds the learned models (a logistic regression for MT-risk, a conditional logit
over languages for the translated-from guess) as plain data loaded from
``auditor/models/triage/triage.json``. See docs/triage.md.
"""
