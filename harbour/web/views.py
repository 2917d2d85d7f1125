import re

from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

import harbour
from harbour.core.audience import public
from harbour.core.once import closed_page, once_close, once_spent
from harbour.firewall.throttle import throttle_busy, throttle_count
from harbour.web.entries import public_entries

# How many forms Quick exit may close a minute, all visitors together (a woman leaves once;
# a flood of exits must not become a flood of writes).
EXIT_CLOSES_PER_MINUTE = 120

# Every cookie Harbour may set, so /exit can expire each by name as well as by header.
HARBOUR_COOKIES = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME", "RECALL_COOKIE_NAME")


@public
@require_safe
def home(request):
    return render(request, "web/home.html", {"entries": public_entries()})


@public
@require_safe
def safety(request):
    return render(request, "web/safety.html")


@public
@csrf_exempt
@require_http_methods(["GET", "POST"])  # not HEAD: a prefetch must not end a session
def quick_exit(request):
    """Leave at once: end the session, ask the browser to forget the site, go elsewhere.

    Plain links point here, so it works without JavaScript. 303 makes a POST leave by GET.
    No CSRF check: leaving must work from any page, however stale, and a forged exit can do
    no more than end a session.
    """
    # The page she left may hold a form (its one-time token rides on the exit link as `f`):
    # closed now, so that if the browser sends that form again later (Back, with JavaScript
    # off), what she typed is not shown (csrf_failure). Closing writes a row; so that a flood
    # of exits cannot fill the database, at most EXIT_CLOSES_PER_MINUTE are written a minute
    # (read first, counted only while under it). Past that, leaving still works at once.
    token = request.GET.get("f", "") or request.POST.get("f", "")
    if token and not throttle_busy(scope="exit-close", threshold=EXIT_CLOSES_PER_MINUTE, window_seconds=60):
        throttle_count(scope="exit-close", window_seconds=60)
        once_close(token)
    logout(request)  # flushes the session for staff and visitors alike
    request.session.flush()
    response = HttpResponseRedirect(settings.EXIT_URL, status=303)
    response.status_code = 303
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    for setting_name in HARBOUR_COOKIES:
        response.delete_cookie(getattr(settings, setting_name), samesite="Lax")
    # Nothing below may set a fresh CSRF or session cookie on the way out.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    request.session.modified = False
    return response


@public
@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever a page links: a permanent
    redirect to the site's icon (harbour/web/static/web/favicon.svg, linked from both base
    templates), so the request is not a 404 in the logs. The icon is a plain shape with no word
    in it: a tab or a bookmark on a shared device says nothing about what she was reading (F8)."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))


@public
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ok"; the detail may be sensitive
        database = "unavailable"
    body = {"status": "ok" if database == "ok" else "degraded", "database": database,
            "version": harbour.__version__}
    return JsonResponse(body, status=200 if database == "ok" else 503)


def _error(template: str, status: int):
    def view(request, exception=None):
        return render(request, template, {"is_error_page": True}, status=status)

    view.harbour_audience = "public"
    return view


bad_request = _error("web/errors/400.html", 400)
permission_denied = _error("web/errors/403.html", 403)
page_not_found = _error("web/errors/404.html", 404)
server_error = _error("web/errors/500.html", 500)


# Fields never echoed back, even to the person who typed them.
NOT_ECHOED = {"csrfmiddlewaretoken", "password", "new_password1", "new_password2", "old_password", "token", "code",
              "once", "proof", "ticket"}
# Fields where she writes in her own words: always echoed, however short or plain.
FREE_TEXT = {"message", "name", "contact_value", "safe_times", "q", "place", "email", "full_name", "text",
             "description"}
# What a page sends for her without her typing it: interview answers, choices, ids, "on".
INTERNAL_VALUE = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*|[A-Z]{2}|[0-9a-fA-F-]{32,36}")


def typed_values(post) -> list[str]:
    """The values of an expired form worth showing her again: what she typed, never
    passwords or codes, never the page's own internal values (`gb-eaw`, `without_reporting`)."""
    typed = []
    for key, values in post.lists():
        if key in NOT_ECHOED:
            continue
        for value in values:
            if len(value.strip()) > 1 and (key in FREE_TEXT or not INTERNAL_VALUE.fullmatch(value.strip())):
                typed.append(value)
    return typed


def csrf_failure(request, reason=""):
    """An expired form: nothing was saved, so show her what she typed, to copy it. Unless the
    form was already sent and kept, or its page was left by Quick exit (its one-time token is
    spent: core.once): then this is the browser sending it again, perhaps in someone else's
    hands after she left, and nothing she typed is shown."""
    if once_spent(request.POST.get("once", "")):
        return closed_page(request)
    return render(request, "web/errors/csrf.html", {"typed": typed_values(request.POST), "exit_once": ""}, status=403)
