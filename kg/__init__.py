"""kg: knowledge graphs from Chinese county people's congress work reports."""

__version__ = "0.1.0"
