"""Machine translation for Qiao: engines, prompts and the local model cache."""
