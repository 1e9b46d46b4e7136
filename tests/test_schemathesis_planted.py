"""Each domain check, and stateful testing, finds the bug planted in a variant of the mock.

A run is restricted to the operations and phase that reach the bug, with a fixed seed, and must
report the check's failure; `test_schemathesis.py` shows the same run finds nothing in the mock.
The last test plants a gap in the spec instead: item operations no link leads to, which the
reachability tests of `test_schemathesis.py` must then report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis_variants as variants
import yaml
from schemathesis_stateful import item_operations
from schemathesis_support import BASE_PATH, SPEC, Outcome, run_schemathesis
from starlette.types import ASGIApp

from kcc_mock.config import Settings
from kcc_mock.http.app import create_app
from kcc_mock.http.server import ThreadedServer

SEED = "2173"


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """A variant on a free 127.0.0.1 port; yields the API's base URL."""
    with ThreadedServer(app) as server:
        yield f"http://{server.host}:{server.port}{BASE_PATH}"


def fuzz(variant: Callable[[], ASGIApp], tmp_path: Path, phase: str, *operations: str, examples: int = 5) -> Outcome:
    """Run one phase of schemathesis on the given operations of a variant."""
    selection = [option for operation in operations for option in ("--include-operation-id", operation)]
    options = ["--phases", phase, "--max-examples", str(examples), "--seed", SEED, "--continue-on-failure", *selection]
    with serving(variant()) as url:
        return run_schemathesis(url, tmp_path, *options)


def custom(name: str) -> str:
    """The failure title schemathesis gives a custom check."""
    return f"Custom check failed: `{name}`"


STATEFUL_FLOW = ("klantcontactenCreate", "betrokkenenCreate", "klantcontactenDestroy", "klantcontactenRetrieve")


@pytest.mark.parametrize(
    ("variant", "phase", "operations", "failure"),
    [
        pytest.param(
            variants.url_with_trailing_slash,
            "fuzzing",
            ("klantcontactenCreate",),
            custom("created_object_is_readable_at_its_url"),
            id="created-url",
        ),
        pytest.param(
            variants.stale_reverse_relation,
            "stateful",
            STATEFUL_FLOW,
            custom("references_and_reverse_relations_agree"),
            id="reverse-relation",
        ),
        pytest.param(
            variants.delete_without_cascade,
            "stateful",
            STATEFUL_FLOW,
            custom("DeleteCascades"),
            id="cascade",
        ),
        pytest.param(
            variants.error_instance_not_an_urn,
            "fuzzing",
            ("klantcontactenCreate",),
            custom("errors_use_the_api_error_shape"),
            id="error-shape",
        ),
        pytest.param(
            variants.store_then_reject,
            "fuzzing",
            ("klantcontactenCreate",),
            custom("RejectedRequestStoresNothing"),
            id="store-then-reject",
        ),
        pytest.param(
            variants.maak_klantcontact_not_atomic,
            "fuzzing",
            ("maakKlantcontactCreate",),
            custom("RejectedRequestStoresNothing"),
            id="maak-not-atomic",
        ),
        pytest.param(
            variants.rejects_an_existing_reference,
            "stateful",
            STATEFUL_FLOW,
            "Schema-valid request rejected",
            id="kept-rejection-of-an-existing-reference",
        ),
        pytest.param(
            variants.delete_that_keeps,
            "stateful",
            STATEFUL_FLOW,
            "Deleted resource still available",
            id="stateful-use-after-free",
        ),
    ],
)
def test_planted_bug_is_found(
    variant: Callable[[], ASGIApp], phase: str, operations: tuple[str, ...], failure: str, tmp_path: Path
) -> None:
    outcome = fuzz(variant, tmp_path, phase, *operations)
    assert outcome.errors == [], outcome.output[-4000:]
    assert failure in outcome.failures, f"{failure} not in {sorted(outcome.failures)}\n{outcome.output[-4000:]}"
    assert outcome.exit_code == 1


STORED = custom("RejectedRequestStoresNothing")
CHANGED = r"POST /{path} answered 400 and still changed what is stored: {collection}: (\d+) -> (\d+)"


@pytest.mark.parametrize(
    ("variant", "operation", "path", "collection"),
    [
        pytest.param(
            variants.maak_klantcontact_not_atomic_once,
            "maakKlantcontactCreate",
            "maak-klantcontact",
            "klantcontacten",
            id="maak-stores-its-klantcontact-once",
        ),
        pytest.param(
            variants.partij_refused_after_its_identificatoren,
            "partijenCreate",
            "partijen",
            "partij-identificatoren",
            id="partij-leaves-its-identificatoren",
        ),
    ],
)
def test_a_rejected_write_is_compared_with_what_was_stored_before_it_was_sent(
    variant: Callable[[], ASGIApp], operation: str, path: str, collection: str, tmp_path: Path
) -> None:
    """Sending the request again stores nothing more (maak), or stores in a collection the write does not
    address (partij): the check before the snapshot was taken ahead of the first send passed both."""
    outcome = fuzz(variant, tmp_path, "fuzzing", operation)
    assert (outcome.failures, outcome.errors) == ({STORED: [f"POST /{path}"]}, []), outcome.output[-4000:]
    for message in outcome.messages[STORED]:
        found = re.fullmatch(CHANGED.format(path=path, collection=collection), message)
        assert found is not None, message
        before, after = int(found[1]), int(found[2])
        assert after == before + 1 if path == "maak-klantcontact" else after > before, message


