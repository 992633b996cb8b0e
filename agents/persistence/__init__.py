"""Saving and loading the simulation (the save half of DESIGN section 6).

* :mod:`agents.persistence.save_slots` - the API: save, load, list, fork and delete save slots;
* :mod:`agents.persistence.save_format` - the file format: magic line, JSON header, pickle body;
* :mod:`agents.persistence.restricted_unpickler` - which classes a save may contain (nothing else runs);
* :mod:`agents.persistence.state_fingerprint` - a hash of the state's values, to check a round trip;
* :mod:`agents.persistence.errors` - ``SaveSlotError``, the one error all of it raises.
"""
