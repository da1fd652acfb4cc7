from tortoise import migrations
from tortoise.migrations import operations as ops
from models.member import MemberRole
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import UniqueConstraint


# SQLite alters a table by copying it into a new one and dropping the old: the drop deletes
# every row that points at a member (ON DELETE CASCADE: sessions) and empties every such
# reference (SET NULL: who made a key, who acted in the trail, whom a mail was for). These
# two steps keep them on SQLite: before the member table is rebuilt, they are copied aside;
# after, put back. PostgreSQL alters in place and needs neither.
async def _dependents(client) -> list[tuple[str, str, str]]:
    """(table, column, on delete) of every foreign key to `member`."""
    tables = await client.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    found = []
    for table in (row["name"] for row in tables):
        for key in await client.execute_query_dict(f'PRAGMA foreign_key_list("{table}")'):
            if key["table"] == "member" and table != "member":
                found.append((table, key["from"], key["on_delete"].upper()))
    return found


async def keep_member_dependents(apps, schema_editor) -> None:
    if schema_editor.DIALECT != "sqlite":
        return
    client = schema_editor.client
    for table, column, on_delete in await _dependents(client):
        keep = f"keep_{table}_{column}"
        if on_delete == "CASCADE":
            await client.execute_query(
                f'CREATE TEMP TABLE "{keep}" AS SELECT * FROM "{table}" WHERE "{column}" IS NOT NULL'
            )
        else:
            await client.execute_query(
                f'CREATE TEMP TABLE "{keep}" AS SELECT rowid AS kept_rowid, "{column}" AS kept '
                f'FROM "{table}" WHERE "{column}" IS NOT NULL'
            )


async def restore_member_dependents(apps, schema_editor) -> None:
    if schema_editor.DIALECT != "sqlite":
        return
    client = schema_editor.client
    for table, column, on_delete in await _dependents(client):
        keep = f"keep_{table}_{column}"
        if on_delete == "CASCADE":
            await client.execute_query(
                f'INSERT OR IGNORE INTO "{table}" SELECT * FROM temp."{keep}"'
            )
        else:
            await client.execute_query(
                f'UPDATE "{table}" SET "{column}" = (SELECT kept FROM temp."{keep}" '
                f'WHERE kept_rowid = "{table}".rowid) '
                f'WHERE rowid IN (SELECT kept_rowid FROM temp."{keep}")'
            )
        await client.execute_query(f'DROP TABLE temp."{keep}"')


class Migration(migrations.Migration):
    dependencies = [('models', '0006_key_lifecycle')]

    initial = False

    operations = [
        # One user per member, keeping the member's id, e-mail, name and password hash: every
        # password still works, and every session (a member's) keeps its organization and role.
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=320)),
                ('name', fields.CharField(null=True, max_length=255)),
                ('password_hash', fields.CharField(max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'user_account', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Member',
            name='user',
            field=fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, null=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE),
        ),
        ops.RunSQL(
            "INSERT INTO user_account (id, email, name, password_hash, created_at) "
            "SELECT id, email, name, password_hash, created_at FROM member"
        ),
        ops.RunSQL("UPDATE member SET user_id = id"),
        ops.RunPython(keep_member_dependents),
        ops.AlterField(
            model_name='Member',
            name='user',
            field=fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE),
        ),
        ops.RemoveField(model_name='Member', name='password_hash'),
        # An address may now belong to several organizations, once in each.
        ops.AlterField(
            model_name='Member',
            name='email',
            field=fields.CharField(max_length=320),
        ),
        ops.AddConstraint(
            model_name='Member',
            constraint=UniqueConstraint(fields=('organization', 'user'), name=None),
        ),
        ops.RunPython(restore_member_dependents),
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('email', fields.CharField(max_length=320)),
                ('role', fields.CharEnumField(default=MemberRole.MEMBER, description='ADMIN: ADMIN\nMEMBER: MEMBER', enum_type=MemberRole, max_length=6)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('invited_by', fields.ForeignKeyField('models.Member', source_field='invited_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'invitation', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['OrganizationOwned'],
        ),
        ops.CreateModel(
            name='PasswordReset',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'password_reset', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
