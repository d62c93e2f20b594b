from qiao.search import highlight
from qiao.search.text import MARK_CLOSE, MARK_OPEN, SEP


def test_render_marked_escapes_user_text_and_marks_matches():
    raw = f"<script>alert(1)</script>{SEP} {SEP}{MARK_OPEN}火锅{MARK_CLOSE}{SEP}{MARK_OPEN}店{MARK_CLOSE} & co"
    html = highlight.render_marked(raw)
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>火锅店</mark> &amp; co"


def test_render_marked_never_emits_unbalanced_marks():
    assert highlight.render_marked(f"{MARK_OPEN}a <b>") == "a &lt;b&gt;"


def test_highlight_words_escapes_then_marks_case_insensitively():
    html = highlight.highlight_words("Best <b>HOTPOT</b> in town, hotpot!", ["hotpot"], 200)
    assert html == "Best &lt;b&gt;<mark>HOTPOT</mark>&lt;/b&gt; in town, <mark>hotpot</mark>!"


def test_highlight_words_centres_on_the_first_match_in_long_text():
    text = "filler " * 60 + "the hotpot was great " + "more " * 40
    html = highlight.highlight_words(text, ["hotpot"], 80)
    assert html.startswith("…") and "<mark>hotpot</mark>" in html and html.endswith("…")


def test_plain_excerpt_is_escaped_and_cut():
    assert highlight.plain("a <i>b</i> " + "word " * 100, 20).startswith("a &lt;i&gt;b&lt;/i&gt;")
    assert highlight.plain("x" * 50, 10) == "x" * 10 + "…"
