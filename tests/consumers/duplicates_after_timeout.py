"""Planted bug: the reference saga, but the klantcontact has no referentienummer and no lookup.

After a timeout on the first step it simply posts again: if the first post was stored after all,
there are now two klantcontacten, one of them without actor or betrokkene.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from typing import Any

from kcc_mock.consumer.f2173 import Contact, saga
from kcc_mock.consumer.saga import Known, RetryPolicy, Saga, SagaExecutor
from kcc_mock.http.client import HttpxProvider


def main(env: Mapping[str, str]) -> int:
    """F2173 that retries a timed-out klantcontact blindly."""
    contact = Contact(env["KCC_ACTOR_UUID"], "0", partij_bsn=env.get("KCC_PARTIJ_BSN"))
    flow = saga(contact)
    first = flow.steps[0]

    def body(known: Known) -> dict[str, Any]:
        return {key: value for key, value in first.body(known).items() if key != "referentienummer"}

    steps = (dataclasses.replace(first, body=body, lookup=None), *flow.steps[1:])
    with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], timeout=1.0) as client:
        result = SagaExecutor(client, RetryPolicy(attempts=2, backoff=0.01)).run(Saga(flow.name, steps))
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(os.environ))
