"""Bearer tokens: who may write (and, when reads are closed, read), and the name each write is recorded under.

Tokens come from the settings table: ``write_tokens`` and ``read_tokens`` as comma-separated
``name:token`` pairs, and ``write_token_file`` with one pair per line. A presented token is compared
with every configured one in constant time (``hmac.compare_digest``, no early exit), so the time an
answer takes tells nothing about how much of a token was right.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from graph_api.settings import Settings

HOW_TO_ENABLE = (
    "writes are not enabled on this server: set GRAPH_API_WRITE_TOKENS to comma-separated name:token pairs (or GRAPH_API_WRITE_TOKEN_FILE)"
)
MIN_TOKEN_CHARS = 16


class Access(Enum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Client:
    """Who sent a request: the token's name and what it may do; ``name`` is None without a valid token."""

    name: str | None = None
    access: Access | None = None

    @property
    def may_write(self) -> bool:
        return self.access is Access.WRITE


class TokenError(ValueError):
    """A configured token list cannot be read; the message names the setting and the entry."""


@dataclass(frozen=True)
class Tokens:
    """The configured tokens: (name, token bytes, access)."""

    entries: tuple[tuple[str, bytes, Access], ...]
    reads_open: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> Tokens:
        entries = [*_pairs(settings.write_tokens, "GRAPH_API_WRITE_TOKENS", Access.WRITE)]
        if settings.write_token_file:
            entries += _file_pairs(Path(settings.write_token_file))
        read = list(_pairs(settings.read_tokens, "GRAPH_API_READ_TOKENS", Access.READ))
        return cls(tuple(entries + read), reads_open=not read)

    @property
    def writes_enabled(self) -> bool:
        return any(access is Access.WRITE for _, _, access in self.entries)

    def client(self, authorization: str | None) -> Client:
        """The client an ``Authorization`` header names; an anonymous one for none, a malformed or an unknown token."""
        presented = _bearer(authorization)
        if presented is None:
            return Client()
        found = Client()
        for name, token, access in self.entries:  # every entry, match or not: constant time
            if hmac.compare_digest(presented, token) and found.access is not Access.WRITE:
                found = Client(name, access)
        return found


def _bearer(authorization: str | None) -> bytes | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip().encode()


def _pairs(text: str, origin: str, access: Access) -> list[tuple[str, bytes, Access]]:
    return [_pair(item, f"{origin} entry {number}", access) for number, item in enumerate(filter(None, map(str.strip, text.split(","))), 1)]


def _file_pairs(path: Path) -> list[tuple[str, bytes, Access]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TokenError(f"GRAPH_API_WRITE_TOKEN_FILE {path}: cannot be read ({error})") from None
    found = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if line:
            found.append(_pair(line, f"{path}:{number}", Access.WRITE))
    return found


def _pair(item: str, where: str, access: Access) -> tuple[str, bytes, Access]:
    name, separator, token = item.partition(":")
    name, token = name.strip(), token.strip()
    if not separator or not name or not token:
        raise TokenError(f"{where}: expected name:token")
    if len(token) < MIN_TOKEN_CHARS:
        raise TokenError(f"{where}: the token of {name!r} has {len(token)} characters, at least {MIN_TOKEN_CHARS} are needed")
    return name, token.encode(), access
