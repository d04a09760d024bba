from django.conf import settings
from django.db import migrations, models

ANSWERS = ("works_well", "why_it_matters", "what_next", "others_use", "question", "reply")


def merge_duplicate_feedback(apps, schema_editor):
    """Before one feedback per visitor and page: fold a visitor's earlier feedback on a page into their first one
    (answers joined, nothing typed is lost), then drop the extra rows."""
    Feedback = apps.get_model("forums", "Feedback")
    seen: dict[tuple[int, int], object] = {}
    extra = []
    for item in Feedback.objects.order_by("created_at", "pk").iterator():
        key = (item.page_id, item.author_id)
        first = seen.get(key)
        if first is None:
            seen[key] = item
            continue
        for name in ANSWERS:
            old, new = getattr(first, name), getattr(item, name)
            if new and new not in old:
                setattr(first, name, f"{old}\n\n{new}" if old else new)
        first.save()
        extra.append(item.pk)
    Feedback.objects.filter(pk__in=extra).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0002_room_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_feedback, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.UniqueConstraint(fields=("page", "author"), name="one_feedback_per_visitor_and_page"),
        ),
    ]
