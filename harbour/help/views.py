"""Public pages: ask for help, and check on a request with the status code.

Answers travel by POST only (never in a URL); every response is no-store (core
middleware). Nothing about who sent a request is stored. Nobody is locked out: status
checks are cheap and need no limit (the code's entropy is the defence, docs/threat-model.md),
and when an organisation is flooded a help request needs a proof of work or a short wait
(firewall/throttle.py), with her form returned filled in.
"""

import json

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from harbour.core.audience import public
from harbour.core.languages import current_language
from harbour.core.once import DuplicatePost, closed_after_exit, once_new, posted_once
from harbour.core.textguard import redisplays_form
from harbour.help import codes, selectors, services
from harbour.help.forms import HelpRequestForm, StatusCodeForm, StatusForm
from harbour.web.forms import typed_initial


@redisplays_form
@public
@require_http_methods(["GET", "HEAD", "POST"])
def request_help(request):
    if request.method == "POST" and request.POST.get("language_switch"):
        # The language switch submits her form itself to the other language's address
        # (base.html, `language_form`): show it again filled in, sent to nobody. No errors,
        # unless the page she left showed some: then the same ones, in the new language.
        if request.POST.get("had_errors"):
            form = HelpRequestForm(request.POST)
            form.is_valid()
            return render(request, "help/request.html", {"form": form, "language_form": "help-form"},
                          status=400 if form.errors else 200)
        return render(request, "help/request.html", {"form": HelpRequestForm(initial=typed_initial(request.POST, HelpRequestForm, leave_out={"website"})),
                                                     "language_form": "help-form"})
    form = HelpRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            language = current_language()
            if form.is_spam():
                # A robot filled the hidden field: answer as usual, keep nothing.
                return render(request, "help/submitted.html", {"code": codes.new_code(language),
                                                               "code_lang": language, "code_shown_once": True})
            organisation = form.cleaned_data["organisation"]
            if not services.help_request_admit(organisation=organisation, proof=request.POST.get("proof", ""),
                                               ticket=request.POST.get("ticket", "")):
                busy = services.help_request_busy_path(organisation=organisation)
                busy["challenge_json"] = json.dumps(busy["challenge"])
                response = render(request, "help/request.html", {"form": form, "busy": busy,
                                                                 "language_form": "help-form"}, status=429)
                response["Retry-After"] = str(busy["wait"])
                return response
            try:
                _help_request, code = services.help_request_create(
                    organisation=organisation, needs=form.cleaned_data["needs"],
                    message=form.cleaned_data["message"], name=form.cleaned_data["name"],
                    contact_channel=form.cleaned_data["contact_channel"],
                    contact_value=form.cleaned_data["contact_value"], safe_times=form.cleaned_data["safe_times"],
                    message_ok=form.cleaned_data["message_ok"], language=language,
                    form_once=form.cleaned_data["once"],
                )
            except DuplicatePost:
                # Sent twice (a double tap): the first one was kept and showed her code. She
                # may send a new request knowingly, so the form comes back with a fresh token.
                data = request.POST.copy()
                data["once"] = once_new()
                form = HelpRequestForm(data)
                form.is_valid()
                return render(request, "help/request.html", {"form": form, "duplicate": True,
                                                             "language_form": "help-form"}, status=409)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                services.barrier_answer_record(organisation=organisation, source="help",
                                               categories=form.cleaned_data.get("barriers") or [])
                return render(request, "help/submitted.html", {"code": code, "organisation": organisation,
                                                               "code_lang": language, "code_shown_once": True})
        status = 400
    # The language switch's buttons submit this very form (what she has typed so far, by POST,
    # never in a URL) to the other language (issue 8 item 1's kind), on a fresh form as after
    # an error.
    context = {"form": form, "language_form": "help-form"}
    return render(request, "help/request.html", context, status=status)


def _wrong_code(request):
    # One fixed answer for every wrong code: it never repeats what was typed. Its form keeps
    # the visit's one-time token (core.once), not a fresh one, so the answer stays the same.
    form = StatusCodeForm()
    form.initial["once"] = posted_once(request)  # "" when none came: then none goes out
    return render(request, "help/status.html", {"form": form, "wrong": True}, status=200)


@public
@csrf_exempt  # Every action here needs the code itself, which a forging site cannot know;
# and a CSRF token would make wrong-code answers differ from one another.
@require_http_methods(["GET", "HEAD", "POST"])
@closed_after_exit  # Back after Quick exit, JavaScript off: her request is not shown again
def status(request):
    if request.method != "POST":
        return render(request, "help/status.html", {"form": StatusCodeForm()})
    code_form = StatusCodeForm(request.POST)
    if not code_form.is_valid():
        return render(request, "help/status.html", {"form": StatusCodeForm()
                                                    if "code" not in code_form.errors else code_form}, status=400)
    code = code_form.cleaned_data["code"]
    help_request = services.help_request_for_code(code)
    if help_request is None:
        return _wrong_code(request)
    actions = StatusForm(request.POST)
    actions.is_valid()
    outcome = services.help_request_survivor_act(
        help_request=help_request, action=actions.cleaned_data.get("action") or "show",
        consent_public_id=actions.cleaned_data.get("consent"), confirm=bool(actions.cleaned_data.get("confirm")))
    if outcome.notice == "deleted":
        return render(request, "help/deleted.html", {"copies_held_by": outcome.copies_held_by})
    last_used = services.help_request_mark_code_used(help_request=help_request)
    return render(request, "help/status_found.html", {
        "code": code, "view": selectors.status_for_survivor(help_request), "notice": outcome.notice,
        # Within one visit (her own actions re-send the code) the last use was hers.
        "last_used": None if actions.cleaned_data.get("seen") else last_used,
        "seen": bool(actions.cleaned_data.get("seen")),
    })
