"""``reintegra subject-access``: the same command as ``subject_access`` (Django finds command
modules by file name, and this name matches the spelling used in the documentation)."""
from reintegra.privacy.management.commands.subject_access import Command

__all__ = ["Command"]
