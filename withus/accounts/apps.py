from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "withus.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from withus.accounts import selectors
        from withus.core.todo import todo_register

        todo_register("accounts", selectors.todo)
        # Changes to two-step verification happen inside allauth's views; its signals are how we audit them.
        from withus.accounts.two_step import connect_audit

        connect_audit()
        # Wrong sign-in codes (by e-mail or text message) are audited through allauth's signal too (ADR 34).
        from withus.accounts import sign_in_by_text

        sign_in_by_text.connect_audit()
