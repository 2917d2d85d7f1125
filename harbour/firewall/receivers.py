"""The firewall follows account events (signals from accounts, which cannot import us)."""

from django.dispatch import receiver

from harbour.accounts.signals import membership_ended, password_changed, password_verified
from harbour.firewall import crypto, keys
from harbour.firewall.keyring import keyring_store


@receiver(password_verified, dispatch_uid="firewall.unlock")
def unlock_at_login(sender, request, user, password, **kwargs):
    try:
        personal = keys.member_key_unlock(user=user, password=password)
    except crypto.CryptoError:
        # Her stored key does not open with this password (it should always): she logs in
        # without sealed access, and the firewall page says an admin must grant it again.
        keys.member_key_replace_after_reset(user=user, new_password=password)
        return
    keyring_store(request, keys.organisation_keys_for(user=user, personal_key=personal), replace=True)


@receiver(password_changed, dispatch_uid="firewall.rewrap")
def rewrap_on_password_change(sender, user, old_password, new_password, **kwargs):
    if old_password is None:
        keys.member_key_replace_after_reset(user=user, new_password=new_password)
    else:
        keys.member_key_rewrap(user=user, old_password=old_password, new_password=new_password)


@receiver(membership_ended, dispatch_uid="firewall.revoke_grant")
def drop_grant_when_membership_ends(sender, membership, acting_user, **kwargs):
    keys.key_grant_remove(acting_user=acting_user, membership=membership)
