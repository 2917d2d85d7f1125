"""The one error body of Harbour's v1 API (config/api.py): {"errors": {name: [messages]}}."""

from ninja import Schema


class ErrorsOut(Schema):
    """A 400: each field or parameter that was refused, with what to change, in the
    caller's language where the operation takes one."""

    errors: dict[str, list[str]]
