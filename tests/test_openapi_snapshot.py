"""The committed OpenAPI snapshots match what the API serves (`make openapi` refreshes them)."""

from pathlib import Path

import pytest

from tools.openapi_snapshot import live_documents, render

SNAPSHOTS = Path(__file__).resolve().parent.parent / "docs" / "api"


@pytest.mark.django_db
def test_every_api_document_matches_its_committed_snapshot():
    documents = live_documents()
    assert "openapi-v1.json" in documents
    for name, document in documents.items():
        snapshot = SNAPSHOTS / name
        assert snapshot.exists(), f"docs/api/{name} is missing: run make openapi"
        assert snapshot.read_text(encoding="utf-8") == render(document), (
            f"the API changed: review it, then run make openapi to update docs/api/{name}")


@pytest.mark.django_db
def test_api_documents_load_nothing_from_other_sites():
    for document in live_documents().values():
        text = render(document)
        assert "cdn." not in text and "unpkg" not in text and "googleapis" not in text
