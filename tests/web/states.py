"""Every public page in every language, in the states she meets: empty, after a POST, with
errors, with results. The markup, translation and trace tests walk all of them.

`public_states(client)` yields (description, url, response). It needs a database with a
service (`make_service`) and an organisation that takes requests (the `sealed_a` fixture).
"""

from django.urls import reverse
from django.utils import translation

from harbour.directory.models import Service
from harbour.rights.interview import STEPS
from tests.web.pages import LANGUAGES, public_page_names

TOO_LONG = "x" * 4001


def _rights_steps(client, url: str):
    """Each interview question after the first, then the result, as she reaches them."""
    answers = {"where": "gb-eaw", "stage": "reporting", "gbv": "yes", "interpreter": "yes", "stay": "yes",
               "more": ["repeat_harm"]}
    carried: dict = {}
    for step in STEPS:
        carried[step] = answers[step]
        response = client.post(url, {**carried, "step": step, "go": "next"})
        yield f"rights after {step}", response


def public_states(client, languages=LANGUAGES):
    service = Service.objects.filter(status="active").first()
    for code in languages:
        with translation.override(code):
            urls = {name: reverse(name) for name in public_page_names()}
            answer_url = reverse("rights:answer")
            service_url = reverse("directory:service", kwargs={"service_id": service.pk}) if service else None
        for name, url in urls.items():
            yield f"{name} ({code})", url, client.get(url)
        if service_url:
            yield f"service page ({code})", service_url, client.get(service_url)
        help_url = urls.get("help:request")
        if help_url:
            yield f"help form with errors ({code})", help_url, client.post(help_url, {"message": TOO_LONG})
            yield f"help form, nothing chosen ({code})", help_url, client.post(help_url, {})
        status_url = urls.get("help:status")
        if status_url:
            yield f"status, wrong code ({code})", status_url, client.post(
                status_url, {"code": "one two three four five six"})
            yield f"status, no code ({code})", status_url, client.post(status_url, {})
        search_url = urls.get("directory:search")
        if search_url:
            yield f"search results ({code})", search_url, client.post(search_url, {"q": ""})
            yield f"search, unknown place ({code})", search_url, client.post(search_url, {"place": "Nowhere at all"})
        for description, response in _rights_steps(client, answer_url):
            yield f"{description} ({code})", answer_url, response
