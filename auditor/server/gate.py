"""Back-pressure and time limits for the work of requests.

`Gate.run(fn)` runs ``fn`` (a blocking call into the engine) in a worker thread, at most
``max_concurrency`` at once, with at most ``max_queue`` more requests waiting; a request
past both is refused at once (429 + ``Retry-After``). A request that takes longer than
``timeout`` gets a 504; Python cannot stop a thread, so its work runs to the end and keeps
its slot until then (the slots count work, not open connections, so a flood of slow
requests meets 429s rather than piling up threads).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

import anyio
import anyio.to_thread

from auditor.errors import RequestError


class _Ticket:
    """One admitted request: waiting, running, done or abandoned (timed out before its
    thread started); the slot is given back exactly once."""

    __slots__ = ("gate", "state")

    def __init__(self, gate: "Gate"):
        self.gate = gate
        self.state = "waiting"

    def start(self) -> bool:
        with self.gate._lock:
            if self.state != "waiting":
                return False
            self.state = "running"
            return True

    def finish(self) -> None:
        with self.gate._lock:
            if self.state in ("waiting", "running"):
                self.state = "done"
                self.gate._admitted -= 1

    def abandon(self) -> None:
        with self.gate._lock:
            if self.state == "waiting":  # a running thread gives the slot back when it ends
                self.state = "abandoned"
                self.gate._admitted -= 1


class Gate:
    def __init__(self, max_concurrency: int, max_queue: int, timeout: float, retry_after: int = 1):
        self.max_concurrency = max(1, max_concurrency)
        self.max_queue = max(0, max_queue)
        self.timeout = timeout
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._admitted = 0
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def busy(self) -> int:
        """Requests admitted and not finished (running or waiting)."""
        return self._admitted

    def _admit(self) -> _Ticket:
        with self._lock:
            if self._admitted >= self.max_concurrency + self.max_queue:
                raise RequestError(429, "busy", f"too many requests at once ({self._admitted} running or waiting); "
                                   f"retry in {self.retry_after} s", retry_after=self.retry_after)
            self._admitted += 1
        return _Ticket(self)

    async def run(self, fn: Callable[[], Any]) -> Any:
        """``fn()`` in a worker thread, within the limits."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.max_concurrency)
        ticket = self._admit()

        def work() -> Any:
            if not ticket.start():
                return None  # the request gave up before its turn came
            try:
                return fn()
            finally:
                ticket.finish()

        try:
            with anyio.fail_after(self.timeout):
                return await anyio.to_thread.run_sync(work, limiter=self._limiter, abandon_on_cancel=True)
        except TimeoutError:
            ticket.abandon()
            raise RequestError(504, "timeout", f"the request took longer than {self.timeout:g} s; "
                               "send a shorter text or fewer articles") from None
        except BaseException:
            ticket.abandon()
            raise
