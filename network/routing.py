from django.urls import path

from network import consumers, protocol

websocket_urlpatterns = [
    path(protocol.NOTIFICATIONS_ROUTE, consumers.NotificationConsumer.as_asgi()),
]
