from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from harbour.accounts.models import Membership
from harbour.core.languages import staff_language_choices
from harbour.core.numbers import fold_digits
from harbour.core.outbound import deliver_mail


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    """The second step at login: an authenticator code, or a backup code with letters, so
    phones must show a text keyboard (no numeric `inputmode`)."""

    token = forms.CharField(
        label=_("Code"), max_length=20, min_length=6,
        help_text=_("The six-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                      "spellcheck": "false", "autofocus": True, "dir": "ltr"}),
    )

    def clean_token(self):
        # An authenticator code typed in Arabic-Indic or Persian digits is the same code.
        return fold_digits("".join(self.cleaned_data["token"].split())).lower()


class EnrolTokenForm(TokenForm):
    """Enrolment takes only the authenticator's six digits: a number pad fits."""

    token = forms.CharField(
        label=_("Code"), max_length=10, min_length=6,
        help_text=_("The six-digit code your authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "dir": "ltr"}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=staff_language_choices)


class StaffLanguageForm(forms.Form):
    """The staff navigation's language switch: a language of settings.STAFF_LANGUAGES and the
    page to return to."""

    language = forms.ChoiceField(label=_("Language"), choices=staff_language_choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(label=_("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords are not the same."))
        elif one:
            try:
                password_validation.validate_password(one, getattr(self, "user", None))
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class AcceptInvitationForm(NewPasswordMixin):
    full_name = forms.CharField(label=_("Your name"), max_length=200)


class PasswordChangeForm(NewPasswordMixin):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Your current password is not right."))
        return old


class HarbourPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through Harbour's one outbound module, in her language."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        from django.utils import translation

        with translation.override(context["user"].language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        deliver_mail(to=to_email, subject=subject, body=body, purpose="staff-password-reset")


class HarbourSetPasswordForm(SetPasswordForm):
    def save(self, commit=True):
        from harbour.accounts.services import user_change_password

        user_change_password(acting_user=self.user, old_password=None,
                             new_password=self.cleaned_data["new_password1"])
        return self.user
