"""The booking page lists a cohort's sessions one per line, never "<br>" as text."""

import re

from withus.learning.models import CourseCode


def test_the_sessions_of_a_cohort_are_separate_lines(participant, make_cohort):
    cohort = make_cohort(CourseCode.INTRO_QI, count=3)
    page = participant("Chen Li").client.get(f"/learning/cohorts/{cohort.pk}/book/").content.decode()
    assert "&lt;br&gt;" not in page
    when = re.search(r"summary-list__key\">\s*When\s*</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.DOTALL)
    assert when is not None
    assert when.group(1).count("<li>") == 3  # three sessions, three list items
