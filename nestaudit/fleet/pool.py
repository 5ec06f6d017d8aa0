"""The fleet's worker processes: forked once, fed chunks of tasks, results as they finish.

Each worker has a pipe of its own and the parent waits on the pipes in its one thread:
it hands a worker its next chunk as soon as the worker's last results come in, then
passes those results on. multiprocessing.Pool, used before, ran three threads in the
parent, one of which wakes at every result a worker sends and spins until another has
read it; for 10,000 bundles the parent spent 0.7 s more CPU on the pool, on a machine whose
two cores the workers keep busy.

A worker ignores Ctrl-C (the parent answers it and ends the workers), and one that dies
is an error naming it, never a wait for results that will not come.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any, TypeVar

from nestaudit.errors import NestauditError

_T = TypeVar("_T")
_R = TypeVar("_R")


class WorkerError(NestauditError):
    """A worker process ended while it still had work (killed, most often for memory)."""


class Workers:
    """`jobs` forked worker processes, until closed. The tasks' functions are passed by
    name and what they use is inherited at the fork: set it up before."""

    def __init__(self, jobs: int, initializer: Callable[[], None] | None = None) -> None:
        context = multiprocessing.get_context("fork")
        self._pipes: list[Connection] = []
        self._processes: list[Any] = []
        self._mapping = False  # a map_unordered has results still to be read
        try:
            for _ in range(jobs):
                mine, theirs = context.Pipe()
                process = context.Process(
                    target=_serve, args=(theirs, tuple(self._pipes) + (mine,), initializer),
                    daemon=True)  # never outlives this process
                process.start()
                theirs.close()  # so that a worker's end closing reaches this one
                self._pipes.append(mine)
                self._processes.append(process)
        except BaseException:
            self.terminate()
            raise

    def map_unordered(
        self, fn: Callable[[_T], _R], tasks: Sequence[_T], chunk: int,
        prepare: Callable[[Sequence[_T]], None] | None = None,
    ) -> Generator[_R, None, None]:
        """fn of every task, in the order the chunks finish; `prepare(chunk)` first, in the
        worker, when given. A chunk at a time a worker, so that no send can wait on a worker
        that waits on this process to read. Stopping early ends the workers (they may
        still be busy)."""
        if not self._pipes:
            raise WorkerError("the worker processes have ended")
        chunks = iter([tasks[i:i + chunk] for i in range(0, len(tasks), chunk)])
        busy: set[Connection] = set()
        self._mapping = True
        try:
            for pipe in self._pipes:
                if self._give(pipe, fn, chunks, prepare):
                    busy.add(pipe)
            while busy:
                ready = wait(list(busy))
                for pipe in [p for p in self._pipes if p in ready]:
                    results = self._results(pipe)
                    if not self._give(pipe, fn, chunks, prepare):  # before passing the results on
                        busy.discard(pipe)
                    yield from results
        except BaseException:  # GeneratorExit too: a worker's results would come later
            self.terminate()
            raise
        finally:
            self._mapping = False

    def _give(self, pipe: Connection, fn: Callable[[_T], _R], chunks: Iterator[Sequence[_T]],
              prepare: Callable[[Sequence[_T]], None] | None) -> bool:
        chunk = next(chunks, None)
        if chunk is None:
            return False
        try:
            pipe.send((fn, chunk, prepare))
        except OSError:  # it died waiting for work (the kernel's OOM killer, say)
            raise WorkerError(self._death(pipe)) from None
        return True

    def _results(self, pipe: Connection) -> list[Any]:
        try:
            kind, payload = pipe.recv()
        except (EOFError, OSError):
            raise WorkerError(self._death(pipe)) from None
        if kind == "error":
            raise raisable(payload)
        results: list[Any] = payload
        return results

    def _death(self, pipe: Connection) -> str:
        process = self._processes[self._pipes.index(pipe)]
        process.join(5)
        code = process.exitcode
        if code == -signal.SIGKILL:
            how = "was killed (signal 9: out of memory? fewer --jobs use less)"
        elif code is not None and code < 0:
            how = f"was killed by signal {-code}"
        else:
            how = f"exited with code {code}"
        return f"a worker process (pid {process.pid}) {how} before it finished its work"

    def close(self) -> None:
        """Let every worker finish and end; ends them at once if results are still to be
        read (they would wait on this process to read them)."""
        if self._mapping:
            self.terminate()
            return
        for pipe in self._pipes:
            with contextlib.suppress(OSError):  # a worker already gone
                pipe.send(None)
        for process in self._processes:
            process.join()
        self._shut()

    def terminate(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join()
        self._shut()

    def _shut(self) -> None:
        for pipe in self._pipes:
            pipe.close()
        self._pipes.clear()
        self._processes.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.terminate()


def _serve(pipe: Connection, inherited: Sequence[Connection],
           initializer: Callable[[], None] | None) -> None:
    """A worker: run the chunks it is sent until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:  # the parent's ends: held here, they would hide its death
        other.close()
    if initializer is not None:
        initializer()
    while True:
        try:
            message = pipe.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, chunk, prepare = message
        try:
            if prepare is not None:
                prepare(chunk)
            reply: tuple[str, Any] = ("ok", [fn(task) for task in chunk])
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            reply = ("error", exc)
        try:
            pipe.send(reply)
        except OSError:
            return  # the parent is gone: nothing to tell it
        except Exception as exc:  # noqa: BLE001 - what could not be pickled, in words
            with contextlib.suppress(OSError):
                pipe.send(("error", RuntimeError(f"pid {os.getpid()}: {type(exc).__name__}: "
                                                  f"{exc}")))


class Forked:
    """`fn()` in a forked process while this one goes on; `wait` raises here what it raised
    there. The fleet's writers use it to write fleet.json while the page is made."""

    def __init__(self, fn: Callable[[], object]) -> None:
        self._read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never back into the caller's code
            os.close(self._read)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C
            status = 0
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the parent by `wait`
                with contextlib.suppress(OSError):
                    os.write(write, _pickled(exc))
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        self._reaped = False

    def wait(self) -> None:
        """Until it ends; what it raised is raised here. Interrupted, it is ended."""
        try:
            with os.fdopen(self._read, "rb", closefd=False) as pipe:
                raised = pipe.read()
            _, status = os.waitpid(self.pid, 0)
        except BaseException:
            self.stop()
            raise
        self._reaped = True
        os.close(self._read)
        if raised:
            raise raisable(pickle.loads(raised))
        if status:
            raise WorkerError(f"the process writing beside this one (pid {self.pid}) ended "
                              f"with code {os.waitstatus_to_exitcode(status)}")

    def stop(self) -> None:
        """End it: this process is giving up."""
        if self._reaped:
            return
        self._reaped = True
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self._read)


def raisable(exc: BaseException) -> Exception:
    """What another process raised, to raise here: an Exception as it was, except a broken
    pipe (the CLI's word for a reader of its output gone away); SystemExit, Ctrl-C and the
    like in words."""
    if isinstance(exc, Exception) and not isinstance(exc, BrokenPipeError):
        return exc
    return WorkerError(f"another process ended with {type(exc).__name__}: {exc}")


def _pickled(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - an exception that does not pickle, in words
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
