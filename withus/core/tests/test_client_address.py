"""The client's address, as the audit log and the sign-in limits see it."""

import pytest

from withus.core.client_address import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: the header is the client's say-so, ignored
        (1, "", "10.0.0.1"),  # the proxy added nothing: its own address is all there is
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not trusted
        (1, "192.0.2.1, not-an-address", "10.0.0.1"),  # a broken entry from the proxy falls back
        (1, "192.0.2.1,  2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_only_the_entries_added_by_trusted_proxies_count(rf, settings, proxies, forwarded, expected):
    settings.WITHUS_TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", **headers)) == expected


def test_no_request_no_address():
    assert client_ip(None) is None
