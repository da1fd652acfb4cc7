from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0004_audit_member')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Subscription',
            name='external_id',
            field=fields.CharField(null=True, max_length=255),
        ),
        # Every subscription made before has its id as its external id, as new ones do.
        ops.RunSQL(
            "UPDATE subscription SET external_id = CAST(id AS VARCHAR(255)) WHERE external_id IS NULL"
        ),
        ops.AddConstraint(
            model_name='Subscription',
            constraint=UniqueConstraint(fields=('organization_id', 'external_id'), name=None),
        ),
    ]
