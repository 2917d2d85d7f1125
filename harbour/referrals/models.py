"""Models of the referrals app."""

# The intelligence-only police report's models live in their own module.
from harbour.referrals.models_intelligence import *  # noqa: E402,F401,F403
