"""The operator console (Textual): renders the meeting state, sends commands to the session.

Importing the terminal UI first freezes every object alive so far (``gc.freeze``). By then the
process holds its long-lived heap: pydantic, the agenda and its validators, the engine. Textual's
own import then allocates enough to start a full collection that walked all of it and found
nothing to free (about 25 ms of the console's ~0.4 s start-up, and again in every later full
pass during the meeting). Frozen objects are skipped by the cyclic collector; reference
counting frees them as usual, and only a reference cycle among them that became garbage would
be kept, by objects that live as long as the process anyway.
"""

import gc

gc.freeze()
