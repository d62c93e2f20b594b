"""Translation memory: each distinct segment is translated once, and forgotten with its last user."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from qiao.notes import services as notes
from qiao.social import services as social
from qiao.translation import memory, services
from qiao.translation.models import ContentTranslation, MemoryUse, TranslationMemory

from .fixtures import post_note_fixture  # noqa: F401
from .libre import libre_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def entry(text: str, translation: str, model: str = "m1") -> memory.Entry:
    return memory.Entry(memory.segment_key(text), "zh", "en", "libretranslate", model, text, translation)


def test_lookup_finds_only_the_same_pair_engine_and_model_and_counts_hits():
    memory.remember([entry("好看!", "Nice!")])
    key = memory.segment_key(" 好看!  ")
    assert memory.lookup([key], "zh", "en", "libretranslate", "m1") == {key: "Nice!"}
    assert memory.lookup([key], "zh", "en", "libretranslate", "m2") == {}
    assert memory.lookup([key], "en", "zh", "libretranslate", "m1") == {}
    assert TranslationMemory.objects.get().hits == 1


def test_glossary_hints_are_part_of_the_key():
    from qiao.translation.engines import GlossaryHint

    hint = GlossaryHint("yyds", "the best", "the GOAT")
    assert memory.segment_key("火锅yyds") != memory.segment_key("火锅yyds", [hint])


def test_a_repeated_comment_is_translated_once(libre, user, other_user, post_note, django_capture_on_commit_callbacks):
    libre.add("zh", "en", {"哈哈哈哈": "Hahaha", "在哪里买的": "Where did you buy it"})
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    bodies = ["哈哈哈哈", "在哪里买的", "哈哈哈哈", "在哪里买的", "哈哈哈哈"]
    comments = [social.add_comment(other_user, note, body) for body in bodies]
    for comment in comments:
        assert services.translate_unit(comment, "en").text(comment, "body") in {"Hahaha", "Where did you buy it"}
    assert sorted(libre.asked) == ["哈哈哈哈", "在哪里买的"]
    rows = {row.source_text: row for row in TranslationMemory.objects.all()}
    assert rows["哈哈哈哈"].hits == 2 and rows["在哪里买的"].hits == 1
    assert MemoryUse.objects.filter(memory=rows["哈哈哈哈"]).count() == 3


def test_a_memory_row_lives_as_long_as_one_object_uses_it(libre, other_user, post_note):
    libre.add("zh", "en", {"好看!": "Nice!"})
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    first, second = social.add_comment(other_user, note, "好看!"), social.add_comment(other_user, note, "好看!")
    for comment in (first, second):
        services.translate_unit(comment, "en")
    social.delete_comment(first, other_user)
    assert TranslationMemory.objects.filter(source_text="好看!").exists()
    assert not ContentTranslation.objects.filter(object_id=first.pk, content_type__model="comment").exists()
    social.delete_comment(second, other_user)
    assert not TranslationMemory.objects.filter(source_text="好看!").exists()
    assert not MemoryUse.objects.exists()


def _traces(*texts: str) -> int:
    """Stored rows anywhere that still hold one of ``texts`` (source or translation)."""
    query = Q(pk__in=[])
    for text in texts:
        query |= Q(source_text__contains=text) | Q(translation__contains=text)
    content = Q(pk__in=[])
    for text in texts:
        content |= Q(text__contains=text)
    return TranslationMemory.objects.filter(query).count() + ContentTranslation.objects.filter(content).count()


def test_a_deleted_note_survives_nowhere_as_a_translation(libre, other_user, post_note, django_capture_on_commit_callbacks):
    libre.add("zh", "en", {"秘密花园": "Secret garden", "只给你看的照片": "Photos just for you", "花园一角": "A corner of the garden"})
    note = post_note(other_user, title="秘密花园", body="只给你看的照片", alt_texts=["花园一角"], lang="zh")
    comment = social.add_comment(other_user, note, "秘密花园")
    unit = services.translate_unit(note, "en")
    services.translate_unit(comment, "en")
    assert unit.text(note, "title") == "Secret garden"
    assert unit.text(note.images.get(), "alt_text") == "A corner of the garden"
    assert _traces("Secret garden", "Photos just for you", "A corner of the garden") == 7
    with django_capture_on_commit_callbacks(execute=True):
        notes.delete_note(note, other_user)
    assert _traces("秘密花园", "只给你看的照片", "花园一角", "Secret", "Photos", "corner") == 0
    assert not MemoryUse.objects.exists()


def test_an_edit_forgets_the_old_text_and_queues_the_new_one(libre, other_user, post_note, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    libre.add("zh", "en", {"旧标题": "Old title", "新标题": "New title"})
    note = post_note(other_user, title="旧标题", lang="zh")
    services.translate_unit(note, "en")
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        notes.update_note(note, other_user, title="新标题")
    assert _traces("旧标题", "Old title") == 0
    task = DBTaskResult.objects.get(task_path="qiao.translation.tasks.pretranslate")
    assert task.args_kwargs["args"] == ["note", note.pk]
    assert task.queue_name == "default"


def test_an_edited_bio_or_board_name_forgets_its_translation(libre, other_user):
    libre.add("zh", "en", {"爱吃火锅": "Loves hotpot", "周末去哪儿": "Weekend plans"})
    other_user.bio = "爱吃火锅"
    other_user.save()
    board = social.create_board(other_user, "周末去哪儿")
    services.translate_unit(other_user, "en")
    services.translate_unit(board, "en")
    assert _traces("Loves hotpot", "Weekend plans") == 4
    other_user.bio = "爱吃火锅和烧烤"
    other_user.save(update_fields=["bio"])
    social.update_board(board, other_user, name="周末去哪儿玩")
    assert _traces("Loves hotpot", "Weekend plans") == 0


def test_saving_a_user_without_touching_the_bio_keeps_its_translation(libre, other_user):
    libre.add("zh", "en", {"爱吃火锅": "Loves hotpot"})
    other_user.bio = "爱吃火锅"
    other_user.save()
    services.translate_unit(other_user, "en")
    other_user.last_login = other_user.date_joined
    other_user.save(update_fields=["last_login"])
    from qiao.accounts.models import User

    User.objects.get(pk=other_user.pk).save()
    assert ContentTranslation.objects.filter(text="Loves hotpot").exists()


def test_a_text_edited_while_it_was_being_translated_is_not_stored(libre, other_user, post_note):
    from qiao.notes.models import Note

    libre.add("zh", "en", {"旧标题": "Old title"})
    note = post_note(other_user, title="旧标题", lang="zh")
    Note.objects.filter(pk=note.pk).update(title="改过的标题")  # the worker still holds the old text
    with pytest.raises(services.StaleText):
        services.translate_unit(note, "en")
    assert _traces("旧标题", "Old title") == 0


def test_forget_for_objects_that_are_already_gone():
    content_type = ContentType.objects.get(app_label="notes", model="note")
    assert memory.forget(content_type, [987654]) == 0


def test_prune_orphans_removes_rows_no_object_uses():
    ids = memory.remember([entry("哈哈", "Haha"), entry("嗯嗯", "Mm-hm")])
    assert memory.prune_orphans(keep=ids[:1]) == 1
    assert TranslationMemory.objects.count() == 1
