"""Tells drf-spectacular how API tokens authenticate, so the OpenAPI schema documents it."""
from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "reintegra.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A scoped, expiring API token made on the 'API tokens' page: Authorization: Bearer rk_...",
        }
