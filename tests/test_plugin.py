"""The pytest plugin as a consumer team uses it: a served mock, reset per test, with handles."""

from __future__ import annotations

import httpx
import pytest

from kcc_mock.testing.pytest_plugin import RunningMock

pytest_plugins = ["pytester"]
KLANTCONTACT = {"kanaal": "telefoon", "onderwerp": "x", "taal": "nld", "vertrouwelijk": False}


def client(mock: RunningMock) -> httpx.Client:
    """A client of the served mock."""
    return httpx.Client(base_url=mock.url, headers={"Authorization": f"Token {mock.token}"}, timeout=5)


def test_fixture_serves_on_loopback_with_faults_journal_and_consistency(kcc_mock: RunningMock) -> None:
    assert kcc_mock.url.startswith("http://127.0.0.1:")
    kcc_mock.faults.add({"match": {"operation": "klantcontactenCreate"}, "effect": {"status": 503}, "limit": 1})
    with client(kcc_mock) as http:
        assert http.post("/klantcontacten", json=KLANTCONTACT).status_code == 503
        assert http.post("/klantcontacten", json=KLANTCONTACT).status_code == 201
    assert [e.status for e in kcc_mock.journal.entries(operation="klantcontactenCreate")] == [503, 201]
    assert {f["rule"] for f in kcc_mock.consistency()["findings"]} == {
        "klantcontact-without-actor",
        "klantcontact-without-betrokkene",
    }


def test_fixture_starts_each_test_clean(kcc_mock: RunningMock) -> None:
    assert (kcc_mock.store.count("klantcontacten"), len(kcc_mock.journal), kcc_mock.faults.rules) == (0, 0, [])


def test_a_consumer_suite_gets_the_fixture_from_the_installed_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_rollback(kcc_mock):
            kcc_mock.faults.add({"match": {"operation": "actorklantcontactenCreate"}, "effect": {"status": 500}})
            headers = {"Authorization": f"Token {kcc_mock.token}"}
            body = {"kanaal": "x", "onderwerp": "y", "taal": "nld", "vertrouwelijk": False}
            with httpx.Client(base_url=kcc_mock.url, headers=headers) as http:
                kc = http.post("/klantcontacten", json=body).json()
                link = {"actor": {"uuid": kc["uuid"]}, "klantcontact": {"uuid": kc["uuid"]}}
                assert http.post("/actorklantcontacten", json=link).status_code == 500
                assert http.delete(f"/klantcontacten/{kc['uuid']}").status_code == 204
            assert kcc_mock.consistency()["consistent"]
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_plugin_is_warning_free_under_a_consumers_strictest_settings(pytester: pytest.Pytester) -> None:
    # A consumer project of its own (pytester's temporary directory), every warning an error.
    pytester.makeini("[pytest]\nfilterwarnings = error\naddopts = --strict-markers --strict-config\n")
    pytester.makepyfile(
        """
        import httpx

        def test_uses_every_part_of_the_mock(kcc_mock):
            headers = {"Authorization": f"Token {kcc_mock.token}"}
            body = {"kanaal": "x", "onderwerp": "y", "taal": "nld", "vertrouwelijk": False}
            with httpx.Client(base_url=kcc_mock.url, headers=headers) as http:
                kc = http.post("/klantcontacten", json=body).json()
                assert http.get(f"/klantcontacten/{kc['uuid']}", params={"expand": "hadBetrokkenen"}).status_code == 200
                assert http.get("/klantcontacten", headers={"X-Mock-Fault": "malformed"}).status_code == 200
                assert http.get("/ui/").status_code == 200
                assert http.get("/openapi.json").status_code == 200
                assert http.delete(f"/klantcontacten/{kc['uuid']}").status_code == 204
            kcc_mock.faults.add({"match": {"operation": "klantcontactenCreate"}, "effect": {"status": 503}})
            assert kcc_mock.consistency()["consistent"]
            assert len(kcc_mock.journal.entries()) == 4


        def test_a_second_test_gets_the_same_server_reset(kcc_mock):
            assert kcc_mock.faults.rules == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=2, warnings=0)


def test_the_fixture_serves_the_api_version_a_consumer_asks_for(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nkcc_mock_api_version = 0.8.0\n")
    pytester.makepyfile(
        """
        import httpx

        def test_older_release(kcc_mock):
            headers = {"Authorization": f"Token {kcc_mock.token}"}
            body = {"kanaal": "x", "onderwerp": "y", "taal": "nld", "vertrouwelijk": False}
            body["verdereActieOndernomen"] = True
            with httpx.Client(base_url=kcc_mock.url, headers=headers) as http:
                created = http.post("/klantcontacten", json=body)
            assert created.headers["API-version"] == "0.8.0"
            assert "verdereActieOndernomen" not in created.json()
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
    newest = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--kcc-mock-api-version", "0.9.0")
    newest.assert_outcomes(failed=1)
