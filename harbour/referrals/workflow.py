"""The referral's states and who may move it (issue 15 item 3; the closed-loop states of
FHIR Task and the closed-loop platforms, research next-capabilities B5).

A small explicit table, as in harbour/cases/workflow.py and for the same reasons: every
transition is one of our audited services (they lock the row, check the stale-form version
and write the audit entry in one transaction) and the table is what the tests enumerate.
Each move belongs to one side: the REFERRER sends, withdraws and marks sent in error; the
RECEIVER acknowledges, accepts, declines, moves between in progress and the waiting list,
completes or records that it could not; HER consent revocation revokes.
"""

DRAFT, SENT, RECEIVED, ACCEPTED, DECLINED = "draft", "sent", "received", "accepted", "declined"
IN_PROGRESS, WAITING_LIST, COMPLETED, UNABLE = "in_progress", "waiting_list", "completed", "unable_to_complete"
WITHDRAWN, REVOKED, SENT_IN_ERROR = "withdrawn", "revoked", "sent_in_error"
STATUSES = (DRAFT, SENT, RECEIVED, ACCEPTED, DECLINED, IN_PROGRESS, WAITING_LIST, COMPLETED, UNABLE,
            WITHDRAWN, REVOKED, SENT_IN_ERROR)

REFERRER, RECEIVER, HER = "referrer", "receiver", "her"

# current status -> {target status: the side that may make this move}
TRANSITIONS: dict[str, dict[str, str]] = {
    DRAFT: {SENT: REFERRER, WITHDRAWN: REFERRER},
    SENT: {RECEIVED: RECEIVER, ACCEPTED: RECEIVER, DECLINED: RECEIVER, WITHDRAWN: REFERRER,
           SENT_IN_ERROR: REFERRER, REVOKED: HER},
    RECEIVED: {ACCEPTED: RECEIVER, DECLINED: RECEIVER, WITHDRAWN: REFERRER, SENT_IN_ERROR: REFERRER,
               REVOKED: HER},
    ACCEPTED: {IN_PROGRESS: RECEIVER, WAITING_LIST: RECEIVER, COMPLETED: RECEIVER, UNABLE: RECEIVER,
               WITHDRAWN: REFERRER, REVOKED: HER},
    IN_PROGRESS: {WAITING_LIST: RECEIVER, COMPLETED: RECEIVER, UNABLE: RECEIVER, REVOKED: HER},
    WAITING_LIST: {IN_PROGRESS: RECEIVER, UNABLE: RECEIVER, WITHDRAWN: REFERRER, REVOKED: HER},
}
# Every other status is final.
FINAL = frozenset(set(STATUSES) - set(TRANSITIONS))
# Open: still owed an answer or a service (what the overdue chase looks at).
AWAITING_ACK = frozenset({SENT})
AWAITING_FIRST_CONTACT = frozenset({RECEIVED, ACCEPTED, IN_PROGRESS, WAITING_LIST})


def side_for(current: str, target: str) -> str | None:
    """The side that may move a referral from `current` to `target`, or None if nobody may."""
    return TRANSITIONS.get(current, {}).get(target)


def moves_for(current: str, side: str) -> list[str]:
    """The statuses `side` may move a referral in `current` to, in table order."""
    return [target for target, owner in TRANSITIONS.get(current, {}).items() if owner == side]
