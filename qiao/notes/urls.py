from django.urls import path

from . import views

app_name = "notes"
urlpatterns = [
    path("new/", views.create, name="create"),
    path("<int:note_id>/", views.detail, name="detail"),
    path("<int:note_id>/edit/", views.edit, name="edit"),
    path("<int:note_id>/delete/", views.delete, name="delete"),
]
