"""Sign-in backend: allauth's, without Django's database permissions (WithUs uses `rules` only)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.db.models import Prefetch

from withus.accounts.models import RoleAssignment, User


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        # One query for the user, their trust and their roles (with units), reused by every check in the request.
        user = (
            User.objects.select_related("organisation")
            .prefetch_related(Prefetch("roles", queryset=RoleAssignment.objects.select_related("unit")))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False
