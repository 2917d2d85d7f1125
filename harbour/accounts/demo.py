"""Demo organisations and staff: fictional, example.org addresses, no real person."""

from harbour.accounts import services
from harbour.accounts.models import Membership, Network, Organisation, User

DEMO_PASSWORD = "harbour-demo-password"  # noqa: S105 - printed to the person running the demo

ORGANISATIONS = [
    # name, country, region, languages, accepts help requests
    ("Northside Women's Centre", "GB", "London", ["en", "ar", "fa", "so"], True),
    ("Red Cedar Community Group", "GB", "Birmingham", ["en", "ur", "pa"], False),
    ("Casa Lumbre", "ES", "Madrid", ["es", "ar", "fr"], True),
]

STAFF = [
    # e-mail, name, organisation, role, language
    ("admin@northside.example.org", "Demo Admin (Northside)", 0, Membership.Role.ADMIN, "en"),
    ("caseworker@northside.example.org", "Demo Caseworker (Northside)", 0, Membership.Role.CASEWORKER, "en"),
    ("community@redcedar.example.org", "Demo Community Worker (Red Cedar)", 1, Membership.Role.COMMUNITY_WORKER, "en"),
    ("admin@redcedar.example.org", "Demo Admin (Red Cedar)", 1, Membership.Role.ADMIN, "en"),
    ("admin@casalumbre.example.org", "Demo Admin (Casa Lumbre)", 2, Membership.Role.ADMIN, "es"),
    ("caseworker@casalumbre.example.org", "Demo Caseworker (Casa Lumbre)", 2, Membership.Role.CASEWORKER, "es"),
    ("trainer@redcedar.example.org", "Demo Trainer (Red Cedar)", 1, Membership.Role.TRAINER, "ar"),
]
COORDINATOR = ("coordinator@network.example.org", "Demo Network Coordinator")


def _ensure_user(email: str, name: str, language: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, language=language)
        device = services.totp_device_start(acting_user=user)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return user


def _a_backup_code(user: User) -> str:
    # Only hashes are stored, so each demo run makes a fresh set and shows one code of it.
    return services.backup_codes_regenerate(acting_user=user)[0]


def load(stdout) -> None:
    organisations = []
    for name, country, region, languages, accepts in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = services.organisation_create(
                acting_user=None, name=name, country=country, region=region,
                languages=languages, accepts_help_requests=accepts,
            )
        organisations.append(organisation)
    users = []
    for email, name, index, role, language in STAFF:
        user = _ensure_user(email, name, language)
        if not Membership.objects.filter(user=user, organisation=organisations[index]).exists():
            services.membership_add(acting_user=None, organisation=organisations[index], user=user, role=role)
        users.append(user)
    coordinator = _ensure_user(*COORDINATOR, "en")
    users.append(coordinator)
    if not Network.objects.filter(name="Demo network").exists():
        services.network_create(acting_user=None, name="Demo network", countries=["GB", "ES"],
                                organisations=organisations, coordinators=[coordinator])

    for line in login_guidance(users):
        stdout.write(line)


def login_guidance(users: list[User]) -> list[str]:
    """What `make run` prints about the demo logins, true for the database as it is now: a
    demo password someone has changed is not offered as working (issue 9.9). Makes a fresh
    backup code set for each user (only hashes are stored, so old codes cannot be shown)."""
    unchanged = {user.pk for user in users if user.check_password(DEMO_PASSWORD)}
    lines = [""]
    if len(unchanged) == len(users):
        lines.append("Demo staff logins (password for all: %s)" % DEMO_PASSWORD)
    elif unchanged:
        lines.append("Demo staff logins (password %s, except where it was changed)" % DEMO_PASSWORD)
    else:
        lines.append("Demo staff logins (every demo password was changed: use the new ones)")
    lines.append("Each login asks for a second factor: type the backup code shown (each works once;\n"
                 "  every run of make run makes new ones).")
    for user in users:
        note = "" if user.pk in unchanged else "  (password changed since the demo was made)"
        lines.append(f"  {user.email:<38} backup code {_a_backup_code(user)}{note}")
    return lines
