"""Content: the mentor workspace, admin moderation, and learning."""
