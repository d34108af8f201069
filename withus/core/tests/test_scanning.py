"""The virus-scanner hook and its ClamAV client, against a stand-in clamd on 127.0.0.1 that speaks clamd's
INSTREAM protocol and "finds" a marker, as ClamAV finds the EICAR test file."""

import socketserver
import struct
import threading

import pytest

from withus.core import scanning
from withus.core.tests.fake_scanner import MARKER


class FakeClamd(socketserver.BaseRequestHandler):
    received: list[bytes] = []

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            (size,) = struct.unpack(">I", self._exactly(4))
            if size == 0:
                break
            data += self._exactly(size)
        FakeClamd.received.append(data)
        self.request.sendall(b"stream: Withus-Test-Marker FOUND\0" if MARKER in data else b"stream: OK\0")

    def _exactly(self, size: int) -> bytes:
        chunks = b""
        while len(chunks) < size:
            chunks += self.request.recv(size - len(chunks))
        return chunks


@pytest.fixture
def clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WITHUS_VIRUS_SCANNER = "withus.core.scanning.clamd_scan"
    settings.WITHUS_CLAMD_SOCKET = ""
    settings.WITHUS_CLAMD_HOST, settings.WITHUS_CLAMD_PORT = server.server_address
    FakeClamd.received.clear()
    yield server
    server.shutdown()
    server.server_close()


def test_no_scanner_configured_means_no_scan(settings):
    settings.WITHUS_VIRUS_SCANNER = ""
    assert scanning.scan(MARKER, name="receipt") is None


def test_clamd_streams_the_whole_file_and_reports_what_it_found(clamd):
    big = b"x" * (scanning.CLAMD_CHUNK * 2 + 10) + MARKER
    assert scanning.scan(big, name="receipt") == "Withus-Test-Marker"
    assert FakeClamd.received == [big]
    assert scanning.scan(b"a clean receipt", name="receipt") is None


def test_clamd_out_of_reach_is_unavailable_not_clean(clamd, settings):
    clamd.shutdown()
    clamd.server_close()
    with pytest.raises(scanning.ScannerUnavailable, match="could not be reached"):
        scanning.scan(b"a receipt", name="receipt")


def test_clamd_without_an_address_is_unavailable(settings):
    settings.WITHUS_VIRUS_SCANNER = "withus.core.scanning.clamd_scan"
    settings.WITHUS_CLAMD_SOCKET = settings.WITHUS_CLAMD_HOST = ""
    with pytest.raises(scanning.ScannerUnavailable, match="Set WITHUS_CLAMD_SOCKET"):
        scanning.scan(b"a receipt", name="receipt")


def test_a_scanner_that_crashes_counts_as_unavailable(settings):
    settings.WITHUS_VIRUS_SCANNER = "builtins.len"  # takes no name= keyword: raises TypeError
    with pytest.raises(scanning.ScannerUnavailable):
        scanning.scan(b"a receipt", name="receipt")
