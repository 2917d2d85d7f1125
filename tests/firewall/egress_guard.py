"""F2's second line of defence, for the whole test suite: a test fails if Harbour's own code
(harbour/ or config/) opens a network connection, looks up a host name, starts a process or
sends mail by any path but harbour.core.outbound.

A scan of the source cannot follow every dynamic call (`import_module("smtp" + "lib")`, a
re-exported function, a library that shells out); this guard sees what actually happens
while the suite runs. It wraps the primitives every such path ends in, and blames the
calling stack: test code and libraries may use them (pytest's live server, Playwright's
browser, the seizure test's fresh process), Harbour's code may not. A violation raises
where it happens and is also recorded, so code that swallows the error still fails its test.
Registered for the whole suite by tests/conftest.py (`pytest_plugins`).
"""

import functools
import os
import socket
import subprocess
import sys
import threading

import pytest

OWN_CODE = ("harbour.", "config.")
OUTBOUND_SEND = ("harbour.core.outbound", "deliver_mail")
# Libraries that open their own connections on Harbour's behalf (the database driver).
TRUSTED_LIBRARIES = ("django.db.", "psycopg", "psycopg2")
_violations: list[str] = []
_lock = threading.Lock()


class EgressOutsideTheGate(AssertionError):
    pass


def _own_frames(frame) -> list[tuple[str, str]]:
    """(module, function) of each frame of Harbour's code on the stack, innermost first;
    none if the database driver is the one connecting."""
    found = []
    while frame is not None:
        module = frame.f_globals.get("__name__", "") or ""
        if not found and module.startswith(TRUSTED_LIBRARIES):
            return []
        if module.startswith(OWN_CODE) or module in ("harbour", "config"):
            found.append((module, frame.f_code.co_name))
        frame = frame.f_back
    return found


def blame(what: str, *, allowed=()) -> None:
    """Record and raise if Harbour's code is on the stack and no allowed frame is."""
    frames = _own_frames(sys._getframe(2))
    if not frames or any(f in allowed for f in frames):
        return
    module, function = frames[0]
    message = f"{what} from {module}.{function}: egress only through harbour.core.outbound (F2)"
    with _lock:
        _violations.append(message)
    raise EgressOutsideTheGate(message)


def _guarded(original, what: str, allowed=()):
    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        blame(what, allowed=allowed)
        return original(*args, **kwargs)

    wrapper.__egress_guarded__ = True
    return wrapper


def _targets():
    """(owner, attribute, description, allowed frames) for every primitive guarded."""
    from django.core.mail.backends import locmem, smtp

    targets = [
        (socket.socket, "connect", "a socket connection", ()),
        (socket.socket, "connect_ex", "a socket connection", ()),
        (socket.socket, "sendto", "a datagram", ()),
        (socket, "create_connection", "a socket connection", ()),
        (socket, "getaddrinfo", "a host name lookup", ()),
        (socket, "gethostbyname", "a host name lookup", ()),
        (subprocess.Popen, "__init__", "a new process", ()),
        (os, "system", "a shell command", ()),
        (os, "popen", "a shell command", ()),
        (locmem.EmailBackend, "send_messages", "mail", (OUTBOUND_SEND,)),
        (smtp.EmailBackend, "send_messages", "mail", (OUTBOUND_SEND,)),
    ]
    for name in ("execv", "execve", "execvp", "execvpe", "spawnv", "spawnve", "spawnvp", "spawnvpe",
                 "posix_spawn", "posix_spawnp", "fork", "forkpty"):
        if hasattr(os, name):
            targets.append((os, name, "a new process", ()))
    return targets


def install() -> list:
    """Wrap every primitive; return what is needed to undo it."""
    undo = []
    for owner, attribute, what, allowed in _targets():
        original = getattr(owner, attribute)
        if getattr(original, "__egress_guarded__", False):
            continue
        setattr(owner, attribute, _guarded(original, what, allowed))
        undo.append((owner, attribute, original))
    return undo


def uninstall(undo: list) -> None:
    for owner, attribute, original in reversed(undo):
        setattr(owner, attribute, original)


def take_violations() -> list[str]:
    with _lock:
        found = list(_violations)
        _violations.clear()
    return found


@pytest.fixture(scope="session", autouse=True)
def _egress_guard_installed():
    undo = install()
    yield
    uninstall(undo)


@pytest.fixture(autouse=True)
def egress_guard(_egress_guard_installed, request):
    """Fails the test if Harbour's code sent anything outside the gate, even if the code
    caught the error. Tests that plant a violation on purpose take the record themselves
    (take_violations) before the test ends."""
    take_violations()
    yield
    found = take_violations()
    if found:
        pytest.fail("Egress outside the gate:\n" + "\n".join(found), pytrace=False)
