from django.urls import path

from . import views

app_name = "feeds"
urlpatterns = [
    path("", views.explore, name="explore"),
    path("following/", views.following, name="following"),
    path("tags/<str:name>/", views.hashtag, name="hashtag"),
    path("@<str:handle>/", views.profile, name="profile"),
    path("@<str:handle>/boards/<int:board_id>/", views.board, name="board"),
]
