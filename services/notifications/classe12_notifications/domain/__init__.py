"""Notifications rules and use cases: plain Python, no nameko, no pymongo."""
