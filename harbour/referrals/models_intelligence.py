"""Models of the intelligence-only police report (DESIGN.md F4)."""

__all__: list[str] = []
