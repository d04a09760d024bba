"""A lead who hid her school on a project's write-up hides it everywhere (network.User.hide_school)."""

from django.db import migrations


def carry_choice_to_leads(apps, schema_editor):
    ProjectPage = apps.get_model("projects", "ProjectPage")
    User = apps.get_model("network", "User")
    leads = ProjectPage.objects.filter(hide_school=True).values_list("lead_id", flat=True)
    User.objects.filter(pk__in=leads).update(hide_school=True)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_merge_teacher_work_and_private_storage"),
        ("network", "0007_member_hides_school_opaque_username"),
    ]

    operations = [migrations.RunPython(carry_choice_to_leads, migrations.RunPython.noop)]
