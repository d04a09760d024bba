"""Every WebSocket route of Ortaq, all under /ws/."""

from cms.routing import websocket_urlpatterns as cms_routes
from forums.routing import websocket_urlpatterns as forums_routes
from network.routing import websocket_urlpatterns as network_routes
from projects.routing import websocket_urlpatterns as projects_routes

websocket_urlpatterns = network_routes + projects_routes + forums_routes + cms_routes
