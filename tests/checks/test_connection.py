"""The opt-in connection check (issue 13, item 6): the verdict as a table, and the measurement
against servers on the loopback only (drops and handshake failures injected there)."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from checks.connection import _measurement, target_for
from checks.connection.decide import decide
from checks.connection.model import Measurement
from readiness.model import Status
from readiness.probe import connection

M = Measurement


@pytest.mark.parametrize(("m", "status", "words"), [
    (None, Status.NOT_APPLICABLE, "off"),
    (M("zoom.us", dns_error="Name or service not known"), Status.FAIL, "could not be found"),
    (M("zoom.us", samples=()), Status.UNKNOWN, "could not be measured"),
    (M("zoom.us", samples=(20.0, 21.0, 19.0, 20.0, 22.0, 20.5)), Status.PASS, "quickly"),
    (M("zoom.us", samples=(20.0, None, 19.0, 20.0, 22.0, 20.5)), Status.WARN, "1 of 6"),
    (M("zoom.us", samples=(20.0, None, None, 20.0, 22.0, 20.5)), Status.FAIL, "lost"),
    (M("zoom.us", samples=(None,) * 6), Status.FAIL, "lost"),
    (M("zoom.us", samples=(150.0, 155.0, 149.0, 151.0, 150.0, 152.0)), Status.WARN, "151 ms"),
    (M("zoom.us", samples=(350.0, 352.0, 349.0, 351.0, 350.0, 352.0)), Status.FAIL, "lag"),
    (M("zoom.us", samples=(20.0, 90.0, 20.0, 90.0, 20.0, 90.0)), Status.WARN, "varies"),
    (M("zoom.us", samples=(20.0, 55.0, 20.0, 55.0, 20.0, 55.0)), Status.WARN, "varies"),
    (M("zoom.us", samples=(20.0,) * 6, tls_error="SSLCertVerificationError"), Status.WARN,
     "secure connection"),
    (M("zoom.us", samples=(20.0,)), Status.PASS, "none lost"),
])
def test_decide(m: Measurement | None, status: Status, words: str) -> None:
    out = decide(m)
    assert out.status is status and words in out.summary, out.summary


@pytest.mark.parametrize(("value", "ok"), [
    ({"host": "zoom.us", "connect_ms": [1.0, None]}, True),
    ({"host": "other.example", "connect_ms": [1.0]}, False),  # an answer for another host
    ({"host": "zoom.us", "connect_ms": "fast"}, False),
    ({"host": "zoom.us", "connect_ms": [True]}, False),
    ({"host": "zoom.us", "connect_ms": [-1]}, False),
    ({"host": "zoom.us", "connect_ms": [1e9]}, False),
    ([], False),
])
def test_measurement_is_read_strictly(value: object, ok: bool) -> None:
    assert (_measurement("zoom.us", value) is not None) is ok


def test_platforms() -> None:
    assert target_for("Zoom") == "zoom.us" and target_for("") == ""
    assert target_for("video.example.org") == "video.example.org"


@pytest.mark.parametrize("bad", ["http://zoom.us", "a b", "user@zoom.us", "zoom.us:99999",
                                 "-x.com", "1.2.3.4/8", ""])
def test_targets_are_host_names_only(bad: str) -> None:
    with pytest.raises(ValueError):
        connection.parse_target(bad)


# --- the measurement, on the loopback only -------------------------------------------------

def _cert(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp / "c.pem", tmp / "k.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, ssl.SSLContext]]:
    cert, key = _cert(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            try:
                with server_ctx.wrap_socket(conn, server_side=True):
                    pass
            except (OSError, ssl.SSLError):
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client_ctx = ssl.create_default_context(cafile=str(cert))
    yield port, client_ctx
    stop.set()
    thread.join(2)
    listener.close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any name but localhost fails to resolve: these tests never leave the machine."""
    real = socket.getaddrinfo

    def resolve(host: str, *args: object, **kw: object) -> object:
        if host != "localhost":
            raise socket.gaierror(-2, "Name or service not known")
        return [i for i in real("127.0.0.1", *args, **kw)]  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def test_a_good_server_on_the_loopback_passes(tls_server: tuple[int, ssl.SSLContext]) -> None:
    port, ctx = tls_server
    value = connection.measure(f"localhost:{port}", tls_context=ctx)
    assert value["host"] == "localhost" and len(value["connect_ms"]) == connection.SAMPLES
    assert all(isinstance(t, float) for t in value["connect_ms"])
    assert isinstance(value["tls_ms"], float) and "tls_error" not in value
    m = _measurement("localhost", value)
    assert m is not None and decide(m).status is Status.PASS


def test_an_untrusted_certificate_is_a_warning(tls_server: tuple[int, ssl.SSLContext]) -> None:
    port, _trusted = tls_server
    value = connection.measure(f"localhost:{port}")  # the system's roots: ours is unknown
    assert "Verification" in value["tls_error"] or "SSL" in value["tls_error"]
    m = _measurement("localhost", value)
    assert m is not None and decide(m).status is Status.WARN


def test_nothing_listening_is_every_connection_lost() -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # the port is now closed: every connect is refused
    value = connection.measure(f"localhost:{port}", samples=3)
    assert value["connect_ms"] == [None, None, None]
    m = _measurement("localhost", value)
    assert m is not None and decide(m).status is Status.FAIL


def test_a_name_that_does_not_resolve_fails_without_leaving_the_machine() -> None:
    value = connection.measure("zoom.us")
    assert "dns_error" in value and "connect_ms" not in value


def test_cli_turns_it_on_and_refuses_a_bad_target(capsys: pytest.CaptureFixture[str]) -> None:
    import json as json_mod

    from readiness.cli.main import main

    assert main(["check", "--only", "connection_quality", "--json"]) == 0
    off = json_mod.loads(capsys.readouterr().out)["results"][0]
    assert off["status"] == "not_applicable"
    setting = off["evidence"][0]
    assert (setting["kind"], setting["source"]) == ("setting", "connection_target")
    assert main(["check", "--only", "connection_quality", "--connection", "zoom", "--json"]) == 1
    on = json_mod.loads(capsys.readouterr().out)["results"][0]
    assert on["status"] == "fail" and "zoom.us" in on["summary"]  # resolution is faked to fail
    assert main(["check", "--connection", "http://evil", "--only", "connection_quality"]) == 2
    assert "not a platform" in capsys.readouterr().err
