"""A member may hide her school's name everywhere; usernames made from e-mails are re-keyed to opaque ones."""

import re
import secrets

from django.db import migrations, models


def derived_from_email(username: str, email: str) -> bool:
    """allauth made usernames from the e-mail's local part (sanitised, a number added on a clash)."""
    local = re.sub(r"[^\w.@+-]", "", email.split("@")[0]).lower()
    name = (username or "").lower()
    return bool(local) and (name == local or (name.startswith(local) and name[len(local) :].isdigit()))


def rekey_usernames(apps, schema_editor):
    User = apps.get_model("network", "User")
    for user in User.objects.only("pk", "username", "email").iterator():
        if derived_from_email(user.username, user.email):
            username = f"m-{secrets.token_hex(5)}"
            while User.objects.filter(username=username).exists():
                username = f"m-{secrets.token_hex(5)}"
            User.objects.filter(pk=user.pk).update(username=username)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_merge_join_requests_and_statistics_opt_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="hide_school",
            field=models.BooleanField(
                default=False,
                help_text="On forum posts, certificates, poster labels, case studies and event lists.",
                verbose_name='Show my school only as "a rural school in <region>"',
            ),
        ),
        migrations.RunPython(rekey_usernames, migrations.RunPython.noop),
    ]
