from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_billing')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AuditEvent',
            name='member_id',
            field=fields.UUIDField(null=True),
        ),
    ]
