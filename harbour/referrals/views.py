"""The one public page of referrals: a partner outside Harbour opens a referral sent by
one-time link (issue 15 item 8; harbour.firewall.gate_link). Works without JavaScript;
every failure gets the same answer; the token in the address is random and says nothing."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from harbour.core.audience import public
from harbour.firewall import gate_link
from harbour.referrals import views_refer


@public
@csrf_exempt  # Every action needs the link's token and the e-mailed code, which a forging
# site cannot know; and no session exists to protect.
@require_http_methods(["GET", "HEAD", "POST"])
def link(request, token):
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "send":
        gate_link.link_send_code(token=token)
        return render(request, "referrals/link.html", {"token": token, "sent": True})
    if request.method == "POST" and action == "open":
        opened = gate_link.link_open(token=token, code=request.POST.get("code", ""))
        if opened is None:
            return render(request, "referrals/link.html", {"token": token, "sent": True, "wrong": True})
        # The referral (the first time only) and the answers the partner may report.
        return views_refer.link_opened(request, token, opened)
    if request.method == "POST" and action == "report":
        return views_refer.link_report(request, token)
    return render(request, "referrals/link.html", {"token": token})


def _plain(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                         for k, v in value.items() if v not in ("", None, []))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
