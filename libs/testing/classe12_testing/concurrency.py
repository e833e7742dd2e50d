"""Run one piece of work on several threads at once, for tests of concurrent writers."""
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


def run_concurrently(work: Callable[[int], T], count: int) -> list[T]:
    """Call ``work(n)`` for n in 0..count-1 on as many threads; fail if any of them raised."""
    results, errors = [], []

    def run(n):
        try:
            results.append(work(n))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors
    return results
