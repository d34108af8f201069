"""The ideas a QI project began as, for the project's page (issue 20: linked both ways). Only ideas the person
looking may open are listed, so a participant on the team sees theirs and nobody sees another's private idea."""

from django.urls import reverse

from withus.voice.models.ideas import Idea


def ideas_behind(project, user) -> list[tuple[str, str]]:
    ideas = Idea.objects.for_organisation(project.organisation_id).visible_to(user).filter(project=project)
    page = "ideas:detail" if user.has_perm("ideas.view_ideas") else "ideas:raised"  # staff's page, or the teller's
    return [
        (f"An idea: {title}", reverse(page, args=[pk]))
        for pk, title in ideas.order_by("created_at").values_list("pk", "title")[:5]
    ]
