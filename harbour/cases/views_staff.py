"""Staff pages for casework (/staff/cases/): thin views over services and selectors.
Sealed parts open with the organisation key in the member's session keyring; every
opening is audited by the service. Outsiders and unnamed members of a restricted case get
the same 404 as for a missing case."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from harbour.cases import dash, forms, selectors, services, workflow
from harbour.cases.access import (
    access_case,
    access_document,
    access_marac_referral,
    access_safety_plan,
    access_task,
    case_organisations,
)
from harbour.cases.models import Case, DashWording
from harbour.core.audience import post_only, staff
from harbour.core.forms import errors_into
from harbour.firewall import crypto
from harbour.firewall.gate import DisclosureRefused
from harbour.firewall.keyring import keyring_private_key
from harbour.help import services as help_services
from harbour.help.access import access_help_request


def _key(request, organisation):
    return keyring_private_key(request, organisation)


def _locked(request, case):
    # No message: the case page says so itself, inside its main landmark (the staff base
    # template shows messages outside every landmark, which axe's `region` rule refuses).
    return redirect("cases_staff:detail", public_id=case.public_id)


@staff
@require_GET
def dashboard(request):
    organisations = list(case_organisations(request.user))
    if not organisations:
        raise Http404
    return render(request, "cases/dashboard.html", {"board": selectors.dashboard(request.user),
                                                    "organisations": organisations, "form": forms.DirectCaseForm()})


@staff
@post_only
def open_direct(request, organisation_id):
    organisation = case_organisations(request.user).filter(public_id=organisation_id).first()
    if organisation is None:
        raise Http404
    form = forms.DirectCaseForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_open_direct(acting_user=request.user, organisation=organisation,
                                             name=form.cleaned_data["name"], summary=form.cleaned_data["summary"],
                                             language=form.cleaned_data["language"])
        except ValidationError as error:
            errors_into(form, error)
        else:
            # Counted apart from the case (no link to it): help's anonymous barrier tally.
            help_services.barrier_answer_record(acting_user=request.user, organisation=organisation, source="case",
                                                categories=form.cleaned_data.get("barriers") or [])
            return redirect("cases_staff:detail", public_id=case.public_id)
    return render(request, "cases/dashboard.html", {"board": selectors.dashboard(request.user),
                                                    "organisations": [organisation], "form": form}, status=400)


@staff
@post_only
def open_from_help_request(request, public_id):
    """The "Open a case" button of the help inbox."""
    help_request = access_help_request(request.user, public_id, for_write=True)
    private_key = _key(request, help_request.organisation)
    if private_key is None:
        messages.error(request, _("Your organisation's key is not open in this session, so the request cannot be opened."))
        return redirect("help_staff:detail", public_id=help_request.public_id)
    try:
        case = services.case_open_from_help_request(acting_user=request.user, help_request=help_request,
                                                    private_key=private_key)
    except PermissionDenied:
        raise Http404 from None
    except (ValidationError, crypto.CryptoError):
        messages.error(request, _("The case could not be opened: the request cannot be unsealed with your key."))
        return redirect("help_staff:detail", public_id=help_request.public_id)
    return redirect("cases_staff:detail", public_id=case.public_id)


def _detail(request, case, *, status=200, **forms_given):
    private_key = _key(request, case.organisation)
    content = None
    if private_key is not None:
        try:
            content = services.case_open(acting_user=request.user, case=case, private_key=private_key)
        except crypto.CryptoError:
            content = None
    page = selectors.case_page(case)
    actions = workflow.actions_for(case.status)
    context = {
        "case": case, "content": content, "locked": private_key is None, "actions": actions,
        "transitions": sorted(workflow.TRANSITIONS[case.status]), "status_labels": dict(Case.Status.choices),
        "contact_form": forms_given.get("contact_form") or forms.SafeContactForm(initial={
            "version": case.version, "safe_channels": case.safe_channels, "do_not_contact": case.do_not_contact,
            "message_ok": {True: "yes", False: "no"}.get(case.message_ok, ""), **((content or {}).get("contact") or {})}),
        "attempt_form": forms_given.get("attempt_form") or forms.ContactAttemptForm(),
        "transition_form": forms_given.get("transition_form") or forms.TransitionForm(initial={"version": case.version}),
        "note_form": forms_given.get("note_form") or forms.NoteForm(),
        "task_form": forms_given.get("task_form") or forms.TaskForm(),
        "document_form": forms_given.get("document_form") or forms.DocumentForm(),
        "outcome_form": forms_given.get("outcome_form") or forms.OutcomeForm(),
        "restrict_form": forms.RestrictForm(case=case, initial={"version": case.version}),
        "transfer_form": forms.TransferForm(case=case),
        "level_labels": dash.LEVEL_LABELS, **page,
    }
    return render(request, "cases/detail.html", context, status=status)


@staff
@require_GET
def detail(request, public_id):
    return _detail(request, access_case(request.user, public_id))


def _post_case_form(request, public_id, form_class, form_name, act, success):
    """Shared shape of a case POST: validate, call the service, on refusal return the page
    with the form filled in and the reason shown (status 400)."""
    case = access_case(request.user, public_id, for_write=True)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(case, form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", "") == "stale" and "version" in form.fields:
                # Keep what she typed, now against the current version, so a second save works.
                data = request.POST.copy()
                data["version"] = str(Case.objects.values_list("version", flat=True).get(pk=case.pk))
                form = form_class(data, request.FILES)
                form.is_valid()
            errors_into(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect("cases_staff:detail", public_id=case.public_id)
    return _detail(request, access_case(request.user, public_id), status=400, **{form_name: form})


@staff
@post_only
def set_contact(request, public_id):
    return _post_case_form(request, public_id, forms.SafeContactForm, "contact_form", lambda case, d: services.case_set_contact(
        acting_user=request.user, case=case, safe_channels=d["safe_channels"], do_not_contact=d["do_not_contact"],
        message_ok=d["message_ok"], value=d["value"], safe_times=d["safe_times"], code_word=d["code_word"],
        must_not_answer=d["must_not_answer"], expected_version=d["version"]), _("Safe contact saved."))


@staff
@post_only
def contact_attempt(request, public_id):
    return _post_case_form(request, public_id, forms.ContactAttemptForm, "attempt_form", lambda case, d: services.contact_attempt_record(
        acting_user=request.user, case=case, channel=d["channel"], outcome=d["outcome"],
        next_slot_on=d["next_slot_on"]), _("Contact attempt logged."))


@staff
@post_only
def transition(request, public_id):
    return _post_case_form(request, public_id, forms.TransitionForm, "transition_form", lambda case, d: services.case_transition(
        acting_user=request.user, case=case, to=d["to"], reason=d["reason"], expected_version=d["version"]),
        _("Status changed."))


@staff
@post_only
def add_note(request, public_id):
    return _post_case_form(request, public_id, forms.NoteForm, "note_form", lambda case, d: services.case_note_add(
        acting_user=request.user, case=case, text=d["text"]), _("Note added."))


@staff
@post_only
def add_task(request, public_id):
    return _post_case_form(request, public_id, forms.TaskForm, "task_form", lambda case, d: services.case_task_add(
        acting_user=request.user, case=case, title=d["title"], due_on=d["due_on"], channel=d["channel"]),
        _("Task added."))


@staff
@post_only
def complete_task(request, public_id):
    task = access_task(request.user, public_id, for_write=True)
    services.case_task_complete(acting_user=request.user, task=task)
    messages.success(request, _("Task done."))
    return redirect("cases_staff:detail", public_id=task.case.public_id)


@staff
@post_only
def add_document(request, public_id):
    def act(case, data):
        upload = data["file"]
        if upload.size > services.MAX_DOCUMENT_BYTES:
            raise ValidationError({"file": _("The file is too big: the limit is %(megabytes)d MB.") % {
                "megabytes": services.MAX_DOCUMENT_BYTES // (1024 * 1024)}})
        services.case_document_add(acting_user=request.user, case=case, data=upload.read(), filename=upload.name)

    return _post_case_form(request, public_id, forms.DocumentForm, "document_form", act, _("File stored, sealed."))


@staff
@require_GET
def download_document(request, public_id):
    document = access_document(request.user, public_id)
    private_key = _key(request, document.case.organisation)
    if private_key is None:
        return _locked(request, document.case)
    data, _name = services.case_document_open(acting_user=request.user, document=document, private_key=private_key)
    response = HttpResponse(data, content_type={"pdf": "application/pdf", "png": "image/png",
                                                "jpeg": "image/jpeg"}[document.kind])
    # A neutral file name: never hers, never the case's subject.
    response["Content-Disposition"] = f'attachment; filename="document-{document.public_id}.{document.kind}"'
    return response


@staff
@post_only
def record_outcome(request, public_id):
    def act(case, data):
        services.outcome_record(acting_user=request.user, case=case, stage=data["stage"],
                                values={name: (data[name] if data[name] != "" else None) for name in services.OUTCOME_FIELDS})

    return _post_case_form(request, public_id, forms.OutcomeForm, "outcome_form", act, _("Outcomes recorded."))


@staff
@post_only
def restrict(request, public_id):
    case = access_case(request.user, public_id, for_write=True)
    form = forms.RestrictForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.case_restrict(acting_user=request.user, case=case, members=list(form.cleaned_data["members"]),
                                   expected_version=form.cleaned_data["version"])
        except PermissionDenied:
            messages.error(request, _("Only an organisation admin may restrict a case."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Who may see the case was changed."))
    return redirect("cases_staff:detail", public_id=case.public_id)


@staff
@post_only
def transfer(request, public_id):
    case = access_case(request.user, public_id, for_write=True)
    form = forms.TransferForm(request.POST, case=case)
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    if form.is_valid():
        try:
            receipt = services.case_transfer(acting_user=request.user, case=case, consent=form.cleaned_data["consent"],
                                             private_key=private_key)
        except DisclosureRefused as refusal:
            messages.error(request, refusal.reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Case %(reference)s was transferred to %(recipient)s.") % {
                "reference": receipt.reference, "recipient": receipt.recipient.name})
            return redirect("cases_staff:dashboard")
    else:
        messages.error(request, _("Choose her consent to the transfer."))
    return redirect("cases_staff:detail", public_id=case.public_id)


# --- DASH -----------------------------------------------------------------------------

def _wording(case) -> dict:
    """The organisation's licensed wording in the page's language, if it loaded one."""
    from django.utils.translation import get_language

    language = (get_language() or "en").split("-")[0]
    found = DashWording.objects.filter(organisation=case.organisation, language=language).first()
    return found.questions if found else {}


@staff
@require_http_methods(["GET", "POST"])
def assessment(request, public_id):
    case = access_case(request.user, public_id, for_write=request.method == "POST")
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    if not workflow.allows(case.status, workflow.DASH):
        messages.error(request, _("A risk assessment is done after first contact."))
        return redirect("cases_staff:detail", public_id=case.public_id)
    wording = _wording(case)
    status = 200
    if request.method == "POST":
        form = forms.DashForm(request.POST, wording=wording)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assessment_record(
                    acting_user=request.user, case=case, answers=form.answers(), form_token=data["form_token"],
                    judgement_high=data["judgement_high"], judgement_reason=data["judgement_reason"],
                    incidents_last_12_months=data["incidents_last_12_months"], new_incident_on=data["new_incident_on"],
                    notes=form.notes(), perpetrator=data["perpetrator"], children=data["children_ages"])
            except ValidationError as error:
                if getattr(error, "code", "") == "duplicate":
                    messages.info(request, error.messages[0])
                    return redirect("cases_staff:assessment_list", public_id=case.public_id)
                errors_into(form, error)
            else:
                messages.success(request, _("Assessment saved."))
                return redirect("cases_staff:assessment_list", public_id=case.public_id)
        status = 400
    else:
        form = forms.DashForm(wording=wording)
    return render(request, "cases/dash_form.html", {"case": case, "form": form}, status=status)


@staff
@require_GET
def assessment_list(request, public_id):
    case = access_case(request.user, public_id)
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    rows = list(case.assessments.order_by("-assessed_on", "-pk")[:10])
    opened = [services.assessment_open(acting_user=request.user, assessment=a, private_key=private_key) for a in rows]
    entries = []
    for index, (row, content) in enumerate(zip(rows, opened, strict=True)):
        previous = opened[index + 1] if index + 1 < len(opened) else None
        changes = services.assessment_changes(previous, content) if previous is not None else []
        entries.append({"assessment": row, "level": dash.LEVEL_LABELS.get(row.level, row.level),
                        "reasons": [dash.REASON_LABELS.get(r, r) for r in row.reasons],
                        "yes": [f"{n}. {dash.ITEMS[int(n)][0]}" for n, v in content.get("answers", {}).items() if v == "yes"],
                        "changes": [{**c, "label": dash.ITEMS[c["number"]][0], "before": dash.ANSWER_LABELS[c["before"]],
                                     "after": dash.ANSWER_LABELS[c["after"]]} for c in changes]})
    return render(request, "cases/assessments.html", {"case": case, "entries": entries})


# --- MARAC -----------------------------------------------------------------------------

@staff
@require_http_methods(["GET", "POST"])
def marac(request, public_id):
    case = access_case(request.user, public_id, for_write=request.method == "POST")
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    latest = case.assessments.order_by("-assessed_on", "-pk").first()
    if latest is None or not workflow.allows(case.status, workflow.MARAC):
        messages.error(request, _("A MARAC referral follows a risk assessment, in the assessment or ongoing support stage."))
        return redirect("cases_staff:detail", public_id=case.public_id)
    draft = case.marac_referrals.filter(status="draft").first()
    status = 200
    if request.method == "POST":
        form = forms.MaracForm(request.POST)
        if form.is_valid():
            try:
                draft = services.marac_referral_save(acting_user=request.user, case=case, data=form.cleaned_data,
                                                     referral=draft)
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(request, _("Referral saved. Send it when it is complete."))
                return redirect("cases_staff:marac", public_id=case.public_id)
        status = 400
    elif draft is not None:
        form = forms.MaracForm(initial=services.marac_referral_open(acting_user=request.user, referral=draft,
                                                                     private_key=private_key))
    else:
        opened_case = services.case_open(acting_user=request.user, case=case, private_key=private_key)
        opened_assessment = services.assessment_open(acting_user=request.user, assessment=latest, private_key=private_key)
        form = forms.MaracForm(initial=services.marac_prefill(case=case, assessment=latest, opened_case=opened_case,
                                                             opened_assessment=opened_assessment))
    return render(request, "cases/marac.html", {
        "case": case, "form": form, "draft": draft, "latest": latest,
        "level": dash.LEVEL_LABELS.get(latest.level, latest.level),
        "send_form": forms.MaracSendForm(case=case), "safeguarding_form": forms.SafeguardingRequestForm(case=case),
        "awaiting": case.marac_referrals.filter(status="awaiting_approval").select_related("recipient"),
        "approve_form": forms.ApproveForm(),
    }, status=status)


def _document_response(disclosure, reference):
    response = HttpResponse(disclosure.document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="marac-{reference}.pdf"'
    return response


@staff
@post_only
def marac_send(request, public_id):
    referral = access_marac_referral(request.user, public_id, for_write=True)
    case = referral.case
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    form = forms.MaracSendForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _("Choose her consent to the referral."))
        return redirect("cases_staff:marac", public_id=case.public_id)
    try:
        disclosure = services.marac_referral_send(acting_user=request.user, referral=referral,
                                                  consent=form.cleaned_data["consent"], private_key=private_key,
                                                  as_pdf=form.cleaned_data["as_pdf"])
    except DisclosureRefused as refusal:
        messages.error(request, refusal.reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if form.cleaned_data["as_pdf"]:
            return _document_response(disclosure, case.reference)
        messages.success(request, _("Referral sent to %(recipient)s.") % {"recipient": disclosure.recipient.name})
        return redirect("cases_staff:detail", public_id=case.public_id)
    return redirect("cases_staff:marac", public_id=case.public_id)


@staff
@post_only
def marac_safeguarding(request, public_id):
    referral = access_marac_referral(request.user, public_id, for_write=True)
    case = referral.case
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    form = forms.SafeguardingRequestForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.marac_safeguarding_request(acting_user=request.user, referral=referral, recipient=data["recipient"],
                                                reason=data["reason"], tell_her=data["tell_her"],
                                                withhold_reason=data["withhold_reason"], private_key=private_key)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Sent to an organisation admin for approval."))
    else:
        messages.error(request, _("Choose the recipient and record the reason."))
    return redirect("cases_staff:marac", public_id=case.public_id)


@staff
@post_only
def marac_approve(request, public_id):
    referral = access_marac_referral(request.user, public_id, for_write=True)
    case = referral.case
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    form = forms.ApproveForm(request.POST)
    form.is_valid()
    as_pdf = form.cleaned_data.get("as_pdf", False)
    try:
        disclosure = services.marac_safeguarding_approve(acting_user=request.user, referral=referral,
                                                         private_key=private_key, as_pdf=as_pdf)
    except DisclosureRefused as refusal:
        messages.error(request, refusal.reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if as_pdf:
            return _document_response(disclosure, case.reference)
        messages.success(request, _("Referral sent to %(recipient)s.") % {"recipient": disclosure.recipient.name})
        return redirect("cases_staff:detail", public_id=case.public_id)
    return redirect("cases_staff:marac", public_id=case.public_id)


# --- safety plan ------------------------------------------------------------------------------

@staff
@require_http_methods(["GET", "POST"])
def safety_plan(request, public_id):
    case = access_case(request.user, public_id, for_write=request.method == "POST")
    private_key = _key(request, case.organisation)
    if private_key is None:
        return _locked(request, case)
    if not workflow.allows(case.status, workflow.SAFETY_PLAN):
        messages.error(request, _("A safety plan is made after first contact."))
        return redirect("cases_staff:detail", public_id=case.public_id)
    latest = case.safety_plans.order_by("-version").first()
    status = 200
    if request.method == "POST":
        form = forms.SafetyPlanForm(request.POST)
        if form.is_valid():
            try:
                services.safety_plan_save(acting_user=request.user, case=case, heading=form.cleaned_data["heading"],
                                          sections=form.sections(), review_on=form.cleaned_data["review_on"],
                                          language=form.cleaned_data["language"])
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(request, _("Safety plan saved as a new version."))
                return redirect("cases_staff:safety_plan", public_id=case.public_id)
        status = 400
    else:
        initial = {"language": case.language}
        if latest is not None:
            opened = services.safety_plan_open(acting_user=request.user, plan=latest, private_key=private_key)
            initial.update({"heading": opened.get("heading", ""), "review_on": latest.review_on, "language": latest.language})
            for section, actions in opened.get("sections", {}).items():
                for row, action in enumerate(actions[:forms.SAFETY_PLAN_ROWS]):
                    for part in ("action", "who", "when"):
                        initial[f"{section}-{row}-{part}"] = action.get(part, "")
        form = forms.SafetyPlanForm(initial=initial)
    return render(request, "cases/safety_plan.html", {
        "case": case, "form": form, "latest": latest,
        "versions": case.safety_plans.only("public_id", "version", "created_at", "case_id")}, status=status)


@staff
@require_GET
def safety_plan_print(request, public_id):
    """The discreet print layout: her heading, in her language, no organisation name, no
    word such as "abuse" or "violence" in the title."""
    from django.utils import translation

    plan = access_safety_plan(request.user, public_id)
    private_key = _key(request, plan.case.organisation)
    if private_key is None:
        return _locked(request, plan.case)
    opened = services.safety_plan_open(acting_user=request.user, plan=plan, private_key=private_key)
    with translation.override(plan.language):
        sections = [(forms.SECTION_LABELS[key], actions) for key, actions in opened.get("sections", {}).items() if actions]
        response = render(request, "cases/safety_plan_print.html", {
            "heading": opened.get("heading") or _("My plan"), "sections": sections, "plan": plan,
            "language": plan.language, "direction": "rtl" if translation.get_language_bidi() else "ltr"})
    return response


@staff
@require_http_methods(["GET", "POST"])
def instrument(request, organisation_id):
    """An organisation admin loads the licensed DASH wording she holds (one language)."""
    from harbour.accounts.access import access_organisation
    from harbour.cases.instruments import dash_wording_load

    organisation = access_organisation(request.user, organisation_id, for_write=True)
    form = forms.InstrumentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                wording = dash_wording_load(acting_user=request.user, organisation=organisation,
                                            text=form.cleaned_data["text"])
            except ValueError as error:
                form.add_error("text", _("The file was not loaded: %(problem)s") % {"problem": error})
            else:
                messages.success(request, _("Wording loaded for %(language)s.") % {"language": wording.language})
                return redirect("cases_staff:instrument", organisation_id=organisation.public_id)
        status = 400
    loaded = DashWording.objects.filter(organisation=organisation).order_by("language")
    return render(request, "cases/instrument.html", {"organisation": organisation, "form": form, "loaded": loaded},
                  status=status)
