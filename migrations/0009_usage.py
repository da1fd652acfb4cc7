from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_session_sudo')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiKeyRequest',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('api_key_id', fields.UUIDField()),
                ('organization_id', fields.UUIDField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('client_address', fields.CharField(null=True, max_length=64)),
                ('operation', fields.CharField(max_length=120)),
                ('outcome', fields.CharField(max_length=20)),
            ],
            options={'table': 'api_key_request', 'app': 'models', 'indexes': [Index(fields=['api_key_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiKeyUsage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('api_key_id', fields.UUIDField()),
                ('organization_id', fields.UUIDField()),
                ('minute', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharField(max_length=20)),
                ('count', fields.BigIntField(default=0)),
                ('operations', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'api_key_usage', 'app': 'models', 'unique_together': (('api_key_id', 'minute', 'outcome'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_generation',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_granted',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_notice',
            field=fields.CharField(null=True, max_length=10),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_refill_amount',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_refill_interval',
            field=fields.CharField(null=True, max_length=10),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_refilled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='credits_remaining',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='rate_limit_requests',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='ApiKey',
            name='rate_limit_seconds',
            field=fields.IntField(null=True),
        ),
    ]
