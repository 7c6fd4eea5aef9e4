"""diplograph: official documents on international information security in, a linked-data graph out."""

__version__ = "0.1.0"
