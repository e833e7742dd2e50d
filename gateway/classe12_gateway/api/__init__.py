"""One blueprint per area of the public API."""
