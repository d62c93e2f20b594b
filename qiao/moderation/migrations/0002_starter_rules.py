"""A small starter set of rules, so a new site screens the worst at once.

Moderators edit or switch these off on the rules page. Written for Qiao;
the baseline classifier's lexicon (qiao.moderation.lexicon) covers the rest.
"""

from django.db import migrations

STARTER_RULES = [
    # (type, pattern, outcome, lang, note)
    (
        "keyword",
        "草泥马",
        "hold",
        "zh",
        "Common profanity; also catches homophones such as 艹尼玛.",
    ),
    ("keyword", "操你妈", "hold", "zh", "Profanity aimed at someone."),
    ("pinyin", "sha bi", "hold", "zh", "傻逼 spelled in pinyin or with homophones (煞笔, 沙比)."),
    ("keyword", "死全家", "hold", "zh", "Wishing death on someone's family."),
    ("keyword", "代开发票", "reject", "zh", "Invoice-fraud spam."),
    ("keyword", "kill yourself", "hold", "en", "Incitement to self-harm."),
    ("keyword", "kys", "hold", "en", "Incitement to self-harm (abbreviated)."),
    (
        "regex",
        r"(?:加|\+)\s*(?:微信|vx|v信|薇信|wx)\s*[:：]?\s*[a-z0-9_-]{5,}",
        "hold",
        "",
        "Moving people to WeChat with an ID: typical spam.",
    ),
]


def add_rules(apps, schema_editor):
    Rule = apps.get_model("moderation", "Rule")
    for type_, pattern, outcome, lang, note in STARTER_RULES:
        Rule.objects.get_or_create(
            type=type_, pattern=pattern, lang=lang, defaults={"outcome": outcome, "note": note}
        )


def remove_rules(apps, schema_editor):
    Rule = apps.get_model("moderation", "Rule")
    for type_, pattern, _outcome, lang, _note in STARTER_RULES:
        Rule.objects.filter(
            type=type_, pattern=pattern, lang=lang, created_by__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
