from django.urls import path

from . import views

app_name = "social"
urlpatterns = [
    path("social/notes/<int:note_id>/like", views.like, name="like"),
    path("social/notes/<int:note_id>/collect", views.collect, name="collect"),
    path("social/notes/<int:note_id>/uncollect", views.uncollect, name="uncollect"),
    path("social/notes/<int:note_id>/comments", views.comments, name="comments"),
    path("social/notes/<int:note_id>/comments/new", views.add_comment, name="comment"),
    path("social/comments/<int:comment_id>/delete", views.delete_comment, name="delete_comment"),
    path("social/comments/<int:comment_id>/like", views.like_comment, name="comment_like"),
    path("social/users/<str:handle>/follow", views.follow, name="follow"),
    path("@<str:handle>/followers/", views.followers, name="followers"),
    path("@<str:handle>/following/", views.following, name="following"),
    path("social/boards/new", views.board_create, name="board_create"),
    path("social/boards/<int:board_id>/edit", views.board_edit, name="board_edit"),
    path("social/boards/<int:board_id>/delete", views.board_delete, name="board_delete"),
]
