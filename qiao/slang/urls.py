from django.urls import path

from . import views

app_name = "slang"

urlpatterns = [
    path("", views.index, name="index"),
    path("propose/", views.propose, name="propose"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/vote/", views.vote, name="vote"),
    path("proposals/<int:pk>/review/", views.review, name="review"),
    path("preferences/", views.preferences, name="preferences"),
    path("<slug:term_id>/", views.term, name="term"),
    path("<slug:term_id>/improve/", views.propose, name="improve"),
]
