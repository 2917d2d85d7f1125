"""The egress gate for intelligence-only reports to the police (F2, F4).

F4 lets the police receive, without her consent to share her identity, *intelligence only*:
the incident and the person who caused it, without who she is, with her advocate's
organisation as the way back to her (the Rape Crisis Scotland "intelligence sharing"
model and Scotland's third-party reporting: shared/reference/safe-reporting-research.md
§3.1). This module is the one way such a report leaves Harbour:

- the recipient must be registered by the holding organisation, active, of the police
  category and not immigration enforcement (F3); any other category is refused;
- what leaves is built here from an explicit allowlist of intelligence fields
  (INTELLIGENCE_FIELDS): a payload holding any other key is refused, whatever it holds;
- the disclosure is appended to the audit chain (F6) in the caller's transaction, and the
  e-mail leaves after commit through core.outbound, or the PDF's bytes are returned for
  the member to hand over herself.

The gate does not know the referrals app (DESIGN.md's order): the caller passes plain
values, and records its own row of the share in the same transaction.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core.audit import audit_append
from harbour.core.outbound import deliver_mail
from harbour.firewall import policy
from harbour.firewall.gate import DisclosureRefused
from harbour.firewall.models import Recipient

POLICE = "police"
EMAIL, PDF = "email", "pdf"
# Everything that may ever leave in an intelligence report, in the order it is printed.
# Nothing about her: no name, contact, address, date of birth, language, needs, case or
# request reference, and nothing about immigration or residence (F1).
INTELLIGENCE_FIELDS = (
    "reference", "abuse_kinds", "incident_period", "police_area", "ongoing", "weapons", "strangulation",
    "injuries", "children_present", "relationship", "perpetrator_count", "incident", "perpetrator", "place",
)


@dataclass(frozen=True)
class WayBack:
    """How the police reach her: through her advocate. `organisation` holds the report;
    `advocate_name` and `advocate_email` are the staff member's work name and address."""

    organisation: Organisation
    advocate_name: str
    advocate_email: str


@dataclass(frozen=True)
class IntelligenceDisclosure:
    """What the gate let through: the recipient, the channel, the allowlisted fields sent
    (in INTELLIGENCE_FIELDS order) and, for a PDF, its bytes (else None)."""

    recipient: Recipient
    channel: str
    fields: list[str]
    document: bytes | None


def intelligence_payload(values: Mapping[str, object]) -> dict[str, str]:
    """The payload that may leave, from `values` (field name -> text, or a list of texts).

    Only INTELLIGENCE_FIELDS are taken, in their order; empty values are left out; lists
    are joined with ", ". Raises DisclosureRefused if `values` holds any other key (so a
    caller that tries to add something is stopped, not silently trimmed)."""
    unknown = sorted(set(values) - set(INTELLIGENCE_FIELDS))
    if unknown:
        raise DisclosureRefused(_("An intelligence report can hold only the incident and the perpetrator. "
                                  "Nothing was shared."))
    payload = {}
    for name in INTELLIGENCE_FIELDS:
        value = values.get(name)
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        text = "" if value is None else str(value).strip()
        if text:
            payload[name] = text
    return payload


def police_language(organisation: Organisation) -> str:
    """The language the police are written to in: the organisation's first language Harbour
    has, else the site's default (settings.LANGUAGE_CODE)."""
    known = {code for code, _name in settings.LANGUAGES}
    return next((code for code in organisation.languages or [] if code in known), settings.LANGUAGE_CODE)


def _require_police_recipient(*, holder: Organisation, recipient: Recipient) -> Recipient:
    recipient = Recipient.objects.select_related("organisation").filter(pk=recipient.pk).first()
    if recipient is None or not recipient.is_active or recipient.registered_by_id != holder.pk:
        raise DisclosureRefused(_("This recipient is not registered by your organisation."))
    if recipient.category not in policy.ALLOWED or policy.refusal_reason(
        name=recipient.name, email=recipient.email,
        organisation_name=recipient.organisation.name if recipient.organisation_id else "",
    ):
        raise DisclosureRefused(_("Harbour never shares with immigration enforcement."))
    if recipient.category != POLICE:
        raise DisclosureRefused(_("An intelligence report goes only to a recipient registered as police."))
    return recipient


