"""Test helpers shared by every package: real servers, never in-process fakes."""
