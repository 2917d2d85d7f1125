"""F2: one egress gate, three lines of defence, each shown to fire on realistic violations.

1. A scan of harbour/ and config/ (with `ast`): only harbour/core/outbound.py imports mail,
   HTTP or socket libraries; nothing starts processes or imports modules by computed name;
   only the gate (and staff account mail in accounts) imports core.outbound.
2. A scan of the loaded modules: no module but outbound holds a network function or
   module, or outbound's own `deliver_mail`, under any name (re-exports, aliases).
3. At run time: `deliver_mail` refuses callers other than the gate (and accounts, for
   staff mail), and tests/firewall/egress_guard.py fails any test in which Harbour's code
   opens a socket, starts a process or sends mail outside outbound.
"""

import ast
import importlib
import pkgutil
import types
from pathlib import Path

import pytest
from django.core import mail

import config
import harbour
from harbour.core import outbound
from tests.firewall import egress_guard

ROOT = Path(harbour.__file__).resolve().parent
PROJECT = ROOT.parent
NETWORK_MODULES = ("django.core.mail", "smtplib", "urllib.request", "http.client", "requests", "httpx",
                   "socket", "ftplib", "urllib3", "aiohttp", "poplib", "imaplib", "telnetlib", "xmlrpc.client",
                   "ssl", "asyncio", "websocket", "websockets", "paramiko", "pycurl", "selectors",
                   "http.server", "socketserver", "smtpd", "aiosmtplib", "webbrowser")
PROCESS_MODULES = ("subprocess", "pty", "multiprocessing", "ctypes", "cffi", "concurrent.futures.process")
PROCESS_CALLS = {"system", "popen", "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp",
                 "execlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "spawnl", "spawnle", "posix_spawn",
                 "posix_spawnp", "fork", "forkpty", "startfile"}
DYNAMIC_IMPORTS = {"import_module", "__import__", "find_spec", "load_module", "exec_module", "spec_from_file_location"}
OUTBOUND = "harbour.core.outbound"
MAY_SEND = {"harbour/core/outbound.py"}
MAY_CALL_OUTBOUND = {"harbour/firewall/gate.py", "harbour/firewall/gate_intelligence.py",
                     "harbour/firewall/gate_link.py"}
MAY_CALL_OUTBOUND_PREFIXES = ("harbour/accounts/",)
# Files that may import by computed name, and why: the demo command loads each installed
# app's own `demo` module (names come from INSTALLED_APPS, never from input).
MAY_IMPORT_DYNAMICALLY = {"harbour/core/management/commands/demo_data.py"}
# The one process start allowed, and why: `manage.py serve` replaces itself with gunicorn
# (issue 11's production server); it sends nothing anywhere and takes no request data.
MAY_EXEC_THE_SERVER = {"harbour/core/management/commands/serve.py": {"calls os.execv"}}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return getattr(func, "id", getattr(func, "attr", ""))


