"""Server-rendered, right-to-left Persian search page; works without JavaScript.

Builds on :mod:`gateway_api.search`, so the page and the JSON API agree.
"""

from search_ui.dashboards import create_dashboard_router
from search_ui.routes import create_ui_router, install_error_pages

__all__ = ["create_dashboard_router", "create_ui_router", "install_error_pages"]
