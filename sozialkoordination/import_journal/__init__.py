"""The journal both imports keep (partner lists, indicator tables), with undo per import."""
