from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "withus.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
