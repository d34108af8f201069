"""Named permissions of the API app. Administrators make and revoke their trust's API tokens; the API itself
is reached with a token, never with a signed-in session."""

import rules

from withus.accounts.rules import is_administrator

rules.add_perm("api.manage_tokens", is_administrator)
