from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from harbour.accounts import selectors, services
from harbour.accounts.access import access_membership, access_organisation
from harbour.accounts.backends import record_login_failure, record_login_success
from harbour.accounts.forms import (
    AcceptInvitationForm,
    EnrolTokenForm,
    HarbourPasswordResetForm,
    HarbourSetPasswordForm,
    InvitationForm,
    LoginForm,
    PasswordChangeForm,
    RoleForm,
    StaffLanguageForm,
    TokenForm,
)
from harbour.accounts.models import User
from harbour.accounts.signals import password_verified
from harbour.core.audience import page_to_return_to, post_only, staff, staff_login
from harbour.core.confirm import confirm_page, confirmed


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: a bare word would be taken by redirect() as a view name.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _locked_message() -> str:
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    return _(
        "Too many attempts with this e-mail address. Logging in with it is paused for up to "
        "%(minutes)s minutes. Ask your organisation admin if you need to get in sooner."
    ) % {"minutes": minutes}


@staff_login
@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user, backend="harbour.accounts.backends.LockoutAwareBackend")
            password_verified.send(sender=User, request=request, user=user,
                                   password=form.cleaned_data["password"])
            step = "accounts:verify" if services.user_has_second_factor(user) else "accounts:enrol"
            target = reverse(step)
            nxt = _next_url(request, "")
            return redirect(f"{target}?{urlencode({'next': nxt})}" if nxt else target)
        status = 400
        if getattr(request, "harbour_locked", False):
            form.add_error(None, _locked_message())
            status = 429
        else:
            form.add_error(None, _("That e-mail address and password do not match an account."))
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")}, status=status)


def _needs_password_step(request):
    return not request.user.is_authenticated


@staff_login
@require_http_methods(["GET", "POST"])
def verify_view(request):
    if _needs_password_step(request):
        return redirect("accounts:login")
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request, reverse("accounts:dashboard")))
    if not services.user_has_second_factor(user):
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = None if user.is_locked() else services.second_factor_match(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            record_login_success(user)
            request.session.cycle_key()
            return redirect(_next_url(request, reverse("accounts:dashboard")))
        if record_login_failure(email=user.email, user=user, step="second_factor") or user.is_locked():
            logout(request)
            return render(request, "accounts/login.html",
                          {"form": LoginForm(), "alert": _locked_message()}, status=429)
        form.add_error("token", _("That code is not right. Check the time on your phone, or use a backup code."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request, "")}, status=status)


