"""A stand-in virus scanner for tests (WITHUS_VIRUS_SCANNER): it "finds" a marker string, like ClamAV finds
the EICAR test file, and can be told it is unavailable."""

from withus.core.scanning import ScannerUnavailable

MARKER = b"WITHUS-TEST-VIRUS-MARKER-NOT-A-REAL-VIRUS"
scanned: list[str] = []


def scan(data: bytes, *, name: str) -> str | None:
    scanned.append(name)
    return "Withus.Test.Marker" if MARKER in data else None


def unavailable(data: bytes, *, name: str) -> str | None:
    raise ScannerUnavailable("the test scanner is switched off")
