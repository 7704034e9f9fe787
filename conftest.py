"""Root pytest configuration, shared by the unit tests and strict nbval."""

import pathlib

import matplotlib

matplotlib.use("Agg")  # unit tests draw figures without a display


def pytest_configure(config):
    # nbval resolves the sanitizer file against the current directory; anchor it at the root so
    # `pytest` works from any folder.
    opt = getattr(config.option, "nbval_sanitize_with", None)
    if opt and not pathlib.Path(opt).is_absolute():
        config.option.nbval_sanitize_with = str(config.rootpath / opt)
