from django.urls import path

from forums import views

app_name = "forums"
urlpatterns = [
    path("", views.board_list, name="board_list"),
    path("search/", views.search, name="search"),
    path("moderation/", views.moderation, name="moderation"),
    path("settings/", views.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feedback/<int:page_id>/", views.feedback, name="feedback"),
    path("feedback/answer/<int:pk>/", views.feedback_reply, name="feedback_reply"),
    path("events/<slug:slug>/live/", views.event_live, name="event_live"),
    path("events/<slug:slug>/room/", views.event_room, name="event_room"),
    path("t/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("t/<int:pk>/reply/", views.post_create, name="post_create"),
    path("t/<int:pk>/lock/", views.thread_lock, name="thread_lock"),
    path("t/<int:pk>/follow/", views.thread_follow, name="thread_follow"),
    path("p/<int:pk>/", views.post_link, name="post_link"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/helpful/", views.post_helpful, name="post_helpful"),
    path("p/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path("<slug:slug>/", views.board_detail, name="board_detail"),
    path("<slug:slug>/new/", views.thread_create, name="thread_create"),
]
