"""A consumer of another flow variant: the reference saga without the partij step.

It ignores `KCC_PARTIJ_BSN` and always adds a betrokkene with a contactnaam only, which F2173
allows. It has no bug: the scenarios that break the partij step do not test it (not exercised),
and every other scenario passes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from kcc_mock.consumer.f2173 import Contact, new_referentienummer, registreer_klantcontact
from kcc_mock.consumer.saga import RetryPolicy
from kcc_mock.http.client import HttpxProvider


def main(env: Mapping[str, str]) -> int:
    """F2173 with a contactnaam only, whatever partij the scenario offers."""
    contact = Contact(env["KCC_ACTOR_UUID"], new_referentienummer(), partij_bsn=None)
    with HttpxProvider(env["KCC_BASE_URL"], env["KCC_TOKEN"], timeout=0.5) as client:
        result = registreer_klantcontact(client, contact, RetryPolicy(backoff=0.01))
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main(os.environ))
