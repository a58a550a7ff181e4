"""Errors the composition root reports to the user as a single line."""


class CommandError(RuntimeError):
    """A user-facing failure of a command; printed as one line, exit status 1."""


def first_line(failure: BaseException) -> str:
    """The first line of a failure's message, preferring the driver's own over SQLAlchemy's wrapping.

    SQLAlchemy wraps driver errors in a multi-line message with the statement
    and a help link; a person needs the driver's first line. An exception
    without a message is named by its class.
    """
    reason = getattr(failure, "orig", None) or failure
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(failure).__name__
