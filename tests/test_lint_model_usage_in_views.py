"""The lint that keeps raw model reads out of views finds them, lets scoped reads through, and honours its allowlist."""

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lint_model_usage_in_views.py"
spec = importlib.util.spec_from_file_location("lint_model_usage_in_views", SCRIPT)
lint = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = lint
spec.loader.exec_module(lint)

OFFENDING_VIEW = """
    from django.shortcuts import get_object_or_404, render

    from withus.people.models import Person
    from withus.governance.models import Meeting


    def person_detail(request, person_id):
        person = Person.objects.get(pk=person_id)
        others = Person.objects.filter(organisation_id=person.organisation_id)
        everyone = Person.objects.all()
        meeting = get_object_or_404(Meeting, pk=request.GET["meeting"])
        manager = Person._default_manager
        raw = Person.objects
        return render(request, "people/person_detail.jinja", {"person": person})
"""

SCOPED_VIEW = """
    from django.shortcuts import get_object_or_404

    from withus.people.models import Person


    def person_detail(request, person_id, committee):
        person = get_object_or_404(Person.objects.visible_to(request.user).select_related("user"), pk=person_id)
        same_trust = Person.objects.for_organisation(request.user.organisation_id).filter(kind="carer").count()
        meeting = get_object_or_404(committee.meetings, pk=request.GET["meeting"])
        visible = Person.objects.visible_to(request.user)
        chosen = get_object_or_404(visible, pk=person_id)
        team = person.units.all()
        return person, same_trust, meeting, chosen, team
"""


def _codes(source: str, allowed=None) -> list[tuple[int, str]]:
    problems = lint.check_source(textwrap.dedent(source), "withus/people/views.py", allowed)
    return [(problem.line, problem.code) for problem in problems]


def _run(*paths) -> subprocess.CompletedProcess:
    """The command as `make lint` runs it: our own script, on paths this test chose."""
    command = [sys.executable, str(SCRIPT), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own script


def test_a_sample_offending_view_is_flagged_on_every_raw_read():
    assert _codes(OFFENDING_VIEW) == [
        (9, "MUV001"),  # Person.objects.get
        (10, "MUV001"),  # Person.objects.filter
        (11, "MUV001"),  # Person.objects.all
        (12, "MUV003"),  # get_object_or_404(Meeting, ...)
        (13, "MUV002"),  # Person._default_manager
        (14, "MUV002"),  # Person.objects, bare
    ]


def test_scoped_querysets_relations_and_querysets_held_in_variables_pass():
    assert _codes(SCOPED_VIEW) == []


def test_a_through_model_and_the_user_manager_are_reads_too():
    source = """
        from withus.accounts.models import User
        from withus.opportunities.models import Opportunity

        def view(request):
            Opportunity.interests.through.objects.filter(interest_id=1)
            User.objects.get_by_natural_key("amara@demo.withus.local")
    """
    assert _codes(source) == [(6, "MUV001"), (7, "MUV001")]


def test_the_allowlist_lets_through_only_its_own_model_in_its_own_module():
    allowed = {("withus/people/views.py", "Person"): "a reason"}
    codes = _codes(OFFENDING_VIEW, allowed)
    assert codes == [(12, "MUV003")]  # Meeting is not allowed, Person is
    elsewhere = lint.check_source(textwrap.dedent(OFFENDING_VIEW), "withus/learning/views.py", allowed)
    assert len(elsewhere) == 6


def test_every_allowlist_entry_gives_a_reason():
    assert all(reason.strip() for reason in lint.ALLOWED.values())


def test_only_view_modules_are_checked(tmp_path):
    (tmp_path / "app" / "views").mkdir(parents=True)
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "views" / "pages.py").write_text(textwrap.dedent(OFFENDING_VIEW))
    (tmp_path / "app" / "views.py").write_text(textwrap.dedent(SCOPED_VIEW))
    (tmp_path / "app" / "services.py").write_text(textwrap.dedent(OFFENDING_VIEW))
    (tmp_path / "app" / "tests" / "views.py").write_text(textwrap.dedent(OFFENDING_VIEW))
    result = _run(tmp_path)
    assert result.returncode == 1
    flagged = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert flagged == {str(tmp_path / "app" / "views" / "pages.py")}
    assert "6 raw model read(s) in 2 view and presenter modules" in result.stderr


def test_presenters_may_not_query_at_all(tmp_path):
    source = """
        from withus.governance.models import Seat

        def seat_rows(organisation_id, committee):
            seats = Seat.objects.for_organisation(organisation_id)
            manager = Seat._default_manager
            return [seat.title for seat in committee.seats.all()]
    """
    problems = lint.check_source(textwrap.dedent(source), "withus/governance/presenters.py", presenter=True)
    assert [(problem.line, problem.code) for problem in problems] == [(5, "MUV004"), (6, "MUV004")]
    (tmp_path / "app" / "presenters").mkdir(parents=True)
    (tmp_path / "app" / "presenters" / "tags.py").write_text(textwrap.dedent(source))
    result = _run(tmp_path)
    assert result.returncode == 1
    assert "MUV004" in result.stdout


def test_it_fails_when_given_nothing_to_check(tmp_path):
    assert _run(tmp_path).returncode == 2
    assert _run(tmp_path / "missing").returncode == 2


def test_the_project_views_pass():
    result = _run(SCRIPT.parent.parent / "withus")
    assert result.returncode == 0, result.stdout
