"""The index stays true: documents follow creates, edits and deletes, from the services and elsewhere."""

from django.contrib.auth import get_user_model

from qiao.notes.models import Hashtag, Note
from qiao.search import documents, keyword
from qiao.search import text as T
from qiao.search.models import HashtagSearchEntry, NoteEmbedding, SearchDocument, UserSearchEntry


def matches(q):
    return [pk for pk, _ in keyword.keyword_search([T.parse_query(q)], Note.objects.all())]


def test_a_new_note_is_indexed_with_everything_searchable(user, post):
    note = post(user, "周末", "去了重庆 #火锅", location="解放碑", alt_texts=["a steaming pot"])
    document = SearchDocument.objects.get(note=note)
    assert document.author_id == user.pk and document.lang == "zh"
    assert T.strip_index(document.title) == "周末"
    for word in (
        "huoguo",
        "解放碑",
        "steaming",
        "zhoumo",
    ):  # topic pinyin, place, photo, title pinyin
        assert word in document.extra.split()
    assert matches("火锅") == [note.pk]
    assert matches("解放碑") == [note.pk]
    assert matches("steaming") == [note.pk]


def test_an_edit_replaces_old_words_with_new_ones(user, post, edit):
    note = post(user, "Ramen in Osaka", "Rich tonkotsu broth")
    assert matches("tonkotsu") == [note.pk]
    edit(note, title="Dumplings in Xi'an", body="Hand-pulled noodles")
    assert matches("tonkotsu") == []
    assert matches("ramen") == []
    assert matches("noodles") == [note.pk]
    assert matches("dumplings") == [note.pk]


def test_a_deleted_note_leaves_the_index(user, post, remove):
    note = post(user, "Sunset hike", "Golden hour on the ridge")
    remove(note)
    assert matches("ridge") == []
    assert not SearchDocument.objects.filter(note_id=note.pk).exists()
    assert not NoteEmbedding.objects.filter(note_id=note.pk).exists()


def test_edits_outside_the_services_are_indexed_after_commit(
    user, make_note, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = make_note(user, "Tea ceremony")
    assert matches("ceremony") == [note.pk]
    with django_capture_on_commit_callbacks(execute=True):
        note.title = "Coffee tasting"
        note.save()
    assert matches("ceremony") == []
    assert matches("coffee") == [note.pk]


def test_counter_updates_do_not_reindex(user, make_note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        note = make_note(user, "Tea ceremony")  # make_note saves rank with update_fields
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note.save(update_fields=["like_count", "rank"])
    assert callbacks == []


def test_deleting_a_note_any_other_way_removes_its_document(user, post):
    note = post(user, "Night market", "Stinky tofu")
    Note.objects.filter(pk=note.pk).delete()
    assert matches("tofu") == []


def test_people_and_hashtags_get_pinyin_entries(make_user, user, post):
    person = make_user("zhangwei", display_name="张伟")
    assert UserSearchEntry.objects.get(user=person).pinyin == "zhangwei zw"
    person.display_name = "李娜"
    person.save()
    assert UserSearchEntry.objects.get(user=person).pinyin == "lina ln"
    post(user, "好吃", "#重庆火锅")
    tag = Hashtag.objects.get(name="重庆火锅")
    assert HashtagSearchEntry.objects.get(hashtag=tag).pinyin == "chongqing huoguo chongqinghuoguo"


def test_reindex_all_rebuilds_everything(user, post):
    note = post(user, "Dim sum", "Har gow and siu mai #早茶")
    SearchDocument.objects.all().delete()
    UserSearchEntry.objects.all().delete()
    HashtagSearchEntry.objects.all().delete()
    assert matches("gow") == []
    counts = documents.reindex_all(batch=1)
    assert counts["notes"] == 1 and counts["hashtags"] == 1
    assert counts["users"] == get_user_model().objects.count()
    assert matches("gow") == [note.pk]
    assert matches("zaocha") == [note.pk]
    assert HashtagSearchEntry.objects.get(hashtag__name="早茶").pinyin == "zaocha"
