"""A test page that shows a note through the translation tags, on top of Qiao's own URLs."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path

from qiao.notes.models import Note
from qiao.urls import urlpatterns as qiao_urls

PAGE = """{% extends "base.html" %}{% load translation_tags %}
{% block content %}
<article class="note-page">
  <h1 class="note-title">{% translatable note "title" %}</h1>
  <div class="note-body">{% translatable note "body" rich=True %}</div>
  {% for image in note.images.all %}<img src="" {% translatable image "alt_text" as_attr="alt" %}>{% endfor %}
  {% translate_button note %}
</article>
{% endblock %}"""


def note_page(request, pk: int) -> HttpResponse:
    note = get_object_or_404(Note.objects.visible_to(request.user), pk=pk)
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"note": note}, request))


urlpatterns = [path("test-translation/<int:pk>/", note_page, name="test_translation_page"), *qiao_urls]
