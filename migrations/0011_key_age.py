from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_webhooks')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Organization',
            name='max_key_age_days',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='rotated_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='rotation_notice_for',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # A key rotated before this migration: its age counts from its newest secret.
        ops.RunSQL(
            "UPDATE api_key SET rotated_at = (SELECT MAX(s.created_at) FROM api_key_secret s "
            "WHERE s.api_key_id = api_key.id) "
            "WHERE (SELECT COUNT(*) FROM api_key_secret s WHERE s.api_key_id = api_key.id) > 1"
        ),
    ]
