"""Hostile inputs for tests/test_hostile.py, built on the fly by make.py (no committed binaries)."""
