"""Work done in a forked child process (Linux): what it allocates leaves with it, and it can run beside the parent.

The summary's copy finder and its spreadsheet run this way. A process does not give freed small objects back to the
system, so their working sets, run in the summary's own process, stayed resident while the next outputs were
written and added up to the batch's peak. With more than one job, the spreadsheet is also written beside the copy
finder and the summary page instead of after them.

Without fork (Windows, macOS's default), or when the child fails for any reason, the work is done in the parent
when its result is asked for: errors are then raised where the caller expects them.
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable


class Apart:
    """fn(*args) started in a forked child; result() waits for it."""

    def __init__(self, fn: Callable[..., Any], *args: Any):
        self.fn, self.args = fn, args
        self.child = None
        self.done, self.value = False, None
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self.receive, send = ctx.Pipe(duplex=False)
            self.child = ctx.Process(target=_run, args=(fn, args, send), daemon=True)
            self.child.start()
            send.close()

    def result(self) -> Any:
        """The function's result: the child's, or computed here if there is no child or it failed (once: asked
        again, the same result)."""
        if self.done:
            return self.value
        ok = False
        if self.child is not None:
            child, self.child = self.child, None
            try:
                ok, value = self.receive.recv()
            except EOFError:  # the child died (out of memory…)
                ok, value = False, None
            finally:
                self.receive.close()
                child.join()
        self.value = value if ok else self.fn(*self.args)
        self.done = True
        return self.value

    def close(self) -> None:
        """Wait for the child without asking for its result (the caller is failing anyway)."""
        if self.child is not None:
            child, self.child = self.child, None
            self.receive.close()
            child.join()


def _run(fn, args, send) -> None:
    try:
        send.send((True, fn(*args)))
    except BaseException:  # an error, or a result that cannot be sent: the parent does the work again
        send.send((False, None))
    finally:
        send.close()
