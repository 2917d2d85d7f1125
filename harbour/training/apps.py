from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "harbour.training"
    label = "training"
    verbose_name = "Peer training"
    public_entry = {
        "url_name": "training:list",
        "label": _("Workshops"),
        "description": _("Free workshops about your rights, in your language. Book without an account."),
    }
    public_pages = ["training:list", "training:booking", "training:invite"]

    def ready(self):
        from harbour.core.navigation import StaffLink, register
        from harbour.core.once import register_spent_check

        register_spent_check(_booking_spent)

        register(StaffLink(key="training", label=_("Workshops"), url_name="training_staff:home",
                           roles=frozenset({"trainer", "admin"}), order=60))

        from harbour.firewall.rotation import register_sealed_model

        # Key rotation re-seals a booking's name and contact (data key) to the new key.
        register_sealed_model("training.Booking", "session__course__organisation")


def _booking_spent(digest: str) -> bool:
    """Whether a booking was made with the one-time token of SHA-256 `digest` (core.once)."""
    from harbour.training.models import Booking

    return Booking.objects.filter(form_once=digest).exists()
