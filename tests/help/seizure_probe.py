"""Run as a fresh process against a copy of the database: try to open every sealed record
with everything the server holds (settings, secret key, every value in every table).

    DATABASE_URL=sqlite:////path/copy.sqlite3 python -m tests.help.seizure_probe [password] [--files=a,b]

Prints JSON: how many sealed records there are and how many it opened. With a member's
password (which the server never stores) it should open them: that shows the probe works.
"""

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from tests.help.seizure import attempt_to_unseal

    files = next((a.split("=", 1)[1].split(",") for a in sys.argv[1:] if a.startswith("--files=")), [])
    password = next((a for a in sys.argv[1:] if not a.startswith("--")), None)
    # Raw files (main, -wal, -shm) are searched too: encoded keys in old page images count.
    print(json.dumps(attempt_to_unseal(extra_password=password, files=files)))  # noqa: T201


if __name__ == "__main__":
    main()
