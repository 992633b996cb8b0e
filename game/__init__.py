"""The pygame-ce front end: window, scenes, map and sprite rendering, camera, UI panels, input.

Depends on ``agents/`` (the headless simulation); ``agents/`` never imports this package.
"""
