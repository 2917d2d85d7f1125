"""F2: one egress gate. Mail, HTTP and socket libraries are imported only by
harbour/core/outbound.py, and only the gate (and staff account mail in accounts, which
carries no survivor data) may import core.outbound. Checked on the source with `ast`."""

import ast
from pathlib import Path

import harbour

ROOT = Path(harbour.__file__).resolve().parent
NETWORK_MODULES = ("django.core.mail", "smtplib", "urllib.request", "http.client", "requests", "httpx",
                   "socket", "ftplib", "urllib3", "aiohttp")
OUTBOUND = "harbour.core.outbound"
MAY_SEND = {"harbour/core/outbound.py"}
MAY_CALL_OUTBOUND = {"harbour/firewall/gate.py"}
MAY_CALL_OUTBOUND_PREFIXES = ("harbour/accounts/",)


def imported_modules(source: str) -> set[str]:
    """Every module a piece of source imports, including `from a import b` as a.b."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def is_network(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in NETWORK_MODULES)


def egress_violations(files: dict[str, str]) -> list[str]:
    found = []
    for path, source in sorted(files.items()):
        modules = imported_modules(source)
        if path not in MAY_SEND:
            found += [f"{path} imports {m}" for m in sorted(modules) if is_network(m)]
        calls_outbound = any(m == OUTBOUND or m.startswith(OUTBOUND + ".") for m in modules)
        if calls_outbound and path not in MAY_CALL_OUTBOUND and not path.startswith(MAY_CALL_OUTBOUND_PREFIXES):
            found.append(f"{path} imports {OUTBOUND}")
    return found


def harbour_sources() -> dict[str, str]:
    return {f"harbour/{p.relative_to(ROOT).as_posix()}": p.read_text(encoding="utf-8")
            for p in ROOT.rglob("*.py")}


def test_no_module_but_outbound_imports_mail_http_or_sockets_and_only_the_gate_calls_outbound():
    assert egress_violations(harbour_sources()) == []


def test_the_scanner_finds_each_way_of_importing_a_network_library():
    fake = {
        "harbour/help/leak.py": "import smtplib\n",
        "harbour/help/leak2.py": "from django.core.mail import send_mail\n",
        "harbour/help/leak3.py": "from django.core import mail\n",
        "harbour/help/leak4.py": "import urllib.request as u\n",
        "harbour/help/leak5.py": "from importlib import import_module\nimport_module('requests')\n",
        "harbour/help/leak6.py": "from harbour.core.outbound import deliver_mail\n",
        "harbour/help/leak7.py": "from harbour.core import outbound\n",
        "harbour/help/fine.py": "import json\nfrom harbour.firewall import gate\n",
        "harbour/firewall/gate.py": "from harbour.core.outbound import deliver_mail\n",
    }
    assert egress_violations(fake) == [
        "harbour/help/leak.py imports smtplib",
        "harbour/help/leak2.py imports django.core.mail",
        "harbour/help/leak2.py imports django.core.mail.send_mail",
        "harbour/help/leak3.py imports django.core.mail",
        "harbour/help/leak4.py imports urllib.request",
        "harbour/help/leak5.py imports requests",
        "harbour/help/leak6.py imports harbour.core.outbound",
        "harbour/help/leak7.py imports harbour.core.outbound",
    ]


def test_the_gate_is_the_firewall_module_that_calls_outbound():
    assert "harbour.core.outbound" in imported_modules((ROOT / "firewall" / "gate.py").read_text())
