"""Every view declares who may see it; a test walks the URL conf and checks each does.

- `public`: anyone, no account (survivors). Must not need a session to work.
- `staff`: a member of staff who passed both factors (the middleware enforces it for every
  path under /staff/; the decorator says so at the view, where a reviewer reads).
- `staff_login`: the steps of logging in, before the second factor.
"""

from functools import wraps

AUDIENCES = ("public", "staff", "staff_login")


def _mark(audience: str):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.harbour_audience = audience
        return wrapper

    return decorator


public = _mark("public")
staff_login = _mark("staff_login")


def staff(view):
    from django.contrib.auth.decorators import login_required

    wrapped = login_required(view)
    wrapped.harbour_audience = "staff"
    return wrapped
