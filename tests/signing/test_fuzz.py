"""Hypothesis fuzzing of the verifier: whatever the bytes, it may only raise VerifyError
(bundles) or report a failed Verification (files), never crash or accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.signing import keys, signers
from readiness.signing.errors import VerifyError
from readiness.signing.verify import check_bundle, verify_file
from tests.keychain import PASSPHRASE

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def trusted(tmp_path_factory: pytest.TempPathFactory) -> list[signers.Signer]:
    home = tmp_path_factory.mktemp("fuzz-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("READINESS_HOME", str(home))
    try:
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)
        return signers.list_signers()
    finally:
        mp.undo()


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_only_raise_verify_error(trusted: list[signers.Signer], data: bytes) -> None:
    with pytest.raises(VerifyError):
        check_bundle(data, trusted)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=True),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@FUZZ
@given(json_values)
def test_random_json_only_raises_verify_error(trusted: list[signers.Signer],
                                              value: object) -> None:
    data = json.dumps(value).encode()
    with pytest.raises(VerifyError):
        check_bundle(data, trusted)


@FUZZ
@given(st.fixed_dictionaries({
    "mediaType": st.just("application/vnd.dev.sigstore.bundle.v0.3+json"),
    "verificationMaterial": json_values,
    "dsseEnvelope": st.fixed_dictionaries({
        "payload": st.text(max_size=40),
        "payloadType": st.text(max_size=40),
        "signatures": json_values,
    }),
}))
def test_bundle_shaped_json_only_raises_verify_error(trusted: list[signers.Signer],
                                                     doc: dict[str, object]) -> None:
    with pytest.raises(VerifyError):
        check_bundle(json.dumps(doc).encode(), trusted)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_pdf_shaped_garbage_is_a_failed_verification(trusted: list[signers.Signer],
                                                     tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7\n" + data)
    v = verify_file(path, trusted)
    assert not v.ok and v.problems
