from django.urls import path

from forums import consumers

websocket_urlpatterns = [
    path("ws/threads/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
    path("ws/events/<slug:slug>/", consumers.EventRoomConsumer.as_asgi()),
]
