"""Adapters of the content context that need third-party libraries (HTML sanitising)."""
