"""Saving and loading the simulation (the save half of DESIGN section 6).

* :mod:`agents.persistence.save_slots` - the API: save, load, list, fork and delete save slots;
* :mod:`agents.persistence.save_format` - the file format: magic line, JSON header, pickle body;
* :mod:`agents.persistence.restricted_unpickler` - which classes a save may contain (nothing else runs);
* :mod:`agents.persistence.pickle_opcodes` - the opcode check before unpickling (no allocation from a
  number in the file, memory bounded by the body's size);
* :mod:`agents.persistence.state_check` - a loaded town's structure, checked before it is handed on;
* :mod:`agents.persistence.array_codec`, :mod:`~agents.persistence.rng_state`,
  :mod:`~agents.persistence.stream_state`, :mod:`~agents.persistence.world_state` - what arrays,
  random generators, memory streams and the world are saved as (plain data, rebuilt by our code);
* :mod:`agents.persistence.errors` - ``SaveSlotError``, the one error all of it raises.
"""
