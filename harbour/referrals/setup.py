"""Registrations made when the app is ready (staff navigation, sealed models)."""


def setup() -> None:
    """Register this part's staff links and sealed models; called from ReferralsConfig.ready()."""
