"""Worker assistance: one module per part (files, grants, records, portal)."""
