"""Memory records, the memory stream (embeddings in a numpy matrix) and retrieval scoring."""
