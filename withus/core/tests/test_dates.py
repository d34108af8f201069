import datetime

import pytest

from withus.core.dates import add_months, month_end, month_start, months_between

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 12, 5), 1, D(2027, 1, 5)),
        (D(2026, 1, 5), -1, D(2025, 12, 5)),
        (D(2026, 5, 31), 24, D(2028, 5, 31)),
        (D(2026, 5, 31), -13, D(2025, 4, 30)),
        (D(2026, 5, 9), 0, D(2026, 5, 9)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_month_start_and_end():
    assert month_start(D(2026, 2, 17)) == D(2026, 2, 1)
    assert month_end(D(2026, 2, 17)) == D(2026, 2, 28)
    assert month_end(D(2028, 2, 1)) == D(2028, 2, 29)
    assert month_end(D(2026, 12, 31)) == D(2026, 12, 31)


def test_months_between_lists_each_first_day():
    assert months_between(D(2025, 11, 30), D(2026, 2, 1)) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert months_between(D(2026, 3, 5), D(2026, 3, 6)) == [D(2026, 3, 1)]
    assert months_between(D(2026, 3, 5), D(2026, 2, 6)) == []
