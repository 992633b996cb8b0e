"""Drawing: the map in pre-rendered chunks, residents' sprites with walk animation, name labels,
bubbles, and the camera that maps world pixels to the screen."""
