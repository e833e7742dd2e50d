"""Replacement tests: the kit against a second, minimal implementation and against broken ones."""
import sys
from pathlib import Path

# the minimal implementation is a plain module beside these tests, not a package
sys.path.insert(0, str(Path(__file__).resolve().parent))
