from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from models.organization import LeakResponse
from orjson import loads
from tortoise.fields.data import JSON_DUMPS

class Migration(migrations.Migration):
    dependencies = [('models', '0005_subscription_external_id')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ApiKey',
            name='disabled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='customer_ids',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='previous_secret_last_used_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Organization',
            name='leak_response',
            field=fields.CharEnumField(default=LeakResponse.REVOKE, description='REVOKE: REVOKE\nDISABLE: DISABLE', enum_type=LeakResponse, max_length=7, db_default='REVOKE'),
        ),
    ]
