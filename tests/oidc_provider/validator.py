"""The provider's claims, and the faults a test can ask it to make.

A test writes a JSON object to OIDC_PROVIDER_MODE_FILE; the next ID tokens follow it:
`aud` (another audience), `nonce` (another nonce), `expired` (an expiry an hour ago),
`rogue_key` (signed by a key that is not in the provider's JWKS, under the same key id).
"""

import json
import os
import time
from pathlib import Path

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

ROGUE_KEY = jwk.JWK.generate(kty="RSA", size=2048)


def mode():
    path = Path(os.environ["OIDC_PROVIDER_MODE_FILE"])
    return json.loads(path.read_text()) if path.exists() else {}


class TestValidator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            # Accounts named unverified-… have an email address the provider has not checked.
            "email_verified": not user.username.startswith("unverified"),
            "name": f"{user.first_name} {user.last_name}".strip(),
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.username,
        }

    def finalize_id_token(self, id_token, token, token_handler, request):
        faults = mode()
        for claim in ("aud", "nonce"):
            if claim in faults:
                id_token[claim] = faults[claim]
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if not (faults.get("expired") or faults.get("rogue_key")):
            return signed
        original = jwt.JWT(jwt=signed, key=request.client.jwk_key)
        header = json.loads(original.header)
        claims = json.loads(original.claims)
        if faults.get("expired"):
            claims["iat"] = int(time.time()) - 7200
            claims["exp"] = int(time.time()) - 3600
        forged = jwt.JWT(header=header, claims=claims)
        forged.make_signed_token(ROGUE_KEY if faults.get("rogue_key") else request.client.jwk_key)
        return forged.serialize()
