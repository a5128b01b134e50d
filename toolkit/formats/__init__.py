"""Output formats: a document's context to bytes, one module per format."""
