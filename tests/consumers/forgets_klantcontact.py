"""Planted bug: the reference saga, but the klantcontact is left out of the compensation.

It deletes the actor link, the betrokkene and a partij it registered, and forgets the contact.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, saga
from kcc_mock.consumer.saga import RetryPolicy, Saga, SagaExecutor
from kcc_mock.http.client import HttpxProvider


def main(env: Mapping[str, str]) -> int:
    """F2173 whose rollback forgets the klantcontact."""
    contact = Contact(env["KCC_ACTOR_UUID"], new_referentienummer(), partij_bsn=env.get("KCC_PARTIJ_BSN"))
    flow = saga(contact)
    steps = tuple(dataclasses.replace(s, compensate=s.name != "klantcontact") for s in flow.steps)
    with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], timeout=1.0) as client:
        result = SagaExecutor(client, RetryPolicy(attempts=2, backoff=0.01)).run(Saga(flow.name, steps))
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(os.environ))
