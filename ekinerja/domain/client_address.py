"""Which address a request really came from, for limits keyed by client.

The peer of the TCP connection is the client, unless it is one of the reverse proxies the
operator trusts (``EKINERJA_TRUSTED_PROXIES``): then ``X-Forwarded-For`` is read from the right,
skipping further trusted proxies, and the first address not among them is the client. Entries a
client wrote itself (to the left of what a trusted proxy appended) are never believed, and from an
untrusted peer the header is ignored altogether.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

Network = IPv4Network | IPv6Network


def _parsed(text: str) -> IPv4Address | IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.5:443
        text = text.split(":", 1)[0]
    try:
        return ip_address(text)
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address, proxies: Iterable[Network]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_address(peer: str, forwarded_for: str, trusted_proxies: Iterable[Network]) -> str:
    """The client's address as text (the peer's own text when it is not an IP address)."""
    proxies = tuple(trusted_proxies)
    current = _parsed(peer)
    if current is None:
        return peer.strip()[:64]
    if not proxies:
        return str(current)
    hops = [part for part in forwarded_for.split(",") if part.strip()]
    while _trusted(current, proxies) and hops:
        previous = _parsed(hops.pop())
        if previous is None:
            break  # a garbled entry: the proxy that passed it on is the last address known
        current = previous
    return str(current)
