"""The policy-relevant themes (a frozen copy of projects/voice/themes.py), and one theme for every project.

Existing themes keep their slugs (links and filters stay valid); their names and order follow the list. Projects
without a theme get "Other"; each project's start is taken from its first revision.
"""

from django.db import migrations
from django.db.models import Min

THEMES = [
    (
        "practical-work",
        "No laboratory: practical work",
        "Зертхана жоқ: практикалық жұмыс",
        "Нет лаборатории: практические работы",
    ),
    ("multigrade", "Multigrade classes", "Біріктірілген сыныптар", "Малокомплектные классы"),
    ("mentoring", "Mentoring new teachers", "Жас мұғалімдерге тәлімгерлік", "Наставничество молодых учителей"),
    ("unstable-internet", "Unstable internet", "Тұрақсыз интернет", "Нестабильный интернет"),
    ("parents", "Parents' involvement", "Ата-аналардың қатысуы", "Вовлечение родителей"),
    ("inclusion", "Inclusion", "Инклюзивті білім беру", "Инклюзивное образование"),
    ("digital-skills", "Digital skills", "Цифрлық дағдылар", "Цифровые навыки"),
    ("reading", "Reading literacy", "Оқу сауаттылығы", "Читательская грамотность"),
    ("assessment", "Assessment for learning", "Оқыту үшін бағалау", "Оценивание для обучения"),
    ("language", "Teaching in a second language", "Екінші тілде оқыту", "Обучение на неродном языке"),
    ("wellbeing", "Pupils' wellbeing", "Оқушылардың әл-ауқаты", "Благополучие учащихся"),
    ("other", "Other", "Басқа", "Другое"),
]


def forwards(apps, schema_editor):
    Theme = apps.get_model("projects", "Theme")
    ProjectPage = apps.get_model("projects", "ProjectPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for position, (slug, en, kk, ru) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_kk": kk, "name_ru": ru, "position": position * 10}
        )
    other = Theme.objects.get(slug="other")
    for project in ProjectPage.objects.filter(themes__isnull=True):
        project.themes.add(other)
    project_ids = [str(pk) for pk in ProjectPage.objects.values_list("pk", flat=True)]
    firsts = (
        Revision.objects.filter(
            base_content_type__app_label="wagtailcore", base_content_type__model="page", object_id__in=project_ids
        )
        .values("object_id")
        .annotate(first=Min("created_at"))
    )
    for row in firsts:
        ProjectPage.objects.filter(pk=int(row["object_id"])).update(started_at=row["first"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_theme_position_and_project_start"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
