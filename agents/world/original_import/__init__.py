"""Importer of the original Generative Agents town (``the_ville``) from a user's copy of the
original repository, into a world folder in this project's format."""
