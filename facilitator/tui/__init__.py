"""The operator console (Textual): renders the meeting state, sends commands to the session."""
