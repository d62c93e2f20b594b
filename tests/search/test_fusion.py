import pytest

from qiao.search.fusion import reciprocal_rank_fusion


def test_an_item_found_by_two_lists_beats_one_found_first_by_one():
    fused = reciprocal_rank_fusion({"keyword": [1, 2, 3], "semantic": [4, 2]})
    assert [item for item, _, _ in fused] == [2, 1, 4, 3]
    scores = {item: score for item, score, _ in fused}
    assert scores[2] == pytest.approx(1 / 62 + 1 / 62)
    assert scores[1] == pytest.approx(1 / 61)
    assert {item: sources for item, _, sources in fused}[2] == {"keyword", "semantic"}


def test_ties_keep_first_appearance_and_duplicates_count_once():
    fused = reciprocal_rank_fusion({"a": [7, 7, 8], "b": [9]})
    assert [item for item, _, _ in fused] == [7, 9, 8]
    assert fused[0][1] == pytest.approx(1 / 61)


def test_empty_lists():
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"a": []}) == []
