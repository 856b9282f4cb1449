"""Scoring: sacrebleu metrics with signatures, paired significance tests, and the
evaluation of findings against gold annotations."""
