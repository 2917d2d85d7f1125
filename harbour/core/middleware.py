from django.conf import settings
from django.contrib.messages import middleware as django_messages
from django.contrib.messages.storage import default_storage
from django.middleware import common as django_common
from django.middleware import locale as django_locale
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'none'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "geolocation", "camera", "microphone", "payment", "usb", "bluetooth",
        "display-capture", "interest-cohort", "browsing-topics",
    )
)


class SecurityHeadersMiddleware:
    """Headers every Harbour response carries, whatever produced it (pages, API, errors).

    Django's SecurityMiddleware adds nosniff, Referrer-Policy, COOP and HSTS (over HTTPS);
    this adds the rest. Dynamic responses are never stored by the browser: on a shared or
    watched device the cache is a record of what she read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store, max-age=0"
            response.headers.setdefault("Pragma", "no-cache")
        return response


API_PREFIX = "/api/"


class ApiErrorsAsJsonMiddleware:
    """Every error an /api/ path answers is JSON in its API's own error shape, whoever made it:
    a path no route matches (Django's 404 page), a method a route does not take (django-ninja's
    plain-text 405), a refused host or a server error (Django's HTML pages). A client of the
    API parses every answer as JSON (OpenAPI 3.1, "Responses Object"; found by a walk-through:
    `POST /api/hsds/services` answered text/html). Shapes: HSDS `{"error": <slug>, "message":
    <text>}` (harbour.directory.api_hsds); v1 `{"errors": {"request": [<text>]}}` for a 400
    and `{"detail": <text>}` otherwise (config.api). Headers (Allow, Vary…) and the status
    are kept; a response that is already JSON is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not request.path.startswith(API_PREFIX) or response.status_code < 400
                or response.get("Content-Type", "").startswith("application/json")
                or getattr(response, "streaming", False)):
            return response
        from http import HTTPStatus

        from django.http import JsonResponse

        try:
            text = HTTPStatus(response.status_code).phrase
        except ValueError:
            text = "Error"
        if request.path.startswith(API_PREFIX + "hsds/"):
            body = {"error": text.lower().replace(" ", "_"), "message": text}
        elif response.status_code == 400:
            body = {"errors": {"request": [text]}}
        else:
            body = {"detail": text}
        replaced = JsonResponse(body, status=response.status_code)
        for header, value in response.headers.items():
            if header.lower() not in {"content-type", "content-length"}:
                replaced.headers[header] = value
        return replaced


class ApiHeadMiddleware:
    """HEAD on an /api/ path answers as GET would, headers and status, with no body (RFC 9110,
    section 9.3.2: a server that takes GET takes HEAD; monitors and link checkers send it). The
    APIs' routes take GET only, so the request is routed as a GET and its body dropped; the
    documents list GET alone, as HEAD always comes with it. A walk-through found 405s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not getattr(response, "streaming", False):
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class LocaleMiddleware(django_locale.LocaleMiddleware):
    """Django's LocaleMiddleware without its redirect search on the JSON APIs' 404s.

    On every 404 Django's middleware resolves "/<language><path>" (and that path with a slash)
    against the whole URL configuration, in case a language prefix was missing: about 0.4 ms
    of CPU for each wrong status check, a quarter of the load mix (docs/benchmarks.md, issue
    11). config/urls.py puts the APIs (/api/v1/, /api/hsds/) outside `i18n_patterns`, and no
    route under a language prefix begins with "api/" (tests/core/test_middleware_cuts.py holds
    both), so for a path under /api/ the search cannot find a page: the view's 404 stands,
    with the headers Django's middleware gives it (the same test compares them).
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(API_PREFIX):
            # Django's tail for a path without a language prefix under prefixed i18n_patterns.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


class CommonMiddleware(django_common.CommonMiddleware):
    """Django's CommonMiddleware, without resolving the path again on a view's own 404.

    Django appends a slash on a 404 only if the path does not resolve and the path with a slash
    does. When the 404 came from a view, the handler has already resolved this path against
    this request's URL configuration (`request.resolver_match`), so the first condition is
    false and the two resolutions Django would make are skipped; the answer is the same.
    """

    def should_redirect_with_slash(self, request):
        if getattr(request, "resolver_match", None) is not None:
            return False
        return super().should_redirect_with_slash(request)


class MessageMiddleware(django_messages.MessageMiddleware):
    """Django's MessageMiddleware, making the message storage only when something reads or
    adds a message.

    Django makes a FallbackStorage (a cookie storage with its signer, and a session storage)
    for every request; most requests (the JSON APIs, status checks, most pages) never touch
    it, and making it cost about a tenth of a small API request's own time (docs/benchmarks.md,
    issue 10.7). `request._messages` is a lazy object: messages.add_message, get_messages and
    the `messages` context processor reach the storage through it as before, and a storage
    never made has nothing to store in the response.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)


# The public, read-only HSDS API: no route under it reads a session, a cookie, a user or a
# language (tests/core/test_stateless_api.py holds that).
STATELESS_API_PREFIX = API_PREFIX + "hsds/"


class StatelessApiMiddleware:
    """Answers /api/hsds/ through a short chain of its own (settings.HARBOUR_STATELESS_MIDDLEWARE
    around Django's view handling), skipping the stateful layers below this one: sessions, the
    language negotiation, CSRF, authentication, two-factor, the keyring cookie, the staff guards
    and messages.

    The HSDS API is public and read-only, and answers in the directory's own terms whoever
    asks: none of those layers changes its answer, but each cost time on every request
    (docs/benchmarks.md, issue 10.7: about a tenth of a text search's own time), and the
    session layer saved a logged-in member's session row again on each API call she made
    (SESSION_SAVE_EVERY_REQUEST). The layers above this one (security headers, JSON errors,
    HEAD) apply as to every request. Each answer is made with the site's default language
    active, as LocaleMiddleware would leave it for a path without a language prefix, so that a
    thread's previous request cannot leak its language into it.
    """

    def __init__(self, get_response):
        from django.core.handlers.base import BaseHandler
        from django.core.handlers.exception import convert_exception_to_response
        from django.utils.module_loading import import_string

        self.get_response = get_response
        views = BaseHandler()  # resolve, call the view, check the response: no middleware of its own
        views._view_middleware, views._template_response_middleware, views._exception_middleware = [], [], []
        chain = convert_exception_to_response(views._get_response)
        for path in reversed(settings.HARBOUR_STATELESS_MIDDLEWARE):
            chain = convert_exception_to_response(import_string(path)(chain))
        self.stateless = chain

    def __call__(self, request):
        if not request.path_info.startswith(STATELESS_API_PREFIX):
            return self.get_response(request)
        with translation.override(settings.LANGUAGE_CODE):
            return self.stateless(request)
