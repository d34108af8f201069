"""Authorisation matrix rows. Sign-in, sign-out and two-step verification (django-allauth and allauth.mfa)."""

from tests.authorisation.expect import Row, row

ROWS = {
    "account_change_password": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "account_confirm_login_code": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    "account_confirm_reauthentication_code": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    # allauth's name for the sign-in address page, which is ours now ("accounts/email/", in front of allauth's):
    # everyone confirms it is them first (issue 12 item 3).
    "account_email": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        post=row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    # Where the code sent to a new address is typed; with none on its way it sends people on (to sign in, or
    # to their sign-in address page).
    "account_email_verification_sent": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        public="issue 12 item 3: an address is confirmed with the code sent to it, also while signing in",
    ),
    "account_inactive": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2: signing in (the page an inactive account is shown)",
    ),
    "account_login": Row(
        get=row(200, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    "account_logout": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "account_reauthenticate": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "account_request_login_code": Row(
        get=row(200, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    # Confirming it is you with a code (ours in front of allauth's, "accounts/reauthenticate/code/").
    "account_request_reauthentication_code": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        post=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "account_reset_password": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    "account_reset_password_done": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    "account_reset_password_from_key": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    "account_reset_password_from_key_done": Row(
        get=row(200, 200, 200, 200, 200, 200, 200, 200),
        public="issue 2: signing in (password, code by e-mail, password reset)",
    ),
    "account_set_password": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_signup": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2: there is no sign-up; the address sends everyone to sign in",
    ),
    "accounts/email/": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        post=row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    # Signing in with a password or asking for a code (ours in front of allauth's): both start afresh rather than
    # return to a pending code for a mistyped address (issue 14 item 2).
    "accounts/login/": Row(
        get=row(200, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2 and issue 14 item 2: signing in, which starts afresh after a mistyped address",
    ),
    "accounts/login/code/": Row(
        get=row(200, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2 and issue 14 item 2: signing in, which starts afresh after a mistyped address",
    ),
    # Issue 17, ADR 34: a code by text message for participants who sign in with their mobile number; the code is
    # typed on the same page as a code by e-mail (ours in front of allauth's, which knows how the code was sent).
    "accounts:sign_in_by_text": Row(
        get=row(200, 302, 302, 302, 302, 302, 302, 302),
        post=row(200, 302, 302, 302, 302, 302, 302, 302),
        public="issue 17: participants without e-mail sign in with a code by text message",
    ),
    "accounts/login/code/confirm/": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        post=row(302, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2 and issue 17: typing the sign-in code sent by e-mail or text message",
    ),
    "accounts/reauthenticate/code/": Row(
        get=row(302, 200, 200, 200, 200, 200, 200, 200),
        post=row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts/signup/": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
        public="issue 2: there is no sign-up; the address sends everyone to sign in",
    ),
    "mfa_activate_totp": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_authenticate": Row(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_deactivate_totp": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "mfa_download_recovery_codes": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "mfa_generate_recovery_codes": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_index": Row(
        get=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "mfa_reauthenticate": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_view_recovery_codes": Row(
        get=row(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    # Sign in with Microsoft (issue 24): not configured in the matrix's settings, so not found for everyone.
    # withus/accounts/tests/test_sign_in_microsoft.py walks them against a mock provider.
    "accounts:microsoft_start": Row(
        get=row(404, 404, 404, 404, 404, 404, 404, 404),
        public="issue 24: staff sign in with the trust's Microsoft account",
    ),
    "accounts:microsoft_callback": Row(
        get=row(404, 404, 404, 404, 404, 404, 404, 404),
        public="issue 24: staff sign in with the trust's Microsoft account",
    ),
    "accounts:microsoft_invitation": Row(
        get=row(404, 404, 404, 404, 404, 404, 404, 404),
        public="issue 24: an administrator's invitation link to connect a Microsoft account",
    ),
    # Passkeys (issue 24 item 3, allauth's WebAuthn): staff-side accounts only (participants: not found, like the
    # rest of two-step verification). Adding, removing and renaming ask them to confirm it is them first (302).
    "mfa_list_webauthn": Row(
        get=row(302, 404, 200, 200, 200, 200, 200, 200),
    ),
    "mfa_add_webauthn": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
        post=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_remove_webauthn": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
        post=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_edit_webauthn": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
        post=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    # Confirming it is you with a passkey: those with none are sent to confirm another way.
    "mfa_reauthenticate_webauthn": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
        post=row(302, 404, 302, 302, 302, 302, 302, 302),
    ),
    # Signing in with a passkey: the page asks for the passkey's challenge by fetch; a plain visit, or a POST with
    # no passkey, is sent back to the sign-in page (signed-in people: home).
    "mfa_login_webauthn": Row(
        get=row(302, 404, 302, 302, 302, 302, 302, 302),
        post=row(302, 404, 302, 302, 302, 302, 302, 302),
        public="issue 24: staff sign in with a passkey",
    ),
}
