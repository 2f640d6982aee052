"""The error type services raise when they refuse an action.

Its message is written for the person who asked: views show it as it is.
"""


class DomainError(Exception):
    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