@staff_login
@require_http_methods(["GET", "POST"])
def enrol_view(request):
    """Two factors are mandatory: a staff member without an authenticator enrols one."""
    if _needs_password_step(request):
        return redirect("accounts:login")
    user = request.user
    if services.user_has_second_factor(user) and not user.is_verified():
        return redirect("accounts:verify")
    # One pending key until enrolment completes or she starts again on purpose: a reload must
    # not replace a key her app has already scanned.
    restart = request.method == "POST" and "restart" in request.POST
    device = services.totp_device_start(acting_user=user, restart=restart)
    form = EnrolTokenForm(None if restart else (request.POST or None))
    status = 200
    if restart:
        messages.info(request, _("Here is a new key. Remove the old Harbour entry from your app, then scan this one."))
    elif request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(acting_user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            record_login_success(user)
            request.session.cycle_key()
            return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": True})
        form.add_error("token", _("That code is not right. Scan the picture again and type the code your app shows now."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/enrol.html", {
        "form": form, "qr_svg": selectors.totp_qr_svg(device), "secret": selectors.totp_secret_b32(device),
    }, status=status)


@staff_login
@post_only
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


@staff
def dashboard(request):
    return render(request, "accounts/dashboard.html", {
        "memberships": selectors.memberships_for(request.user),
        "networks": selectors.networks_for(request.user),
    })


@staff
@require_GET
def organisation_list(request):
    return render(request, "accounts/organisations.html", {
        "memberships": selectors.memberships_for(request.user),
        "networks": selectors.networks_for(request.user),
    })


@staff
@require_http_methods(["GET", "POST"])
def organisation_detail(request, public_id):
    organisation = access_organisation(request.user, public_id)
    is_admin = selectors.is_admin(request.user, organisation)
    form = InvitationForm(request.POST or None, initial={"language": request.user.language})
    status = 200
    if request.method == "POST":
        if not is_admin:
            raise Http404
        if form.is_valid():
            try:
                services.invitation_create(
                    acting_user=request.user, organisation=organisation, email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"], language=form.cleaned_data["language"],
                    accept_url_for=lambda token: request.build_absolute_uri(
                        reverse("accounts:invitation", args=[token])
                    ),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("accounts:organisation", public_id=organisation.public_id)
        status = 400
    return render(request, "accounts/organisation.html", {
        "organisation": organisation, "is_admin": is_admin,
        "memberships": selectors.members_of(organisation), "form": form,
        "invitations": selectors.open_invitations(organisation) if is_admin else [],
        "role_form": RoleForm(),
    }, status=status)


@staff
@post_only
def membership_role(request, public_id):
    membership = access_membership(request.user, public_id, for_write=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(acting_user=request.user, membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("Role changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose one of the listed roles."))
    return redirect("accounts:organisation", public_id=membership.organisation.public_id)


@staff
@require_http_methods(["GET", "POST"])
def membership_end(request, public_id):
    membership = access_membership(request.user, public_id, for_write=True)
    back = reverse("accounts:organisation", args=[membership.organisation.public_id])
    if not confirmed(request):
        return confirm_page(
            request, heading=_("Remove %(name)s from %(organisation)s?") % {
                "name": str(membership.user), "organisation": membership.organisation.name},
            consequence=_("She will no longer be a member: she loses access to the organisation's pages at "
                          "once, and her copy of the organisation's key is removed. What she did stays in the "
                          "audit log. An admin can invite her again later."),
            confirm_label=_("Yes, remove her"), cancel_url=back)
    try:
        services.membership_end(acting_user=request.user, membership=membership)
        messages.success(request, _("Membership ended."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:organisation", public_id=membership.organisation.public_id)


@staff_login
@require_http_methods(["GET", "POST"])
def invitation_view(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationUnusable:
        return _link_unusable(request, "invitation")
    existing = request.user.is_authenticated
    form = AcceptInvitationForm(request.POST or None) if not existing else None
    status = 200
    if request.method == "POST":
        if existing or form.is_valid():
            try:
                services.invitation_accept(
                    token=token, acting_user=request.user if existing else None,
                    full_name="" if existing else form.cleaned_data["full_name"],
                    password="" if existing else form.cleaned_data["new_password1"],
                )
            except services.InvitationUnusable:
                return _link_unusable(request, "invitation")
            except PermissionDenied:
                return render(request, "accounts/invitation_wrong_account.html", status=403)
            except ValidationError as error:
                form = form or AcceptInvitationForm()
                form.add_error(None, error)
                status = 400
            else:
                if existing:
                    messages.success(request, _("You have joined %(organisation)s.") % {
                        "organisation": invitation.organisation.name})
                    return redirect("accounts:dashboard")
                messages.success(request, _("Your account is ready. Log in to set up your second factor."))
                return redirect("accounts:login")
        else:
            status = 400
    return render(request, "accounts/invitation.html", {
        "invitation": invitation, "form": form, "existing": existing,
    }, status=status)


@staff
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(acting_user=request.user, old_password=form.cleaned_data["old_password"],
                                      new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/password_change.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@staff
@post_only
def staff_language(request):
    """The staff navigation's language switch (a plain form: no JavaScript). Remembers the
    choice on her account (services.user_set_language) and returns her to the page she was
    on, now in that language; a language outside the staff languages changes nothing."""
    form = StaffLanguageForm(request.POST)
    dashboard = reverse("accounts:dashboard")
    back = _next_url(request, dashboard)
    # The page she was on may be the answer to a form (its address answers POST alone): she
    # goes back to the page that form was on, not to a 405.
    back = page_to_return_to(back, dashboard) if back.startswith("/staff/") else dashboard
    if form.is_valid():
        services.user_set_language(acting_user=request.user, language=form.cleaned_data["language"])
    else:
        messages.error(request, _("Choose one of the languages listed."))
    return redirect(back)


@staff
@post_only
def backup_codes(request):
    codes = services.backup_codes_regenerate(acting_user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": False})


password_reset = staff_login(auth_views.PasswordResetView.as_view(
    form_class=HarbourPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/mail/password_reset.txt",
    subject_template_name="accounts/mail/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
))
password_reset_done = staff_login(auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"))
def _link_unusable(request, kind: str):
    """One page and one status (410 Gone) for every bad, used or expired link (issue 9.8)."""
    return render(request, "accounts/link_unusable.html", {"kind": kind}, status=410)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def render_to_response(self, context, **kwargs):
        if not self.validlink:
            return _link_unusable(self.request, "password_reset")
        return super().render_to_response(context, **kwargs)


password_reset_confirm = staff_login(PasswordResetConfirmView.as_view(
    form_class=HarbourSetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
))
password_reset_complete = staff_login(auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"))

