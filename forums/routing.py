from django.urls import path

from forums import consumers, protocol

websocket_urlpatterns = [
    path(protocol.THREAD_ROUTE, consumers.ThreadConsumer.as_asgi()),
    path(protocol.ROOM_ROUTE, consumers.EventRoomConsumer.as_asgi()),
]
