"""Domain errors shared by the operations and the engine; views turn them into messages."""


class ConflictError(Exception):
    """Someone else changed the record after this form was loaded."""


class RuleError(Exception):
    """A domain rule refuses the change; ``field`` names the form field it concerns."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class Refused(Exception):
    """A workflow step is not possible now; ``reasons`` says every reason why."""

    def __init__(self, reasons):
        super().__init__("; ".join(reason.en for reason in reasons))
        self.reasons = tuple(reasons)


class Invalid(RuleError):
    """Every problem with the input, as (form field, message); nothing has been changed."""

    def __init__(self, problems: list[tuple[str, object]]):
        super().__init__(problems[0][1], problems[0][0])
        self.problems = problems
