"""Einwilligungen: which persons agreed to what (passing on contact data, photos …) and until when."""
