"""HTTP to a SPARQL store: a timeout on every request, bounded retries, credentials from the environment.

Credentials come from DIPLOGRAPH_STORE_USER and DIPLOGRAPH_STORE_PASSWORD, never from the command line (where
they would show in the process list and shell history). They are sent only when the server asks: the first 401
says which scheme it wants (Basic or Digest, as in Virtuoso's /sparql-auth), and that scheme is kept for the
following requests.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from .report import StoreError
from .retry import GaveUp, RetryPolicy, Transient, with_retries

USER_VARIABLE = "DIPLOGRAPH_STORE_USER"
PASSWORD_VARIABLE = "DIPLOGRAPH_STORE_PASSWORD"
# 5xx answers that say the server cannot do this at all, rather than not now: returned, not retried.
NOT_TRANSIENT = (501, 505)


def credentials_from_environment() -> tuple[str, str] | None:
    user = os.environ.get(USER_VARIABLE)
    if not user:
        return None
    return user, os.environ.get(PASSWORD_VARIABLE, "")


def _short(text: str, limit: int = 300) -> str:
    """The gist of an error page: its text without markup, on one line."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class HttpClient:
    def __init__(
        self,
        policy: RetryPolicy | None = None,
        credentials: tuple[str, str] | None = None,
        on_retry: Callable[[int, str, float], None] | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.credentials = credentials
        self.on_retry = on_retry
        self.auth: AuthBase | None = None
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def _choose_auth(self, response: requests.Response, url: str) -> AuthBase:
        if self.credentials is None:
            raise StoreError(
                "the server asks for credentials", path=url,
                hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment",
            )
        challenge = response.headers.get("WWW-Authenticate", "")
        user, password = self.credentials
        if challenge.lower().startswith("digest"):
            return HTTPDigestAuth(user, password)
        return HTTPBasicAuth(user, password)

    def _once(self, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        try:
            response = self.session.request(method, url, auth=self.auth, timeout=self.policy.timeout, **kwargs)
            if response.status_code == 401 and self.auth is None:
                self.auth = self._choose_auth(response, url)
                response = self.session.request(method, url, auth=self.auth, timeout=self.policy.timeout, **kwargs)
        except requests.Timeout:
            raise Transient(f"no answer within {self.policy.timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise Transient(f"cannot connect ({_connection_reason(exc)})") from None
        if response.status_code >= 500 and response.status_code not in NOT_TRANSIENT:
            raise Transient(f"HTTP {response.status_code} {response.reason}: {_short(response.text)}")
        return response

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request, retried on network faults and 5xx answers (but 501, 505); others go back to the caller."""
        try:
            return with_retries(lambda: self._once(method, url, kwargs), self.policy, on_retry=self.on_retry)
        except GaveUp as exc:
            raise StoreError(
                f"{method} failed after {exc.attempts} attempt(s): {exc.last}", path=url,
                hint="is the store running and reachable?",
            ) from None


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for reason in ("Connection refused", "Name or service not known", "Connection reset by peer",
                   "Remote end closed connection", "No route to host"):
        if reason in text:
            return reason.lower()
    return _short(text, 160)


def refused(response: requests.Response, what: str) -> StoreError:
    """A 4xx answer as an error that says what to do about it."""
    hints = {
        401: f"the credentials in {USER_VARIABLE} / {PASSWORD_VARIABLE} were not accepted",
        403: "the user may not write here (Virtuoso: GRANT SPARQL_UPDATE TO the user)",
        404: "check the URL",
        413: "the server refuses a request this large; raise its request size limit",
    }
    return StoreError(
        f"{what} refused: HTTP {response.status_code} {response.reason}: {_short(response.text)}",
        path=response.url, hint=hints.get(response.status_code),
    )
