"""The composed web app: API docs work on a machine with no internet."""

from fastapi.testclient import TestClient


def test_api_docs_load_swagger_ui_locally(gateway_client: TestClient) -> None:
    page = gateway_client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        assert asset in page.text
        response = gateway_client.get(asset)
        assert response.status_code == 200, asset
        assert len(response.content) > 10_000, asset


def test_openapi_documents_the_public_endpoints(gateway_client: TestClient) -> None:
    paths = gateway_client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/services/{service_id}", "/go/{service_id}"} <= set(paths)
