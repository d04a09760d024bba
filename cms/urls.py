from django.urls import path

from cms import views

app_name = "cms"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("offline/", views.offline, name="offline"),
    path("low-data/", views.low_data, name="low_data"),
]
