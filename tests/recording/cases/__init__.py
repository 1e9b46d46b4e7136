"""The cases recorded from Open Klant: each a title and requests, replayed from an empty store.

The recordings in tests/data/recordings are keyed by case name; the modules group the cases by theme.
"""

from __future__ import annotations

from ..exchanges import Case
from .categorieen import CATEGORIEEN
from .crud import CRUD
from .digitale_adressen import DIGITALE_ADRESSEN
from .klantcontacten import KLANTCONTACT_ERRORS, MAAK
from .partij_links import REKENINGNUMMERS, VERTEGENWOORDIGINGEN
from .partijen import ACTOREN, IDENTIFICATOREN, PARTIJEN
from .protocol import EMPTY, PATHS, SNAKE
from .reads import EXPAND, FILTERS, LISTS
from .rules import RULES

CASES: tuple[Case, ...] = (
    *FILTERS,
    *RULES,
    *EMPTY,
    *EXPAND,
    *SNAKE,
    *PARTIJEN,
    *ACTOREN,
    *IDENTIFICATOREN,
    *DIGITALE_ADRESSEN,
    *MAAK,
    *PATHS,
    *KLANTCONTACT_ERRORS,
    *LISTS,
    *CRUD,
    *CATEGORIEEN,
    *REKENINGNUMMERS,
    *VERTEGENWOORDIGINGEN,
)
