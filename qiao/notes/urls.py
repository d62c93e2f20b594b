from django.urls import path

app_name = "notes"
urlpatterns: list = []
