"""Persian text analysis, the service document and the search backends (tantivy, Elasticsearch).

The bottom layer: every other package imports from here, never the other way round.
"""
