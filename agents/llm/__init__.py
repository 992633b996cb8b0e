"""Language-model access: every mind in the town thinks through this package.

* :mod:`agents.llm.protocol` - the ``LanguageModel`` and ``Embedder`` protocols and their value types;
* :mod:`agents.llm.openai_model` - any OpenAI-compatible endpoint via the ``openai`` package;
* :mod:`agents.llm.offline_model` - the built-in, deterministic, rule-based model (rules in ``offline/``);
* wrappers, each one file: ``retrying`` (backoff, Retry-After, deadline), ``circuit_breaker``
  ("model unreachable"), ``budget`` (cost cap), ``usage_meter`` (tokens and cost by agent and spec),
  ``response_cache`` (SQLite);
* embedders: ``local_embedder`` (wordllama, offline), ``endpoint_embedder``, ``embedding_cache``;
* ``provider`` (settings -> environment -> detected local server -> offline), ``settings`` (TOML),
  ``api_key`` (masked secret);
* :mod:`agents.llm.stack` - composes all of it from the settings.

Prompt specs and the runner that uses a model live in :mod:`agents.prompts`.
"""
