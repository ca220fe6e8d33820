from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# ---------------------------------------------------------------------------------------------
# A local test timestamp authority (RFC 3161) on 127.0.0.1: pyHanko's DummyTimeStamper behind
# http.server. Tests never reach a real TSA.


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_tsa_pki(label: str) -> tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey]:
    """A root CA and a TSA certificate (critical EKU timeStamping) issued by it."""
    now = dt.datetime.now(dt.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = (
        x509.CertificateBuilder().subject_name(_name(f"{label} Test Root"))
        .issuer_name(_name(f"{label} Test Root")).public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = (
        x509.CertificateBuilder().subject_name(_name(f"{label} Test TSA"))
        .issuer_name(root.subject).public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return root, tsa_cert, tsa_key


@dataclass
class LocalTSA:
    url: str
    root: x509.Certificate
    mode: list[str] = field(default_factory=lambda: ["ok"])  # ok | http500 | garbage | wrong
    fixed_time: list[dt.datetime | None] = field(default_factory=lambda: [None])
    requests: list[bytes] = field(default_factory=list)


@pytest.fixture(scope="session")
def _tsa_pki() -> tuple[tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey],
                        tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey]]:
    return make_tsa_pki("Readiness"), make_tsa_pki("Impostor")


@pytest.fixture
def local_tsa(_tsa_pki: Any) -> Iterator[LocalTSA]:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    def stamper(pki: Any, when: dt.datetime | None) -> DummyTimeStamper:
        _root, cert, key = pki
        der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        return DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(der),
            fixed_dt=when,
        )

    good, impostor = _tsa_pki
    state = LocalTSA(url="", root=good[0])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.requests.append(body)
            mode = state.mode[0]
            if mode == "http500":
                self.send_response(500)
                self.end_headers()
                return
            if mode == "garbage":
                reply = b"<html>not a timestamp</html>"
            else:
                pki = impostor if mode == "wrong" else good
                req = tsp.TimeStampReq.load(body)
                reply = stamper(pki, state.fixed_time[0]).request_tsa_response(req).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/tsr"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
