from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_people')]

    initial = False

    operations = [
        # Sudo mode: when the session's member last typed their password (null: before
        # this migration, so the next sensitive operation asks for it).
        ops.AddField(
            model_name='Session',
            name='sudo_at',
            field=fields.DatetimeField(null=True),
        ),
    ]
