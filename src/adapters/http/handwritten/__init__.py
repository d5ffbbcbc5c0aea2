"""Handwritten notes over HTTP: documents of pages and annotations."""
