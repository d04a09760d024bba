from django.urls import path

from network import views
from network.events import views as event_views

app_name = "network"
urlpatterns = [
    path("my/profile/", views.profile, name="profile"),
    path("my/profile/delete/", views.profile_delete, name="profile_delete"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("groups/join/<str:code>/", views.group_join, name="group_join"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/ask-to-join/", views.group_join_request, name="group_join_request"),
    path("groups/requests/<int:pk>/", views.group_join_decide, name="group_join_decide"),
    path("schools/proposed/", views.school_review, name="school_review"),
    # Events: the pages /events/ and /events/<slug>/ are Wagtail pages; these are their actions and files.
    path("events/calendar.ics", event_views.events_calendar, name="events_calendar"),
    path("events/<slug:slug>/calendar.ics", event_views.event_calendar, name="event_calendar"),
    path("events/<slug:slug>/register/", event_views.event_register, name="event_register"),
    path("events/<slug:slug>/cancel/", event_views.event_cancel, name="event_cancel"),
    path("events/<slug:slug>/check-in/", event_views.event_check_in, name="event_check_in"),
    path("events/<slug:slug>/registrations/", event_views.event_registrations, name="event_registrations"),
    path("events/<slug:slug>/walk-in/", event_views.event_walk_in, name="event_walk_in"),
    path("events/<slug:slug>/registrations.csv", event_views.event_registrations_csv, name="event_registrations_csv"),
    path("events/<slug:slug>/certificates/", event_views.event_issue_certificates, name="event_issue_certificates"),
    path("certificates/", event_views.my_certificates, name="my_certificates"),
]
