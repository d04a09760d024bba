"""Every WebSocket route of Ortaq, all under /ws/."""

from django.urls import path

from cms.routing import websocket_urlpatterns as cms_routes
from forums.routing import websocket_urlpatterns as forums_routes
from network.consumers import UnknownStreamConsumer
from network.routing import websocket_urlpatterns as network_routes
from projects.routing import websocket_urlpatterns as projects_routes

websocket_urlpatterns = [
    *network_routes,
    *projects_routes,
    *forums_routes,
    *cms_routes,
    # Last: any other /ws/ path (`/ws/threads/abc/`) is accepted and closed with 4404, not a 500.
    path("ws/<path:rest>", UnknownStreamConsumer.as_asgi()),
    path("ws/", UnknownStreamConsumer.as_asgi()),
]
