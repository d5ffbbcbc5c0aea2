"""Downloads through signed links (S4)."""
