from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_subscription_external_id')]

    initial = False

    operations = [
        ops.AddField(model_name='ApiKey', name='rate_limit_requests', field=fields.IntField(null=True)),
        ops.AddField(model_name='ApiKey', name='rate_limit_seconds', field=fields.IntField(null=True)),
        ops.AddField(model_name='ApiKey', name='credits_remaining', field=fields.BigIntField(null=True)),
        ops.AddField(model_name='ApiKey', name='credits_refill_amount', field=fields.BigIntField(null=True)),
        ops.AddField(
            model_name='ApiKey',
            name='credits_refill_interval',
            field=fields.CharField(null=True, max_length=10),
        ),
        ops.AddField(model_name='ApiKey', name='credits_generation', field=fields.IntField(default=0)),
        ops.AddField(model_name='ApiKey', name='credits_refilled_at', field=fields.DatetimeField(null=True)),
        ops.AddField(
            model_name='ApiKey', name='credits_notice', field=fields.CharField(null=True, max_length=10)
        ),
    ]
