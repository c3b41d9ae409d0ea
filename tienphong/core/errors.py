class DomainError(Exception):
    """A rule of the domain was broken; `code` is stable, `message` is for people (translated)."""

    def __init__(self, code: str, message: str = "", **params):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.params = params

    def __str__(self):
        return str(self.message)
