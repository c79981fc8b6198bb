"""System checks: a broken key-date rule set is reported at start-up, not on the first person page."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from reintegra.justice.keydates import RuleSetError, get_ruleset


@register()
def check_key_date_rules(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        get_ruleset(settings.REINTEGRA_KEY_DATE_RULES)
    except RuleSetError as exc:
        return [Error(str(exc), hint="Fix the file or set REINTEGRA_KEY_DATE_RULES to a shipped rule set.",
                      id="justice.E001")]
    return []
