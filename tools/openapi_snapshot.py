"""Write (or with --check, compare) the committed OpenAPI snapshots in docs/api/.

A change to an API shows in review as a change to these files; tests/test_openapi_snapshot.py
fails when the live documents and the snapshots differ. Run `make openapi` to refresh.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {"openapi-v1.json": "/api/v1/openapi.json", "openapi-hsds.json": "/api/hsds/openapi.json"}


def live_documents() -> dict[str, dict]:
    from django.test import Client

    client = Client()
    documents = {}
    for name, url in DOCUMENTS.items():
        response = client.get(url)
        if response.status_code == 200:
            documents[name] = response.json()
    return documents


def render(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    for name, document in live_documents().items():
        (ROOT / "docs" / "api" / name).write_text(render(document), encoding="utf-8")
        sys.stdout.write(f"wrote docs/api/{name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
