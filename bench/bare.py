"""The baseline of the HTTP stage: a bare FastAPI endpoint under the same server options.

A synchronous endpoint returning a small JSON object, like the gateway's own
routes (which run in the thread pool), with nothing behind it: what FastAPI
and uvicorn cost per request on this machine.
"""

from __future__ import annotations

from fastapi import FastAPI


def create_bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/bare")
    def bare() -> dict[str, object]:
        return {"ok": True, "total": 0, "results": []}

    return app
