"""The build's own error."""


class BuildError(RuntimeError):
    """The build could not finish; the message names the notebook (and cell) or file at fault."""
