"""The one error class for mistakes a user can cause, and its not-found kind."""


class MimageryError(Exception):
    """Bad input or a request that cannot be met.

    The command line prints it as a single ``error: …`` line and exits with
    status 2; the web app turns it into a 4xx answer. Anything else raised is
    a bug.
    """

    def __init__(self, message: str) -> None:
        # Keep every message on one line, whatever text it quotes.
        super().__init__(" ".join(message.split()))


class NotFound(MimageryError):
    """A deck, term, card or file that is not there (the web app answers 404)."""
