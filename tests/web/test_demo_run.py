"""`make run` is a demo that looks like the real thing (issue 8, item 12): no debug pages,
static files still served, the port a variable, and a re-run says where the demo's
recovery keys and status code are."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dry_run(*arguments: str) -> str:
    """The commands `make run` would run, without running them."""
    result = subprocess.run(["make", "-n", "-W", "var/secret_key", "run", *arguments], cwd=ROOT,  # noqa: S603,S607
                            capture_output=True, text=True, check=True, timeout=60)
    return result.stdout


def test_make_run_is_not_a_debug_server_but_serves_static_files_on_the_port_asked_for():
    commands = dry_run("PORT=8123")
    assert "HARBOUR_DEBUG=true" not in commands
    assert "runserver --insecure 127.0.0.1:8123" in commands
    assert "http://127.0.0.1:8123" in commands


def test_make_run_keeps_port_8000_by_default():
    assert "runserver --insecure 127.0.0.1:8000" in dry_run()


def test_a_re_run_shows_the_first_run_recovery_keys_and_status_code_or_says_where_they_are():
    commands = dry_run()
    assert "var/demo-first-run.txt" in commands


def test_an_unknown_address_is_a_translated_404_with_quick_exit(client):
    response = client.get("/ar/nope/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert 'href="/exit" data-exit' in html
    assert "URLconf" not in html


@pytest.mark.django_db(transaction=True)  # the notices leave on commit
def test_the_demo_setup_prints_its_logins_without_mail_and_keeps_the_notices_in_files(settings, tmp_path, capsys):
    """Issue 8, item 12: the demo's own security notices (some thirty) no longer flood the
    console between the logins and the codes; they are kept as files, and counted."""
    import io

    from django.core import mail
    from django.core.management import call_command

    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    printed = out.getvalue() + capsys.readouterr().out
    kept = list((tmp_path / "demo-mail").glob("*.log"))
    messages = sum(path.read_text(encoding="utf-8").count("Subject:") for path in kept)
    assert messages >= 10
    assert "Subject:" not in printed
    assert f"Setting up the demo sent {messages} e-mails" in printed
    assert "password for all" in printed
    assert any("Subject:" in path.read_text(encoding="utf-8") for path in kept)
    assert mail.outbox == []
