"""Background translation through the real django_tasks database queue and its worker."""

import pytest
from django.core.cache import cache
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from qiao.translation import services, tasks
from qiao.translation.models import ContentTranslation

from .fixtures import post_note_fixture  # noqa: F401
from .libre import libre_fixture  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()  # pending/failure markers and quotas live in the (not flushed) cache table
    yield
    cache.clear()


def run_worker(max_tasks: int | None = None) -> None:
    """Run the real database worker until the queue is empty (or ``max_tasks`` ran)."""
    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=max_tasks, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


def translation_tasks():
    return DBTaskResult.objects.filter(task_path__startswith="qiao.translation.")


def test_a_tap_queues_one_interactive_task_and_the_worker_fulfils_it(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATION_PRETRANSLATE = False
    libre.add("zh", "en", {"周末的咖啡店": "The café at the weekend"})
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    assert isinstance(services.request_translation(note, "en", user), services.Pending)
    assert isinstance(services.request_translation(note, "en", user), services.Pending)  # no second task
    task = translation_tasks().get()
    assert (task.queue_name, task.priority) == ("interactive", tasks.INTERACTIVE_PRIORITY)
    assert isinstance(services.translation_status(note, "en"), services.Pending)
    assert libre.asked == []  # the web side never translated anything

    run_worker()
    status = services.translation_status(note, "en")
    assert status.status == "done" and status.text(note, "title") == "The café at the weekend"
    assert translation_tasks().get().status == "SUCCESSFUL"
    state = tasks.worker_state()
    assert state["engine"] == "libretranslate" and state["last_success"]


def test_new_notes_are_pretranslated_so_the_first_view_is_instant(libre, user, other_user, post_note):
    libre.add("zh", "en", {"周末的咖啡店": "The café at the weekend", "拉花是一只小猫": "The latte art was a kitten"})
    note = post_note(other_user, title="周末的咖啡店", body="拉花是一只小猫", lang="zh")
    task = translation_tasks().get()
    assert (task.queue_name, task.task_path) == ("default", "qiao.translation.tasks.pretranslate")
    run_worker()
    result = services.request_translation(note, "en", user)
    assert isinstance(result, services.UnitTranslation)
    assert result.text(note, "body") == "The latte art was a kitten"
    assert ContentTranslation.objects.filter(target_lang="en").count() == 2


def test_comments_bios_and_board_names_are_pretranslated_too(libre, other_user, post_note):
    from qiao.social import services as social

    libre.add("zh", "en", {"好看": "Pretty", "爱吃火锅": "Loves hotpot", "周末去哪儿": "Weekend plans", "标题": "Title"})
    note = post_note(other_user, title="标题", lang="zh")
    social.add_comment(other_user, note, "好看")
    other_user.bio = "爱吃火锅"
    other_user.save()
    social.create_board(other_user, "周末去哪儿")
    assert sorted(t.args_kwargs["args"][0] for t in translation_tasks()) == ["board", "comment", "note", "user"]
    run_worker()
    assert sorted(ContentTranslation.objects.values_list("text", flat=True)) == [
        "Loves hotpot", "Pretty", "Title", "Weekend plans"
    ]  # fmt: skip


def test_visible_content_jumps_the_queue(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATION_PRETRANSLATE = False
    libre.add("zh", "en", {"第一篇": "First", "第二篇": "Second"})
    first = post_note(other_user, title="第一篇", lang="zh")
    second = post_note(other_user, title="第二篇", lang="zh")
    tasks.pretranslate.enqueue("note", first.pk)
    services.request_translation(second, "en", user)
    run_worker(max_tasks=1)
    assert libre.asked == ["第二篇"]
    run_worker()
    assert libre.asked == ["第二篇", "第一篇"]


def test_an_engine_failure_ends_the_wait_with_unavailable(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATION_PRETRANSLATE = False
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    libre.status = 500
    services.request_translation(note, "en", user)
    run_worker()
    status = services.translation_status(note, "en")
    assert isinstance(status, services.Unavailable) and "500" in status.detail
    assert translation_tasks().get().status == "FAILED"
    assert "500" in tasks.worker_state()["last_error"]
    # "Try again" queues a new task once the engine is back.
    libre.status = 200
    libre.add("zh", "en", {"周末的咖啡店": "The café at the weekend"})
    assert isinstance(services.request_translation(note, "en", user), services.Pending)
    run_worker()
    assert services.translation_status(note, "en").status == "done"


def test_a_note_deleted_before_the_worker_runs_is_skipped(libre, other_user, post_note):
    from qiao.notes import services as notes

    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    notes.delete_note(note, other_user)
    run_worker()
    assert libre.asked == [] and not ContentTranslation.objects.exists()


def test_the_worker_keeps_one_loaded_model(settings, small_model, other_user, post_note):
    from qiao.translation.engines import get_engine, llamacpp

    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = str(small_model)
    settings.QIAO_TRANSLATION_TIMEOUT = 300
    post_note(other_user, title="好看", lang="zh")
    post_note(other_user, title="求链接", lang="zh")
    run_worker()
    engine = get_engine()
    assert llamacpp.is_loaded(engine.model_path, engine.n_ctx, engine.n_threads)
    assert ContentTranslation.objects.filter(engine="llamacpp").count() == 2
