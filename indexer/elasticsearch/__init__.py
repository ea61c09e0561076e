"""The Elasticsearch search backend: pure request builders, the backend, zero-downtime rebuilds.

Imports of the ``elasticsearch`` client happen inside functions, so the embedded
default never needs it.
"""

from indexer.elasticsearch.config import (
    ElasticsearchConfig,
    ElasticsearchConfigError,
    ElasticsearchUnavailableError,
    connect,
)

__all__ = [
    "ElasticsearchConfig",
    "ElasticsearchConfigError",
    "ElasticsearchUnavailableError",
    "connect",
]