def disclose_intelligence(*, acting_user: User, holder: Organisation, report_ref, recipient: Recipient,
                          values: Mapping[str, object], labels: Mapping[str, str], way_back: WayBack,
                          channel: str, record: Callable[[IntelligenceDisclosure], object] | None = None,
                          ) -> IntelligenceDisclosure:
    """Send an intelligence-only report to a police recipient, by e-mail or as a PDF.

    `report_ref` is the report's public id (for the audit entry); `values` maps allowlisted
    field names to texts (see intelligence_payload); `labels` maps those names to the
    printed labels, in the police's language; `record`, if given, is called inside the same
    transaction with the result (the caller's row of the share).

    Refused with DisclosureRefused, before anything is written or sent: a member who is not
    a caseworker or admin of `holder`; a recipient not registered by `holder`, inactive,
    not of the police category, or immigration enforcement; a key outside the allowlist;
    nothing to send; an unknown channel; an e-mail to a recipient without an address; a PDF
    of text its core font cannot print (send it by e-mail instead).
    """
    if channel not in (EMAIL, PDF):
        raise DisclosureRefused(_("Choose e-mail or PDF."))
    with transaction.atomic():
        if not memberships_of(acting_user).filter(
            organisation=holder, role__in=[Membership.Role.ADMIN, Membership.Role.CASEWORKER]
        ).exists():
            raise DisclosureRefused(_("You may not share for this organisation."))
        recipient = _require_police_recipient(holder=holder, recipient=recipient)
        payload = intelligence_payload(values)
        if not set(payload) - {"reference"}:
            raise DisclosureRefused(_("This report is empty. Nothing was shared."))
        with translation.override(police_language(holder)):
            title = _("Intelligence report %(reference)s") % {"reference": payload.get("reference", "")}
            lines = _lines(payload, labels, way_back)
            if channel == EMAIL:
                if not recipient.email:
                    # Lazy: raised while the police's language is active, shown in the member's.
                    raise DisclosureRefused(gettext_lazy("This recipient has no e-mail address: download the PDF "
                                                         "instead."))
                document = None
            else:
                document = _pdf(title, lines)
        result = IntelligenceDisclosure(recipient=recipient, channel=channel,
                                        fields=[name for name in INTELLIGENCE_FIELDS if name in payload],
                                        document=document)
        if record is not None:
            record(result)
        audit_append(action="firewall.disclose_intelligence", actor=acting_user, organisation=holder,
                     subject=str(report_ref),
                     detail={"recipient": str(recipient.public_id), "recipient_category": recipient.category,
                             "channel": channel, "fields": result.fields})
        if channel == EMAIL:
            body = "\n\n".join(lines)
            to = recipient.email
            # A neutral subject: it is read on lock screens and in shared inboxes.
            transaction.on_commit(lambda: deliver_mail(to=to, subject=title, body=body,
                                                       purpose="intelligence_report"))
    return result


def _lines(payload: dict[str, str], labels: Mapping[str, str], way_back: WayBack) -> list[str]:
    heading = _("Intelligence only, from %(organisation)s. It does not say who was harmed: she has not "
                "agreed to be named.") % {"organisation": way_back.organisation.name}
    contact = _("To reach her, or if someone else reports the same person, contact her advocate at "
                "%(organisation)s: %(name)s, %(email)s. Quote the reference %(reference)s.") % {
        "organisation": way_back.organisation.name, "name": way_back.advocate_name,
        "email": way_back.advocate_email, "reference": payload.get("reference", "")}
    body = [f"{labels.get(name, name)}: {payload[name]}" for name in INTELLIGENCE_FIELDS if name in payload]
    return [heading, *body, contact]


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page-per-screenful PDF (fpdf2, core Helvetica, Latin-1 only): the title, then
    each line as a paragraph. Raises DisclosureRefused for text outside Latin-1 rather
    than dropping letters of it."""
    try:
        for text in (title, *lines):
            text.encode("latin-1")
    except UnicodeEncodeError:
        # Lazy: raised while the police's language is active, shown in the member's.
        raise DisclosureRefused(gettext_lazy("This report holds characters the PDF cannot print. Send it by "
                                             "e-mail instead: nothing was shared.")) from None
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Harbour")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for text in lines:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
