from django.db import migrations

# The API tokens moved to django-rest-knox (hashed, expiring). DRF's token table held every
# token in plaintext: drop it, so no old token is left readable in the database. Clients fetch
# a new token from POST /api/v1/auth/token/. Nothing to undo: the table's app is gone.
DROP_PLAINTEXT_TOKENS = "DROP TABLE IF EXISTS authtoken_token"


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0004_import_runs")]

    operations = [
        migrations.RunSQL(DROP_PLAINTEXT_TOKENS, reverse_sql=migrations.RunSQL.noop),
    ]
