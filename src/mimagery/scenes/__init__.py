"""Scenes: a short picture that ties a keyword's things to a term's meaning.

- ``keyidea``: the key idea of a definition, as a phrase a scene can use;
- ``concepts``: the hand-written concept table and the relation a definition names;
- ``actors``: a keyword's words as things;
- ``composer``: the offline scene, and ``write_scene``, which asks the optional
  language model first;
- ``llm``: the optional OpenAI-compatible language model (scenes call it, never back).
"""

from __future__ import annotations

from mimagery.scenes.composer import caption, compose, staging, thing, validate, write_scene
from mimagery.scenes.keyidea import key_idea

__all__ = ["caption", "compose", "key_idea", "staging", "thing", "validate", "write_scene"]
