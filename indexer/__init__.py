"""Persian text normalisation, service documents, the search index and the registry.

The bottom layer: ``crawlers`` and ``gateway_api`` import from here, never the
other way round.
"""
