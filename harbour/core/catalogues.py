"""Compile gettext catalogues (.po to .mo) without GNU gettext.

`make run` must work on a fresh machine with only Python, and Django's compilemessages
needs the msgfmt program. This writes the same binary format msgfmt writes (without the
optional hash table, which readers do not need). Fuzzy entries and empty translations
are left out, as msgfmt does.
"""

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path


class CatalogueError(ValueError):
    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish():
        nonlocal current, started, target
        if started:
            entries.append(current)
        current, started, target = Entry(), False, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            if started and target is not None and target[0] == "msgstr":
                finish()
            current.fuzzy = "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise CatalogueError(path, number, "a string continues nothing")
            _append(current, target, _unquote(path, number, line))
            continue
        if keyword in {"msgctxt", "msgid"} and started and target and target[0] == "msgstr":
            finish()
        started = True
        if keyword == "msgctxt":
            target = ("msgctxt", 0)
            current.msgctxt = ""
        elif keyword == "msgid":
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            target = ("msgid_plural", 0)
            current.msgid_plural = ""
        elif keyword == "msgstr":
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            try:
                target = ("msgstr", int(keyword[7:-1]))
            except ValueError:
                raise CatalogueError(path, number, f"bad plural index in {keyword}") from None
        else:
            raise CatalogueError(path, number, f"unknown keyword {keyword!r}")
        if target[0] == "msgstr":
            current.msgstr.setdefault(target[1], "")
        _append(current, target, _unquote(path, number, rest.strip()))
    finish()
    return [entry for entry in entries if not entry.obsolete]


def _unquote(path: Path, number: int, text: str) -> str:
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise CatalogueError(path, number, "expected a quoted string")
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise CatalogueError(path, number, "a string has a bad escape") from None
    if not isinstance(value, str):
        raise CatalogueError(path, number, "expected a quoted string")
    return value


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def mo_bytes(entries: list[Entry]) -> bytes:
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        translations = [entry.msgstr.get(i, "") for i in range(max(entry.msgstr, default=-1) + 1)]
        if entry.fuzzy and entry.msgid != "":
            continue
        if not translations or not all(translations):
            continue
        key = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\x00{entry.msgid_plural}"
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        pairs[key.encode("utf-8")] = "\x00".join(translations).encode("utf-8")
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 28
    translations_at = originals_at + 8 * count
    strings_at = translations_at + 8 * count
    key_table, value_table, blob = [], [], b""
    for key in keys:
        key_table.append((len(key), strings_at + len(blob)))
        blob += key + b"\x00"
    for key in keys:
        value = pairs[key]
        value_table.append((len(value), strings_at + len(blob)))
        blob += value + b"\x00"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, strings_at)
    tables = b"".join(struct.pack("<2I", *item) for item in key_table + value_table)
    return header + tables + blob


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    mo_path.write_bytes(mo_bytes(parse_po(po_path)))
    return mo_path


def header_fields(po_path: Path) -> dict[str, str]:
    header = next((entry for entry in parse_po(po_path) if entry.msgid == "" and entry.msgctxt is None), None)
    if header is None:
        return {}
    fields = {}
    for line in header.msgstr.get(0, "").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields
