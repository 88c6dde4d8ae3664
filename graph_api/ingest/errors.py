"""The error raised for input that cannot become an article."""


class RejectedInput(ValueError):
    """An input was refused; the message names the problem, ``origin`` names the input."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem
