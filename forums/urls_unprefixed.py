from django.urls import path

from forums import views

urlpatterns = [
    # The short link a poster's QR code carries (projects.qr): CONTRACT-stable, printed on paper.
    path("p/<int:pk>", views.poster_short_link, name="poster_short_link"),
]
