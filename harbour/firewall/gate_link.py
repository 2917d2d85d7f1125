"""The gate for partners outside Harbour (issue 15 item 8): a referral by one-time link.

Primero sends a password-protected zip whose password travels separately (research §1.4):
the zip sits in the mailbox for ever and the password is as guessable as people make it.
Here the e-mail holds no content at all, only a link. The content is encrypted under a key
derived from the link's 256-bit token, and the token is kept only as a SHA-256 digest:
a seizure of the database and the server opens nothing. The reader then proves control of
the registered address (a code sent to it, valid 30 minutes, five wrong codes end the
link), reads the referral once within 7 days, and the ciphertext is wiped.

Every failure — unknown, expired, spent or exhausted link, wrong or old code — gets the same
answer (None), so the page cannot be used to learn which links exist.
"""

import datetime
import hashlib
import hmac
import json
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Organisation, User
from harbour.core.audit import audit_append
from harbour.core.numbers import fold_digits
from harbour.core.outbound import deliver_mail
from harbour.firewall import crypto, gate, policy
from harbour.firewall.gate_referral import (
    REFERRAL_RECIPIENT_CATEGORIES,
    REFERRING_ROLES,
    ConsentTerms,
)
from harbour.firewall.models import Consent, Disclosure, GateLink, Recipient
from harbour.firewall.services import MAX_CONSENT_DAYS

LINK_DAYS = 7
CODE_MINUTES = 30
MAX_WRONG_CODES = 5
# What an external partner may receive: what a specialist service on Harbour may, less the
# organisation's notes (they are not part of a referral).
EXTERNAL_CATEGORIES = (policy.IDENTITY, policy.CONTACT, policy.NEEDS, policy.NARRATIVE)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _content_key(token: str) -> bytes:
    """The 32-byte key the content is encrypted under: derived from the token (BLAKE2b, keyed
    by a fixed label), so only the holder of the e-mailed link can derive it."""
    return hashlib.blake2b(token.encode(), key=b"harbour-gate-link-v1", digest_size=32).digest()


def _code_digest(link: GateLink, code: str) -> str:
    return hmac.new(str(link.public_id).encode(), code.encode(), hashlib.sha256).hexdigest()


def check_external_recipient(*, holder: Organisation, recipient: Recipient | None) -> None:
    """Refuse (gate.DisclosureRefused) a recipient that may not receive a referral by link:
    not registered by `holder` or inactive, immigration enforcement (F3), of a kind that may
    not receive a referral, or without an e-mail address."""
    if recipient is None or not recipient.is_active or recipient.registered_by_id != holder.pk:
        raise gate.DisclosureRefused(_("This recipient is not registered by your organisation."))
    if recipient.category not in policy.ALLOWED or policy.refusal_reason(name=recipient.name, email=recipient.email):
        raise gate.DisclosureRefused(_("Harbour never shares with immigration enforcement."))
    if recipient.category not in REFERRAL_RECIPIENT_CATEGORIES:
        raise gate.DisclosureRefused(_("A referral can go only to a specialist support service, a legal "
                                       "adviser, a health service or a housing provider."))
    if recipient.organisation_id is not None or not recipient.email:
        raise gate.DisclosureRefused(_("This recipient has no e-mail address."))


