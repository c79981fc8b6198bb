from __future__ import annotations

import re

import pytest
from django.test import Client

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_strict_policy() -> None:
    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Permissions-Policy"].startswith("camera=()")


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/api/docs/", "/api/redoc/"])
def test_pages_have_no_inline_scripts_or_style_attributes(url: str) -> None:
    client = Client()
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    html = client.get(url, follow=True).content.decode()
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline_scripts == []
    assert re.search(r"\sstyle\s*=", html) is None
