"""Staff pages for peer training (/staff/training/): trainers and admins of the training
organisation. Names in bookings are sealed; a key holder's session opens them (audited),
a trainer works with seat numbers. Everyone else gets the same 404 as a missing object."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership
from harbour.core.audience import post_only, staff
from harbour.firewall.keyring import keyring_private_key
from harbour.rights.catalogue import get_catalogue
from harbour.training import access, questions, selectors, services
from harbour.training.certificates import certificate_pdf
from harbour.training.forms import (
    CertificateForm,
    CourseForm,
    DeclineForm,
    PaperAnswersForm,
    PathwayForm,
    PublicNameForm,
    QuestionnaireForm,
    RegisterForm,
    SessionForm,
)
from harbour.training.models import Invitation, PathwayStep, Session, SessionTrainer, TrainerProfile

PAPER_COPIES_MAX = 60


@staff
@require_GET
def home(request):
    organisations = list(access.training_organisations(request.user))
    if not organisations:
        # Only trainers and admins have workshops to run; others get the same 404 as anywhere.
        raise Http404
    if len(organisations) == 1:
        return redirect("training_staff:organisation", public_id=organisations[0].public_id)
    return render(request, "training/staff/home.html", {"organisations": organisations})


@staff
@require_GET
def organisation(request, public_id):
    org = access.access_training_organisation(request.user, public_id)
    trainers = (memberships_of_org(org).filter(role__in=access.STAFF_ROLES).select_related("user"))
    profiles = {p.user_id: p for p in TrainerProfile.objects.filter(organisation=org)}
    return render(request, "training/staff/organisation.html", {
        "organisation": org, "courses": selectors.organisation_courses(org),
        "sessions": selectors.organisation_sessions(org),
        "invitations": Invitation.objects.filter(organisation=org)[:50],
        "trainers": [(m.user, profiles.get(m.user_id)) for m in trainers],
        "name_form": PublicNameForm(initial={"public_name": getattr(profiles.get(request.user.pk), "public_name", "")}),
    })


def memberships_of_org(org):
    return Membership.objects.filter(organisation=org, is_active=True)


@staff
@require_http_methods(["GET", "POST"])
def course_new(request, public_id):
    org = access.access_training_organisation(request.user, public_id, for_write=True)
    form = CourseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                course = services.course_create(acting_user=request.user, organisation=org, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("training_staff:course", public_id=course.public_id)
        return render(request, "training/staff/course_new.html", {"organisation": org, "form": form}, status=400)
    return render(request, "training/staff/course_new.html", {"organisation": org, "form": form})


@staff
@require_GET
def course(request, public_id):
    course = access.access_course(request.user, public_id)
    catalogue = get_catalogue()
    languages = sorted({lang for e in course.rights_entries if e in catalogue.entries
                        for lang in catalogue.entries[e].texts})
    return render(request, "training/staff/course.html", {
        "course": course, "languages": languages,
        "sessions": Session.objects.filter(course=course).order_by("-starts_at")[:100]})


@staff
@require_GET
def handout(request, public_id, language):
    """The course's rights in one language, printable; entries without a text in it are
    shown in English and say so, drafts say they are drafts."""
    course = access.access_course(request.user, public_id)
    catalogue = get_catalogue()
    rows = []
    for entry_id in course.rights_entries:
        entry = catalogue.entries.get(entry_id)
        if entry is None:
            continue
        text = entry.text(language)
        rows.append({"entry": entry, "text": text, "fallback": text.language != language})
    if not rows:
        raise Http404
    return render(request, "training/staff/handout.html", {"course": course, "rows": rows, "language": language})


@staff
@require_http_methods(["GET", "POST"])
def session_new(request, public_id):
    course = access.access_course(request.user, public_id, for_write=True)
    invitation = None
    if request.GET.get("invitation") or request.POST.get("invitation"):
        invitation = access.access_invitation(request.user, request.GET.get("invitation") or request.POST.get("invitation"))
    initial = {}
    if invitation is not None:
        initial = {"languages": ", ".join(invitation.languages), "venue": invitation.venue_offered,
                   "capacity": invitation.expected_people, "is_published": False}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_create(acting_user=request.user, course=course,
                                                   trainers=[(request.user, SessionTrainer.Role.LEAD)]
                                                   if memberships_of(request.user).filter(
                                                       organisation=course.organisation,
                                                       role=Membership.Role.TRAINER).exists() else [],
                                                   **form.cleaned_data)
                if invitation is not None:
                    services.invitation_accept(acting_user=request.user, invitation=invitation, session=session)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("training_staff:session", public_id=session.public_id)
        return render(request, "training/staff/session_new.html",
                      {"course": course, "form": form, "invitation": invitation}, status=400)
    return render(request, "training/staff/session_new.html", {"course": course, "form": form, "invitation": invitation})


def _session_page(request, session, *, form=None, status=200):
    rows = selectors.register_rows(session)
    private_key = keyring_private_key(request, session.course.organisation)
    opened = services.bookings_unseal(acting_user=request.user, session=session, bookings=rows,
                                      private_key=private_key)
    form = form or RegisterForm(rows=rows, initial={"walk_ins": session.walk_ins})
    return render(request, "training/staff/session.html", {
        "session": session, "counts": selectors.session_counts(session),
        "register_fields": [(form[f"seat_{b.seat}"], b, opened.get(b.pk, {}).get("name", "")) for b in rows],
        "form": form,
        "waiting": selectors.waiting_list(session), "learning": selectors.learning_figures(session),
        "can_remind": private_key is not None, "locked": private_key is None,
        "trainer_roles": session.trainer_roles.select_related("trainer"),
    }, status=status)


@staff
@require_GET
def session(request, public_id):
    return _session_page(request, access.access_session(request.user, public_id))


@staff
@post_only
def register(request, public_id):
    session = access.access_session(request.user, public_id, for_write=True)
    form = RegisterForm(request.POST, rows=selectors.register_rows(session))
    if form.is_valid():
        try:
            services.attendance_mark(acting_user=request.user, session=session, marks=form.marks(),
                                     walk_ins=form.cleaned_data["walk_ins"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The register is saved."))
            return redirect("training_staff:session", public_id=session.public_id)
    return _session_page(request, session, form=form, status=400)


@staff
@require_GET
def sign_in_sheet(request, public_id):
    """A printable sheet: seat numbers and blank lines; names only for a key holder."""
    session = access.access_session(request.user, public_id)
    rows = selectors.register_rows(session)
    private_key = keyring_private_key(request, session.course.organisation)
    opened = services.bookings_unseal(acting_user=request.user, session=session, bookings=rows,
                                      private_key=private_key)
    return render(request, "training/staff/sign_in_sheet.html", {
        "session": session, "rows": [(b, opened.get(b.pk, {}).get("name", "")) for b in rows],
        "blank": range(max(5, session.capacity - sum(b.places for b in rows)) if session.capacity < 60 else 10)})


@staff
@post_only
def reminders(request, public_id):
    session = access.access_session(request.user, public_id, for_write=True)
    private_key = keyring_private_key(request, session.course.organisation)
    if private_key is None:
        messages.error(request, _("Reminders need the organisation's key open in your session."))
    else:
        sent = services.reminders_send(acting_user=request.user, session=session, private_key=private_key)
        messages.success(request, _("Reminders sent: %(count)d.") % {"count": sent})
    return redirect("training_staff:session", public_id=session.public_id)


@staff
@require_http_methods(["GET", "POST"])
def invitation(request, public_id):
    invitation = access.access_invitation(request.user, public_id)
    form = DeclineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.invitation_decline(acting_user=request.user, invitation=invitation,
                                            reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("training_staff:organisation", public_id=invitation.organisation.public_id)
        status = 400
    return render(request, "training/staff/invitation.html", {
        "invitation": invitation, "form": form, "courses": selectors.organisation_courses(invitation.organisation),
    }, status=status)


@staff
@require_http_methods(["GET", "POST"])
def trainer(request, public_id):
    profile = access.access_trainer_profile(request.user, public_id)
    sessions = Session.objects.filter(course__organisation=profile.organisation).order_by("-starts_at")
    form = PathwayForm(request.POST or None, sessions=sessions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.pathway_step_record(acting_user=request.user, profile=profile,
                                             step=form.cleaned_data["step"], session=form.cleaned_data["session"])
            except PermissionDenied:
                form.add_error(None, _("Only an admin, or a trainer who trains trainers, signs off a step, and never her own."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("training_staff:trainer", public_id=profile.public_id)
        status = 400
    return render(request, "training/staff/trainer.html", {
        "record": selectors.trainer_record(profile), "form": form, "certificate_form": CertificateForm(),
        "accredited": profile.steps.filter(step__gte=PathwayStep.Step.DELIVERS).exists()}, status=status)


@staff
@post_only
def trainer_certificate(request, public_id):
    profile = access.access_trainer_profile(request.user, public_id)
    form = CertificateForm(request.POST)
    top = profile.steps.order_by("-step").first()
    if top is None or top.step < PathwayStep.Step.DELIVERS or not form.is_valid():
        messages.error(request, _("A trainer's certificate needs the step “Delivers alone” signed off, and a name."))
        return redirect("training_staff:trainer", public_id=profile.public_id)
    pdf = certificate_pdf(heading=_("Certificate of trainer accreditation"), name=form.cleaned_data["certificate_name"],
                          lines=[_("is accredited as a peer trainer: %(step)s") % {"step": top.get_step_display()}],
                          issued_by=profile.organisation.name, on=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="certificate.pdf"'
    return response


@staff
@post_only
def public_name(request, public_id):
    org = access.access_training_organisation(request.user, public_id)
    form = PublicNameForm(request.POST)
    if form.is_valid():
        services.trainer_profile_set(acting_user=request.user, organisation=org, trainer=request.user,
                                     public_name=form.cleaned_data["public_name"])
        messages.success(request, _("Your public name is saved."))
    return redirect("training_staff:organisation", public_id=org.public_id)


@staff
@require_GET
def paper_forms(request, public_id):
    """Printable questionnaires for a session without phones: each copy has a random number
    printed on its before and after halves, the only link between them."""
    session = access.access_session(request.user, public_id)
    language = request.GET.get("language") or (session.languages[0] if session.languages else "en")
    shown = questions.questionnaire_for(session.course.questions, language)
    copies = [secrets.token_hex(4).upper() for _ in range(min(session.capacity, PAPER_COPIES_MAX))]
    return render(request, "training/staff/paper_forms.html", {
        "session": session, "shown": shown, "copies": copies, "language": language,
        "confidence": questions.CONFIDENCE_ITEMS, "languages": session.languages})


@staff
@require_http_methods(["GET", "POST"])
def paper_answers(request, public_id):
    """Type in one paper questionnaire: the number printed on it, before or after, answers."""
    session = access.access_session(request.user, public_id, for_write=True)
    phase = request.POST.get("phase") or request.GET.get("phase") or "pre"
    shown = questions.questionnaire_for(session.course.questions, request.LANGUAGE_CODE)
    header = PaperAnswersForm(request.POST or None)
    form = QuestionnaireForm(request.POST or None, shown=shown, phase="post" if phase == "post" else "pre")
    status = 200
    if request.method == "POST":
        if header.is_valid() and form.is_valid():
            try:
                services.answers_record(acting_user=request.user, session=session,
                                        phase=header.cleaned_data["phase"],
                                        token=f"paper:{header.cleaned_data['token'].upper()}", **form.answers())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The answers are saved, without a name."))
                return redirect(f"{request.path}?phase={header.cleaned_data['phase']}")
        status = 400
    return render(request, "training/staff/paper_answers.html", {
        "session": session, "header": header, "form": form, "phase": phase}, status=status)
