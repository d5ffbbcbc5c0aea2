"""Blob-storage adapters: the local disk (``local``) and S3-compatible stores (``s3``)."""
