from django.urls import path

from . import views

app_name = "translation"
urlpatterns = [
    path("status/", views.status_page, name="status"),
    path("<slug:kind>/<int:pk>/", views.translate, name="translate"),
    path("<slug:kind>/<int:pk>/status/", views.poll, name="poll"),
]
