"""Pure text ⇄ model conversions, one module per format; no file access (that is ``store``)."""
