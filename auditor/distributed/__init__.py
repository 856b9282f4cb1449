"""Audit and fix web-scale dumps on Ray Data (the optional extra ``[distributed]``).

Two ways in, both over the one engine path (`auditor.api.Auditor`, one per actor):

* ``auditor check PATH_OR_URL... --engine ray --out OUT`` (and ``auditor fix``): a
  resumable run into a sharded output folder (`auditor.distributed.runner.run`);
* `audit` (``auditor.distributed.audit(dataset_or_paths, ...)``): a lazy
  ``ray.data.Dataset`` of records for a Ray pipeline.

The batch pre-pass (boilerplate mined across the dump) runs distributed: observed per
shard, merged, then the audit sees the merged state, exactly as ``auditor check`` does on
one machine. docs/distributed.md has the cluster recipe, resume and failure semantics.
Importing this package does not import Ray; calling into it without Ray installed is a
`UsageError` that says how to install it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["audit", "run", "Job"]


def audit(dataset_or_paths: Any, **options: Any) -> Any:
    """See `auditor.distributed.runner.audit`."""
    from auditor.distributed.cluster import require_ray

    require_ray()
    from auditor.distributed.runner import audit as _audit

    return _audit(dataset_or_paths, **options)


def __getattr__(name: str) -> Any:
    if name == "run":
        from auditor.distributed.runner import run

        return run
    if name == "Job":
        from auditor.distributed.worker import Job

        return Job
    raise AttributeError(name)
