"""Is a token-signing secret good enough? Known example values and guessable ones are refused."""
from __future__ import annotations

import math
from collections import Counter

MIN_LENGTH = 32
MIN_BITS = 128

#: values written in this repository's history, documentation or examples: public, so worthless
KNOWN_EXAMPLES = frozenset({
    "local-stack-only-" + "0" * 32,            # the local stack's secret before it generated one
    "CHANGE-ME-at-least-32-random-bytes",      # deploy/k8s/secret.example.yaml
    "change-me", "changeme", "secret", "jwt-secret", "your-256-bit-secret",
})


def estimated_bits(secret: str) -> float:
    """Shannon entropy of the secret's characters times its length: a generous upper bound of
    what a guesser faces (repetitions and small alphabets score low)."""
    if not secret:
        return 0.0
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret)


def secret_problem(secret: str) -> str | None:
    """Why `secret` must not sign tokens, or None."""
    if secret in KNOWN_EXAMPLES or secret.lower().startswith(("change-me", "changeme")):
        return "it is a published example value"
    if len(secret) < MIN_LENGTH:
        return f"it is shorter than {MIN_LENGTH} characters"
    if estimated_bits(secret) < MIN_BITS:
        return f"it is too predictable (about {estimated_bits(secret):.0f} bits, {MIN_BITS} needed)"
    return None
