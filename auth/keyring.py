"""Everything that turns a new secret into what is stored: digest, display parts, seal."""

from __future__ import annotations

from dataclasses import dataclass, field

from auth.sealing import Sealer
from auth.tokens import TokenKind, digest_token, generate_token, parse_token
from settings import Settings


@dataclass(frozen=True)
class NewSecret:
    token: str = field(repr=False)  # shown once, to the caller; never printed
    digest: str
    prefix: str
    last_four: str


class Keyring:
    def __init__(self, settings: Settings) -> None:
        self.token_prefix = settings.token_prefix
        self._pepper = settings.pepper
        self.sealer = Sealer(settings.sealing_keys)

    def new_secret(self, kind: TokenKind = "live") -> NewSecret:
        token = generate_token(self.token_prefix, kind)
        parsed = parse_token(token, self.token_prefix)
        assert parsed is not None
        return NewSecret(
            token=token,
            digest=self.digest(token),
            prefix=parsed.display_prefix,
            last_four=parsed.last_four,
        )

    def digest(self, token: str) -> str:
        return digest_token(self._pepper, token)
