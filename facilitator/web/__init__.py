"""The room display: ``/chair`` and ``/room`` pages pushed live from the journal (no Textual)."""
