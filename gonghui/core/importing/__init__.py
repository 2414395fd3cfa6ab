"""The import pipeline (MEM-2, ORG-2, PLAT-5): one mechanism for every spreadsheet import.

read (stream) → map headers → normalize → validate per row → upsert in batches on the
natural key → error report → ImportRun with counts. Each importer (members, employers, …)
declares its columns and its upsert in `<app>/importers.py` and registers itself here.
"""
