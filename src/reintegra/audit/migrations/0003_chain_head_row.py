"""Create the chain head row up front, so the first append does not have to (and every append
costs the same few statements)."""
from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if AuditChainHead.objects.filter(pk=1).exists():
        return
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    AuditChainHead.objects.create(pk=1, last_id=last[0] if last else 0, last_hash=last[1] if last else GENESIS_HASH)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