def imported_modules(source: str) -> set[str]:
    """Every module a piece of source imports, including `from a import b` as a.b, and
    `import_module("x")` / `__import__("x")` with a literal name."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and _call_name(node) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return names


def process_and_dynamic_calls(source: str) -> list[str]:
    """Calls that start a process (`os.system(...)`, `os.execv(...)`, …) or import a module
    whose name is computed (`import_module("smtp" + "lib")`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        owner = getattr(node.func, "value", None)
        owner_name = getattr(owner, "id", getattr(owner, "attr", ""))
        if name in PROCESS_CALLS and owner_name in ("os", "posix", "nt"):
            found.append(f"calls os.{name}")
        if name in DYNAMIC_IMPORTS and not (node.args and isinstance(node.args[0], ast.Constant)):
            found.append(f"imports by computed name ({name})")
    return found


def _matches(module: str, prefixes) -> bool:
    return any(module == m or module.startswith(m + ".") for m in prefixes)


def is_network(module: str) -> bool:
    return _matches(module, NETWORK_MODULES)


def is_process(module: str) -> bool:
    return _matches(module, PROCESS_MODULES) or module in {f"os.{c}" for c in PROCESS_CALLS}


def egress_violations(files: dict[str, str]) -> list[str]:
    found = []
    for path, source in sorted(files.items()):
        modules = imported_modules(source)
        if path not in MAY_SEND:
            found += [f"{path} imports {m}" for m in sorted(modules) if is_network(m)]
        found += [f"{path} imports {m}" for m in sorted(modules) if is_process(m)]
        calls = process_and_dynamic_calls(source)
        if path in MAY_IMPORT_DYNAMICALLY:
            calls = [c for c in calls if not c.startswith("imports by computed name")]
        calls = [c for c in calls if c not in MAY_EXEC_THE_SERVER.get(path, set())]
        found += [f"{path} {c}" for c in sorted(set(calls))]
        calls_outbound = any(m == OUTBOUND or m.startswith(OUTBOUND + ".") for m in modules)
        if calls_outbound and path not in MAY_CALL_OUTBOUND and not path.startswith(MAY_CALL_OUTBOUND_PREFIXES):
            found.append(f"{path} imports {OUTBOUND}")
    return found


def project_sources() -> dict[str, str]:
    """Every Python file of harbour/ and config/, keyed by its path in the repository."""
    files = {}
    for package in (ROOT, Path(config.__file__).resolve().parent):
        for path in package.rglob("*.py"):
            files[path.relative_to(PROJECT).as_posix()] = path.read_text(encoding="utf-8")
    return files


def test_the_scan_covers_harbour_and_config():
    files = project_sources()
    assert "config/settings.py" in files and "harbour/firewall/gate.py" in files


def test_no_module_but_outbound_imports_mail_http_sockets_or_processes_and_only_the_gate_calls_outbound():
    assert egress_violations(project_sources()) == []


def test_the_scanner_finds_each_way_of_importing_a_network_library_or_starting_a_process():
    fake = {
        "harbour/help/leak.py": "import smtplib\n",
        "harbour/help/leak2.py": "from django.core.mail import send_mail\n",
        "harbour/help/leak3.py": "from django.core import mail\n",
        "harbour/help/leak4.py": "import urllib.request as u\n",
        "harbour/help/leak5.py": "from importlib import import_module\nimport_module('requests')\n",
        "harbour/help/leak6.py": "from harbour.core.outbound import deliver_mail\n",
        "harbour/help/leak7.py": "from harbour.core import outbound\n",
        "harbour/help/leak8.py": "def f():\n    import urllib\n    urllib.request.urlopen('http://x')\n",
        "harbour/help/leak9.py": "import subprocess\nsubprocess.run(['curl', 'http://x'])\n",
        "harbour/help/leak10.py": "from importlib import import_module\nimport_module('smtp' + 'lib')\n",
        "harbour/help/leak11.py": "m = __import__(''.join(['smtp', 'lib']))\n",
        "harbour/help/leak12.py": "import os\nos.system('curl http://x')\n",
        "harbour/help/leak13.py": "from os import popen\n",
        "config/mailer.py": "import smtplib\n",
        "harbour/help/fine.py": "import json\nfrom harbour.firewall import gate\n",
        "harbour/firewall/gate.py": "from harbour.core.outbound import deliver_mail\n",
        "harbour/core/management/commands/demo_data.py": "import_module(f'{name}.demo')\n",
    }
    assert egress_violations(fake) == [
        "config/mailer.py imports smtplib",
        "harbour/help/leak.py imports smtplib",
        "harbour/help/leak10.py imports by computed name (import_module)",
        "harbour/help/leak11.py imports by computed name (__import__)",
        "harbour/help/leak12.py calls os.system",
        "harbour/help/leak13.py imports os.popen",
        "harbour/help/leak2.py imports django.core.mail",
        "harbour/help/leak2.py imports django.core.mail.send_mail",
        "harbour/help/leak3.py imports django.core.mail",
        "harbour/help/leak4.py imports urllib.request",
        "harbour/help/leak5.py imports requests",
        "harbour/help/leak6.py imports harbour.core.outbound",
        "harbour/help/leak7.py imports harbour.core.outbound",
        "harbour/help/leak9.py imports subprocess",
    ]


def test_the_scan_sees_an_import_of_urllib_followed_by_a_call_to_urlopen_through_the_guard():
    # `import urllib` alone is not a network import to the source scan; the runtime guard
    # below is what catches urllib.request.urlopen reached that way.
    source = "import urllib\nimport urllib.request\n"
    assert egress_violations({"harbour/help/views.py": source}) == [
        "harbour/help/views.py imports urllib.request"]


# -- line 2: what the loaded modules hold -------------------------------------------------------

def _forbidden_objects() -> dict[int, str]:
    import smtplib
    import socket
    import subprocess
    import urllib.request

    import django.core.mail

    objects = {
        outbound.deliver_mail: "harbour.core.outbound.deliver_mail",
        outbound: "harbour.core.outbound",
        smtplib: "smtplib", smtplib.SMTP: "smtplib.SMTP", socket: "socket",
        socket.create_connection: "socket.create_connection", subprocess: "subprocess",
        subprocess.run: "subprocess.run", subprocess.Popen: "subprocess.Popen",
        urllib.request: "urllib.request", urllib.request.urlopen: "urllib.request.urlopen",
        django.core.mail: "django.core.mail", django.core.mail.send_mail: "django.core.mail.send_mail",
        django.core.mail.EmailMessage: "django.core.mail.EmailMessage",
        django.core.mail.send_mass_mail: "django.core.mail.send_mass_mail",
        django.core.mail.mail_admins: "django.core.mail.mail_admins",
    }
    return {id(obj): name for obj, name in objects.items()}


def held_egress(modules) -> list[str]:
    """Module globals that are a network or process primitive, or outbound itself, in a
    module not allowed to hold them: a re-export or alias is found by identity."""
    forbidden = _forbidden_objects()
    found = []
    for module in modules:
        path = module.__name__.replace(".", "/") + ".py"
        for name, value in vars(module).items():
            label = forbidden.get(id(value))
            if label is None or getattr(value, "__name__", None) == f"{module.__name__}.{name}":
                continue  # a package's own submodule is not a re-export
            if path in MAY_SEND:
                continue
            if label.startswith(OUTBOUND) and (path in MAY_CALL_OUTBOUND
                                              or path.startswith(MAY_CALL_OUTBOUND_PREFIXES)):
                continue
            found.append(f"{module.__name__}.{name} is {label}")
    return sorted(found)


def project_modules():
    modules = []
    for package in (harbour, config):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations." in info.name or info.name.endswith(("wsgi", "asgi")):
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def test_no_loaded_module_holds_a_network_primitive_or_outbound_under_any_name():
    assert held_egress(project_modules()) == []


def test_mutation_a_re_export_of_deliver_mail_is_found_by_identity():
    reexporter = types.ModuleType("harbour.web.helpers")
    reexporter.send_note = outbound.deliver_mail
    user = types.ModuleType("harbour.help.notify")
    user.notify = reexporter.send_note
    assert held_egress([reexporter, user]) == [
        "harbour.help.notify.notify is harbour.core.outbound.deliver_mail",
        "harbour.web.helpers.send_note is harbour.core.outbound.deliver_mail",
    ]


# -- line 3: at run time ---------------------------------------------------------------------

def planted(module_name: str, source: str) -> types.ModuleType:
    """A module of Harbour's (by name) holding `source`: a realistic violation, in memory."""
    module = types.ModuleType(module_name)
    exec(compile(source, f"<{module_name}>", "exec"), module.__dict__)  # noqa: S102
    return module


def run_violation(module, function="leak"):
    """Run the planted code; return what the guard recorded (and clear it, so this test's
    own teardown does not fail on the violation it planted on purpose)."""
    with pytest.raises((egress_guard.EgressOutsideTheGate, outbound.EgressRefused)):
        getattr(module, function)()
    return egress_guard.take_violations()


VIOLATIONS = {
    "urlopen in a view": ("harbour.help.views_extra",
                          "import urllib.request\n"
                          "def leak():\n    urllib.request.urlopen('http://192.0.2.1/report?x=1', timeout=1)\n"),
    "curl from a service": ("harbour.help.services_extra",
                            "import subprocess\n"
                            "def leak():\n    subprocess.run(['curl', 'http://192.0.2.1/'], check=False)\n"),
    "smtplib by computed name": ("harbour.directory.notify",
                                 "from importlib import import_module\n"
                                 "def leak():\n    import_module('smtp' + 'lib').SMTP('192.0.2.1', 25, timeout=1)\n"),
    "smtplib in config": ("config.mail_extra",
                          "import smtplib\ndef leak():\n    smtplib.SMTP('192.0.2.1', 25, timeout=1)\n"),
    "os.system": ("harbour.rights.export", "import os\ndef leak():\n    os.system('curl http://192.0.2.1/')\n"),
    "a raw socket": ("harbour.web.beacon",
                     "import socket\ndef leak():\n    socket.socket().connect(('192.0.2.1', 80))\n"),
    "django's send_mail": ("harbour.help.mailer",
                           "from django.core.mail import send_mail\n"
                           "def leak():\n    send_mail('s', 'her message', 'a@example.org', ['b@example.org'])\n"),
}


@pytest.mark.parametrize("kind", sorted(VIOLATIONS))
def test_mutation_the_guard_fails_harbour_code_that_sends_outside_the_gate(kind):
    module_name, source = VIOLATIONS[kind]
    recorded = run_violation(planted(module_name, source))
    assert len(recorded) == 1
    assert f"from {module_name}.leak" in recorded[0]
    assert mail.outbox == []


def test_mutation_a_violation_swallowed_by_the_code_is_still_recorded():
    module = planted("harbour.help.quiet", "import urllib.request\ndef leak():\n"
                     "    try:\n        urllib.request.urlopen('http://192.0.2.1/', timeout=1)\n"
                     "    except Exception:\n        return None\n")
    assert module.leak() is None
    recorded = egress_guard.take_violations()
    assert len(recorded) == 1 and "harbour.help.quiet.leak" in recorded[0]


@pytest.mark.django_db(transaction=True)
def test_mutation_a_re_exported_deliver_mail_on_commit_is_refused_and_sends_nothing():
    reexporter = planted("harbour.web.mailhelpers", "from harbour.core.outbound import deliver_mail as post\n")
    sender = types.ModuleType("harbour.help.on_commit_leak")
    sender.post = reexporter.post
    exec(compile("from django.db import transaction\n"  # noqa: S102
                 "def leak():\n"
                 "    with transaction.atomic():\n"
                 "        transaction.on_commit(lambda: post(to='b@example.org', subject='Referral',\n"
                 "                                           body='her message', purpose='referral'))\n",
                 "<leak>", "exec"), sender.__dict__)
    with pytest.raises(outbound.EgressRefused, match="harbour.help.on_commit_leak"):
        sender.leak()
    assert mail.outbox == []


@pytest.mark.parametrize(("caller", "purpose", "allowed"), [
    ("harbour.firewall.gate", "referral", True),
    ("harbour.firewall.gate", "marac", True),
    ("harbour.firewall.gate_intelligence", "intelligence_report", True),
    ("harbour.accounts.services", "staff-invitation", True),
    ("harbour.accounts.forms", "staff-password-reset", True),
    ("harbour.accounts.services", "referral", False),
    ("harbour.help.services", "referral", False),
    ("harbour.help.services", "staff-invitation", False),
    ("harbour.firewall.gateway", "referral", False),
    ("harbour.accountsx", "staff-invitation", False),
    ("config.settings", "staff-invitation", False),
])
def test_outbound_lets_only_the_gate_and_staff_mail_send(caller, purpose, allowed):
    assert outbound.may_send(caller_module=caller, purpose=purpose) is allowed


def test_outbound_refuses_a_direct_call_from_elsewhere_and_sends_nothing():
    module = planted("harbour.help.direct", "from harbour.core.outbound import deliver_mail\n"
                     "def leak():\n    deliver_mail(to='b@example.org', subject='s', body='b', purpose='referral')\n")
    with pytest.raises(outbound.EgressRefused):
        module.leak()
    assert mail.outbox == []


def test_outbound_sends_for_staff_mail_from_accounts():
    module = planted("harbour.accounts.extra", "from harbour.core.outbound import deliver_mail\n"
                     "def send():\n    deliver_mail(to='b@example.org', subject='s', body='b', "
                     "purpose='staff-invitation')\n")
    module.send()
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_mutation_without_the_runtime_check_a_planted_sender_would_reach_the_outbox(monkeypatch):
    # Shows the test above can fail: with the check removed, the same call sends.
    monkeypatch.setattr(outbound, "may_send", lambda **kwargs: True)
    module = planted("harbour.help.direct2", "from harbour.core.outbound import deliver_mail\n"
                     "def leak():\n    deliver_mail(to='b@example.org', subject='s', body='b', purpose='referral')\n")
    module.leak()
    assert len(mail.outbox) == 1


def test_test_code_and_libraries_may_still_use_processes():
    # The guard blames Harbour's code only: the suite's own helpers may start a process.
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "1"
    assert egress_guard.take_violations() == []


def test_the_gate_is_the_firewall_module_that_calls_outbound():
    assert "harbour.core.outbound" in imported_modules((ROOT / "firewall" / "gate.py").read_text())
