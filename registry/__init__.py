"""The registry: agencies, portals, crawl runs and jobs, tokens and audit, catalogues,
coverage and usage logs, behind one database URL (SQLite by default, PostgreSQL by URL).

Sits above ``indexer`` (it reads service documents to compute coverage) and below the
crawler, the API and the UI, which all keep their state here.
"""
