"""Reading a PDF's attachments and signer certificate back, for verification and key cards.

Bounded: at most MAX_ATTACHMENTS embedded files are looked at and only the wanted ones are
decoded, each capped (a compression bomb cannot cost memory).
"""

from __future__ import annotations

import io
import zlib
from typing import Any

from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader

MAX_ATTACHMENT = 8 * 1024 * 1024  # decoded; a checklist's largest attachment is its bundle
MAX_ATTACHMENTS = 32


def _file_streams(reader: PdfFileReader) -> list[tuple[str, Any]]:
    """(name, stream object) of each embedded file, undecoded, from the EmbeddedFiles tree."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return []
    items = list(names)[: 2 * MAX_ATTACHMENTS]
    out: list[tuple[str, Any]] = []
    for i in range(0, len(items) - 1, 2):
        try:
            spec: Any = items[i + 1].get_object()
            out.append((str(items[i]), spec["/EF"]["/F"].get_object()))
        except (KeyError, TypeError, AttributeError, ValueError):
            continue
    return out


def _decoded(stream: Any, limit: int) -> bytes | None:
    """A stream's bytes if it is plain or Flate-encoded and decodes to at most ``limit``
    bytes; None otherwise. Decoded by hand so a compression bomb stops at the limit instead
    of filling memory (pyHanko would decode it whole)."""
    filters = stream.get("/Filter")
    if isinstance(filters, list | tuple):
        filters = filters[0] if len(filters) == 1 else "many"
    raw = bytes(stream.encoded_data)
    if filters is None:
        return raw if len(raw) <= limit else None
    if str(filters) != "/FlateDecode" or stream.get("/DecodeParms") is not None:
        return None
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, limit + 1)
    except zlib.error:
        return None
    return data if len(data) <= limit else None


def attachment_names(reader: PdfFileReader) -> list[str]:
    """Every embedded file's name, in order, repeats included."""
    return [name for name, _ in _file_streams(reader)]


def attachments(reader: PdfFileReader, wanted: set[str] | None = None,
                limit: int = MAX_ATTACHMENT) -> dict[str, bytes]:
    """The embedded files of a PDF by name (only ``wanted`` ones when given), each decoded
    only when it fits in ``limit`` bytes; others are left out."""
    out: dict[str, bytes] = {}
    for name, stream in _file_streams(reader):
        if (wanted is None or name in wanted) and name not in out:
            try:
                data = _decoded(stream, limit)
            except (KeyError, TypeError, AttributeError, ValueError):
                data = None
            if data is not None:
                out[name] = data
    return out


def read_attachments(pdf: bytes) -> dict[str, bytes]:
    return attachments(PdfFileReader(io.BytesIO(pdf), strict=False))


def signer_certificate(embedded_sig: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(embedded_sig.signer_cert.dump())
