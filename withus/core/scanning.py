"""Virus scanning of uploads, where the trust has a scanner (README "Virus scanning").

WITHUS_VIRUS_SCANNER names a callable `scanner(data: bytes, *, name: str) -> str | None`: None when the file is
clean, otherwise the name of what it found. It raises ScannerUnavailable when it cannot scan; the upload is then
refused (fail closed), never let through unchecked. Empty (the default): no scanner is configured, and uploads
are still checked by content (receipts: images re-encoded, PDFs parsed and refused with scripts or launch actions).
"""

import logging
import socket
import struct

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CLAMD_CHUNK = 64 * 1024
CLAMD_TIMEOUT_SECONDS = 30


class ScannerUnavailable(Exception):
    """The configured scanner could not check the file."""


def scan(data: bytes, *, name: str) -> str | None:
    """What the configured scanner found in the file (None: clean, or no scanner configured)."""
    path = getattr(settings, "WITHUS_VIRUS_SCANNER", "")
    if not path:
        return None
    try:
        found = import_string(path)(data, name=name)
    except ScannerUnavailable:
        logger.exception("The virus scanner could not check %s", name)
        raise
    except Exception as error:
        logger.exception("The virus scanner %s failed on %s", path, name)
        raise ScannerUnavailable(str(error)) from error
    if found:
        logger.warning("The virus scanner found %s in an upload (%s); it was refused", found, name)
    return found or None


def _clamd_connection() -> socket.socket:
    if settings.WITHUS_CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(CLAMD_TIMEOUT_SECONDS)
        connection.connect(settings.WITHUS_CLAMD_SOCKET)
        return connection
    if settings.WITHUS_CLAMD_HOST:
        return socket.create_connection(
            (settings.WITHUS_CLAMD_HOST, settings.WITHUS_CLAMD_PORT), timeout=CLAMD_TIMEOUT_SECONDS
        )
    raise ScannerUnavailable("Set WITHUS_CLAMD_SOCKET, or WITHUS_CLAMD_HOST and WITHUS_CLAMD_PORT, for clamd_scan.")


def clamd_scan(data: bytes, *, name: str) -> str | None:
    """ClamAV's clamd, over its INSTREAM protocol (a Unix socket or TCP): the file is streamed, never written."""
    try:
        with _clamd_connection() as connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CLAMD_CHUNK):
                chunk = data[start : start + CLAMD_CHUNK]
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise ScannerUnavailable(f"clamd could not be reached: {error}") from error
    answer = reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", or "... ERROR" (e.g. the size limit).
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix(" FOUND").strip() or "a virus"
    if answer.endswith(": OK"):
        return None
    raise ScannerUnavailable(f"clamd answered {answer!r}")
