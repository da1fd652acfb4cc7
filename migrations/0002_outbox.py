from tortoise import migrations
from tortoise.migrations import operations as ops
from models.notification import NotificationStatus
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('member', fields.ForeignKeyField('models.Member', source_field='member_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('api_key', fields.ForeignKeyField('models.ApiKey', source_field='api_key_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('recipient', fields.CharField(max_length=320)),
                ('kind', fields.CharField(max_length=40)),
                ('subject', fields.CharField(max_length=255)),
                ('body', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=NotificationStatus.PENDING, description='PENDING: PENDING\nSENT: SENT\nFAILED: FAILED', enum_type=NotificationStatus, max_length=7)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['status', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiKey',
            name='expiry_notice',
            field=fields.CharField(null=True, max_length=10),
        ),
    ]
