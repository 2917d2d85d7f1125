"""The case's status machine and the actions each status offers (Daisy's pattern: research
§2.3, "status decides which case actions are available").

A small explicit table rather than a library: eight statuses, every transition is one of
our audited services (which lock the row, check the stale-form version and write the
audit entry in the same transaction), and the table itself is what the tests enumerate.
django-fsm-2 and python-statemachine put transitions on the model or an object of their
own, outside the service layer, and would add a dependency for a dictionary's work
(docs/architecture.md, "Casework").
"""

NEW, FIRST_CONTACT, ASSESSMENT, ONGOING = "new", "first_contact", "assessment", "ongoing"
DORMANT, WITHDRAWN, CLOSED = "dormant", "withdrawn", "closed"
STATUSES = (NEW, FIRST_CONTACT, ASSESSMENT, ONGOING, DORMANT, WITHDRAWN, CLOSED)

TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({FIRST_CONTACT, WITHDRAWN, CLOSED}),
    FIRST_CONTACT: frozenset({ASSESSMENT, ONGOING, DORMANT, WITHDRAWN, CLOSED}),
    ASSESSMENT: frozenset({ONGOING, DORMANT, WITHDRAWN, CLOSED}),
    ONGOING: frozenset({ASSESSMENT, DORMANT, WITHDRAWN, CLOSED}),
    DORMANT: frozenset({ONGOING, WITHDRAWN, CLOSED}),
    WITHDRAWN: frozenset({ONGOING, CLOSED}),
    CLOSED: frozenset({ONGOING}),
}
# Transitions that need a recorded reason code.
NEEDS_REASON = frozenset({CLOSED, WITHDRAWN})

CONTACT, SAFETY_PLAN, DASH, MARAC, NOTE, TASK, DOCUMENT, OUTCOME, TRANSFER = (
    "contact", "safety_plan", "dash", "marac", "note", "task", "document", "outcome", "transfer")
_OPEN = (NEW, FIRST_CONTACT, ASSESSMENT, ONGOING, DORMANT)
ACTIONS: dict[str, frozenset[str]] = {
    CONTACT: frozenset(_OPEN),
    # No safety plan, assessment or referral before first contact.
    SAFETY_PLAN: frozenset({FIRST_CONTACT, ASSESSMENT, ONGOING, DORMANT}),
    DASH: frozenset({FIRST_CONTACT, ASSESSMENT, ONGOING}),
    MARAC: frozenset({ASSESSMENT, ONGOING}),
    NOTE: frozenset({*_OPEN, WITHDRAWN}),
    TASK: frozenset(_OPEN),
    DOCUMENT: frozenset({*_OPEN, WITHDRAWN}),
    OUTCOME: frozenset(STATUSES),
    TRANSFER: frozenset({FIRST_CONTACT, ASSESSMENT, ONGOING, DORMANT}),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def allows(status: str, action: str) -> bool:
    return status in ACTIONS.get(action, frozenset())


def actions_for(status: str) -> set[str]:
    return {action for action, statuses in ACTIONS.items() if status in statuses}
