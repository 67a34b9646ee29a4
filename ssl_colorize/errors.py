"""The one exception type that means "the user asked for something we cannot do"."""


class UserError(Exception):
    """A mistake in the user's input: the CLI prints its message on one line and exits 2."""


def require(checks: list[tuple[bool, str]]) -> None:
    """Raise a UserError with the message of the first failed (condition, message) check."""
    for ok, message in checks:
        if not ok:
            raise UserError(message)
