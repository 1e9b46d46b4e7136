"""Planted bug: the reference saga, then "cleaning up" the actor after a failed run that linked it.

Deleting an actor cascades into every contact it ever took: someone else's data is gone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, registreer_klantcontact
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.http.client import HttpxProvider


def main(env: Mapping[str, str]) -> int:
    """F2173 whose rollback also deletes the logged-in actor."""
    contact = Contact(env["KCC_ACTOR_UUID"], new_referentienummer(), partij_bsn=env.get("KCC_PARTIJ_BSN"))
    with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], timeout=1.0) as client:
        result = registreer_klantcontact(client, contact, RetryPolicy(attempts=2, backoff=0.01))
        if result.outcome != "completed" and any(c.step == "actorklantcontact" for c in result.created):
            client.delete(f"/actoren/{contact.actor_uuid}")
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(os.environ))
