from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from harbour.core import recall
from harbour.core.audience import public
from harbour.rights import interview, selectors
from harbour.rights.engine import find_rights
from harbour.rights.interview import Answers
from harbour.rights.vocabulary import (
    CONTENT_LANGUAGES,
    DUTY_HOLDERS,
    EU_MEMBER_STATES,
    GROUPS,
    JURISDICTIONS,
    OBLIGATIONS,
    RTL_LANGUAGES,
    STATUSES,
    UK_JURISDICTIONS,
)

# What harbour.core.recall keeps her answers under.
RECALL_KIND = "rights-interview"


def _questions():
    return {
        "where": _("Where did it happen?"),
        "stage": _("Have you reported it to the police? How far has the case gone?"),
        "gbv": _("Was it done by a partner, an ex-partner or a family member, or was it sexual violence?"),
        "interpreter": _("Do you need an interpreter to speak with the police or a court?"),
        "stay": _("Does your right to stay in the country depend on your husband or partner, or is your stay not secure?"),
        "more": _("Do any of these apply to you? Tick all that do."),
    }


def _content_language(answers: Answers) -> str:
    if answers.lang in CONTENT_LANGUAGES:
        return answers.lang
    ui = (get_language() or "en").split("-")[0]
    return ui if ui in CONTENT_LANGUAGES else "en"


def _services_url() -> str | None:
    """The directory's search page, once the directory exists."""
    try:
        return reverse("directory:search")
    except NoReverseMatch:
        return None


def _question(request, step: str, answers: Answers, *, ended: bool = False):
    choices = {
        "stage": interview.STAGE_CHOICES,
        "gbv": interview.YES_NO,
        "interpreter": interview.YES_NO,
        "stay": interview.YES_NO,
        "more": interview.MORE_CHOICES,
    }.get(step, [])
    context = {
        "step": step,
        "number": interview.STEPS.index(step) + 1,
        "total": len(interview.STEPS),
        "question": _questions()[step],
        "choices": choices,
        "current": getattr(answers, step),
        "hidden": answers.hidden_fields(leave_out=step),
        "uk": list(UK_JURISDICTIONS.items()),
        "eu": sorted(EU_MEMBER_STATES.items(), key=lambda item: str(item[1])),
        # The language switch submits this question's form as it is on her screen, to stay on
        # it: the same question comes back translated with every answer, this one's as she has
        # just set it (it re-posted the answers as they were, losing a choice not yet sent).
        "language_form": "rights-step",
        "language_form_field": ("go", "stay"),
        # Her answers' address no longer opens (Quick exit, a closed browser, an hour): said so.
        "ended": ended,
    }
    return render(request, "rights/question.html", context)


def _shown(right) -> dict:
    """A right as the result page shows it: labels resolved in the interface language."""
    return {
        "title": right.title, "summary": right.summary, "language": right.language,
        "status": right.status, "status_label": STATUSES[right.status],
        "duties": [(DUTY_HOLDERS[holder], must) for holder, must in right.duties],
        "instrument": right.instrument, "article": right.article, "source_url": right.source_url,
        "review_state": right.review_state, "verify": right.verify,
        "obligation_label": OBLIGATIONS[right.obligation], "link": right.link,
    }


# Text per result page, in UTF-8 bytes: keeps the page with its CSS and JS within the first round
# trip (14,336 bytes gzip) in every content language, however many rights match.
PAGE_TEXT_BYTES = 14_000


def _page_number(data) -> int:
    try:
        return max(int(data.get("page", "1")), 1)
    except ValueError:
        return 1


