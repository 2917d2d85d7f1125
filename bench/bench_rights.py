"""Rights engine figures: catalogue load, one query, and the woman's result page end to end."""


from django.core.management import call_command
from django.test import Client

from bench.common import report, time_ms
from harbour.rights.catalogue import load_catalogue
from harbour.rights.engine import find_rights

EVERYTHING = ["gbv", "interpreter", "immigration", "child", "disability", "repeat_harm", "abroad"]


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    report("rights catalogue load and validate (uncached)", time_ms(load_catalogue, repeat=10, warmup=1))
    report("find_rights gb-eaw, all circumstances, fa",
            time_ms(lambda: find_rights(jurisdiction="gb-eaw", circumstances=EVERYTHING, language="fa"),
                     repeat=500))
    report("find_rights ES, reporting, interpreter",
            time_ms(lambda: find_rights(jurisdiction="ES", stage="reporting", circumstances=["interpreter"]),
                     repeat=500))
    client = Client()
    data = {"where": "gb-eaw", "gbv": "yes", "interpreter": "yes", "stay": "yes",
            "more": ["child", "disability", "repeat_harm", "abroad"], "step": "more", "go": "next"}
    report("POST /en/rights/answer/ largest result page",
            time_ms(lambda: client.post("/en/rights/answer/", data), repeat=100))
    report("GET /api/v1/rights gb-eaw all circumstances",
            time_ms(lambda: client.get("/api/v1/rights", {"jurisdiction": "gb-eaw", "circumstance": EVERYTHING}),
                     repeat=100))
