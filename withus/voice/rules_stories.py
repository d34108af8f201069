"""Named permissions for stories (issue 19). Which stories a person reaches is `selectors_stories.stories_visible_to`.

The participation team (People Participation leads for the story's unit, and administrators) moderates; staff of
the story's unit (and its leads) respond; the teller always reaches their own stories; everyone else sees a story
only once it is published, and only under a live consent for a use that covers the page.
"""

import rules

from withus.accounts.models import Role
from withus.accounts.rules import (
    in_unit_scope,
    is_administrator,
    is_improvement_advisor,
    is_participation_lead,
    is_signed_in,
    is_signed_in_not_board,
    is_staff_member,
    is_staff_side,
)


@rules.predicate
def leads_the_unit(user, story) -> bool:
    return story is not None and in_unit_scope(user, story.unit, Role.PARTICIPATION_LEAD)


@rules.predicate
def works_in_the_unit(user, story) -> bool:
    return story is not None and in_unit_scope(user, story.unit, Role.STAFF, Role.PARTICIPATION_LEAD)


@rules.predicate
def is_the_teller(user, story) -> bool:
    return story is not None and story.teller.user_id is not None and story.teller.user_id == user.pk


moderates = is_participation_lead | is_administrator
records_on_behalf = is_staff_member | is_participation_lead | is_administrator

rules.add_perm("voice.tell_story", is_signed_in)
rules.add_perm("voice.record_story_on_behalf", records_on_behalf)
rules.add_perm("voice.view_stories", is_signed_in_not_board)
rules.add_perm("voice.view_own_stories", is_signed_in)
rules.add_perm("voice.moderate_stories", moderates)
# Object permissions, asked with the story after it has been found among those the user may see.
rules.add_perm("voice.moderate_story", is_administrator | (is_participation_lead & leads_the_unit))
rules.add_perm("voice.respond_to_story", (is_staff_member | is_participation_lead) & works_in_the_unit)
rules.add_perm("voice.change_own_story", is_the_teller)
rules.add_perm(
    "voice.withdraw_story_consent", is_the_teller | is_administrator | (is_participation_lead & leads_the_unit)
)
rules.add_perm("voice.record_story_use", is_staff_side)
rules.add_perm("voice.export_stories", is_staff_side)
rules.add_perm("voice.change_story_settings", is_administrator)
rules.add_perm("voice.view_story_response_times", is_participation_lead | is_improvement_advisor | is_administrator)
