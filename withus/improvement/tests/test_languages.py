"""My QI projects in the participant's own language (issue 26): the role and status words too."""

from django.urls import reverse


def test_my_projects_in_urdu_and_polish(trust, participant, member_client):
    trust.organisation.languages_offered = ["ur", "pl"]
    trust.organisation.save()
    participant.language = "ur"
    participant.save()
    page = member_client.get(reverse("improvement:mine")).content.decode()
    assert '<html lang="ur" dir="rtl"' in page
    assert "<title>میرے QI منصوبے" in page
    assert "</bdi> سے ٹیم کے رکن۔" in page  # Team member since (the date kept left to right)
    assert "جاری" in page  # the status tag: active
    assert "Team member" not in page

    participant.language = "pl"
    participant.save()
    page = member_client.get(reverse("improvement:mine")).content.decode()
    assert "Członek zespołu od <bdi>" in page
    assert "Trwa" in page
    assert "Reducing racist incidents" in page  # what people typed stays as typed
