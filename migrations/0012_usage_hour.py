from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

# Every minute row written before this migration is summed into its hour row, so that the
# HOUR and DAY series read from api_key_usage_hour lose no history.
ROLL_UP = (
    "INSERT INTO api_key_usage_hour (api_key_id, organization_id, hour, outcome, count, operations) "
    "SELECT c.api_key_id, c.organization_id, c.hour, c.outcome, c.count, COALESCE(o.operations, '{{}}') "
    "FROM (SELECT api_key_id, organization_id, {hour} AS hour, outcome, SUM(count) AS count "
    "FROM api_key_usage GROUP BY api_key_id, organization_id, {hour}, outcome) AS c "
    "LEFT JOIN (SELECT api_key_id, hour, outcome, {object}(key, total) AS operations "
    "FROM (SELECT u.api_key_id, {hour_u} AS hour, u.outcome, e.key, SUM({value}) AS total "
    "FROM api_key_usage AS u, {each}(u.operations) AS e "
    "GROUP BY u.api_key_id, {hour_u}, u.outcome, e.key) AS per_operation "
    "GROUP BY api_key_id, hour, outcome) AS o "
    "ON o.api_key_id = c.api_key_id AND o.hour = c.hour AND o.outcome = c.outcome"
)
# The UTC hour of a minute, as each database stores a DatetimeField; summing JSON counts.
DIALECTS = {
    "postgres": {
        "hour": "date_trunc('hour', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
        "hour_u": "date_trunc('hour', u.minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
        "object": "jsonb_object_agg",
        "value": "e.value::bigint",
        "each": "jsonb_each_text",
    },
    "sqlite": {
        "hour": "strftime('%Y-%m-%d %H:00:00+00:00', minute)",
        "hour_u": "strftime('%Y-%m-%d %H:00:00+00:00', u.minute)",
        "object": "json_group_object",
        "value": "e.value",
        "each": "json_each",
    },
}


async def roll_up(apps, schema_editor):
    client = schema_editor.client
    await client.execute_script(ROLL_UP.format(**DIALECTS[client.capabilities.dialect]))


class Migration(migrations.Migration):
    dependencies = [('models', '0011_key_age')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiKeyUsageHour',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('api_key_id', fields.UUIDField()),
                ('organization_id', fields.UUIDField()),
                ('hour', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharField(max_length=20)),
                ('count', fields.BigIntField(default=0)),
                ('operations', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'api_key_usage_hour', 'app': 'models', 'unique_together': (('api_key_id', 'hour', 'outcome'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(roll_up),
    ]
