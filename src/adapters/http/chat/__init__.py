"""Session chat over HTTP (S32)."""
