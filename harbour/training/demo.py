"""Demo peer training (fictional): Red Cedar Community Group runs "Know your rights" built
from the rights catalogue, with past sessions (attendance, questionnaires), future sessions
(bookings, one full with a waiting list) and two peer trainers at different steps."""

from datetime import timedelta

from django.utils import timezone

from harbour.accounts import services as account_services
from harbour.accounts.demo import DEMO_PASSWORD
from harbour.accounts.models import Membership, Organisation, User
from harbour.firewall import keys
from harbour.training import codes, services
from harbour.training.models import Course, PathwayStep, SessionTrainer

ORGANISATION = "Red Cedar Community Group"
COURSE_ENTRIES = ["eu-2012-29-art-4", "eu-2012-29-art-7", "gb-victims-code-right-1", "gb-victims-code-right-4"]
SECOND_TRAINER = ("peer.trainer@redcedar.example.org", "Demo Peer Trainer (Red Cedar)")


def load(stdout) -> None:
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    admin = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).first()
    if organisation is None or admin is None or Course.objects.filter(organisation=organisation).exists():
        return
    admin = admin.user
    first = Membership.objects.filter(organisation=organisation, role=Membership.Role.TRAINER).first()
    trainers = [first.user] if first else []
    second = User.objects.filter(email=SECOND_TRAINER[0]).first()
    if second is None:
        second = User.objects.create_user(SECOND_TRAINER[0], DEMO_PASSWORD, full_name=SECOND_TRAINER[1], language="ar")
        device = account_services.totp_device_start(acting_user=second)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        keys.member_key_unlock(user=second, password=DEMO_PASSWORD)
        account_services.membership_add(acting_user=None, organisation=organisation, user=second,
                                        role=Membership.Role.TRAINER)
    trainers.append(second)

    course = services.course_create(
        acting_user=admin, organisation=organisation, title="Know your rights as a victim of crime",
        audience="women", length_minutes=180, rights_entries=COURSE_ENTRIES,
        outcomes="What the police must tell you\nYour right to an interpreter\nWhere to find support")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    sessions = []
    for days, place, venue, languages, capacity in [
        (-40, "Birmingham", "Central Library, Centenary Square", ["en", "ar"], 12),
        (-10, "Birmingham", "Central Library, Centenary Square", ["en", "fa"], 12),
        (7, "Birmingham", "Central Library, Centenary Square", ["en", "ar"], 3),
        (21, "Coventry", "Community Hall, Far Gosford Street", ["en", "ur", "fa"], 15),
    ]:
        starts = now + timedelta(days=days)
        session = services.session_create(
            acting_user=admin, course=course, starts_at=starts.replace(hour=10), time_zone="Europe/London",
            booking_deadline=starts.replace(hour=10) - timedelta(days=1), capacity=capacity, languages=languages,
            place=place, venue=venue, childcare=True, step_free=True, travel_refunded=True,
            trainers=[(trainers[0], SessionTrainer.Role.LEAD), (trainers[-1], SessionTrainer.Role.OBSERVER)]
            if len(trainers) > 1 else [])
        sessions.append(session)

    # Bookings are made as if while the sessions were open.
    demo_codes = []
    for index, session in enumerate(sessions):
        for n in range(4 if index != 2 else 5):
            booking, code = services.booking_create(
                session=session, places=1, name=f"Demo name {n + 1}", interpreter_language=["ar", "fa", ""][n % 3],
                children=n % 2, travel="voucher" if n % 2 else "", language="en",
                now=session.booking_deadline - timedelta(days=30))
            demo_codes.append((session, booking, code))
    for session, _booking, code in demo_codes:
        if session.starts_at < now:
            services.answers_record(session=session, phase="pre", token=codes.survey_token(code),
                                    knowledge={course.questions[0]["id"]: "false"}, confidence={"what_to_do": 2})
            services.answers_record(session=session, phase="post", token=codes.survey_token(code),
                                    knowledge={course.questions[0]["id"]: "true"}, confidence={"what_to_do": 4},
                                    rating=5, wants_more=True)
    for session in sessions[:2]:
        marks = {b.seat: "present" for _s, b, _c in demo_codes if _s == session}
        services.attendance_mark(acting_user=admin, session=session, marks=marks, walk_ins=2)

    lead = services.trainer_profile_set(acting_user=admin, organisation=organisation, trainer=trainers[0],
                                        public_name="Samira")
    for step in (PathwayStep.Step.TRAINED, PathwayStep.Step.OBSERVED, PathwayStep.Step.CO_DELIVERED,
                 PathwayStep.Step.DELIVERS):
        services.pathway_step_record(acting_user=admin, profile=lead, step=step, session=sessions[0])
    if len(trainers) > 1:
        learner = services.trainer_profile_set(acting_user=admin, organisation=organisation, trainer=trainers[1],
                                               public_name="")
        services.pathway_step_record(acting_user=admin, profile=learner, step=PathwayStep.Step.TRAINED, session=None)
        services.pathway_step_record(acting_user=admin, profile=learner, step=PathwayStep.Step.OBSERVED,
                                     session=sessions[1])
    services.invitation_create(organisation=organisation, course=course, asking_organisation="Riverside Library",
                               contact_email="events@riverside.example.org", preferred_dates="A Saturday in spring",
                               expected_people=15, languages=["ar", "ps"])
    stdout.write("")
    stdout.write("Demo workshops at /en/workshops/; a booking code for the full session (try /en/workshops/booking/):")
    stdout.write(f"  {next(code for s, _b, code in demo_codes if s == sessions[2])}")
