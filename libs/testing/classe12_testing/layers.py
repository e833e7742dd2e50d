"""`python -m classe12_testing.layers [unit] [integration] [system] [web]`: run the test layers in
order, each in its own pytest process, and print how long each took.

Every layer runs even when an earlier one fails (a CI log then shows everything); the exit
status is the first failure's.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

from .plugin import LAYERS, WEB_LAYER_ENV


def main(argv: list[str] | None = None) -> int:
    layers = (argv if argv is not None else sys.argv[1:]) or list(LAYERS)
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        print(f"unknown layer(s) {unknown}; known: {', '.join(LAYERS)}", file=sys.stderr)
        return 2
    results = []
    for layer in layers:
        started = time.monotonic()
        web = layer == "web"  # without eventlet (plugin.py), so without nameko's reminder of it
        code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-m", layer,
                                *(["--suppress-nameko-eventlet-notification"] if web else [])],
                               env={**os.environ, **WEB_LAYER_ENV} if web else None)
        code = 0 if code == 5 else code  # 5: no test in this layer
        results.append((layer, code, time.monotonic() - started))
    print("\n" + "\n".join(f"layer {layer:<12} {'ok' if code == 0 else 'FAILED':<7} {seconds:7.1f} s"
                           for layer, code, seconds in results))
    print(f"layers total {sum(s for _, _, s in results):.1f} s")
    return next((code for _, code, _ in results if code), 0)


if __name__ == "__main__":
    sys.exit(main())
