from django.middleware.csrf import CsrfViewMiddleware

# What a browser says of a request's initiator (Fetch Metadata). "none" is a navigation she
# typed or bookmarked; forms on Harbour's own pages say "same-origin".
TRUSTED_FETCH_SITES = {"same-origin", "none"}


class HarbourCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, made to work with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` with every form POST (the Fetch standard
    requires it), which Django treats as a foreign origin. For such a request this trusts the
    browser's `Sec-Fetch-Site` header instead: same-origin passes on to the token check,
    anything else is refused. A browser too old to send the header still has to present the
    secret CSRF token from Harbour's SameSite cookie, which is the check that matters.
    """

    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null":
            fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
            return fetch_site is None or fetch_site in TRUSTED_FETCH_SITES
        return super()._origin_verified(request)
