"""The operations console (S36): /api/v1/admin/operations."""
