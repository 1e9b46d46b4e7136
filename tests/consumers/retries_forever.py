"""Planted bug: the reference saga with a retry policy that never gives up."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, registreer_klantcontact
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.http.client import HttpxProvider

FOREVER = RetryPolicy(attempts=10**9, delete_attempts=10**9, backoff=0.01, max_backoff=0.01)


def main(env: Mapping[str, str]) -> int:
    """F2173 retrying every failed call, for ever."""
    contact = Contact(env["KCC_ACTOR_UUID"], new_referentienummer(), partij_bsn=env.get("KCC_PARTIJ_BSN"))
    with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], timeout=0.5) as client:
        return registreer_klantcontact(client, contact, FOREVER).exit_code


if __name__ == "__main__":
    sys.exit(main(os.environ))
