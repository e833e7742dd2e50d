"""A progress bar for command-line imports, on standard error: redrawn in place on a terminal, a line every tenth otherwise."""
from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, stream=None, width: int = 30):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.live = getattr(self.stream, "isatty", lambda: False)()
        self._last_tenth = -1

    def advance(self, count: int = 1, label: str = "") -> None:
        self.done += count
        filled = self.width * self.done // max(self.total, 1)
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}"
        if self.live:
            self.stream.write(f"\r{bar} {label[:40]:<40}")
            if self.done >= self.total:
                self.stream.write("\n")
        elif (tenth := 10 * self.done // max(self.total, 1)) != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(bar + "\n")
        self.stream.flush()
