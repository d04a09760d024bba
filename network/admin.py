from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from network.models import District, Region, School, TeacherGroup, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["email", "display_name", "is_facilitator", "is_superuser"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "Ortaq",
            {
                "fields": (
                    "display_name",
                    "preferred_language",
                    "language_chosen",
                    "school",
                    "regions",
                    "is_facilitator",
                )
            },
        ),
    )


admin.site.register([Region, District, School, TeacherGroup])
