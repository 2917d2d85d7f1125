"""Signals other apps use to follow account events without accounts importing them.

The firewall listens to these to unwrap, re-wrap or drop a member's copy of her
organisation's private key; accounts sits above the firewall and must not import it.
"""

from django.dispatch import Signal

# sender=User class; kwargs: request, user, password. Sent after the password is checked,
# before the second factor: receivers may prepare, but nothing is usable until verified.
password_verified = Signal()
# kwargs: user, old_password (None after a reset by e-mail), new_password.
password_changed = Signal()
# kwargs: membership, acting_user.
membership_ended = Signal()
