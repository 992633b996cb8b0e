"""``smallville-sim``: the headless tool (world info, import of the original town; later runs)."""
