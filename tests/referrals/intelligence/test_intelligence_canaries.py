"""F4's intelligence-only rule as a property (issue 15 item 7's test): whatever she wrote
in her help request, and whatever her case holds, none of it reaches what the police
receive from an intelligence report linked to her case — not the e-mail's subject or
body, not the PDF. Canaries are planted in every sealed field of her request and her case;
a positive control proves the report's own words do arrive, so the search can find text."""

import datetime
import string
import uuid

import pytest
from django.apps import apps
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.cases import services as case_services
from harbour.firewall import services as firewall_services
from harbour.help import services as help_services
from harbour.help.models import HelpRequest
from harbour.referrals import services_intelligence as services
from tests.cases.conftest import contacted
from tests.referrals.intelligence.conftest import report_data
from tests.referrals.intelligence.test_intelligence import pdf_text

# Letters outside hexadecimal and outside every label: a canary never occurs by chance.
CANARY_LETTERS = "GHJKLMNPQRSTVWXYZ"
canary = st.text(alphabet=CANARY_LETTERS, min_size=12, max_size=12)
words = st.text(alphabet=string.ascii_lowercase + " ", min_size=0, max_size=60)
# The sealed models of her request and her case, each of which the builder below fills.
COVERED = {"help.HelpRequest", "help.HelpNote", "firewall.Consent", "cases.Case", "cases.CaseNote",
           "cases.CaseTask", "cases.CaseDocument", "cases.RiskAssessment", "cases.SafetyPlan",
           "cases.MaracReferral"}


def _sealed_models(app_label: str) -> set[str]:
    return {model._meta.label for model in apps.get_app_config(app_label).get_models()
            if "sealed_content" in {field.name for field in model._meta.concrete_fields}}


def test_the_builder_covers_every_sealed_model_of_her_request_and_case():
    # A new sealed model in help or cases fails here until the property below plants in it.
    assert _sealed_models("help") | _sealed_models("cases") <= COVERED


def _her_records(*, token, organisation, caseworker, partner, key, needs, language, channel):
    mark = f"CANARY{token}"
    help_request, _code = help_services.help_request_create(
        organisation=organisation, needs=needs, language=language, contact_channel=channel,
        name=f"{mark}name", message=f"{mark}message", contact_value=f"{mark}contact", safe_times=f"{mark}times")
    help_services.help_note_add(acting_user=caseworker, help_request=help_request, text=f"{mark}helpnote")
    firewall_services.consent_record(
        acting_user=caseworker, organisation=organisation, recipient=partner, subject_ref=help_request.public_id,
        categories=["needs"], purpose="support", expires_on=datetime.date.today() + datetime.timedelta(days=30),
        method="phone", language="en", interpreter=f"{mark}interpreter")
    case = case_services.case_open_from_help_request(acting_user=caseworker, help_request=help_request,
                                                     private_key=key)
    case = contacted(case, caseworker)
    case = case_services.case_set_contact(
        acting_user=caseworker, case=case, safe_channels=["phone"], do_not_contact=False, message_ok=False,
        value=f"{mark}phone", safe_times=f"{mark}safetimes", code_word=f"{mark}codeword",
        must_not_answer=f"{mark}mustnot")
    case = case_services.case_transition(acting_user=caseworker, case=case, to="assessment")
    case_services.assessment_record(
        acting_user=caseworker, case=case, form_token=uuid.uuid4(), answers=dict.fromkeys(range(1, 25), "yes"),
        judgement_high=True, judgement_reason=f"{mark}judgement", notes={"1": f"{mark}dashnote"},
        perpetrator=f"{mark}perpetrator", children=[4])
    case.refresh_from_db()
    case_services.case_note_add(acting_user=caseworker, case=case, text=f"{mark}casenote")
    case_services.case_task_add(acting_user=caseworker, case=case, title=f"{mark}task",
                                due_on=datetime.date.today(), channel="phone")
    case_services.case_document_add(acting_user=caseworker, case=case, data=b"%PDF-1.4 " + mark.encode())
    case_services.safety_plan_save(acting_user=caseworker, case=case, heading=f"{mark}plan",
                                   sections={"at_home": [{"action": f"{mark}action", "who": "", "when": ""}]})
    case_services.marac_referral_save(acting_user=caseworker, case=case, data={
        "name": f"{mark}maracname", "safe_contact": f"{mark}maraccontact", "risk_summary": f"{mark}risk",
        "perpetrator": f"{mark}maracperp", "additional_information": f"{mark}extra"})
    return help_request, case


@pytest.mark.django_db
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=canary, needs=st.lists(st.sampled_from(HelpRequest.Need.values), min_size=1, max_size=4, unique=True),
       language=st.sampled_from(["en", "es", "ar"]), channel=st.sampled_from(["phone", "text", "email", ""]),
       incident=words, perpetrator=words, place=words, as_pdf=st.booleans())
def test_nothing_of_her_request_or_case_reaches_the_police(key_a, caseworker_a, police_a, partner_b,
                                                           django_capture_on_commit_callbacks, token, needs,
                                                           language, channel, incident, perpetrator, place, as_pdf):
    worker, organisation = caseworker_a.user, caseworker_a.organisation
    help_request, case = _her_records(token=token, organisation=organisation, caseworker=worker, partner=partner_b,
                                      key=key_a, needs=needs, language=language, channel=channel)
    # The canaries are really there, in her sealed records.
    opened = case_services.case_open(acting_user=worker, case=case, private_key=key_a)
    assert f"CANARY{token}name" in str(opened) and f"CANARY{token}phone" in str(opened)

    report = services.intelligence_report_create(acting_user=worker, organisation=organisation, case=case,
                                                 data=report_data(incident=f"INTELMARK {incident}",
                                                                  perpetrator=perpetrator, place=place))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        share = services.intelligence_report_send(acting_user=worker, report=report, recipient=police_a,
                                                  private_key=key_a, channel="pdf" if as_pdf else "email",
                                                  agreed_method="in_person")
    if as_pdf:
        received = [pdf_text(share.document), share.document.decode("latin-1")]
        assert mail.outbox == []
    else:
        assert len(mail.outbox) == 1
        received = [mail.outbox[0].subject, mail.outbox[0].body]
    everything = "\n".join(received)
    assert "INTELMARK" in everything  # the positive control: the report's own words arrive
    assert token not in everything
    assert case.reference not in everything and str(help_request.public_id) not in everything
    assert str(case.public_id) not in everything
