from tests.firewall.fixtures import admin_b, partner_b, sealed_a, sealed_b  # noqa: F401
