"""Connecting to Ray: an existing cluster (``--address``), or a local one started quietly.

A local Ray started here uses at most the CPUs this machine has (or ``num_cpus``), starts
no dashboard, sends no usage statistics, fetches nothing, and keeps its logs in its
session folder instead of the terminal; Ray Data's own progress bars and execution
banners are off (the CLI shows one progress bar of its own). Its services listen on the
machine's address (Ray maps 127.0.0.1 to it), protected by Ray's token authentication,
which Ray enables by default.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from typing import Iterator, Optional

from auditor.errors import UsageError

__all__ = ["require_ray", "connected", "quiet_data_context"]

INSTALL_HINT = "the distributed engine needs Ray Data: pip install 'auditor[distributed]'"


def require_ray():
    """The ``ray`` module, or a `UsageError` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return ray


def quiet_data_context() -> None:
    """Ray Data without its progress bars and banners (the caller reports progress)."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False
    for name in ("ray", "ray.data", "ray._private", "ray.util"):
        logging.getLogger(name).setLevel(logging.ERROR)


@contextmanager
def connected(address: Optional[str] = None, num_cpus: Optional[int] = None) -> Iterator[object]:
    """Ray, initialised for the block: joined to the cluster at ``address`` (``auto`` finds
    a local one), or a local single-node Ray; an already initialised Ray is used as it is
    (and left running). A Ray started here is shut down on exit."""
    ray = require_ray()
    if ray.is_initialized():
        quiet_data_context()
        yield ray
        return
    kwargs = dict(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False,
                  configure_logging=True)
    if address:
        kwargs["address"] = address
    else:
        cpus = os.cpu_count() or 1
        kwargs.update(num_cpus=max(1, min(num_cpus or cpus, cpus)))
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report over the network
    # the core worker's own notices (e.g. on actor arguments kept in the object store) go
    # to the session logs, not the terminal
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise UsageError(f"cannot start or join Ray{f' at {address}' if address else ''}: {exc}") from None
    quiet_data_context()
    try:
        yield ray
    finally:
        ray.shutdown()
