"""The seq2seq corrector: marked windows, backends, the gate, the injector and training.

Public interface::

    from auditor.correct import Corrector
    proposals = Corrector().propose(sentences, findings, recheck)

`Retranslator` (`auditor.correct.retranslate`) re-translates flagged sentences from their
source with a translation model, behind its own gate (``auditor fix --mt-model``).

Heavy dependencies (torch, transformers, ctranslate2) load only when a backend is built.
"""

from auditor.correct.corrector import Corrector, Proposal, engine_recheck
from auditor.correct.gate import GateConfig, Verdict, judge
from auditor.correct.retranslate import RetranslateConfig, Retranslation, Retranslator

__all__ = ["Corrector", "Proposal", "GateConfig", "Verdict", "judge", "engine_recheck", "Retranslator", "RetranslateConfig",
           "Retranslation"]
