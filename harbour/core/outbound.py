"""The one module in Harbour that sends anything out of the service (mail today).

F2: personal data about a survivor leaves only through the firewall's gate, which calls
this module. Account mail to staff (invitations, password resets) carries no survivor
data and is sent from the accounts app, with a purpose that starts with "staff-".

Two lines of defence keep it so:
- at run time, `deliver_mail` looks at the module of the code that called it and refuses
  (EgressRefused) any caller but the gate (and, for staff mail only, the accounts app): a
  module that re-exports `deliver_mail` or imports it under another name gains nothing;
- in the test suite, tests/firewall/egress_guard.py fails any test in which Harbour code
  opens a socket, starts a process or sends mail without passing through here, and
  tests/firewall/test_egress.py scans the source for the ways around it.
"""

import sys

from django.core.mail import EmailMessage

# Mail whose purpose starts with this carries no survivor data (account mail to staff).
STAFF_MAIL_PREFIX = "staff-"
# Modules (and their submodules) whose code may call deliver_mail. Core cannot import the
# apps below it, so they are named here; a rename makes every send fail loudly in tests.
GATE_MODULES = ("harbour.firewall.gate", "harbour.firewall.gate_intelligence", "harbour.firewall.gate_link")
STAFF_MAIL_MODULES = ("harbour.accounts",)


class EgressRefused(RuntimeError):
    """Something other than the gate (or staff account mail) tried to send."""


def _is_in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def may_send(*, caller_module: str, purpose: str) -> bool:
    """Whether code in `caller_module` may send mail for `purpose`.

    The gate may send for any purpose (it decided the share is lawful: consent, F4, or a
    safeguarding basis); the accounts app only staff mail ("staff-…"); nobody else at all.
    """
    if _is_in(caller_module, GATE_MODULES):
        return True
    return purpose.startswith(STAFF_MAIL_PREFIX) and _is_in(caller_module, STAFF_MAIL_MODULES)


def deliver_mail(*, to: str, subject: str, body: str, purpose: str) -> None:
    """Send one plain-text message to one address. `purpose` names why (for the caller's
    audit entry); staff account mail uses a purpose starting with "staff-".

    Raises ValueError without a purpose, and EgressRefused when the calling code is neither
    the firewall's gate nor (for staff mail) the accounts app.
    """
    if not purpose:
        raise ValueError("Every outbound message states its purpose.")
    caller_module = sys._getframe(1).f_globals.get("__name__", "")
    if not may_send(caller_module=caller_module, purpose=purpose):
        raise EgressRefused(f"{caller_module or 'unknown code'} may not send mail ({purpose}); "
                            "survivor data leaves only through harbour.firewall.gate.disclose")
    # Subject lines are seen on lock screens: callers keep them neutral.
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
