"""facilitator: run a formal meeting from its chair's script (主持词)."""

__version__ = "0.1.0"