def link_disclose(*, acting_user: User, holder: Organisation, recipient: Recipient, terms: ConsentTerms,
                  subject_ref, payload: dict, link_url: str) -> Disclosure:
    """Record her consent and send a referral to a recipient outside Harbour by one-time link.

    `payload` maps data categories to content; only what the consent names and the
    recipient's category may receive leaves. `link_url` is the absolute address of the link
    page with "{token}" where the token goes. The e-mail (after commit) holds the referring
    organisation's name and the link, no content. Returns the Disclosure. Raises
    gate.DisclosureRefused (nothing written) like gate_referral.referral_disclose.
    """
    if not memberships_of(acting_user).filter(organisation=holder, role__in=REFERRING_ROLES).exists():
        raise gate.DisclosureRefused(_("You may not refer for this organisation."))
    check_external_recipient(holder=holder, recipient=recipient)
    categories = sorted(set(terms.categories))
    today = timezone.localdate()
    if not categories or not set(categories) <= set(policy.CATEGORIES):
        raise gate.DisclosureRefused(_("Choose at least one kind of information."))
    if terms.expires_on < today:
        raise gate.DisclosureRefused(_("This consent has ended. Ask her again before sharing."))
    if terms.expires_on > today + datetime.timedelta(days=MAX_CONSENT_DAYS):
        raise gate.DisclosureRefused(_("Choose an end date from today to one year ahead."))
    shared_categories = sorted(set(gate.shareable_categories(recipient_category=recipient.category,
                                                             consented=categories, available=list(payload)))
                               & set(EXTERNAL_CATEGORIES))
    if not shared_categories:
        raise gate.DisclosureRefused(_("Nothing this consent covers may go to this recipient."))
    token = secrets.token_urlsafe(32)
    shared = {category: payload[category] for category in shared_categories}
    encrypted = crypto.wrap(_content_key(token), json.dumps(shared, ensure_ascii=False).encode())
    with transaction.atomic():
        consent = Consent(organisation=holder, subject_ref=subject_ref, recipient=recipient, categories=categories,
                          purpose=terms.purpose, expires_on=terms.expires_on, method=terms.method,
                          language=terms.language, recorded_by=acting_user)
        consent.full_clean()
        consent.save()
        audit_append(action="firewall.consent.record", actor=acting_user, organisation=holder, subject=consent,
                     detail={"record": str(subject_ref), "recipient": str(recipient.public_id),
                             "categories": categories, "purpose": terms.purpose,
                             "expires_on": terms.expires_on.isoformat(), "method": terms.method,
                             "language": terms.language, "interpreted": False})
        disclosure = Disclosure(organisation=holder, subject_ref=subject_ref, consent=consent, recipient=recipient,
                                categories=shared_categories, disclosed_on=today, disclosed_by=acting_user)
        disclosure.full_clean()
        disclosure.save()
        link = GateLink(organisation=holder, recipient=recipient, disclosure=disclosure, subject_ref=subject_ref,
                        token_digest=_digest(token), encrypted_content=encrypted,
                        expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS))
        link.save()
        audit_append(action="firewall.disclose", actor=acting_user, organisation=holder, subject=disclosure,
                     detail={"record": str(subject_ref), "consent": str(consent.public_id),
                             "recipient": str(recipient.public_id), "recipient_category": recipient.category,
                             "categories": shared_categories, "by": "one-time link"})
        body = _("%(organisation)s has sent you a referral through Harbour. It is not in this e-mail. Open "
                 "this link within %(days)s days; you will be asked for a code that is sent to this address. "
                 "The referral can be read once.") % {"organisation": holder.name, "days": LINK_DAYS}
        url = link_url.replace("{token}", token)
        transaction.on_commit(lambda: deliver_mail(to=recipient.email, subject=_("Referral"),
                                                   body=f"{body}\n\n{url}", purpose="referral-link"))
    return disclosure


def _live(token: str) -> GateLink | None:
    """The link if it exists, has not expired and has not had too many wrong codes."""
    link = GateLink.objects.select_related("recipient", "organisation").filter(
        token_digest=_digest(token)).first()
    if link is None or link.expires_at <= timezone.now() or link.wrong_codes >= MAX_WRONG_CODES:
        return None
    return link


def _usable(token: str) -> GateLink | None:
    """A live link whose content has not been read yet."""
    link = _live(token)
    if link is None or link.opened_at is not None or not link.encrypted_content:
        return None
    return link


