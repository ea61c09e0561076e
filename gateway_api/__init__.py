"""The gateway's HTTP API: search, service details and safe deep links (``/go/{id}``).

Imports ``indexer`` only; ``search_ui`` builds on :mod:`gateway_api.search`.
"""

from gateway_api.errors import install_error_handlers
from gateway_api.routes import create_api_router

__all__ = ["create_api_router", "install_error_handlers"]