REFUSED = "Schema-valid request rejected"


def test_a_refusal_whose_reason_nothing_confirms_fails_the_run(tmp_path: Path) -> None:
    """Every digitaal adres refused as `adres`/`invalid`: a rule's own field and code, so the filter that
    believed the label passed the run; an address that fits its kind (any `overig` text, a real e-mail)
    has no evidence for that reason."""
    outcome = fuzz(variants.refuses_every_address, tmp_path, "fuzzing", "digitaleadressenCreate")
    assert (outcome.failures, outcome.errors) == ({REFUSED: ["POST /digitaleadressen"]}, []), outcome.output[-4000:]
    assert [message.splitlines()[0] for message in outcome.messages[REFUSED]] == [
        "Valid data should have been accepted"
    ]


def spec_without_links_to(collection: str, directory: Path) -> Path:
    """A copy of the spec in which no link leads to the item operations of one collection."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    item = document["paths"][f"/{collection}/{{uuid}}"]
    targets = {operation["operationId"] for operation in item.values() if isinstance(operation, dict)}
    removed = 0
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for response in operation.get("responses", {}).values() if isinstance(operation, dict) else ():
                links = response.get("links", {})
                for name in [name for name, link in links.items() if link.get("operationId") in targets]:
                    del links[name]
                    removed += 1
    assert removed == 4, f"expected one link per item operation of {collection}, removed {removed}"
    copy = directory / "klantinteracties.yaml"
    copy.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return copy


def test_item_operations_no_link_leads_to_are_neither_reachable_nor_reached(tmp_path: Path) -> None:
    group = ("klantcontacten", "actoren", "internetaken")  # the internetaken and what they refer to
    spec = spec_without_links_to("internetaken", tmp_path)
    selection = ("--include-path-regex", f"^/({'|'.join(group)})(/|$)")
    options = ("--phases", "stateful", "--max-examples", "5", "--seed", SEED, *selection)
    with serving(create_app(Settings(swagger_ui=False))) as url:
        outcome = run_schemathesis(url, tmp_path / "report", *options, spec=spec, steps=True)
    assert (outcome.failures, outcome.errors) == ({}, []), outcome.output[-4000:]
    internetaken = item_operations(spec, ["internetaken"])
    assert item_operations(spec, group) - outcome.reachable(spec) == internetaken
    assert not outcome.reached() & internetaken
    # The same run did reach the item operations the spec still links to, on objects it created.
    assert outcome.reached() & item_operations(spec, ["klantcontacten"])
    assert outcome.reached() & item_operations(spec, ["actoren"])


def coverage_of_klantcontact_creates(variant: Callable[[], ASGIApp], tmp_path: Path, strict: bool) -> Outcome:
    """The coverage phase (it sends `"nummer": ""`) on klantcontact creates of a variant."""
    options = ("--phases", "coverage", "--seed", SEED, "--include-operation-id", "klantcontactenCreate")
    with serving(variant()) as url:
        return run_schemathesis(url, tmp_path, *options, strict=strict)


def test_a_known_deviation_of_the_reference_is_shown_and_does_not_fail_the_run(tmp_path: Path) -> None:
    outcome = coverage_of_klantcontact_creates(variants.server_error_on_a_blank_number, tmp_path, strict=False)
    assert (outcome.failures, outcome.errors, outcome.exit_code) == ({}, [], 0), outcome.output[-4000:]
    assert {(entry["id"], entry["check"]) for entry in outcome.deviations} == {
        ("OK-ST-02", "ST101"),
        ("OK-ST-02", "ST103"),
    }


def test_a_known_deviation_fails_a_strict_run(tmp_path: Path) -> None:
    outcome = coverage_of_klantcontact_creates(variants.server_error_on_a_blank_number, tmp_path, strict=True)
    assert outcome.failures == {
        "Server error": ["POST /klantcontacten"],
        "Undocumented status code": ["POST /klantcontacten"],
    }
    assert (outcome.deviations, outcome.exit_code) == ((), 1)


def test_a_server_error_the_deviation_does_not_explain_fails_the_run(tmp_path: Path) -> None:
    outcome = coverage_of_klantcontact_creates(variants.server_error_on_every_klantcontact, tmp_path, strict=False)
    assert outcome.failures == {
        "Server error": ["POST /klantcontacten"],
        "Undocumented status code": ["POST /klantcontacten"],
    }
    assert outcome.exit_code == 1
