"""The rules that turn counts into figures, a ranking and a verdict, checked with known numbers."""

from datetime import date

import pytest

from feedback.insights import MIN_PER_SIDE, Tally, Verdict, compare, ranking_score, two_proportion_z, weekly


def tally(*by_rating: int) -> Tally:
    """Opinions rated 1, 2, 3, 4, 5, in that order."""
    return Tally(sum(by_rating), sum(n * c for n, c in enumerate(by_rating, start=1)), list(by_rating))


def satisfied(count: int, of: int) -> Tally:
    """`of` opinions, `count` of them rated 5 and the others 1."""
    return tally(of - count, 0, 0, 0, count)


def test_a_tally_gives_its_average_and_its_share_of_four_and_five():
    t = tally(1, 0, 2, 3, 4)  # ten opinions
    assert (t.count, t.average, t.satisfied_share) == (10, 3.9, 0.7)
    assert t.shares()[0] == (5, 4, 0.4)
    assert Tally().average is None and Tally().satisfied_share is None


def test_the_score_of_an_article_with_no_opinion_is_the_site_mean():
    assert ranking_score(Tally(), site_mean=3.5) == 3.5


def test_three_perfect_opinions_move_the_score_only_a_little():
    # (20 × 3.5 + 15) / (20 + 3) = 85 / 23
    assert ranking_score(tally(0, 0, 0, 0, 3), 3.5) == pytest.approx(3.6957, abs=1e-4)
    assert ranking_score(tally(3, 0, 0, 0, 0), 3.5) == pytest.approx(73 / 23)


def test_many_good_opinions_rank_above_three_perfect_ones():
    many = tally(0, 0, 10, 40, 50)  # average 4.4 over 100
    few = tally(0, 0, 0, 0, 3)  # average 5 over 3
    assert ranking_score(many, 3.5) == pytest.approx((70 + 440) / 120)
    assert ranking_score(many, 3.5) > ranking_score(few, 3.5)


def test_the_z_statistic_matches_a_worked_example():
    # 50 of 100 then 65 of 100: pooled 0.575, standard error sqrt(0.575 × 0.425 × 0.02) = 0.06991
    assert two_proportion_z(50, 100, 65, 100) == pytest.approx(2.1456, abs=1e-3)
    assert two_proportion_z(50, 100, 60, 100) == pytest.approx(1.4213, abs=1e-3)
    assert two_proportion_z(100, 100, 40, 40) is None  # everyone satisfied on both sides


def test_a_significant_rise_is_better_and_a_fall_worse():
    assert compare(satisfied(50, 100), satisfied(65, 100)).verdict == Verdict.BETTER
    assert compare(satisfied(65, 100), satisfied(50, 100)).verdict == Verdict.WORSE
    found = compare(satisfied(50, 100), satisfied(65, 100))
    assert found.difference == pytest.approx(0.15) and found.z == pytest.approx(2.1456, abs=1e-3)


def test_a_difference_chance_can_explain_is_not_enough_to_conclude():
    assert compare(satisfied(50, 100), satisfied(60, 100)).verdict == Verdict.UNKNOWN


def test_too_few_opinions_on_either_side_is_not_enough_to_conclude():
    # 0 of 29 then 29 of 29 would be a huge z, but one side is under the minimum.
    assert compare(satisfied(0, MIN_PER_SIDE - 1), satisfied(MIN_PER_SIDE, MIN_PER_SIDE)).verdict == Verdict.UNKNOWN
    assert compare(satisfied(0, MIN_PER_SIDE), satisfied(MIN_PER_SIDE, MIN_PER_SIDE)).verdict == Verdict.BETTER


def test_the_trend_has_one_row_per_week_empty_weeks_included():
    today = date(2026, 11, 26)  # a Thursday
    weeks = weekly([(date(2026, 11, 24), tally(0, 0, 0, 1, 1)), (date(2026, 11, 23), tally(0, 0, 1, 0, 0))], today, 3)
    assert [start for start, _ in weeks] == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert [t.count for _, t in weeks] == [0, 0, 3]
    assert weeks[-1][1].average == 4.0
