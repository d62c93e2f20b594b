from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "qiao.notes"
    label = "notes"
