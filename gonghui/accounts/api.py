"""API for accounts: a user's own API tokens, and a district admin's view of anyone's.

Tokens are made on the token page (a session login, so the lockout and password rules
apply to getting one); here they are listed and revoked.
"""

import datetime

from ninja import Router, Schema

from . import queries, services
from .models import ApiToken

router = Router(tags=["账号"])


class TokenOut(Schema):
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revoked_reason: str
    state: str
    usable: bool

    @staticmethod
    def resolve_state(obj: ApiToken) -> str:
        return obj.state


@router.get("/account/tokens", response=list[TokenOut])
def my_tokens(request):
    return list(queries.tokens_of(owner=request.user))


@router.post("/account/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request, token_id: int):
    """The owner ends a token (also the one this request carries); an admin, anyone's."""
    return services.token_revoke(actor=request.user, token_id=token_id)


@router.get("/users/{user_id}/tokens", response=list[TokenOut])
def user_tokens(request, user_id: int):
    _target, tokens = queries.user_tokens(user=request.user, pk=user_id)
    return list(tokens)
