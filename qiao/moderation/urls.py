from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/act", views.act, name="act"),
    path("cases/<int:case_id>/translate", views.translate, name="translate"),
    path("report/<str:kind>/<int:object_id>/", views.report, name="report"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:rule_id>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:rule_id>/delete", views.rule_delete, name="rule_delete"),
    path("log/", views.log, name="log"),
    path("surge", views.surge, name="surge"),
    path("standing/", views.standing, name="standing"),
]
