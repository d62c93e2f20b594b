from django.urls import path

from . import health, views

app_name = "core"
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("language", views.set_language, name="set_language"),
]
