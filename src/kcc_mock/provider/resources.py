"""What varies per resource, as data: references, delete rules, reverse relations, uniqueness.

Facts from Open Klant 2.18's models (`on_delete`, `unique`, default ordering); the brief's §5
lists them with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

OnDelete = Literal["cascade", "set_null", "remove", "protect"]  # "protect": the target cannot be deleted


@dataclass(frozen=True)
class Reference:
    """A writable reference field (`{uuid}` in, `{uuid, url}` out) to another collection."""

    target: str
    on_delete: OnDelete
    many: bool = False


@dataclass(frozen=True)
class Reverse:
    """A read-only list on the response, made of the records that reference this one."""

    source: str
    field: str
    through: str | None = None  # list the records this reference of the source points at
    embed: bool = False  # render whole records instead of links (`{uuid, url}` and what the schema adds)


@dataclass(frozen=True)
class Resource:
    """One collection of the API and the rules its records follow."""

    name: str
    model: str
    verbose: str
    references: MappingProxyType[str, Reference] = field(default_factory=lambda: MappingProxyType({}))
    reverse: MappingProxyType[str, Reverse] = field(default_factory=lambda: MappingProxyType({}))
    unique: tuple[str, ...] = ()
    unique_together: tuple[str, str] | None = None  # a pair of fields no two records may share
    groups: tuple[str, ...] = ()  # gegevensgroepen: written whole, never null on output
    nullable_groups: tuple[str, ...] = ()  # groups that stay null when not given
    # Groups for which an empty object `{}` counts as not sent: null on create, kept on update.
    empty_is_unsent: tuple[str, ...] = ()
    newest_first_by: str | None = None  # ordering field before -pk (descending)
    # A `uuid` the client sends must name a stored record: an unknown one is invalid, another's taken.
    uuid_names_a_record: bool = False


def _refs(**refs: Reference) -> MappingProxyType[str, Reference]:
    return MappingProxyType(refs)


def _reverse(**relations: Reverse) -> MappingProxyType[str, Reverse]:
    return MappingProxyType(relations)


_ADDRESSES = ("bezoekadres", "correspondentieadres")

RESOURCES: MappingProxyType[str, Resource] = MappingProxyType(
    {
        resource.name: resource
        for resource in (
            Resource(
                "klantcontacten",
                "Klantcontact",
                "klantcontact",
                reverse=_reverse(
                    gingOverOnderwerpobjecten=Reverse("onderwerpobjecten", "klantcontact"),
                    hadBetrokkenActoren=Reverse("actorklantcontacten", "klantcontact", through="actor", embed=True),
                    omvatteBijlagen=Reverse("bijlagen", "wasBijlageVanKlantcontact"),
                    hadBetrokkenen=Reverse("betrokkenen", "hadKlantcontact"),
                    leiddeTotInterneTaken=Reverse("internetaken", "aanleidinggevendKlantcontact"),
                ),
                unique=("nummer", "referentienummer"),
                newest_first_by="plaatsgevondenOp",
            ),
            Resource(
                "actorklantcontacten",
                "ActorKlantcontact",
                "actor klantcontact",
                references=_refs(
                    actor=Reference("actoren", "cascade"),
                    klantcontact=Reference("klantcontacten", "cascade"),
                ),
                unique_together=("actor", "klantcontact"),
            ),
            Resource(
                "betrokkenen",
                "Betrokkene",
                "betrokkene",
                references=_refs(
                    wasPartij=Reference("partijen", "cascade"),
                    hadKlantcontact=Reference("klantcontacten", "cascade"),
                ),
                reverse=_reverse(digitaleAdressen=Reverse("digitaleadressen", "verstrektDoorBetrokkene")),
                groups=(*_ADDRESSES, "contactnaam"),
            ),
            Resource(
                "actoren",
                "Actor",
                "actor",
                groups=("actoridentificator", "actorIdentificatie"),
                nullable_groups=("actorIdentificatie",),
                empty_is_unsent=("actorIdentificatie",),
            ),
            Resource(
                "partijen",
                "Partij",
                "partij",
                references=_refs(
                    voorkeursDigitaalAdres=Reference("digitaleadressen", "set_null"),
                    voorkeursRekeningnummer=Reference("rekeningnummers", "set_null"),
                ),
                reverse=_reverse(
                    betrokkenen=Reverse("betrokkenen", "wasPartij"),
                    categorieRelaties=Reverse("categorie-relaties", "partij"),
                    digitaleAdressen=Reverse("digitaleadressen", "verstrektDoorPartij"),
                    vertegenwoordigden=Reverse(
                        "vertegenwoordigingen", "vertegenwoordigendePartij", through="vertegenwoordigdePartij"
                    ),
                    rekeningnummers=Reverse("rekeningnummers", "partij"),
                    partijIdentificatoren=Reverse("partij-identificatoren", "identificeerdePartij", embed=True),
                ),
                unique=("nummer",),
                groups=(*_ADDRESSES, "partijIdentificatie"),
                nullable_groups=("partijIdentificatie",),
                empty_is_unsent=("partijIdentificatie",),
            ),
            Resource(
                "partij-identificatoren",
                "PartijIdentificator",
                "partij identificator",
                references=_refs(
                    identificeerdePartij=Reference("partijen", "cascade"),
                    subIdentificatorVan=Reference("partij-identificatoren", "protect"),
                ),
                groups=("partijIdentificator",),
                uuid_names_a_record=True,
            ),
            Resource(
                "onderwerpobjecten",
                "Onderwerpobject",
                "onderwerpobject",
                references=_refs(
                    klantcontact=Reference("klantcontacten", "cascade"),
                    wasKlantcontact=Reference("klantcontacten", "cascade"),
                ),
                groups=("onderwerpobjectidentificator",),
            ),
            Resource(
                "bijlagen",
                "Bijlage",
                "bijlage",
                references=_refs(wasBijlageVanKlantcontact=Reference("klantcontacten", "cascade")),
                groups=("bijlageidentificator",),
            ),
            Resource(
                "internetaken",
                "InterneTaak",
                "interne taak",
                references=_refs(
                    aanleidinggevendKlantcontact=Reference("klantcontacten", "cascade"),
                    toegewezenAanActoren=Reference("actoren", "remove", many=True),
                    # Deprecated single form: accepted on input, stored as toegewezenAanActoren.
                    toegewezenAanActor=Reference("actoren", "remove"),
                ),
                unique=("nummer", "referentienummer"),
            ),
            Resource(
                "digitaleadressen",
                "DigitaalAdres",
                "digitaal adres",
                references=_refs(
                    verstrektDoorBetrokkene=Reference("betrokkenen", "set_null"),
                    verstrektDoorPartij=Reference("partijen", "cascade"),
                ),
            ),
            Resource("categorieen", "Categorie", "categorie"),
            Resource(
                "categorie-relaties",
                "CategorieRelatie",
                "categorie relatie",
                references=_refs(
                    partij=Reference("partijen", "cascade"),
                    categorie=Reference("categorieen", "cascade"),
                ),
            ),
            Resource(
                "rekeningnummers",
                "Rekeningnummer",
                "rekeningnummer",
                references=_refs(partij=Reference("partijen", "cascade")),
            ),
            Resource(
                "vertegenwoordigingen",
                "Vertegenwoordigden",
                "vertegenwoordigde",
                references=_refs(
                    vertegenwoordigendePartij=Reference("partijen", "cascade"),
                    vertegenwoordigdePartij=Reference("partijen", "cascade"),
                ),
                unique_together=("vertegenwoordigendePartij", "vertegenwoordigdePartij"),
            ),
        )
    }
)