def link_send_code(*, token: str) -> bool:
    """Send a fresh code to the link's registered address (after commit): to read the
    referral, or, once it is read, to report its state again within the link's lifetime.
    Returns False for a link that cannot be used, with nothing sent; the page answers the
    same either way."""
    with transaction.atomic():
        link = _live(token)
        if link is None:
            return False
        code = f"{secrets.randbelow(10 ** 8):08d}"
        GateLink.objects.filter(pk=link.pk).update(
            code_digest=_code_digest(link, code),
            code_expires_at=timezone.now() + datetime.timedelta(minutes=CODE_MINUTES))
        address = link.recipient.email
        body = _("Your code to open the referral in Harbour: %(code)s. It works for %(minutes)s minutes.") % {
            "code": code, "minutes": CODE_MINUTES}
        transaction.on_commit(lambda: deliver_mail(to=address, subject=_("Your Harbour code"), body=body,
                                                   purpose="referral-link-code"))
    return True


def link_open(*, token: str, code: str) -> dict | None:
    """The referral's content (data category -> content) if `token` names a usable link and
    `code` is its current code; the ciphertext is then wiped, so it opens once. A link whose
    content was read already gives "content": None: the code then only starts a session
    for reporting the state. "session" is that session's secret (see link_session_check).
    None for every failure; a wrong code counts towards MAX_WRONG_CODES."""
    # Any script's digits (a partner's Arabic keyboard types ٠-٩): the code is ASCII digits.
    code = "".join(ch for ch in fold_digits(code) if ch in "0123456789")
    with transaction.atomic():
        link = _live(token)
        if link is None:
            return None
        link = GateLink.objects.select_for_update().get(pk=link.pk)
        good = (link.code_digest and link.code_expires_at and link.code_expires_at > timezone.now()
                and hmac.compare_digest(link.code_digest, _code_digest(link, code)))
        if not good:
            GateLink.objects.filter(pk=link.pk).update(wrong_codes=link.wrong_codes + 1)
            return None
        session = secrets.token_urlsafe(32)
        if link.opened_at is not None or not link.encrypted_content:
            GateLink.objects.filter(pk=link.pk).update(code_digest="", session_digest=_digest(session))
            audit_append(action="firewall.gate_link.verify", actor="external recipient",
                         organisation=link.organisation, subject=link,
                         detail={"recipient": str(link.recipient.public_id), "record": str(link.subject_ref)})
            return {"organisation": link.organisation.name, "content": None, "subject_ref": str(link.subject_ref),
                    "session": session}
        content = json.loads(crypto.unwrap(_content_key(token), bytes(link.encrypted_content)).decode())
        GateLink.objects.filter(pk=link.pk).update(opened_at=timezone.now(), encrypted_content=b"", code_digest="",
                                                   session_digest=_digest(session))
        audit_append(action="firewall.gate_link.open", actor="external recipient", organisation=link.organisation,
                     subject=link, detail={"recipient": str(link.recipient.public_id),
                                           "record": str(link.subject_ref)})
    return {"organisation": link.organisation.name, "content": content, "subject_ref": str(link.subject_ref),
            "session": session}


def link_session_check(*, token: str, session: str) -> GateLink | None:
    """The link, locked for update, if `token` names a live link and `session` is its current
    session secret (given by link_open after the e-mailed code); None otherwise (unknown,
    expired or exhausted link, no session yet, a wrong or replaced secret). Call inside a
    transaction."""
    link = _live(token)
    if link is None or not session:
        return None
    link = GateLink.objects.select_for_update().select_related("recipient", "organisation").get(pk=link.pk)
    if not link.session_digest or not hmac.compare_digest(link.session_digest, _digest(session)):
        return None
    return link


def link_session_renew(*, link: GateLink) -> str:
    """Replace the link's session secret (after each report, so a replayed form does nothing)
    and return the new one, for the page to hold."""
    session = secrets.token_urlsafe(32)
    GateLink.objects.filter(pk=link.pk).update(session_digest=_digest(session))
    return session


def link_labels() -> dict:
    """Labels of the data categories, for the page that shows an opened link."""
    return {category: str(policy.CATEGORY_LABELS[category]) for category in EXTERNAL_CATEGORIES}
