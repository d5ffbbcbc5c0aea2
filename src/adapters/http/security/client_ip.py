"""Who is really on the other end of a connection.

Proxy headers are believed only when the direct peer is one of our own proxies; anyone else can
write whatever they like into ``X-Forwarded-For``.
"""

import ipaddress
from collections.abc import Iterable, Sequence
from functools import lru_cache

from litestar.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_PROTOS = frozenset({"http", "https", "ws", "wss"})
# Rate-limit keys are built from this value: keep garbage from a misbehaving proxy short.
_MAX_HOP_LENGTH = 64


@lru_cache(maxsize=32)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted)


def parse_trusted_proxies(trusted_proxies: Iterable[str]) -> tuple[Network, ...]:
    """Validate a trusted-proxy list (IPs or CIDRs) up front; raises ValueError on a typo."""
    return _networks(tuple(trusted_proxies))


def _parse(text: str) -> Address | None:
    """An address from a peer or a forwarded hop: bare, ``v4:port`` or ``[v6]:port``."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address | None, trusted_proxies: Sequence[str]) -> bool:
    if address is None or not trusted_proxies:
        return False
    return any(address in network for network in _networks(tuple(trusted_proxies)))


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


def _header_values(scope: Scope, name: bytes) -> list[str]:
    """Every comma-separated item of every occurrence of a header, in order.

    A proxy may append its own header line rather than extend the client's one; reading only the
    first line would then hand the client-written value to us.
    """
    items: list[str] = []
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            items.extend(part.strip() for part in value.decode("latin-1").split(","))
    return [item for item in items if item]


def peer_is_trusted(scope: Scope, trusted_proxies: Sequence[str]) -> bool:
    return _is_trusted(_parse(_peer(scope)), trusted_proxies)


def client_ip(scope: Scope, trusted_proxies: Sequence[str]) -> str:
    """The client's address: the direct peer, or behind trusted proxies the rightmost
    ``X-Forwarded-For`` hop that is not itself a trusted proxy."""
    raw_peer = _peer(scope)
    peer = _parse(raw_peer)
    if not _is_trusted(peer, trusted_proxies):
        return str(peer) if peer is not None else raw_peer or "unknown"
    hops = _header_values(scope, b"x-forwarded-for")
    if not hops:
        return str(peer)
    for hop in reversed(hops):
        address = _parse(hop)
        if not _is_trusted(address, trusted_proxies):
            return str(address) if address is not None else hop[:_MAX_HOP_LENGTH]
    # Every hop is one of ours (internal traffic): the first one started the chain.
    first = _parse(hops[0])
    return str(first) if first is not None else str(peer)


def forwarded_proto(scope: Scope, trusted_proxies: Sequence[str]) -> str:
    """The scheme the client used: ``X-Forwarded-Proto`` from a trusted proxy, else the
    connection's own. The first value wins, since the client-facing proxy sets it."""
    scheme = str(scope.get("scheme", "http")).lower()
    if peer_is_trusted(scope, trusted_proxies):
        values = _header_values(scope, b"x-forwarded-proto")
        if values and values[0].lower() in _PROTOS:
            return values[0].lower()
    return scheme
