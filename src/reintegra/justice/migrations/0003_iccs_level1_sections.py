"""Ship the eleven level-1 sections of the UN International Classification of Crime for
Statistical Purposes (ICCS). Names are stored in English; the UI translates them by code
(``justice.iccs``). Each section is its own ``iccs_section`` so that every offence category,
national or ICCS, answers ``iccs_section`` the same way.
"""
from django.db import migrations

SECTIONS = [
    ("01", "Acts leading to death or intending to cause death"),
    ("02", "Acts causing harm or intending to cause harm to the person"),
    ("03", "Injurious acts of a sexual nature"),
    ("04", "Acts against property involving violence or threat against a person"),
    ("05", "Acts against property only"),
    ("06", "Acts involving controlled drugs or other psychoactive substances"),
    ("07", "Acts involving fraud, deception or corruption"),
    ("08", "Acts against public order, authority and provisions of the State"),
    ("09", "Acts against public safety and state security"),
    ("10", "Acts against the natural environment"),
    ("11", "Other criminal acts not elsewhere classified"),
]
CODES = [code for code, _name in SECTIONS]


def add_sections(apps, schema_editor):
    OffenceCategory = apps.get_model("justice", "OffenceCategory")
    for code, name in SECTIONS:
        section, _created = OffenceCategory.objects.update_or_create(
            code=code, defaults={"name": name, "level": 1, "is_national": False, "active": True},
        )
        OffenceCategory.objects.filter(pk=section.pk).update(iccs_section=section.pk)


def remove_sections(apps, schema_editor):
    OffenceCategory = apps.get_model("justice", "OffenceCategory")
    sections = OffenceCategory.objects.filter(code__in=CODES, is_national=False)
    # Unhook the self-references first; national codes or charges still pointing at a section
    # make the delete fail (PROTECT), which is the right answer: the sections are in use.
    sections.update(iccs_section=None)
    sections.delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0002_custody_episode_case_link")]

    operations = [migrations.RunPython(add_sections, remove_sections)]
