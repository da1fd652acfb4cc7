from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import strawberry

from auth.keyring import Keyring
from auth.principal import Principal
from resolvers.errors import Unauthenticated


@dataclass
class Context:
    keyring: Keyring
    principal: Principal | None = None

    @property
    def caller(self) -> Principal:
        """The authenticated principal; the endpoint lets no other field run without one."""
        if self.principal is None:
            raise Unauthenticated("this operation needs Authorization: Bearer <token>")
        return self.principal


Info: TypeAlias = strawberry.Info[Context, None]
