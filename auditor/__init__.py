"""auditor: find and fix the artifacts of machine translation in English news."""

__version__ = "0.1.0"
