"""On-screen widgets drawn over the game (pygame_gui), such as the clock control panel."""