def _page(result, number: int) -> dict:
    """Split the rights into pages by the size of their text, keeping the group order."""
    pages: list[list] = [[]]
    size = 0
    for group, rights in result.groups():
        for right in rights:
            weight = len((right.title + right.summary + "".join(m for _h, m in right.duties)
                          + (right.verify or "")).encode())
            if pages[-1] and size + weight > PAGE_TEXT_BYTES:
                pages.append([])
                size = 0
            pages[-1].append((group, right))
            size += weight
    number = min(number, len(pages))
    groups: list[tuple] = []
    for group, right in pages[number - 1]:
        if not groups or groups[-1][0] != GROUPS[group]:
            groups.append((GROUPS[group], []))
        groups[-1][1].append(_shown(right))
    return {"groups": groups, "page": number, "pages": len(pages),
            "next_page": number + 1 if number < len(pages) else None,
            "previous_page": number - 1 if number > 1 else None}


def _result(request, answers: Answers, data):
    language = _content_language(answers)
    context = {
        "answers": answers,
        "hidden": answers.hidden_fields(leave_out="lang"),
        "hidden_all": answers.hidden_fields(),
        "content_language": language,
        "content_language_name": CONTENT_LANGUAGES[language],
        "content_dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "content_languages": list(CONTENT_LANGUAGES.items()),
        "services_url": _services_url(),
        "uk": list(UK_JURISDICTIONS.items()),
        "eu": sorted(EU_MEMBER_STATES.items(), key=lambda item: str(item[1])),
        "rtl_languages": RTL_LANGUAGES,
    }
    if answers.where:
        result = find_rights(jurisdiction=answers.where, stage=answers.stages(),
                             circumstances=answers.circumstances(), language=language)
        context.update({
            "place": JURISDICTIONS[result.jurisdiction],
            **_page(result, _page_number(data)),
            "notes": result.notes,
            "any_draft": any(item.review_state == "draft" for item in result.rights + result.notes),
            "not_reported": answers.stage in ("", "without_reporting"),
            "hidden_for_reporting": answers.hidden_fields(leave_out="stage"),
        })
    context["language_repost"] = [*answers.hidden_fields(), ("go", "result"),
                                  ("page", str(context.get("page", 1)))]
    return render(request, "rights/result.html", context)


@public
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start(request, *, ended: bool = False):
    """The first question. A POST here is the language switch sending the first question's
    form to the other language's address of this page: answered as answer() answers it (a
    walk-through: 405 and a blank page, her country lost)."""
    if request.method == "POST":
        return answer(request)
    # With a key for her browser, so that her answers can be carried (answer()).
    return recall.ensure_key(request, _question(request, "where", Answers(), ended=ended))


@public
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request):
    """The next question, or her rights. Her answers are never stored on the server.

    A POST (a question answered) is sealed into the address of a GET (harbour.core.recall)
    and answered 303 there, so that Back, Reload and a page left for the directory and come
    back to show the same question or result again, with JavaScript or without; the address
    holds nothing readable (F8). Reached without a sealed answer that her browser can open
    (a link, an address after Quick exit or an hour), it starts the interview. A browser that
    keeps no cookies gets the answer to its POST in place.
    """
    carried = recall.carry(request, RECALL_KIND, "rights:answer")
    if carried.redirect:
        return carried.redirect
    if carried.data is None:
        return start(request, ended=carried.ended)
    data = carried.data
    answers, step, go = Answers.from_post(data)
    if go == "skip" and step in interview.STEPS:
        answers.clear(step)
    if go == "restart":
        answers = Answers(lang=answers.lang)
    target = interview.next_step(step, go)
    if target:
        return _question(request, target, answers)
    return _result(request, answers, data)


@public
@require_safe
def instruments(request):
    return render(request, "rights/instruments.html", {"instruments": selectors.instrument_list()})


@public
@require_safe
def instrument(request, instrument_id: str):
    found = selectors.instrument_detail(instrument_id)
    if found is None:
        raise Http404
    instrument_obj, entries = found
    return render(request, "rights/instrument.html", {
        "instrument": instrument_obj, "entries": entries, "statuses": STATUSES,
        "duty_names": DUTY_HOLDERS, "places": JURISDICTIONS, "groups": GROUPS,
    })
