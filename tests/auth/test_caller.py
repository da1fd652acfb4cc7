"""The caller of a request, as both doors find it: the principal, API keys only where a door
asks, lastUsedAt, and an unreachable database told apart from a bad credential."""

from __future__ import annotations

import pytest

from auth.bearer import AuthenticationFailed, Authenticator
from auth.caller import CredentialsUnavailable, identify, record_use
from auth.last_used import LastUsedRecorder
from auth.principal import Principal
from auth.throttle import FailureThrottle
from models import MemberRole
from tests.factories import make_member, make_session


def _authenticator(settings, services, throttle=None) -> Authenticator:
    return Authenticator(settings, services.cache, throttle)


async def test_a_key_is_a_principal_on_both_doors(settings, services, org):
    for keys_only in (False, True):
        principal = await identify(
            _authenticator(settings, services), f"Bearer {org.key}", None, keys_only=keys_only
        )
        assert principal.api_key_id == org.key_id


async def test_a_session_is_refused_by_its_shape_where_keys_only_are_taken(settings, services, org):
    session = await make_session(services, await make_member(org.id, MemberRole.ADMIN))
    throttle = FailureThrottle(address_limit=1)
    authenticator = _authenticator(settings, services, throttle)
    assert (await identify(authenticator, f"Bearer {session}", None)).member_id
    for _ in range(3):  # no guess counted: the limit of one would refuse the second
        with pytest.raises(AuthenticationFailed):
            await identify(authenticator, f"Bearer {session}", None, keys_only=True)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic abc", "Bearer lk_live_x"])
async def test_no_credential_fails_the_same_on_both_doors(settings, services, header):
    for keys_only in (False, True):
        with pytest.raises(AuthenticationFailed):
            await identify(_authenticator(settings, services), header, None, keys_only=keys_only)


async def test_an_unreachable_database_is_unavailable_not_a_failure(
    settings, services, org, monkeypatch
):
    async def down(*args, **kwargs):
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr("auth.bearer._load_api_key", down)
    services.cache.clear()
    with pytest.raises(CredentialsUnavailable):
        await identify(_authenticator(settings, services), f"Bearer {org.key}", None)


def test_use_is_recorded_for_keys_only():
    recorder = LastUsedRecorder()
    record_use(recorder, Principal("org", full_access=True, grants=frozenset(), member_id="m"))
    assert recorder.pending == 0
    record_use(recorder, Principal("org", full_access=True, grants=frozenset(), api_key_id="k"))
    assert recorder.pending == 1
