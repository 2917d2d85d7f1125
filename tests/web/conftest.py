import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_reset():
    """A request to /ar/ or /es/ leaves its language active in this thread; later tests
    that reverse URLs must start from the default again."""
    yield
    translation.deactivate()
