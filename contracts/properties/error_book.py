"""How Open Klant names and codes each kind of refusal, taken from its recorded answers.

Each kind of violation the verdicts know points at one exchange recorded from a real Open Klant
(tests/data/recordings/openklant-<release>/<case>.json) that refused a body broken in that way; the
error's name and code are read from that answer. A name that depends on the field becomes a
template: the recorded name with the broken field (and, inside `maak-klantcontact`, the part) put
back as `{field}` (`{part}`). The book of an API version is read from the recordings of the newest
release that serves it (the `API-version` header of its answers), so a 0.8.0 provider is judged by
what Open Klant 2.17 answers. Nothing here reads the mock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

RECORDINGS = Path(__file__).resolve().parents[2] / "tests" / "data" / "recordings"


@dataclass(frozen=True)
class Evidence:
    """The recorded exchange that shows a kind of refusal: a case, the exchange's index in it, and the
    values in the error's name that stand for the broken field (`field`) or part (`part`)."""

    case: str
    exchange: int
    placeholders: Mapping[str, str] = field(default_factory=dict)


# The kinds of violation, each with the recorded refusal it is read from.
EVIDENCE: Mapping[str, Evidence] = {
    "required": Evidence("empty-bodies", 0, {"field": "kanaal"}),
    "null": Evidence("klantcontact-errors", 1, {"field": "kanaal"}),
    "blank": Evidence("klantcontact-errors", 2, {"field": "kanaal"}),
    "too-long": Evidence("klantcontact-errors", 3, {"field": "onderwerp"}),
    "not-a-boolean": Evidence("klantcontact-errors", 4, {"field": "vertrouwelijk"}),
    "invalid-choice": Evidence("partij-errors", 1, {"field": "soortPartij"}),
    "unknown-reference": Evidence("reference-errors", 1, {"field": "hadKlantcontact"}),
    # How an error inside a part of maak-klantcontact is named (its code is the part's own).
    "in-part": Evidence("maak-null-parts", 5, {"part": "betrokkene", "field": "rol"}),
    "contact-succeeded": Evidence("klantcontact-errors", 8),
    "one-assignment": Evidence("internetaak-rules", 2),
    "afgehandeld": Evidence("internetaak-rules", 4),
    "standaard-adres": Evidence("digitaal-adres-errors", 6),
    "identificator-codeObjecttype": Evidence("identificator-rules", 1),
    "identificator-codeSoortObjectId": Evidence("identificator-kind", 1),
    "identificator-objectId": Evidence("identificator-rules", 2),
    "identificator-subIdentificatorVan": Evidence("identificator-rules", 9),
}


class NotRecorded(KeyError):
    """The release's recordings hold no refusal of this kind (its server accepted the body)."""


@dataclass(frozen=True)
class Entry:
    """One kind of refusal: the error's name (a template over `{field}`, `{part}`) and code."""

    template: str
    code: str

    def name(self, **values: str) -> str:
        """The error's name for these values."""
        return self.template.format(**values)


class ErrorBook:
    """The kinds of refusal of one release, read from its recordings."""

    def __init__(self, release: str, folder: Path) -> None:
        self.release = release
        self.folder = folder
        self.entries: dict[str, Entry] = {}
        self.missing: dict[str, str] = {}
        for kind, evidence in EVIDENCE.items():
            found = self._read(evidence)
            if isinstance(found, Entry):
                self.entries[kind] = found
            else:
                self.missing[kind] = found

    @classmethod
    def for_version(cls, version: str) -> ErrorBook:
        """The book of the newest recorded release that serves API `version`."""
        return _book(version)

    def entry(self, kind: str) -> Entry:
        """The name template and code of a kind; `NotRecorded` when this release never refused it."""
        if kind not in self.entries:
            raise NotRecorded(f"Open Klant {self.release}: {self.missing.get(kind, f'no evidence of {kind}')}")
        return self.entries[kind]

    def problem(self, kind: str, **values: str) -> tuple[str, str]:
        """The (name, code) an error of this kind gets."""
        entry = self.entry(kind)
        return entry.name(**values), entry.code

    def _read(self, evidence: Evidence) -> Entry | str:
        recording = json.loads((self.folder / f"{evidence.case}.json").read_text(encoding="utf-8"))
        answer = recording["exchanges"][evidence.exchange]["response"]
        where = f"{evidence.case} #{evidence.exchange} answered {answer['status']}"
        errors = (answer.get("body") or {}).get("invalidParams") if answer["status"] == 400 else None
        if not errors:
            return f"{where}, not a refusal"
        values = sorted(evidence.placeholders.items(), key=lambda item: -len(item[1]))
        matching = [error for error in errors if all(value in error["name"] for _, value in values)]
        if not matching or (not values and len(errors) > 1):
            return f"{where} without one error naming {dict(evidence.placeholders)}"
        template = matching[0]["name"]
        for placeholder, value in values:
            template = template.replace(value, "{" + placeholder + "}", 1)
        return Entry(template, matching[0]["code"])


def recorded_releases() -> dict[str, list[str]]:
    """The recorded releases by the API version their answers name, oldest release first."""
    found: dict[str, list[str]] = {}
    for folder in sorted(RECORDINGS.glob("openklant-*"), key=lambda path: _release_key(path.name)):
        found.setdefault(_api_version(folder), []).append(folder.name.removeprefix("openklant-"))
    return found


def _api_version(folder: Path) -> str:
    for path in sorted(folder.glob("*.json")):
        for exchange in json.loads(path.read_text(encoding="utf-8"))["exchanges"]:
            version: Any = exchange["response"].get("headers", {}).get("api-version")
            if version:
                return str(version)
    raise ValueError(f"{folder}: no recorded answer names its API-version")


def _release_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.removeprefix("openklant-").split(".") if part.isdigit())


@cache
def _book(version: str) -> ErrorBook:
    releases = recorded_releases()
    if version not in releases:
        raise KeyError(f"no recorded answers of an Open Klant serving API {version} (recorded: {sorted(releases)})")
    release = releases[version][-1]
    return ErrorBook(release, RECORDINGS / f"openklant-{release}")
