"""The compressed JavaScript a browser loads to show the catalogue the first time (target: under
200 KB, issue 11): the entry chunk and what it imports, the DSFR's script it starts, and the
catalogue page's chunk with its imports, each gzipped (level 9), from web/dist's Vite manifest.

    make web && .venv/bin/python bench/web_size.py [page]   # page: src/pages/Catalogue.tsx
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
TARGET_KB = 200


def closure(manifest: dict, key: str, seen: set[str]) -> None:
    if key in seen:
        return
    seen.add(key)
    for imported in manifest[key].get("imports", []):
        closure(manifest, imported, seen)


def first_load(manifest: dict, page: str) -> list[str]:
    [entry] = [key for key, chunk in manifest.items() if chunk.get("isEntry")]
    keys: set[str] = set()
    closure(manifest, entry, keys)
    # what the entry imports at start without a route (the DSFR's script), not the other pages
    for dynamic in manifest[entry].get("dynamicImports", []):
        if "/pages/" not in dynamic:
            closure(manifest, dynamic, keys)
    closure(manifest, page, keys)
    return sorted({manifest[key]["file"] for key in keys if manifest[key]["file"].endswith(".js")})


def main(argv: list[str]) -> int:
    page = argv[0] if argv else "src/pages/Catalogue.tsx"
    manifest_path = DIST / ".vite" / "manifest.json"
    if not manifest_path.is_file():
        print("web/dist/.vite/manifest.json absent: build the client first (make web)", file=sys.stderr)
        return 2
    manifest = json.loads(manifest_path.read_text())
    total_raw = total_gzip = 0
    for file in first_load(manifest, page):
        raw = (DIST / file).read_bytes()
        packed = len(gzip.compress(raw, 9))
        total_raw += len(raw)
        total_gzip += packed
        print(f"{file:<48} {len(raw) / 1024:8.1f} KB  gzip {packed / 1024:7.1f} KB")
    verdict = "under" if total_gzip < TARGET_KB * 1024 else "OVER"
    print(f"first load of {page}: {total_raw / 1024:.1f} KB of JavaScript, {total_gzip / 1024:.1f} KB gzip "
          f"({verdict} the {TARGET_KB} KB target)")
    return 0 if verdict == "under" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
