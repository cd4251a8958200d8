"""Knowledge graphs of UN human-rights texts: citations, mechanisms, actors and mandates."""

__version__ = "0.1.0"
