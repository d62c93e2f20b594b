from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "qiao.demo"
    label = "demo"
