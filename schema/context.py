from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import strawberry

from auth.principal import Principal
from resolvers.errors import Unauthenticated
from resolvers.services import Services
from schema.loaders import Loaders


@dataclass
class Context:
    services: Services
    principal: Principal | None = None
    client_address: str | None = None
    _loaders: Loaders | None = field(default=None, repr=False)

    @property
    def loaders(self) -> Loaders:
        """Per-request DataLoaders, made on first use."""
        if self._loaders is None:
            self._loaders = Loaders(self.caller.organization_id)
        return self._loaders

    @property
    def caller(self) -> Principal:
        """The authenticated principal; the endpoint lets no other field run without one."""
        if self.principal is None:
            raise Unauthenticated("this operation needs Authorization: Bearer <token>")
        return self.principal


Info: TypeAlias = strawberry.Info[Context, None]
