"""The reader's widgets; each posts messages and holds no parsing or search logic."""
