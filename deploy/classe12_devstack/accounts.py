"""Accounts of the local stack's own users (demo data, system tests, benchmarks): their addresses
are verified with the operator's command line (`classe12-community verify-email`), as an
operator vouching for them would; the API has no such door (docs/decisions.md 32)."""
from __future__ import annotations

import subprocess
import sys


def verify_emails(env: dict, emails) -> None:
    """Mark these addresses verified (idempotent); they must have an account."""
    arguments = [part for email in emails for part in ("--email", email)]
    if arguments:
        subprocess.run([sys.executable, "-m", "classe12_community.cli", "verify-email", *arguments], env=env,
                       check=True, capture_output=True)
